"""A site's state: what its events add up to, kept as one JSON document per site.

``SiteState`` is frozen; ``decide`` makes a new one for every event. Units keep the order they
were added in. A unit's ``occupied`` is everyone living there: the last count of the people
not placed through the system plus the persons of the ``residents`` placed in it. A document
stored before placements were events reads with no residents. ``stays`` is the site's history
of placements, every one in placing order, with the day the household left (None: it still
lives here); the statistics count the persons in reception on a day from it
(``store.reception_stays``). ``to_document``/``from_document`` are the codec the store keeps the
state with.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from migrationpact.reception.sites.events import ConsentStatus, TargetGroup, UnitAttributes

SiteStatus = Literal["registered", "open", "closed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(_Model):
    unit_id: str
    capacity: int
    attributes: UnitAttributes = UnitAttributes()
    occupied: int = 0
    closed: bool = False


class Resident(_Model):
    """A household living at the site: where, its cases and persons, and since when."""

    household: str
    unit_id: str
    cases: tuple[str, ...]
    persons: int
    since: date


class Stay(_Model):
    """One placement of a household at the site: its cases, from ``placed_on`` until
    ``left_on`` (the day it left; None: it lives here still)."""

    household: str
    cases: tuple[str, ...]
    placed_on: date
    left_on: date | None = None


class Consent(_Model):
    status: ConsentStatus
    requested_on: date
    decided_on: date | None = None
    valid_until: date | None = None


class AdmissionRules(_Model):
    agreed_on: date
    max_residents: int | None = None
    target_groups: tuple[TargetGroup, ...] = ()


class SiteState(_Model):
    site_id: str
    seq: int = 0
    name: str = ""
    municipality: str = ""
    location_type: str = ""
    status: SiteStatus | None = None  # None: not registered yet
    opened_on: date | None = None
    closed_on: date | None = None
    units: tuple[Unit, ...] = ()
    consent: Consent | None = None
    admission_rules: AdmissionRules | None = None
    #: Where the site is (latitude, longitude; ``site_located``); None: not recorded.
    coordinates: tuple[float, float] | None = None
    #: The households placed here (``household_placed``) that have not left, in placing order.
    residents: tuple[Resident, ...] = ()
    #: Every placement at the site in placing order, the ended ones with their ``left_on``.
    stays: tuple[Stay, ...] = ()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    @property
    def capacity(self) -> int:
        """Places in the units that are not closed."""
        return sum(u.capacity for u in self.units if not u.closed)

    @property
    def occupied(self) -> int:
        return sum(u.occupied for u in self.units if not u.closed)

    def resident(self, household: str) -> Resident | None:
        return next((r for r in self.residents if r.household == household), None)

    def placed_in(self, unit_id: str) -> int:
        """The persons of the households placed in the unit (the rest of its ``occupied``
        is the last count of the people not placed through the system)."""
        return sum(r.persons for r in self.residents if r.unit_id == unit_id)


def initial_site(site_id: str) -> SiteState:
    """The state of a site no event has touched yet."""
    return SiteState(site_id=site_id)


def to_document(state: SiteState) -> dict[str, Any]:
    return state.model_dump(mode="json")


def from_document(data: Any) -> SiteState:
    return SiteState.model_validate(data)
