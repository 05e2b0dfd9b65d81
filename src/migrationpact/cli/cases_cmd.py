"""``migrationpact cases``: record events, look at cases, replay, export and import.

A case comes into existence with its first event (``cases create``); every later event is an
``append``. The state machine decides whether an event is allowed; a refused event, a conflict
(``--expect-seq`` not the case's seq) or a reused idempotency key prints one line and exits 2 with
nothing written. ``--expect-seq`` is optional on the command line (a person working alone); a
program should always give it. ``--actor`` defaults to the operating-system account; ``--org``
to ``$MIGRATIONPACT_ORGANISATION``, else ``IND``.

Every read of personal data (``show``, ``history``, ``replay``, and ``export`` in
``cases_transfer_cmd``) writes an access-log row naming the operating-system account
(``cli.operator.os_user``) and the ``--purpose``.

``create`` and ``append`` record through the same use cases as the API and the web pages
(``services.recording``) with the operator's principal (``cli.operator``): the access policy
decides what they may record, as it would for a caseworker of that organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.operator import operator, os_user
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import (
    DatabaseOption,
    JsonOption,
    days_left,
    deadline_dict,
    derivation_lines,
    due_text,
    parse_day,
    plural,
    read_event,
    store_at,
    store_errors,
)

if TYPE_CHECKING:
    from migrationpact.cases.state import CaseState
    from migrationpact.law.law import Law
    from migrationpact.store.records import AppendResult

app = typer.Typer(
    name="cases",
    help="Record case events and look at cases: state, deadlines, history, replay, export.",
    no_args_is_help=True,
)

EventOption = Annotated[
    str,
    typer.Option(
        "--event",
        help="The event as JSON, or @FILE holding the JSON (examples: docs/examples/events/).",
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option("--idempotency-key", help="A repeat with the same key returns the original."),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Who records it (default: your operating-system account)."),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org", help="For which organisation (default: $MIGRATIONPACT_ORGANISATION, else IND)."
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Day to count days left from (default: today).")
]


PurposeOption = Annotated[
    str,
    typer.Option("--purpose", help="Why you read this personal data (written to the access log)."),
]
CLI_PURPOSE = "case administration (command line)"


_FIELDS = {"case.read": ["state"], "case.replay": ["deadlines"]}


def log_case_read(
    store: Any, *, action: str, purpose: str, case_id: str, outcome: str = "granted"
) -> None:
    """Reads of personal data at the command line are logged like those through the API, under
    the operating-system account that ran the command."""
    from migrationpact.store.accesslog import log_operator_action

    log_operator_action(
        store.engine,
        operator=os_user(),
        action=action,
        resource=f"case:{case_id}",
        purpose=purpose[:200],
        case_id=case_id,
        fields=_FIELDS.get(action, ["events"]),
        outcome=outcome,
    )


@contextmanager
def read_logged(store: Any, *, action: str, purpose: str, case_id: str) -> Iterator[None]:
    """Log the read done inside: granted, or ``not-found`` for an id no case has (an attempt to
    learn which cases exist is a read too)."""
    from migrationpact.store.errors import CaseNotFoundError

    try:
        yield
    except CaseNotFoundError:
        log_case_read(store, action=action, purpose=purpose, case_id=case_id, outcome="not-found")
        raise
    log_case_read(store, action=action, purpose=purpose, case_id=case_id)


def _log_actor(store: Any, *, actor: str | None, case_id: str | None) -> None:
    """An explicit ``--actor`` records events under another name than the account running the
    command: the account and the name it used are logged."""
    from migrationpact.store.accesslog import log_operator_action

    if actor is None or actor == os_user():
        return
    log_operator_action(
        store.engine,
        operator=os_user(),
        action="cases.record-as",
        resource=f"actor:{actor}"[:200],
        purpose="recording events under the name given with --actor",
        case_id=case_id,
        fields=["actor"],
    )


def configured_future_skew() -> timedelta:
    """How far ahead of the clock an event may be dated (``MIGRATIONPACT_FUTURE_SKEW_MINUTES``)."""
    from migrationpact.services.settings import ServiceSettings

    with reported(ValueError):
        return ServiceSettings.from_env().future_skew


def _recorded(
    result: AppendResult, state: CaseState, as_of: date, law: Law
) -> tuple[dict[str, Any], str]:
    data = {
        **result.to_dict(),
        "stage": state.stage,
        "open_deadlines": [deadline_dict(d, as_of, law) for d in state.open_deadlines()],
    }
    head = (
        f"Already recorded (idempotency key {result.idempotency_key}): "
        if result.repeated
        else "Recorded: "
    )
    lines = [
        head + f"case {result.case_id} seq {result.seq} {result.type} (hash {result.hash[:12]}…)",
        f"Stage now: {state.stage}; case at seq {state.seq}",
    ]
    lines += _deadline_lines(state, as_of, law, derivation=False)
    return data, "\n".join(lines)


def _deadline_lines(state: CaseState, as_of: date, law: Law, *, derivation: bool) -> list[str]:
    running = state.open_deadlines()
    if not running:
        return ["No open deadlines."]
    from migrationpact.cases.explain import summary

    lines = [f"Open deadlines ({len(running)}), days left counted from {as_of.isoformat()}:"]
    for d in sorted(running, key=lambda e: e.ends_at):
        about = summary(d, law)
        left = days_left(d, as_of)
        when = f"{plural(left, 'day')} left" if left >= 0 else f"OVERDUE by {plural(-left, 'day')}"
        marks = [
            m
            for m in (
                "UNVERIFIED" if not about.verified else "",
                d.status.upper() if d.status != "open" else "",
            )
            if m
        ]
        lines.append(
            f"  {d.key}: {about.title} — {d.organisation}, due {due_text(d)} ({when})"
            + (f" {' '.join(marks)}" if marks else "")
        )
        version = d.rule_set_version.removeprefix("sha256:")[:12]
        lines.append(
            f"    rule {d.rule_id} [{about.citations}]; rule set {version}, "
            f"law date {d.law_date.isoformat()}"
        )
        if about.consequence:
            lines.append(f"    if missed: {about.consequence}")
        if derivation:
            lines += derivation_lines(d, law)
    return lines


#: Where the example events are: a folder a case, a file an event, in the order recorded.
EXAMPLES = "docs/examples/events/ in the source tree (a folder a case, a file an event, in order)"


def _types_help(lead: str, types: Iterable[str]) -> str:
    """A command's help: what it does, the event types it takes (from the event catalogue)
    and where the examples are."""
    return f"{lead}\n\nEvent types: {', '.join(types)}.\n\nExamples: {EXAMPLES}."


def _create_help() -> str:
    from migrationpact.cases.events import CATALOGUE

    lead = "Open a case with its first event."
    return _types_help(lead, CATALOGUE.first_events)


def _append_help() -> str:
    from migrationpact.cases.events import CATALOGUE

    lead = "Record one event on a case; refused steps and conflicts write nothing."
    system = CATALOGUE.system_only
    return _types_help(lead, [t for t in CATALOGUE.types if t not in system])


@app.command("create", help=_create_help())
def create(
    event: EventOption,
    case_id: Annotated[
        str | None, typer.Option("--case-id", help="Id of the new case (default: generated).")
    ] = None,
    idempotency_key: KeyOption = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    from migrationpact.services.recording import dutch_now, open_case
    from migrationpact.store import service

    principal = operator(actor, org)
    parsed = read_event(event)
    store = store_at(database)
    with store_errors():
        _log_actor(store, actor=actor, case_id=case_id)
        result = open_case(
            store=store,
            principal=principal,
            event=parsed,
            case_id=case_id,
            idempotency_key=idempotency_key,
            future_skew=configured_future_skew(),
        )
        state = service.get_case(store=store, case_id=result.case_id)
    data, text = _recorded(result, state, dutch_now(store).date(), store.law)
    emit(data, text, as_json=as_json)


@app.command("append", help=_append_help())
def append(
    case: Annotated[str, typer.Argument(help="Case id.")],
    event: EventOption,
    expect_seq: Annotated[
        int | None,
        typer.Option("--expect-seq", help="The case's current seq as you last saw it."),
    ] = None,
    idempotency_key: KeyOption = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    from migrationpact.services.recording import dutch_now, record_event
    from migrationpact.store import service

    principal = operator(actor, org)
    parsed = read_event(event)
    store = store_at(database)
    with store_errors():
        _log_actor(store, actor=actor, case_id=case)
        result = record_event(
            store=store,
            principal=principal,
            case_id=case,
            event=parsed,
            expected_seq=expect_seq,
            idempotency_key=idempotency_key,
            future_skew=configured_future_skew(),
        )
        state = service.get_case(store=store, case_id=case)
    data, text = _recorded(result, state, dutch_now(store).date(), store.law)
    emit(data, text, as_json=as_json)


@app.command("show")
def show(
    case: Annotated[str, typer.Argument(help="Case id.")],
    as_of: AsOfOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    purpose: PurposeOption = CLI_PURPOSE,
) -> None:
    """The case's state and its open deadlines, each with its rule, basis and derivation."""
    from migrationpact.cases.explain import case_document
    from migrationpact.store import service

    day = parse_day(as_of, "--as-of")
    store = store_at(database)
    with store_errors(), read_logged(store, action="case.read", purpose=purpose, case_id=case):
        state = service.get_case(store=store, case_id=case)
    data = {
        "as_of": day.isoformat(),
        "state": case_document(state, store.law),  # every deadline explained
        "open_deadlines": [deadline_dict(d, day, store.law) for d in state.open_deadlines()],
    }
    lines = [
        f"Case {state.case_id} at seq {state.seq}: stage {state.stage}"
        + (f" (closed: {state.closed_reason})" if state.closed else ""),
        f"  procedure {state.procedure}; examination {state.examination}; "
        f"responsibility {state.responsibility_regime}",
    ]
    if state.routing is not None and state.routing.missing_facts:
        lines.append(
            "  routing needs these facts (record them with facts_recorded): "
            + ", ".join(state.routing.missing_facts)
        )
    for consequence in state.consequences:
        lines.append(f"  consequence at seq {consequence.seq}: {consequence.text}")
    lines += [f"  note: {note}" for note in state.notes]
    lines += _deadline_lines(state, day, store.law, derivation=True)
    emit(data, "\n".join(lines), as_json=as_json)
