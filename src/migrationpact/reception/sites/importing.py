"""A sites file, and the events that bring the stored sites in line with it.

A sites file (YAML or JSON) lists sites with their units, as COA's planners keep them::

    sites:
      - id: TER-APEL-COL
        name: Ter Apel, centrale ontvangstlocatie
        municipality: GM1950          # CBS code
        location_type: COL            # a code of the regimes
        opens_on: 2017-01-01          # optional; closes_on likewise
        coordinates: [52.88, 7.07]    # optional; latitude, longitude (WGS 84)
        consent: {status: granted, requested_on: 2016-03-01, decided_on: 2016-06-01}
        admission_rules: {agreed_on: 2016-06-01, max_residents: 2000}
        units:
          - {id: A, capacity: 500, attributes: {single_adults: true}}

``plan_import`` compares the file with the sites' current states and returns, per site, only
the events of what changed: a new site is registered with everything it has; a known site gets
an event per capacity, attribute, count, consent, rule, location, opening or closing that
differs. A unit
the file leaves out is left as it is (closing one is ``closed: true``). A change to a site's
registration (name, municipality, type) is refused: that is another site. Every planned event is
run through ``decide`` before anything is returned, so a bad file fails as a whole, with the
first refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from migrationpact.law.geo import Point
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused, decide_site
from migrationpact.reception.sites.state import AdmissionRules, Consent, SiteState, initial_site


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitSpec(_Model):
    id: str = Field(pattern=ev.ID)
    capacity: int = Field(ge=0)
    attributes: ev.UnitAttributes = ev.UnitAttributes()
    occupied: int | None = Field(default=None, ge=0)
    closed: bool = False


class SiteSpec(_Model):
    id: str = Field(pattern=ev.ID)
    name: str = Field(min_length=1, max_length=200)
    municipality: str = Field(pattern=r"^GM[0-9]{4}$")
    location_type: str = Field(min_length=1, max_length=32)
    opens_on: date | None = None
    closes_on: date | None = None
    coordinates: Point | None = None
    consent: Consent | None = None
    admission_rules: AdmissionRules | None = None
    units: tuple[UnitSpec, ...] = ()

    @model_validator(mode="after")
    def _units_once(self) -> Self:
        ids = [u.id for u in self.units]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"unit listed twice: {', '.join(twice)}")
        return self


class SitesFile(_Model):
    sites: tuple[SiteSpec, ...]

    @model_validator(mode="after")
    def _sites_once(self) -> Self:
        ids = [s.id for s in self.sites]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"site listed twice: {', '.join(twice)}")
        return self


def read_sites_file(data: Any) -> SitesFile:
    """The sites file from its parsed YAML/JSON data; ``SiteRefused`` naming the first problem."""
    try:
        return SitesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _where(data, err["loc"])
        raise SiteRefused(f"{where}: {err['msg'].removeprefix('Value error, ')}") from None


def _where(data: Any, loc: tuple[Any, ...]) -> str:
    """``sites[2] (id AZC-X).units[0].capacity``: the place of a problem, with the site's id."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and "id" in node:
                parts[-1] += f" (id {node['id']})"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "file"


def plan_import(
    sites_file: SitesFile, states: Mapping[str, SiteState], at: datetime
) -> list[tuple[str, int, list[Any]]]:
    """Per site that changes: its id, its current seq, and the events to record (at ``at``)."""
    planned = []
    for spec in sites_file.sites:
        state = states.get(spec.id) or initial_site(spec.id)
        events = _events(spec, state, at)
        for event in events:  # refuse the whole file on the first bad step
            state = decide_site(state, event)
        if events:
            planned.append((spec.id, states[spec.id].seq if spec.id in states else 0, events))
    return planned


def _events(spec: SiteSpec, state: SiteState, at: datetime) -> list[Any]:
    out: list[Any] = []
    if state.status is None:
        out.append(
            ev.SiteRegistered(
                occurred_at=at,
                name=spec.name,
                municipality=spec.municipality,
                location_type=spec.location_type,
            )
        )
    else:
        for field in ("name", "municipality", "location_type"):
            if getattr(spec, field) != getattr(state, field):
                raise SiteRefused(
                    f"site {spec.id}: {field} {getattr(spec, field)!r} differs from the registered "
                    f"{getattr(state, field)!r}; an import does not change a site's registration"
                )
    if spec.coordinates is not None and spec.coordinates != state.coordinates:
        latitude, longitude = spec.coordinates
        out.append(ev.SiteLocated(occurred_at=at, latitude=latitude, longitude=longitude))
    if spec.opens_on is not None and state.opened_on is None:
        out.append(ev.SiteOpened(occurred_at=at, opens_on=spec.opens_on))
    if spec.consent is not None and spec.consent != state.consent:
        out.append(ev.MunicipalConsentRecorded(occurred_at=at, **spec.consent.model_dump()))
    if spec.admission_rules is not None and spec.admission_rules != state.admission_rules:
        out.append(ev.AdmissionRulesAgreed(occurred_at=at, **spec.admission_rules.model_dump()))
    for unit in spec.units:
        out += _unit_events(unit, state, at)
    if spec.closes_on is not None and state.closed_on is None:
        out.append(ev.SiteClosed(occurred_at=at, closes_on=spec.closes_on))
    return out


def _unit_events(unit: UnitSpec, state: SiteState, at: datetime) -> list[Any]:
    current = state.unit(unit.id)
    out: list[Any] = []
    if current is None:
        out.append(
            ev.UnitAdded(
                occurred_at=at, unit_id=unit.id, capacity=unit.capacity, attributes=unit.attributes
            )
        )
    else:
        if current.closed:
            return []  # a closed unit stays closed; the file may still list it
        if unit.attributes != current.attributes:
            out.append(
                ev.UnitAttributesChanged(
                    occurred_at=at, unit_id=unit.id, attributes=unit.attributes
                )
            )
    # the file counts the people not placed through the system, as the count event does
    occupied = current.occupied - state.placed_in(unit.id) if current is not None else 0
    new_count = unit.occupied is not None and unit.occupied != occupied
    grows = current is not None and unit.capacity > current.capacity
    if current is not None and unit.capacity != current.capacity and grows:
        out.append(ev.UnitCapacityChanged(occurred_at=at, unit_id=unit.id, capacity=unit.capacity))
    if new_count:
        out.append(
            ev.UnitOccupancyCounted(occurred_at=at, unit_id=unit.id, occupied=unit.occupied or 0)
        )
    if current is not None and unit.capacity != current.capacity and not grows:
        # a unit shrinks after its new count, so a smaller count can make room first
        out.append(ev.UnitCapacityChanged(occurred_at=at, unit_id=unit.id, capacity=unit.capacity))
    if unit.closed:
        out.append(ev.UnitClosed(occurred_at=at, unit_id=unit.id))
    return out
