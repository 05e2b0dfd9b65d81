"""``migrationpact deadline``: the deadline of one rule of the rule book, with its legal basis.

The rule is looked up in the rule set in force on the law date (default: the start date; for a
Dublin III case give the registration date), its period is computed with the rule's own counting
regime, and the result names the rule, its legal basis, the rule-set version and whether the rule
is verified. ``--crisis ID`` applies the derogations of a recorded Council implementing decision;
``--extend RULE=GROUND`` applies an extension (e.g. ``APR-14=complex-issues``) on a recorded
ground.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.law.calendars import CalendarError
from migrationpact.law.crisis import CrisisError, CrisisRegister
from migrationpact.law.periods import PeriodError, parse_moment
from migrationpact.law.rulebook import RuleBookError, deadline


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None


def _extension(text: str) -> tuple[str, str]:
    rule, sep, ground = text.partition("=")
    if not sep or not rule.strip() or not ground.strip():
        raise InputError(f"--extend takes RULE=GROUND (e.g. APR-14=complex-issues), got {text!r}")
    return rule.strip(), ground.strip()


def deadline_command(
    rule: Annotated[str, typer.Argument(help="Rule id, e.g. AMMR-01, APR-13, D3-01.")],
    from_: Annotated[
        str, typer.Option("--from", help="Start event: YYYY-MM-DD or local YYYY-MM-DDTHH:MM.")
    ],
    law_date: Annotated[
        str | None,
        typer.Option(
            "--law-date",
            help="Date whose law applies (default: --from). Dublin III: the registration date.",
        ),
    ] = None,
    crisis: Annotated[
        str | None,
        typer.Option("--crisis", help="Id of a recorded Council implementing decision (CFMR)."),
    ] = None,
    crisis_register: Annotated[
        Path | None,
        typer.Option(
            "--crisis-register",
            help="Crisis register file (default: $MIGRATIONPACT_CRISIS_REGISTER, else shipped).",
        ),
    ] = None,
    extend: Annotated[
        list[str] | None,
        typer.Option("--extend", help="Extension on a recorded ground: RULE=GROUND (repeatable)."),
    ] = None,
    calendar: Annotated[str, typer.Option(help="Public-holiday calendar.")] = "NL",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Compute the deadline of a rule, with its legal basis and rule-set version."""
    extensions = [_extension(e) for e in extend or []]
    law = _date(law_date, "--law-date") if law_date else None
    with reported(RuleBookError, CrisisError, PeriodError, CalendarError):
        decision = CrisisRegister.load(crisis_register).get(crisis) if crisis else None
        result = deadline(
            rule.strip(),
            start=parse_moment(from_),
            law_date=law,
            crisis=decision,
            extensions=extensions,
            calendar=calendar,
        )
    emit(result.to_dict(), result.explain(), as_json=as_json)
