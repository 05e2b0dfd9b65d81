"""What each site held on a given day: its events folded up to that day.

Which date counts:

- a change counts from the day it was recorded as happening (the event's ``occurred_at``, Dutch
  time): a site's state on day D is its events with ``occurred_at`` on or before D, folded in
  the stream's order through ``decide_site``; the fold stops at the first later event, so every
  state read is one the site's rules accepted (an event recorded late but dated early counts
  from the first day all events before it count);
- a site's places and residents count on D only when the site is *in use* on D: opened
  (``opens_on`` on or before D) and not yet closed (``closes_on`` after D). A site registered
  with an opening day ahead counts from that day; a closing recorded ahead leaves the site's
  last state before the closing in use until its ``closes_on``.

Placement events that change ``Unit.occupied`` need nothing here: whatever ``decide_site``
makes of them is what ``SiteState.capacity`` and ``.occupied`` say.

>>> from datetime import datetime
>>> from migrationpact.reception.sites import events as ev
>>> at = datetime(2026, 7, 1, 9)
>>> stream = [ev.SiteRegistered(occurred_at=at, name="X", municipality="GM1950",
...     location_type="AZC"), ev.SiteOpened(occurred_at=at, opens_on=date(2026, 7, 6)),
...     ev.UnitAdded(occurred_at=at, unit_id="A", capacity=10)]
>>> site_on(stream, date(2026, 7, 5)) is None, site_on(stream, date(2026, 7, 6)).capacity
(True, 10)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from migrationpact.law.periods.engine import add_months
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import decide_site, initial_site
from migrationpact.reception.sites.state import SiteState

Every = Literal["day", "week", "month"]
#: How often a history takes a point.
EVERY: tuple[str, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class SitePoint:
    """One site in use on one day: its location type, places and residents."""

    day: date
    site_id: str
    location_type: str
    capacity: int
    occupied: int


def in_use(state: SiteState | None, day: date) -> bool:
    """Whether a site's state counts on ``day`` (opened by then, not closed yet)."""
    if state is None or state.opened_on is None or state.opened_on > day:
        return False
    return state.closed_on is None or state.closed_on > day


def _fold(
    stream: Sequence[Any], days: Sequence[date], site_id: str = "site"
) -> list[SiteState | None]:
    """The state in use on each of ``days`` (sorted), in one pass over the stream."""
    found: list[SiteState | None] = []
    state: SiteState | None = None
    open_before_close: SiteState | None = None
    n = 0
    for day in days:
        while n < len(stream) and stream[n].occurred_at.date() <= day:
            event = stream[n]
            before = state if state is not None else initial_site(site_id)
            if isinstance(event, ev.SiteClosed):
                open_before_close = before
            state = decide_site(before, event)
            n += 1
        shown = state
        if state is not None and state.closed_on is not None and state.closed_on > day:
            # A closing recorded ahead: the site is used as it was until it closes.
            shown = (open_before_close or state).model_copy(update={"closed_on": state.closed_on})
        found.append(shown if in_use(shown, day) else None)
    return found


def site_on(stream: Sequence[Any], day: date) -> SiteState | None:
    """The site's state in use on ``day`` (None: not in use that day)."""
    return _fold(stream, [day])[0]


def points(streams: Mapping[str, Sequence[Any]], days: Iterable[date]) -> list[SitePoint]:
    """Every site in use on each of ``days``, by day and site id (streams by site id, each
    in seq order)."""
    ordered = sorted(set(days))
    out: list[SitePoint] = []
    for site_id in sorted(streams):
        for day, state in zip(ordered, _fold(streams[site_id], ordered, site_id), strict=True):
            if state is not None:
                out.append(
                    SitePoint(day, site_id, state.location_type, state.capacity, state.occupied)
                )
    out.sort(key=lambda p: (p.day, p.site_id))
    return out


def the_days(start: date, end: date, every: str) -> list[date]:
    """The days a history shows from ``start`` to ``end``: every day; each Sunday (the end of
    an ISO week); or each month's last day, and ``end`` itself as the last point.

    >>> the_days(date(2026, 1, 15), date(2026, 3, 10), "month")
    [datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 10)]
    """
    if every not in EVERY:
        raise ValueError(f"every must be one of {', '.join(EVERY)}, not {every!r}")
    if start > end:
        raise ValueError(f"the first day {start.isoformat()} lies after the last {end.isoformat()}")
    if every == "day":
        found = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    elif every == "week":
        first = start + timedelta(days=6 - start.weekday())
        found = [first + timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]
    else:
        found, month = [], start.replace(day=1)
        while True:
            last = add_months(month, 1) - timedelta(days=1)
            if last > end:
                break
            found.append(last)
            month = add_months(month, 1)
    return [d for d in found if d <= end and d != end] + [end]
