"""``migrationpact cases list``, ``history`` and ``replay``: the cases in the store, one case's
events, and its deadlines under another date's law.

``list`` shows no personal data; ``history`` and ``replay`` log the read (``cases_cmd``). The
commands belong to ``migrationpact cases`` (``cases_group`` adds them to it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from migrationpact.cli.cases_cmd import CLI_PURPOSE, PurposeOption, read_logged
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import (
    DatabaseOption,
    JsonOption,
    due_text,
    parse_day,
    store_at,
    store_errors,
)

if TYPE_CHECKING:
    from migrationpact.cases.compare import DeadlineComparison
    from migrationpact.law.law import Law


def list_cases(
    stage: Annotated[str | None, typer.Option("--stage", help="Only cases in this stage.")] = None,
    after: Annotated[
        str | None, typer.Option("--after", help="Continue after this case id (paging).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 100,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cases by id, with stage, procedure and the next due date."""
    from migrationpact.store import service

    store = store_at(database)
    with store_errors():
        found = service.list_cases(store=store, stage=stage, after=after, limit=limit)
        total = service.count_cases(store=store, stage=stage)
    more = len(found) == limit and (after is not None or total > limit)
    next_after = found[-1].case_id if more else None
    lines = [page_heading(len(found), total, next_after=next_after, first=after is None)]
    for c in found:
        due = c.next_due.isoformat() if c.next_due else "—"
        lines.append(
            f"  {c.case_id:<16} seq {c.seq:<4} {c.stage:<24} {c.procedure:<14} "
            f"{c.open_deadlines} open, next due {due}"
        )
    data = {"cases": [c.to_dict() for c in found], "total": total, "next_after": next_after}
    emit(data, "\n".join(lines), as_json=as_json)


def page_heading(shown: int, total: int, *, next_after: str | None, first: bool) -> str:
    """How many cases a page of ``cases list`` shows out of how many, and how to page on.

    >>> page_heading(100, 312, next_after="DEMO-0096", first=True)
    '100 of 312 case(s); next page: --after DEMO-0096'
    >>> page_heading(12, 12, next_after=None, first=True)
    '12 case(s)'
    """
    if first and next_after is None:
        return f"{shown} case(s)"
    heading = f"{shown} of {total} case(s)"
    return heading + (f"; next page: --after {next_after}" if next_after else "; last page")


def history(
    case: Annotated[str, typer.Argument(help="Case id.")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    purpose: PurposeOption = CLI_PURPOSE,
) -> None:
    """The case's events in order, with who recorded them and their hash."""
    from migrationpact.store import service

    store = store_at(database)
    with (
        store_errors(),
        read_logged(store, action="case.timeline", purpose=purpose, case_id=case),
    ):
        records = service.case_history(store=store, case_id=case)
    lines = [f"Case {case}: {len(records)} event(s)"]
    for r in records:
        lines.append(
            f"  {r.seq:>4}  {r.occurred_at.isoformat(timespec='minutes')}  {r.type:<32} "
            f"{r.actor}/{r.organisation}  {r.hash[:12]}"
        )
    emit(
        {"case_id": case, "events": [r.to_line() for r in records]},
        "\n".join(lines),
        as_json=as_json,
    )


def _cell(entry: Any) -> str:
    if entry is None:
        return "—"
    return f"{entry.rule_id} due {due_text(entry)} ({entry.status})"


def _comparison_dict(c: DeadlineComparison, law: Law) -> dict[str, Any]:
    from migrationpact.cases.explain import entry_document

    return {
        "key": c.key,
        "change": c.change,
        "current": entry_document(c.current, law) if c.current else None,
        "replayed": entry_document(c.replayed, law) if c.replayed else None,
    }


def replay(
    case: Annotated[str, typer.Argument(help="Case id.")],
    law_date: Annotated[
        str, typer.Option("--law-date", help="Apply the rule set in force on this day.")
    ],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    purpose: PurposeOption = CLI_PURPOSE,
) -> None:
    """The deadlines the case would have under the rules of another date, beside the current."""
    from migrationpact.store import service

    day = parse_day(law_date, "--law-date")
    store = store_at(database)
    with store_errors(), read_logged(store, action="case.replay", purpose=purpose, case_id=case):
        result = service.replay_case(store=store, case_id=case, law_date=day)
    rule_set = store.book.at(day)
    lines = [
        f"Case {case}: deadlines as recorded vs under the rule set of {day.isoformat()} "
        f"({rule_set.short_version})",
        f"  {'':2}{'deadline':<28} {'current':<44} {'replayed':<44}",
    ]
    for c in result.deadlines:
        mark = "  " if c.change == "same" else "* "
        lines.append(f"  {mark}{c.key:<28} {_cell(c.current):<44} {_cell(c.replayed):<44}")
    lines.append(
        "Differences are marked *." if result.differs else "No differences: same deadlines."
    )
    data = {
        "case_id": case,
        "law_date": day.isoformat(),
        "rule_set_version": rule_set.version,
        "differs": result.differs,
        "deadlines": [_comparison_dict(c, store.law) for c in result.deadlines],
    }
    emit(data, "\n".join(lines), as_json=as_json)
