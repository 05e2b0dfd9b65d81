"""``migrationpact route``: which procedure a case follows, and why, article by article."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.law import routing
from migrationpact.law.crisis import CrisisDecision, CrisisError, CrisisRegister
from migrationpact.law.routing import FactsError, RoutingDataError, parse_facts


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read facts file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"facts file {path} is not UTF-8 text") from exc


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--decision-date must be a date YYYY-MM-DD, got {text!r}") from exc


def route(
    facts_file: Annotated[
        Path, typer.Argument(help="JSON file with the facts of the case.", metavar="FACTS.json")
    ],
    decision_date: Annotated[
        str | None,
        typer.Option(
            help="Day of the routing decision (YYYY-MM-DD), for the recognition rate in force; "
            "default: the registration date, else the application date."
        ),
    ] = None,
    crisis_register: Annotated[
        Path | None,
        typer.Option(help="Crisis register file to resolve the facts' crisis decision from."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Decide screening, border or regular procedure, examination and responsibility regime."""
    day = _day(decision_date)
    with reported(FactsError, CrisisError, RoutingDataError):
        facts = parse_facts(_read(facts_file))
        crisis: CrisisDecision | None = None
        if facts.crisis is not None:
            crisis = CrisisRegister.load(crisis_register).get(facts.crisis)
        result = routing.route(facts, decision_date=day, crisis=crisis)
    emit(result.to_dict(), result.explain(), as_json=as_json)
