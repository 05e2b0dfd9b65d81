"""``migrationpact period``: compute one period and show how its end follows from the law."""

from __future__ import annotations

from typing import Annotated

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.output import emit
from migrationpact.law.calendars import CalendarError
from migrationpact.law.periods import PeriodError, compute_period, parse_moment


def period(
    from_: Annotated[
        str, typer.Option("--from", help="Event: YYYY-MM-DD or local YYYY-MM-DDTHH:MM.")
    ],
    length: Annotated[
        str,
        typer.Option(
            help="'N UNIT', UNIT: hours, days, working-days, weeks, months, years "
            "(calendar units may be combined: '1 month 10 days')."
        ),
    ],
    regime: Annotated[
        str,
        typer.Option(
            help="eu (Reg. 1182/71), pact (APR 73 / AMMR 75 / RBPR 11), "
            "dublin3 (Reg. 604/2013 Art. 42) or nl (Algemene termijnenwet)."
        ),
    ] = "eu",
    calendar: Annotated[str, typer.Option(help="Public-holiday calendar.")] = "NL",
    backwards: Annotated[
        bool, typer.Option("--backwards", help="Count back from the event.")
    ] = False,
    maximum: Annotated[
        bool,
        typer.Option("--maximum", help="A maximum duration that limits liberty (keeps both ends)."),
    ] = False,
    instrument: Annotated[
        str | None,
        typer.Option(help="With --regime pact: cite only APR, AMMR or RBPR."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Compute the end of a period with its derivation, article by article."""
    with reported(PeriodError, CalendarError):
        result = compute_period(
            start=parse_moment(from_),
            length=length,
            regime=regime,
            calendar=calendar,
            backwards=backwards,
            maximum=maximum,
            instrument=instrument.upper() if instrument else None,
        )
    emit(result.to_dict(), result.explain(), as_json=as_json)
