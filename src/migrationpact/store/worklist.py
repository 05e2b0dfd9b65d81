"""The worklist in SQL: an organisation's open deadlines due soon or overdue, by due moment.

Same rules and same ``WorkItem`` values as the pure reference
``migrationpact.cases.worklist.worklist_entries`` (a test compares the two on the same cases):
open deadlines of the organisation whose last day is at most ``within_days`` after ``as_of``
(overdue ones included), ordered by the moment they end, then case id, then key. It reads the
``deadlines`` projection through the index ``(organisation, status, due_on)`` and pages with a
keyset cursor over ``(due_end, case_id, key)``, so page N costs the same as page 1.

``WorkFilter`` narrows it (a rule, the case's stage or procedure, overdue items only, a set of
case ids: someone's own cases) and ``sort`` orders it by due moment (``due``, the default), by
case id (``caseId``) or by the case's stage in the order of the procedure (``stage``); the due
moment, case id and key break ties, so every order is stable and pages by the same keyset. With
``people`` each item carries its case's person (pseudonym and names, ``case_people``): only for
those allowed to see them, which the caller decides.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, case, literal, select, tuple_

from migrationpact.cases.stages import RANKS
from migrationpact.cases.state import due_end
from migrationpact.cases.worklist import WorkItem
from migrationpact.store.errors import StoreError
from migrationpact.store.tables import case_people, case_states, deadlines

#: The orders a worklist can be sorted in (the API's ``sort`` values).
SORTS = ("due", "caseId", "stage")


@dataclass(frozen=True)
class WorkFilter:
    """What a worklist is narrowed to (None, False: not narrowed by that)."""

    rule: str | None = None
    stage: str | None = None
    procedure: str | None = None
    overdue: bool = False
    only: Sequence[str] | None = None


@dataclass(frozen=True)
class WorklistPage:
    organisation: str
    as_of: date
    within_days: int
    items: list[WorkItem]
    next_cursor: str | None


def encode_cursor(item: WorkItem, rank: int | None = None) -> str:
    """An opaque cursor after ``item`` (``rank``: its stage's rank, when sorted by stage)."""
    position: list[Any] = [due_end(item.due).isoformat(), item.case_id, item.key]
    text = json.dumps(position if rank is None else [*position, rank])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str, str, int | None]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        end, case_id, key, *rest = json.loads(base64.urlsafe_b64decode(padded.encode()))
        rank = int(rest[0]) if rest else None
        return datetime.fromisoformat(end), str(case_id), str(key), rank
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
    found: WorkFilter | None = None,
    sort: str = "due",
    stage_ranks: Mapping[str, int] | None = None,
    people: bool = False,
) -> WorklistPage:
    """One page of the worklist (see the module docstring)."""
    if within_days < 0:
        raise StoreError(f"the window must be 0 days or more, got {within_days}")
    if sort not in SORTS:
        raise StoreError(f"unknown worklist order {sort!r}")
    found = found or WorkFilter()
    d, c, p = deadlines.c, case_states.c, case_people.c
    rank = _rank(tuple((stage_ranks or RANKS).items()))
    orders: dict[str, list[Any]] = {
        "due": [d.due_end, d.case_id, d.key],
        "caseId": [d.case_id, d.due_end, d.key],
        "stage": [rank, d.due_end, d.case_id, d.key],
    }
    order = orders[sort]
    query = (
        select(deadlines, c.stage, rank.label("stage_rank"), p.pseudonym, p.names)
        .join(case_states, c.case_id == d.case_id)
        .outerjoin(case_people, p.case_id == d.case_id)
        .where(
            d.organisation == organisation,
            d.status == "open",
            d.due_on <= as_of + timedelta(days=within_days),
            *_narrowed(found, as_of),
        )
        .order_by(*order)
        .limit(limit + 1)
    )
    if cursor is not None:
        end, case_id, key, after_rank = decode_cursor(cursor)
        at: list[Any] = {
            "due": [end, case_id, key],
            "caseId": [case_id, end, key],
            "stage": [after_rank if after_rank is not None else -1, end, case_id, key],
        }[sort]
        query = query.where(
            tuple_(*order) > tuple_(*(literal(v, o.type) for v, o in zip(at, order, strict=True)))
        )
    rows = list(conn.execute(query))
    items = [_item(r._mapping, as_of, people) for r in rows]
    more = len(items) > limit
    items = items[:limit]
    after = None
    if more:
        after = encode_cursor(items[-1], rows[limit - 1].stage_rank if sort == "stage" else None)
    return WorklistPage(
        organisation=organisation,
        as_of=as_of,
        within_days=within_days,
        items=items,
        next_cursor=after,
    )


@cache
def _rank(ranks: tuple[tuple[str, int], ...]) -> Any:
    """The rank of a case's stage in SQL, built once per order of the stages (each page used
    to build it anew: a comparison per stage, and its cache key on every run)."""
    stage = case_states.c.stage
    return case(*[(stage == s, r) for s, r in ranks], else_=len(ranks))


def _narrowed(found: WorkFilter, as_of: date) -> list[Any]:
    d, c = deadlines.c, case_states.c
    where: list[Any] = []
    if found.rule is not None:
        where.append(d.rule_id == found.rule)
    if found.stage is not None:
        where.append(c.stage == found.stage)
    if found.procedure is not None:
        where.append(c.procedure == found.procedure)
    if found.overdue:
        where.append(d.due_on < as_of)
    if found.only is not None:
        where.append(d.case_id.in_(list(found.only)))
    return where


def _item(m: Any, as_of: date, people: bool) -> WorkItem:
    days_left = (m["due_on"] - as_of).days
    person = {"pseudonym": m["pseudonym"], "person_name": m["names"] or None} if people else {}
    return WorkItem(
        **person,
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
