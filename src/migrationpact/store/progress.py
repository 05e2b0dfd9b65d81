"""The counts of the implementation progress report, in SQL over the projections.

Aggregates only, like ``store.statistics``: no case id and no person leaves these functions.
Every count is for a window of local Dutch time (``Window``: from the first day's midnight up to
the midnight after the last day, both as the events and deadlines keep them, without a zone)
and, where a count depends on what is still running, for a moment ``as_of`` (the end of the
window, or now if that is earlier).

- ``deadline_outcomes``: of the deadlines of some rules that *started* in the window, what
  they had become at its end: met in time, met late (``deadlines.late``, decided by
  ``cases.lateness``), lapsed, cancelled, or still open then, past their end (overdue) or not
  (running). A deadline closed after the window's end counts as open at it.
- ``running_on``: how many deadlines of some rules were running at a moment (started on or
  before it, not closed by then): the border procedure's occupancy at a month's end.
- ``lapsed_in``: deadlines of some rules that ran out unmet within the window.
- ``events_in``: events of some types that occurred within the window, by type.
- ``places_by_location_type``: the places of the open reception sites by location type, as
  the sites stand now (the site table keeps the current places, not their history).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, and_, case, func, or_, select

from migrationpact.store.database import read_transaction
from migrationpact.store.statistics import OPEN_STATUSES
from migrationpact.store.tables import deadlines, events, reception_sites


@dataclass(frozen=True)
class Window:
    """The days ``first`` to ``last`` (local Dutch time), counted up to ``as_of``."""

    first: date
    last: date
    as_of: datetime

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time())

    @property
    def end(self) -> datetime:
        """The moment the window stops: the midnight after its last day, or ``as_of``."""
        return min(datetime.combine(self.last + timedelta(days=1), time()), self.as_of)


@dataclass(frozen=True)
class Outcomes:
    """What became of the deadlines that started in a window (see the module text)."""

    in_time: int = 0
    late: int = 0
    lapsed: int = 0
    overdue: int = 0
    running: int = 0
    cancelled: int = 0

    @property
    def ended(self) -> int:
        """Those whose end has come: met (in time or late), lapsed, or open past their end."""
        return self.in_time + self.late + self.lapsed + self.overdue

    @property
    def share_in_time(self) -> float | None:
        """Met in time, of those whose end has come (None: none has)."""
        return self.in_time / self.ended if self.ended else None


def deadline_outcomes(engine: Engine, rule_ids: Sequence[str], window: Window) -> Outcomes:
    """The outcomes of the deadlines of ``rule_ids`` started in ``window``, as they stood at
    its end (``Window.end``)."""
    d = deadlines.c
    end = window.end
    # Closed by the window's end: what it had become then; closed later, it was still open.
    closed = and_(d.status.not_in(OPEN_STATUSES), or_(d.closed_at.is_(None), d.closed_at <= end))
    kind = case(
        (and_(closed, d.status == "met", d.late.is_(False)), "in_time"),
        (and_(closed, d.status == "met"), "late"),
        (and_(closed, d.status == "lapsed"), "lapsed"),
        (closed, "cancelled"),
        (d.due_end <= end, "overdue"),
        else_="running",
    ).label("kind")
    query = (
        select(kind, func.count())
        .where(
            d.rule_id.in_(list(rule_ids)),
            d.started_on >= window.first,
            d.started_on <= window.last,
            d.started_on <= window.as_of.date(),
        )
        .group_by(kind)
    )
    with read_transaction(engine) as conn:
        counts = {str(k): int(n) for k, n in conn.execute(query)}
    return Outcomes(**counts)


def running_on(engine: Engine, rule_ids: Sequence[str], moment: datetime) -> int:
    """How many deadlines of ``rule_ids`` were running at ``moment``: started on or before
    its day and not closed before it (a suspended clock still holds its place)."""
    d = deadlines.c
    query = select(func.count()).where(
        d.rule_id.in_(list(rule_ids)),
        d.started_on <= moment.date(),
        d.status != "cancelled",
        or_(d.closed_at.is_(None), d.closed_at > moment),
    )
    with read_transaction(engine) as conn:
        return int(conn.execute(query).scalar_one())


def lapsed_in(engine: Engine, rule_ids: Sequence[str], window: Window) -> int:
    """Deadlines of ``rule_ids`` that ran out unmet within ``window``."""
    d = deadlines.c
    query = select(func.count()).where(
        d.rule_id.in_(list(rule_ids)),
        d.status == "lapsed",
        d.closed_at >= window.start,
        d.closed_at < window.end,
    )
    with read_transaction(engine) as conn:
        return int(conn.execute(query).scalar_one())


def events_in(engine: Engine, types: Sequence[str], window: Window) -> dict[str, int]:
    """Case events of ``types`` that occurred within ``window``, by type (every type named,
    0 where there were none)."""
    e = events.c
    query = (
        select(e.type, func.count())
        .where(
            e.stream_type == "case",
            e.type.in_(list(types)),
            e.occurred_at >= window.start,
            e.occurred_at < window.end,
        )
        .group_by(e.type)
    )
    with read_transaction(engine) as conn:
        found = {str(k): int(n) for k, n in conn.execute(query)}
    return {t: found.get(t, 0) for t in types}


def places_by_location_type(engine: Engine, day: date) -> dict[str, int]:
    """The places of the sites open now that had opened by ``day``, by location type (the
    sites as they stand now: a site closed since is not counted)."""
    s = reception_sites.c
    query = (
        select(s.location_type, func.sum(s.capacity))
        .where(
            s.status == "open",
            or_(s.opened_on.is_(None), s.opened_on <= day),
        )
        .group_by(s.location_type)
    )
    with read_transaction(engine) as conn:
        return {str(k): int(n or 0) for k, n in conn.execute(query)}
