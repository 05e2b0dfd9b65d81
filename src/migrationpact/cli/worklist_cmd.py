"""``migrationpact worklist``: one organisation's open deadlines, due soon or overdue."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from migrationpact.cli.operator import known_organisation
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import (
    DatabaseOption,
    JsonOption,
    parse_day,
    store_at,
    store_errors,
)

if TYPE_CHECKING:
    from migrationpact.store.worklist import WorklistPage


def worklist(
    org: Annotated[
        str,
        typer.Option(
            "--org", help="Who owes the deadlines: IND, KMar, COA, DTenV, other-member-state, …"
        ),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to look from (default: today).")
    ] = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Days ahead to include (overdue always shown).")
    ] = 7,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Continue from a previous page's next_cursor.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open deadlines of one organisation: overdue first, then by due date and case."""
    from typing import get_args

    from migrationpact.cases.state import Organisation
    from migrationpact.store import service

    org = known_organisation(org, get_args(Organisation))
    day = parse_day(as_of, "--as-of")
    store = store_at(database)
    with store_errors():
        page = service.worklist(
            store=store,
            organisation=org,
            as_of=day,
            within_days=within,
            cursor=cursor,
            limit=limit,
        )
    lines = render_page(page, within_days=within)
    data = {
        "organisation": org,
        "as_of": day.isoformat(),
        "within_days": within,
        "items": [item.model_dump(mode="json") for item in page.items],
        "next_cursor": page.next_cursor,
    }
    emit(data, "\n".join(lines), as_json=as_json)


def render_page(page: WorklistPage, *, within_days: int) -> list[str]:
    """One worklist page for a person: a heading, then a line per deadline, overdue first."""
    overdue = sum(1 for item in page.items if item.overdue)
    lines = [
        f"Worklist {page.organisation} on {page.as_of.isoformat()}, due within {within_days} "
        f"days: {len(page.items)} deadline(s), {overdue} OVERDUE"
    ]
    for item in page.items:
        due = item.due.strftime("%Y-%m-%d %H:%M" if isinstance(item.due, datetime) else "%Y-%m-%d")
        flag = "OVERDUE" if item.overdue else f"{item.days_left:>3} days"
        marks = ("" if item.verified else " UNVERIFIED") + (
            " ALERT-PASSED" if item.alert_passed and not item.overdue else ""
        )
        lines.append(
            f"  {due:<16} {flag:<8} {item.case_id:<16} {item.rule_id:<10} {item.title}"
            f" [{item.legal_basis}]{marks}"
        )
    if page.next_cursor:
        lines.append(f"More: --cursor {page.next_cursor}")
    return lines
