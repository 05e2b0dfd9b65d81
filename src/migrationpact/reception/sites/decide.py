"""The rules of a site's stream: ``decide`` applies one event to a site's state, or refuses it.

A refusal is a ``SiteRefused`` (a ``ValueError``) whose message names the site, the unit and the
rule, so the command line prints it as it is and nothing is written. The rules:

- a site is registered once, in a municipality of the CBS list and with a location type of the
  regimes in force that day; nothing else happens to a site that is not registered;
- a site opens once and closes once; it closes on or after the day it opened; a closed site
  takes no more changes, and closing it closes its units;
- a unit is added once per site; changes name a unit the site has and that is not closed;
- a capacity never drops below the unit's people (``occupied``); a unit with people in it does
  not close, nor does a site; a count never exceeds the capacity;
- a change that changes nothing (the same capacity, the same attributes) is refused, so every
  event in the history says something;
- a household is placed only at an open site, in a unit it has that is not closed, and only
  into free places (``persons`` at most the capacity less ``occupied``); a household lives at
  one unit of a site at a time, and so does each of its cases; only a household that lives
  there leaves, not before the day it was placed. Placing adds its persons to the unit's
  ``occupied``, leaving takes them off again; a count (``unit_occupancy_counted``) is of the
  people not placed through the system, so ``occupied`` becomes the count plus the persons
  placed there;
- municipal consent goes requested → granted or refused, granted → expired (a new request may
  follow a refusal or an expiry).

>>> from datetime import datetime
>>> from migrationpact.reception.sites.events import SiteRegistered
>>> at = datetime(2026, 7, 1, 9)
>>> site = decide_site(initial_site("S"), SiteRegistered(occurred_at=at, name="X",
...     municipality="GM1950", location_type="COL"))
>>> site.status, site.seq
('registered', 1)
>>> try:
...     decide_site(site, SiteRegistered(occurred_at=at, name="X", municipality="GM1950",
...         location_type="COL"))
... except SiteRefused as exc:
...     print(exc)
site S is registered already
"""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.law.geo import in_netherlands
from migrationpact.reception import municipalities
from migrationpact.reception.regimes import RegimeBook, default_book
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.state import (
    AdmissionRules,
    Consent,
    Resident,
    SiteState,
    Stay,
    Unit,
    initial_site,
)

__all__ = ["SiteRefused", "decide_site", "initial_site"]

#: Which consent status may follow which (None: no consent recorded yet).
_CONSENT_NEXT: dict[str | None, frozenset[str]] = {
    None: frozenset({"requested", "granted", "refused"}),
    "requested": frozenset({"granted", "refused"}),
    "granted": frozenset({"expired"}),
    "refused": frozenset({"requested"}),
    "expired": frozenset({"requested"}),
}


class SiteRefused(ValueError):  # noqa: N818 - read as the refusal itself
    """The event breaks a rule of the site's stream; the message says which."""


def decide_site(
    state: SiteState, event: Any, law: Any = None, *, regimes: RegimeBook | None = None
) -> SiteState:
    """The site's state after ``event`` (``law`` is the store's and unused: a site's rules are
    its own; ``regimes`` defaults to the shipped regimes)."""
    sid = state.site_id
    if isinstance(event, ev.SiteRegistered):
        return _register(state, event, regimes or default_book())
    if state.status is None:
        raise SiteRefused(f"site {sid} is not registered")
    if state.status == "closed":
        raise SiteRefused(f"site {sid} is closed; it takes no more changes")
    changed = _apply(state, event)
    return changed.model_copy(update={"seq": state.seq + 1})


def _register(state: SiteState, event: ev.SiteRegistered, regimes: RegimeBook) -> SiteState:
    if state.status is not None:
        raise SiteRefused(f"site {state.site_id} is registered already")
    if not municipalities.known(event.municipality):
        raise SiteRefused(
            f"site {state.site_id}: {event.municipality} is not a CBS municipality code"
        )
    known = regimes.codes(event.occurred_at.date())
    if event.location_type not in known:
        raise SiteRefused(
            f"site {state.site_id}: unknown location type {event.location_type!r} "
            f"(known: {', '.join(known)})"
        )
    return state.model_copy(
        update={
            "seq": state.seq + 1,
            "name": event.name,
            "municipality": event.municipality,
            "location_type": event.location_type,
            "status": "registered",
        }
    )


def _apply(state: SiteState, event: Any) -> SiteState:
    sid = state.site_id
    if isinstance(event, ev.SiteOpened):
        if state.status == "open":
            raise SiteRefused(f"site {sid} is open already")
        return state.model_copy(update={"status": "open", "opened_on": event.opens_on})
    if isinstance(event, ev.SiteClosed):
        return _close(state, event)
    if isinstance(event, ev.UnitAdded):
        if state.unit(event.unit_id) is not None:
            raise SiteRefused(f"site {sid} has a unit {event.unit_id} already")
        unit = Unit(unit_id=event.unit_id, capacity=event.capacity, attributes=event.attributes)
        return state.model_copy(update={"units": (*state.units, unit)})
    if isinstance(event, ev.MunicipalConsentRecorded):
        return _consent(state, event)
    if isinstance(event, ev.AdmissionRulesAgreed):
        rules = AdmissionRules(**event.model_dump(exclude={"type", "occurred_at"}))
        if rules == state.admission_rules:
            raise SiteRefused(f"site {sid}: these admission rules are agreed already")
        return state.model_copy(update={"admission_rules": rules})
    if isinstance(event, ev.SiteLocated):
        return _locate(state, event)
    if isinstance(event, ev.HouseholdPlaced):
        return _place(state, event)
    if isinstance(event, ev.HouseholdLeft):
        return _leave(state, event)
    return _change_unit(state, event)


def _locate(state: SiteState, event: ev.SiteLocated) -> SiteState:
    point = (event.latitude, event.longitude)
    if not in_netherlands(point):
        raise SiteRefused(
            f"site {state.site_id}: coordinates {event.latitude}, {event.longitude} lie outside "
            "the Netherlands (latitude first, then longitude)"
        )
    if point == state.coordinates:
        raise SiteRefused(f"site {state.site_id} is located there already")
    return state.model_copy(update={"coordinates": point})


def _place(state: SiteState, event: ev.HouseholdPlaced) -> SiteState:
    sid = state.site_id
    if state.status != "open":
        raise SiteRefused(f"site {sid} is not open; nobody is placed there")
    unit = state.unit(event.unit_id)
    if unit is None:
        raise SiteRefused(f"site {sid} has no unit {event.unit_id}")
    where = f"unit {unit.unit_id} of site {sid}"
    if unit.closed:
        raise SiteRefused(f"{where} is closed")
    if state.resident(event.household) is not None:
        raise SiteRefused(f"household {event.household} lives at site {sid} already")
    for resident in state.residents:
        twice = sorted(set(resident.cases) & set(event.cases))
        if twice:
            raise SiteRefused(
                f"case {twice[0]} lives at site {sid} already (household {resident.household})"
            )
    free = unit.capacity - unit.occupied
    if event.persons > free:
        raise SiteRefused(
            f"{where} has {free} free place(s); household {event.household} "
            f"of {event.persons} does not fit"
        )
    resident = Resident(
        household=event.household,
        unit_id=unit.unit_id,
        cases=event.cases,
        persons=event.persons,
        since=event.placed_on,
    )
    changed = unit.model_copy(update={"occupied": unit.occupied + event.persons})
    stay = Stay(household=event.household, cases=event.cases, placed_on=event.placed_on)
    return state.model_copy(
        update={
            "units": _swap(state, changed),
            "residents": (*state.residents, resident),
            "stays": (*state.stays, stay),
        }
    )


def _leave(state: SiteState, event: ev.HouseholdLeft) -> SiteState:
    sid = state.site_id
    resident = state.resident(event.household)
    if resident is None:
        raise SiteRefused(f"household {event.household} does not live at site {sid}")
    if event.left_on < resident.since:
        raise SiteRefused(
            f"household {event.household} cannot leave site {sid} on "
            f"{event.left_on.isoformat()}, before it was placed ({resident.since.isoformat()})"
        )
    unit = state.unit(resident.unit_id)
    assert unit is not None  # a resident's unit is never removed
    changed = unit.model_copy(update={"occupied": unit.occupied - resident.persons})
    residents = tuple(r for r in state.residents if r.household != event.household)
    return state.model_copy(
        update={
            "units": _swap(state, changed),
            "residents": residents,
            "stays": _ended(state.stays, event.household, event.left_on),
        }
    )


def _ended(stays: tuple[Stay, ...], household: str, left_on: date) -> tuple[Stay, ...]:
    """The stays with the household's open one ended on ``left_on`` (a site stored before
    stays were kept may have none open: nothing to end)."""
    open_ = [i for i, s in enumerate(stays) if s.household == household and s.left_on is None]
    if not open_:
        return stays
    i = open_[-1]
    return (*stays[:i], stays[i].model_copy(update={"left_on": left_on}), *stays[i + 1 :])


def _swap(state: SiteState, changed: Unit) -> tuple[Unit, ...]:
    return tuple(changed if u.unit_id == changed.unit_id else u for u in state.units)


def _close(state: SiteState, event: ev.SiteClosed) -> SiteState:
    sid = state.site_id
    if state.opened_on is not None and event.closes_on < state.opened_on:
        raise SiteRefused(
            f"site {sid} cannot close on {event.closes_on.isoformat()}, before it opened "
            f"({state.opened_on.isoformat()})"
        )
    if state.occupied:
        raise SiteRefused(f"site {sid} cannot close: {state.occupied} people still live there")
    units = tuple(u.model_copy(update={"closed": True}) for u in state.units)
    return state.model_copy(
        update={"status": "closed", "closed_on": event.closes_on, "units": units}
    )


def _consent(state: SiteState, event: ev.MunicipalConsentRecorded) -> SiteState:
    current = state.consent.status if state.consent is not None else None
    if event.status not in _CONSENT_NEXT[current]:
        now = current or "no consent recorded"
        raise SiteRefused(f"site {state.site_id}: consent cannot become {event.status} after {now}")
    consent = Consent(**event.model_dump(exclude={"type", "occurred_at"}))
    return state.model_copy(update={"consent": consent})


def _change_unit(state: SiteState, event: Any) -> SiteState:
    sid = state.site_id
    unit = state.unit(event.unit_id)
    if unit is None:
        raise SiteRefused(f"site {sid} has no unit {event.unit_id}")
    if unit.closed:
        raise SiteRefused(f"unit {event.unit_id} of site {sid} is closed")
    where = f"unit {unit.unit_id} of site {sid}"
    if isinstance(event, ev.UnitCapacityChanged):
        if event.capacity == unit.capacity:
            raise SiteRefused(f"{where} has {unit.capacity} places already")
        if event.capacity < unit.occupied:
            raise SiteRefused(
                f"{where} cannot shrink to {event.capacity} places: "
                f"{unit.occupied} people live there"
            )
        changed = unit.model_copy(update={"capacity": event.capacity})
    elif isinstance(event, ev.UnitAttributesChanged):
        if event.attributes == unit.attributes:
            raise SiteRefused(f"{where} has these attributes already")
        changed = unit.model_copy(update={"attributes": event.attributes})
    elif isinstance(event, ev.UnitOccupancyCounted):
        placed = state.placed_in(unit.unit_id)
        if event.occupied + placed > unit.capacity:
            also = f" counted and {placed} placed" if placed else ""
            raise SiteRefused(
                f"{where} has {unit.capacity} places; {event.occupied} people{also} exceed "
                "its capacity"
            )
        changed = unit.model_copy(update={"occupied": event.occupied + placed})
    elif isinstance(event, ev.UnitClosed):
        if unit.occupied:
            raise SiteRefused(f"{where} cannot close: {unit.occupied} people live there")
        changed = unit.model_copy(update={"closed": True})
    else:
        raise SiteRefused(f"site {sid}: {type(event).__name__} is not a site event")
    return state.model_copy(update={"units": _swap(state, changed)})
