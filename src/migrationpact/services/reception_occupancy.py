"""Occupancy over time, the emergency share and the expected need for places, for every front
end (``docs/reception.md``, "Occupancy and expected need").

One function per question, each answering with plain frozen values that have a JSON form:

- ``occupancy_history``: places and residents per site, location type or regime on each day of
  a range (every day, week or month), with the emergency share of each day;
- ``emergency_shares``: the emergency share alone;
- ``site_occupancy``: each site's places and residents on one day;
- ``expected_need``: the people of the open cases expected to need a place in each coming
  month, by the rule (or assumption) each figure rests on.

Access: ``reception.sites.read`` for the first three (sites hold no personal data);
``reception.need.read`` for the need. The need reads the open cases but only counts leave the
service, so like the statistics it is not written to the access log. Refusals: ``Forbidden``
(the policy's reason) and ``Invalid`` (a bad range, step, grouping or number of months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.law.periods.engine import add_months
from migrationpact.reception.occupancy import (
    BY,
    EVERY,
    EmergencyShare,
    MonthNeed,
    Stay,
    Total,
    emergency_share,
    points,
    stay_of,
    the_days,
    totals,
)
from migrationpact.reception.occupancy import expected_need as need_by_month
from migrationpact.reception.occupancy.assumptions import default_need_book
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.recording import dutch_now
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import read_site_events
from migrationpact.store.states import read_open_states

#: The most days one history shows (a daily history of almost three years).
MAX_DAYS = 1000
#: The most months the need looks ahead.
MAX_MONTHS = 60


@dataclass(frozen=True)
class OccupancyHistory:
    """The totals of each group on each day, and each day's emergency share."""

    start: date
    end: date
    every: str
    by: str
    days: tuple[date, ...]
    totals: tuple[Total, ...]
    shares: tuple[EmergencyShare, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "every": self.every,
            "by": self.by,
            "days": [d.isoformat() for d in self.days],
            "totals": [t.to_json() for t in self.totals],
            "emergency_share": [s.to_json() for s in self.shares],
        }


@dataclass(frozen=True)
class Basis:
    """What one kind of figure of the need rests on: the rule (with its citation) whose limit
    ends the stage, and the assumption or rule that follows it."""

    key: str
    rule_id: str | None
    citation: str
    then: str | None
    then_length: str | None
    then_source: str | None
    verified: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "rule": self.rule_id,
            "citation": self.citation,
            "then": self.then,
            "then_length": self.then_length,
            "then_source": self.then_source,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class Need:
    """The expected need from ``today``: people per month, and the bases of the figures."""

    today: date
    months: tuple[MonthNeed, ...]
    bases: tuple[Basis, ...]
    cases: int

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "cases": self.cases,
            "months": [m.to_json() for m in self.months],
            "bases": [b.to_json() for b in self.bases],
        }


def _allow(principal: Principal, action: Action) -> None:
    refuse_unless(principal, action)


def _range(store: EventStore, start: date | None, end: date | None) -> tuple[date, date]:
    """The range asked for, with its defaults: six months up to today."""
    end = end or dutch_now(store).date()
    return start or add_months(end, -6), end


def _days(start: date, end: date, every: str) -> list[date]:
    if every not in EVERY:
        raise Invalid(f"every must be one of {', '.join(EVERY)}, not {every!r}")
    if start > end:
        raise Invalid(f"the first day {start.isoformat()} lies after the last {end.isoformat()}")
    days = the_days(start, end, every)
    if len(days) > MAX_DAYS:
        raise Invalid(f"{len(days)} days asked for; a history shows at most {MAX_DAYS}")
    return days


def occupancy_history(
    *,
    store: EventStore,
    principal: Principal,
    start: date | None = None,
    end: date | None = None,
    every: str = "month",
    by: str = "type",
) -> OccupancyHistory:
    """Places and residents by ``by`` (site, type, regime) on each day from ``start`` (default:
    six months before ``end``) to ``end`` (default: today), ``every`` day, week or month."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    if by not in BY:
        raise Invalid(f"by must be one of {', '.join(BY)}, not {by!r}")
    start, end = _range(store, start, end)
    days = _days(start, end, every)
    found = points(read_site_events(store.engine), days)
    return OccupancyHistory(
        start=start,
        end=end,
        every=every,
        by=by,
        days=tuple(days),
        totals=tuple(totals(found, by)),
        shares=tuple(emergency_share(found, days=days)),
    )


def emergency_shares(
    *,
    store: EventStore,
    principal: Principal,
    start: date | None = None,
    end: date | None = None,
    every: str = "month",
) -> tuple[EmergencyShare, ...]:
    """The emergency share of each day of the range (see ``occupancy_history``)."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    days = _days(*_range(store, start, end), every)
    return tuple(emergency_share(points(read_site_events(store.engine), days), days=days))


def site_occupancy(
    *, store: EventStore, principal: Principal, day: date | None = None
) -> tuple[Total, ...]:
    """Each site in use on ``day`` (default: today) with its places and residents."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    day = day or dutch_now(store).date()
    return tuple(totals(points(read_site_events(store.engine), [day]), "site"))


def expected_need(*, store: EventStore, principal: Principal, months: int = 12) -> Need:
    """The people of the open cases expected to need a place today and on the first day of
    each of the next ``months - 1`` months, assuming no new arrivals."""
    _allow(principal, Action.RECEPTION_NEED_READ)
    if not 1 <= months <= MAX_MONTHS:
        raise Invalid(f"months must be from 1 to {MAX_MONTHS}, not {months}")
    today = dutch_now(store).date()
    book = default_need_book()
    found = (stay_of(s, today, store.law, book) for s in read_open_states(store.engine).values())
    stays = [s for s in found if s is not None]
    bases: dict[str, Basis] = {}
    for stay in stays:
        if stay.basis in bases:
            continue
        bases[stay.basis] = _basis(stay, store, today)
    return Need(
        today=today,
        months=tuple(need_by_month(stays, today, months)),
        bases=tuple(bases[k] for k in sorted(bases)),
        cases=len(stays),
    )


def _basis(stay: Stay, store: EventStore, today: date) -> Basis:
    """What ``stay``'s figure rests on: its rule, and the assumption or rule that follows."""
    book, law = default_need_book(), store.law
    verified, length, source = True, None, None
    if stay.rule_id is not None:
        verified = law.book.resolve(stay.rule_id, today)[0].verified
    if stay.then in book.assumptions:
        assumption = book.assumptions[stay.then]
        verified = verified and assumption.verified
        length, source = assumption.length, assumption.source
    elif stay.then is not None:  # a rule of the rule book follows (the transfer period)
        rule = law.book.resolve(stay.then, today)[0]
        verified = verified and rule.verified
        length, source = rule.length, "; ".join(c.cite() for c in rule.legal_basis)
    return Basis(stay.basis, stay.rule_id, stay.citation, stay.then, length, source, verified)
