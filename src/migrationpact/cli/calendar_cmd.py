"""``migrationpact calendar``: the public holidays a calendar holds for a year, with sources."""

from __future__ import annotations

from typing import Annotated

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.output import emit
from migrationpact.law.calendars import CalendarError, get_calendar
from migrationpact.law.periods import show


def calendar(
    code: Annotated[str, typer.Argument(help="Calendar code, e.g. NL.")] = "NL",
    year: Annotated[int, typer.Option(help="Year to list.")] = 2026,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the public holidays of a calendar for one year, each with its legal source."""
    with reported(CalendarError):
        cal = get_calendar(code)
        holidays = cal.holidays(year)
    rows = [
        {
            "date": h.day.isoformat(),
            "name": h.name,
            "name_local": h.name_local,
            "legal_basis": h.basis.cite() if h.basis else None,
            "decree": h.decree,
            "verified": h.verified,
        }
        for h in holidays
    ]
    lines = [f"{cal.name} ({cal.code}), {year} — source: {cal.source}"]
    lines += [
        f"  {show(h.day):<16} {h.describe()}" + (f" [{h.basis.cite()}]" if h.basis else "")
        for h in holidays
    ]
    if not cal.equated_days_known(year):
        lines.append(f"Warning: no decree equating days with holidays is recorded for {year}.")
    data = {"calendar": cal.code, "year": year, "source": cal.source, "holidays": rows}
    emit(data, "\n".join(lines), as_json=as_json)
