"""What the store's commands share: the ``--database`` option, opening the store, reading input.

Every store command takes ``--database URL`` (default ``$MIGRATIONPACT_DATABASE_URL``, else
``sqlite:///./migrationpact.db``). A refused write, a conflict, bad input or a database that is
not migrated ends the command with one line on standard error and exit code 2, nothing written;
so does a refusal of a use case (``services.errors``: the policy's reason, a conflict).
The store and the domain are imported only when a store command runs, so the other commands
start as fast as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from migrationpact.cli.errors import InputError, reported

if TYPE_CHECKING:  # the store and the domain are imported when a store command runs
    from migrationpact.cases.events import AnyEvent
    from migrationpact.cases.state import DeadlineEntry
    from migrationpact.law.law import Law
    from migrationpact.store.eventstore import EventStore

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: $MIGRATIONPACT_DATABASE_URL, else sqlite:///./migrationpact.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def store_error_types() -> tuple[type[Exception], ...]:
    """The errors a store command reports as one line and exit code 2."""
    from migrationpact.cases.errors import TransitionError
    from migrationpact.cases.events import EventError
    from migrationpact.law.rulebook import RuleBookError
    from migrationpact.services.errors import ServiceError
    from migrationpact.store.errors import StoreError

    return (StoreError, ServiceError, EventError, TransitionError, RuleBookError)


@contextmanager
def store_errors() -> Iterator[None]:
    with reported(*store_error_types()):
        yield


def store_at(database: str | None) -> EventStore:
    """The migrated store at ``database`` (one error line if unreachable or not migrated)."""
    from migrationpact.store.service import open_store

    with store_errors():
        return open_store(database)


def parse_day(text: str | None, option: str) -> date:
    """A ``YYYY-MM-DD`` option value (today when absent)."""
    if text is None:
        from migrationpact.law.periods.moments import dutch_today

        return dutch_today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None


def read_event(text: str) -> AnyEvent:
    """An event from ``--event``: JSON text, or ``@FILE`` holding it."""
    source = "--event"
    if text.startswith("@"):
        path = Path(text[1:])
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source} is not JSON: {exc.msg} at column {exc.colno}") from None
    from migrationpact.cases.events import EventError, parse_event

    with reported(EventError):
        return parse_event(data)


def cites(entry: DeadlineEntry, law: Law) -> str:
    """The deadline's legal basis as one short text."""
    from migrationpact.cases.explain import summary

    return summary(entry, law).citations


def days_left(entry: DeadlineEntry, as_of: date) -> int:
    """Whole days from ``as_of`` to the due day (negative: overdue)."""
    due = entry.due
    return ((due.date() if isinstance(due, datetime) else due) - as_of).days


def plural(n: int, word: str) -> str:
    """``1 day``, ``2 days``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def due_text(entry: DeadlineEntry) -> str:
    due = entry.due
    return (
        due.strftime("%a %d %b %Y %H:%M") if hasattr(due, "hour") else due.strftime("%a %d %b %Y")
    )


def deadline_dict(entry: DeadlineEntry, as_of: date, law: Law) -> dict[str, Any]:
    """A deadline for JSON output: the entry explained, plus days left on ``as_of``."""
    from migrationpact.cases.explain import entry_document

    return {**entry_document(entry, law), "days_left": days_left(entry, as_of)}


def derivation_lines(entry: DeadlineEntry, law: Law, indent: str = "      ") -> list[str]:
    """The derivation's steps, each with the articles it rests on."""
    from migrationpact.cases.explain import explain

    lines = []
    derivation = explain(entry, law).to_dict()
    for number, step in enumerate(derivation.get("steps", []), start=1):
        basis = "; ".join(str(c.get("citation", "")) for c in step.get("legal_basis", []))
        lines.append(f"{indent}{number}. {step.get('text', '')}" + (f" [{basis}]" if basis else ""))
    return lines
