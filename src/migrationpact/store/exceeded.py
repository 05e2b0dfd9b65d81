"""Exceeded limits in SQL: every deadline that ran past its end, for supervision and monitoring.

A time limit was *exceeded* when the act it asks for was not done by its end. The list holds
three kinds of ``deadlines`` row:

* ``lapsed`` — it ran out unmet (status ``lapsed``);
* ``met-late`` — the act was done at or after its end (status ``met``, ``late``:
  ``cases.lateness``), with the calendar days it came late;
* ``overdue`` — still open although its end has passed (status ``open``, ``due_end`` at or
  before ``now``), with the calendar days since its last day.

A suspended deadline is left out (its clock is stopped, its end not known), and so is a
cancelled one (it stopped mattering). Filters: rules (``rule_ids``), the organisation that must
act, the period in which the deadline ended (its last day from ``start`` to ``end``, both
included) and the kinds. The rows come ordered by the moment they ended, then case id and key,
and page with a keyset cursor over those three, so page N costs what page 1 costs. Rows show
case ids, never a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import Connection, and_, or_, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from migrationpact.cases.lateness import lateness
from migrationpact.cases.models import Moment
from migrationpact.store.tables import deadlines

Kind = Literal["lapsed", "met-late", "overdue"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class ExceededLimit:
    """One deadline that ran past its end (see the module text)."""

    case_id: str
    key: str
    rule_id: str
    title: str
    organisation: str
    kind: Kind
    maximum: bool
    due: Moment
    ended_at: datetime
    closed_at: datetime | None
    closed_reason: str | None
    days_late: int | None  # met late: to the day it was met; overdue: to ``now``'s day
    hours_late: int | None  # met late, a period counted in hours
    legal_basis: str


@dataclass(frozen=True)
class ExceededQuery:
    """What to list: every field narrows the list; empty means no narrowing."""

    rule_ids: tuple[str, ...] = ()
    organisation: str | None = None
    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExceededPage:
    items: list[ExceededLimit]
    next_after: tuple[datetime, str, str] | None  # the position to continue after; None: last


def _kind_condition(kind: str, now: datetime) -> ColumnElement[bool]:
    d = deadlines.c
    if kind == "lapsed":
        return d.status == "lapsed"
    if kind == "met-late":
        return and_(d.status == "met", d.late.is_(True))
    return and_(d.status == "open", d.due_end <= now)


def exceeded_page(
    conn: Connection,
    query: ExceededQuery,
    *,
    now: datetime,
    after: tuple[datetime, str, str] | None = None,
    limit: int = 50,
) -> ExceededPage:
    """One page of exceeded limits (see the module text), after the position ``after``."""
    d = deadlines.c
    kinds = query.kinds or KINDS
    sql = select(deadlines).where(or_(*(_kind_condition(k, now) for k in kinds)))
    if query.rule_ids:
        sql = sql.where(d.rule_id.in_(query.rule_ids))
    if query.organisation:
        sql = sql.where(d.organisation == query.organisation)
    if query.start is not None:
        sql = sql.where(d.due_on >= query.start)
    if query.end is not None:
        sql = sql.where(d.due_on <= query.end)
    if after is not None:
        sql = sql.where(tuple_(d.due_end, d.case_id, d.key) > tuple_(*after))
    sql = sql.order_by(d.due_end, d.case_id, d.key).limit(limit + 1)
    items = [_item(r._mapping, now) for r in conn.execute(sql)]
    more = len(items) > limit
    items = items[:limit]
    last = items[-1] if more else None
    return ExceededPage(
        items=items,
        next_after=(last.ended_at, last.case_id, last.key) if last is not None else None,
    )


def _item(m: Any, now: datetime) -> ExceededLimit:
    due = m["due_at"] or m["due_on"]
    late = lateness(m["status"], due, m["closed_at"])
    kind: Kind = "lapsed" if m["status"] == "lapsed" else "met-late" if late.late else "overdue"
    days = late.days_late if kind == "met-late" else None
    if kind == "overdue":
        days = (now.date() - m["due_on"]).days
    return ExceededLimit(
        case_id=m["case_id"],
        key=m["key"],
        rule_id=m["rule_id"],
        title=m["title"],
        organisation=m["organisation"],
        kind=kind,
        maximum=m["maximum"],
        due=due,
        ended_at=m["due_end"],
        closed_at=m["closed_at"],
        closed_reason=m["closed_reason"],
        days_late=days,
        hours_late=late.hours_late,
        legal_basis=m["citations"],
    )
