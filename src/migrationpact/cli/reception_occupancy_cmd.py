"""``migrationpact reception occupancy`` and ``reception need``: places and residents over time,
the emergency share, and the expected need for places (``docs/reception.md``).

``occupancy`` prints a table of the places and residents per location type (``--by site``,
``type`` or ``regime``) on each day of a range (``--every day``, ``week`` or ``month``; from
``--from``, default six months before ``--to``, default today), and the emergency share of each
day; ``--json`` prints the service's JSON form, ``--csv`` one line per day and group. ``need``
prints the people of the open cases expected to need a place today and on the first day of each
coming month (``--months``), by the rule or assumption each figure rests on. A bad date, step,
grouping or number of months ends the command with one line and exit code 2. ``reception_cmd``
adds both to the ``reception`` group.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Annotated, Any

import typer

from migrationpact.cli.cases_cmd import ActorOption
from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.reception_common import OrgOption, errors, reception_operator
from migrationpact.cli.store_common import DatabaseOption, JsonOption, parse_day, store_at

CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (one line per row).")]


def _format(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise InputError("--json and --csv exclude each other: choose one")
    return "json" if as_json else "csv" if as_csv else "text"


def _show(
    shape: str,
    document: dict[str, Any],
    header: list[str],
    rows: list[list[Any]],
    text: Callable[[], str],
) -> None:
    """Print the answer as JSON, as CSV (``header`` and ``rows``) or as text."""
    if shape == "json":
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif shape == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        typer.echo(out.getvalue().rstrip("\n"))
    else:
        typer.echo(text())


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f} %"


def occupancy_command(
    start: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD; default 6 months back).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD; default today).")
    ] = None,
    every: Annotated[str, typer.Option("--every", help="day, week or month.")] = "month",
    by: Annotated[str, typer.Option("--by", help="site, type or regime.")] = "type",
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Places and residents over time, and the share of emergency places."""
    from migrationpact.services.reception_occupancy import occupancy_history

    shape = _format(as_json, as_csv)
    first = parse_day(start, "--from") if start is not None else None
    last = parse_day(end, "--to") if end is not None else None
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        history = occupancy_history(
            store=store, principal=principal, start=first, end=last, every=every, by=by
        )
    rows = [[t.day.isoformat(), t.group, t.sites, t.capacity, t.occupied] for t in history.totals]
    header = ["day", by, "sites", "capacity", "occupied"]
    _show(shape, history.to_json(), header, rows, lambda: _history_text(history))


def _history_text(history: Any) -> str:
    lines = [
        f"Occupancy by {history.by}, every {history.every}, "
        f"{history.start.isoformat()} to {history.end.isoformat()} (residents/places)."
    ]
    shares = {s.day: s for s in history.shares}
    for day in history.days:
        lines.append(day.isoformat())
        for t in (t for t in history.totals if t.day == day):
            lines.append(f"    {t.group:<28} {t.occupied:>7,}/{t.capacity:<7,} ({t.sites} site(s))")
        s = shares[day]
        lines.append(
            f"    emergency share: {_pct(s.occupied_share)} of residents "
            f"({s.emergency_occupied:,}/{s.occupied:,}), {_pct(s.capacity_share)} of places "
            f"({s.emergency_capacity:,}/{s.capacity:,})"
        )
    return "\n".join(lines)


def need_command(
    months: Annotated[
        int, typer.Option("--months", help="How many months to look ahead (1-60).")
    ] = 12,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The expected need for places from the open cases, month by month, with its bases."""
    from migrationpact.services.reception_occupancy import expected_need

    shape = _format(as_json, as_csv)
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        need = expected_need(store=store, principal=principal, months=months)
    rows = [[m.day.isoformat(), basis, n] for m in need.months for basis, n in m.by_basis]
    _show(shape, need.to_json(), ["day", "basis", "people"], rows, lambda: _need_text(need))


def _need_text(need: Any) -> str:
    lines = [
        f"Expected need for places from {need.cases} open case(s) on {need.today.isoformat()} "
        "(no new arrivals assumed):"
    ]
    lines += [f"    {m.day.isoformat()}  {m.people:>7,} people" for m in need.months]
    lines.append("Bases:")
    for b in need.bases:
        then = f", then {b.then} ({b.then_length})" if b.then else ", then the person leaves"
        unverified = "" if b.verified else "  [not verified]"
        lines.append(f"    {b.key}: {b.citation or 'the decision notified'}{then}{unverified}")
    return "\n".join(lines)
