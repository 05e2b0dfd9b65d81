"""The events of a site's stream, and the unit attributes they carry.

Every event has its ``type`` and ``occurred_at`` (when it was recorded, Dutch local time); the
days a site opens or closes or a municipality decides are fields of their own, because they are
often planned ahead or recorded after the fact. Capacities and counts are whole numbers of
places, never negative (a negative one is refused when the event is read).

>>> try:
...     parse_site_event({"type": "unit_capacity_changed", "occurred_at": "2026-07-01T10:00",
...                       "unit_id": "A", "capacity": -5})
... except SiteEventError as exc:
...     print(exc)
unit_capacity_changed: capacity: Input should be greater than or equal to 0
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from migrationpact.law.geo import Latitude, Longitude
from migrationpact.law.problems import event_types, first_problem

ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
PlacementBasis = Literal["proposal", "override", "manual"]
LeavingReason = Literal["moved", "departed", "transferred", "absconded", "housed", "other"]
#: A household's id: a case id, or ``family:`` and the family group's id (``placement``).
HOUSEHOLD = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
ConsentStatus = Literal["requested", "granted", "refused", "expired"]
TargetGroup = Literal["single-adults", "families", "unaccompanied-minors", "women", "dublin"]


class SiteEventError(ValueError):
    """A site event that does not have the shape of one (bad input, before any rule)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitAttributes(_Model):
    """Who a unit is for and what it offers (all false: a plain unit for single adults)."""

    families: bool = False
    single_adults: bool = False
    women_only: bool = False
    uam: bool = False
    age_min: int | None = Field(default=None, ge=0, le=17)
    age_max: int | None = Field(default=None, ge=0, le=17)
    accessible: bool = False
    medical: bool = False
    lgbti: bool = False

    @model_validator(mode="after")
    def _ages(self) -> Self:
        if (self.age_min is not None or self.age_max is not None) and not self.uam:
            raise ValueError("age_min and age_max belong to units for unaccompanied minors (uam)")
        if self.uam and (self.age_min is None or self.age_max is None):
            raise ValueError("a unit for unaccompanied minors (uam) needs age_min and age_max")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is above age_max")
        if self.uam and (self.families or self.single_adults):
            raise ValueError("a unit for unaccompanied minors houses no families or single adults")
        return self


class _Event(_Model):
    occurred_at: datetime


class SiteRegistered(_Event):
    type: Literal["site_registered"] = "site_registered"
    name: str = Field(min_length=1, max_length=200)
    municipality: str = Field(pattern=r"^GM[0-9]{4}$")
    location_type: str = Field(min_length=1, max_length=32)


class SiteLocated(_Event):
    """Where the site is: WGS 84 degrees (``law.geo``), for the kilometres to the IND offices
    that placement counts. A later one corrects or moves it."""

    type: Literal["site_located"] = "site_located"
    latitude: Latitude
    longitude: Longitude


class SiteOpened(_Event):
    type: Literal["site_opened"] = "site_opened"
    opens_on: date


class SiteClosed(_Event):
    type: Literal["site_closed"] = "site_closed"
    closes_on: date


class UnitAdded(_Event):
    type: Literal["unit_added"] = "unit_added"
    unit_id: str = Field(pattern=ID)
    capacity: int = Field(ge=0)
    attributes: UnitAttributes = UnitAttributes()


class UnitCapacityChanged(_Event):
    type: Literal["unit_capacity_changed"] = "unit_capacity_changed"
    unit_id: str = Field(pattern=ID)
    capacity: int = Field(ge=0)


class UnitAttributesChanged(_Event):
    type: Literal["unit_attributes_changed"] = "unit_attributes_changed"
    unit_id: str = Field(pattern=ID)
    attributes: UnitAttributes


class UnitOccupancyCounted(_Event):
    """A count of the people living in a unit who were not placed through this system (placed
    there before it kept placements, or by hand elsewhere): the unit's ``occupied`` becomes this
    count plus the persons of the households placed there (``household_placed``)."""

    type: Literal["unit_occupancy_counted"] = "unit_occupancy_counted"
    unit_id: str = Field(pattern=ID)
    occupied: int = Field(ge=0)


class UnitClosed(_Event):
    type: Literal["unit_closed"] = "unit_closed"
    unit_id: str = Field(pattern=ID)


class HouseholdPlaced(_Event):
    """A household got a place in a unit: its cases, its persons, from ``placed_on``. ``basis``
    says who chose the unit: the solver's proposal, a planner's override of it (``reason``
    required), or a planner by hand."""

    type: Literal["household_placed"] = "household_placed"
    unit_id: str = Field(pattern=ID)
    household: str = Field(pattern=HOUSEHOLD)
    cases: tuple[str, ...] = Field(min_length=1)
    persons: int = Field(ge=1)
    placed_on: date
    basis: PlacementBasis
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if len(set(self.cases)) != len(self.cases):
            raise ValueError("a case is named twice")
        if any(not c.strip() for c in self.cases):
            raise ValueError("a case id is empty")
        if self.basis == "override" and not (self.reason or "").strip():
            raise ValueError("an override needs a reason")
        return self


class HouseholdLeft(_Event):
    """A household left the site on ``left_on``, for ``reason`` (``moved``: to another unit)."""

    type: Literal["household_left"] = "household_left"
    household: str = Field(pattern=HOUSEHOLD)
    left_on: date
    reason: LeavingReason


class MunicipalConsentRecorded(_Event):
    type: Literal["municipal_consent_recorded"] = "municipal_consent_recorded"
    status: ConsentStatus
    requested_on: date
    decided_on: date | None = None
    valid_until: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.status in ("granted", "refused") and self.decided_on is None:
            raise ValueError(f"a consent {self.status} needs decided_on")
        if self.decided_on is not None and self.decided_on < self.requested_on:
            raise ValueError("decided_on lies before requested_on")
        if self.valid_until is not None and self.status not in ("granted", "expired"):
            raise ValueError("valid_until belongs to a granted (or expired) consent")
        return self


class AdmissionRulesAgreed(_Event):
    type: Literal["admission_rules_agreed"] = "admission_rules_agreed"
    agreed_on: date
    max_residents: int | None = Field(default=None, ge=0)
    target_groups: tuple[TargetGroup, ...] = ()


SiteEvent = Annotated[
    SiteRegistered
    | SiteOpened
    | SiteClosed
    | UnitAdded
    | UnitCapacityChanged
    | UnitAttributesChanged
    | UnitOccupancyCounted
    | UnitClosed
    | HouseholdPlaced
    | HouseholdLeft
    | MunicipalConsentRecorded
    | AdmissionRulesAgreed
    | SiteLocated,
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(SiteEvent)

#: Every event type of the kind, in the order of the union above (read off it: one list).
SITE_EVENT_TYPES: tuple[str, ...] = event_types(SiteEvent)


def parse_site_event(data: Any) -> Any:
    """A site event from its JSON data, or one ``SiteEventError`` naming the first problem."""
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise SiteEventError(str(first_problem(exc, data))) from None


def split_site_event(event: Any) -> tuple[str, datetime, dict[str, Any]]:
    """The stored parts of an event: type, moment, and the rest as JSON data."""
    payload = event.model_dump(mode="json", exclude={"type", "occurred_at"})
    return event.type, event.occurred_at, payload


def join_site_event(type_: str, occurred_at: datetime, payload: dict[str, Any]) -> Any:
    """The event again from its stored parts."""
    return parse_site_event({**payload, "type": type_, "occurred_at": occurred_at})
