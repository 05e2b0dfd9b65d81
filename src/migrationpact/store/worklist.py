"""The worklist in SQL: an organisation's open deadlines due soon or overdue, by due moment.

Same rules and same ``WorkItem`` values as the pure reference
``migrationpact.cases.worklist.worklist_entries`` (a test compares the two on the same cases):
open deadlines of the organisation whose last day is at most ``within_days`` after ``as_of``
(overdue ones included), ordered by the moment they end, then case id, then key. It reads the
``deadlines`` projection through the index ``(organisation, status, due_on)`` and pages with a
keyset cursor over ``(due_end, case_id, key)``, so page N costs the same as page 1.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, tuple_

from migrationpact.cases.state import due_end
from migrationpact.cases.worklist import WorkItem
from migrationpact.store.errors import StoreError
from migrationpact.store.tables import case_states, deadlines


@dataclass(frozen=True)
class WorklistPage:
    organisation: str
    as_of: date
    within_days: int
    items: list[WorkItem]
    next_cursor: str | None


def encode_cursor(item: WorkItem) -> str:
    """An opaque cursor after ``item``."""
    text = json.dumps([due_end(item.due).isoformat(), item.case_id, item.key])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        end, case_id, key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(end), str(case_id), str(key)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"invalid worklist cursor {cursor!r}") from exc


def worklist_page(
    conn: Connection,
    *,
    organisation: str,
    as_of: date,
    within_days: int,
    cursor: str | None = None,
    limit: int = 100,
) -> WorklistPage:
    """One page of the worklist (see the module docstring)."""
    if within_days < 0:
        raise StoreError(f"the window must be 0 days or more, got {within_days}")
    d = deadlines.c
    query = (
        select(deadlines, case_states.c.stage)
        .join(case_states, case_states.c.case_id == d.case_id)
        .where(
            d.organisation == organisation,
            d.status == "open",
            d.due_on <= as_of + timedelta(days=within_days),
        )
        .order_by(d.due_end, d.case_id, d.key)
        .limit(limit + 1)
    )
    if cursor is not None:
        query = query.where(tuple_(d.due_end, d.case_id, d.key) > tuple_(*decode_cursor(cursor)))
    items = [_item(r._mapping, as_of) for r in conn.execute(query)]
    more = len(items) > limit
    items = items[:limit]
    return WorklistPage(
        organisation=organisation,
        as_of=as_of,
        within_days=within_days,
        items=items,
        next_cursor=encode_cursor(items[-1]) if more else None,
    )


def _item(m: Any, as_of: date) -> WorkItem:
    days_left = (m["due_on"] - as_of).days
    return WorkItem(
        case_id=m["case_id"],
        key=m["key"],
        rule_id=m["rule_id"],
        title=m["title"],
        organisation=m["organisation"],
        due=m["due_at"] or m["due_on"],
        alert_on=m["alert_at"] or m["alert_on"],
        maximum=m["maximum"],
        days_left=days_left,
        overdue=days_left < 0,
        alert_passed=m["alert_on"] < as_of,
        verified=m["verified"],
        rule_set_version=m["rule_set_version"],
        legal_basis=m["citations"],
        stage=m["stage"],
    )
