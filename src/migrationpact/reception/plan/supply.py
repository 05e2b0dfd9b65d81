"""The supply side: the sites that may shelter Dublin claimants, and their places month by month.

A site takes part when it is a Dublin shelter location (type ``DOL``) or its agreed admission
rules name the target group ``dublin`` (a site *mixing* Dublin claimants, under the DOL regime,
with the groups and regime of its own type). Per site the plan shows which target groups may
live there (the admission rules' list, else what its regime ``admits``) and which regimes meet
there.

Places a site offers:

* a DOL site: its places (the open units, at most the agreed maximum of residents);
  a mixing site: only its free places (places less residents), since its other groups keep
  theirs;
* **none** in a month without granted municipal consent (no consent recorded, requested,
  refused, expired, or granted but no longer valid): such a site is *held back*, with the
  places it would add;
* none before its opening month, without an opening day (held back too), or from its closing;
* a site opening in or after the plan's first month builds up: at most ``build_up`` places in
  its opening month, ``2 × build_up`` in the next, and so on up to its places. A site open
  before the plan starts has all its places.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from migrationpact.reception.plan.months import month_of, months_between
from migrationpact.reception.regimes import RegimeBook
from migrationpact.reception.sites.state import SiteState

DUBLIN_TYPE = "DOL"
HeldBack = Literal["no-consent", "no-opening-day"]

#: The admission rules' target group for each group a regime admits.
_ADMITS = (
    ("single_adults", "single-adults"),
    ("families", "families"),
    ("unaccompanied_minors", "unaccompanied-minors"),
)


class ShelterSite(BaseModel):
    """A site as the plan sees it (dates as days, places as counts)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site_id: str
    name: str
    municipality: str
    location_type: str
    consent_status: str | None
    consent_valid_until: date | None
    opened_on: date | None
    closed_on: date | None
    places: int
    counts: Literal["all-places", "free-places"]
    target_groups: tuple[str, ...]
    regimes: tuple[str, ...]
    mixing: bool

    def consented(self, month: date) -> bool:
        """Granted municipal consent that is still valid in ``month``."""
        valid = self.consent_valid_until is None or self.consent_valid_until >= month
        return self.consent_status == "granted" and valid

    def closed(self, month: date) -> bool:
        return self.closed_on is not None and month_of(self.closed_on) <= month

    def held_back(self, month: date) -> HeldBack | None:
        """Why the site adds nothing in ``month`` though it could, or None."""
        if self.closed(month):
            return None
        if not self.consented(month):
            return "no-consent"
        return "no-opening-day" if self.opened_on is None else None

    def capacity(self, month: date, *, start: date, build_up: int) -> int:
        """Places the site offers in ``month`` of a plan starting in ``start`` (module text)."""
        if self.opened_on is None or self.closed(month) or not self.consented(month):
            return 0
        opening = month_of(self.opened_on)
        if opening < start:
            return self.places
        if month < opening:
            return 0
        built = build_up * (months_between(opening, month) + 1)
        return min(self.places, built)


def shelter_sites(sites: Iterable[SiteState], book: RegimeBook) -> list[ShelterSite]:
    """The sites that may shelter Dublin claimants, in the order they are filled: by opening
    day (sites without one last), then id."""
    found = [_shelter(s, book) for s in sites if _takes_dublin(s)]
    return sorted(found, key=lambda s: (s.opened_on or date.max, s.site_id))


def _takes_dublin(site: SiteState) -> bool:
    if site.status is None:
        return False
    rules = site.admission_rules
    return site.location_type == DUBLIN_TYPE or (
        rules is not None and "dublin" in rules.target_groups
    )


def _shelter(site: SiteState, book: RegimeBook) -> ShelterSite:
    own = book.regime(site.location_type)
    rules = site.admission_rules
    mixing = site.location_type != DUBLIN_TYPE
    groups: tuple[str, ...]
    if rules is not None and rules.target_groups:
        groups = tuple(rules.target_groups)
    else:
        groups = tuple(group for field, group in _ADMITS if getattr(own.admits, field))
        groups += () if mixing else ("dublin",)
    places = site.capacity
    if rules is not None and rules.max_residents is not None:
        places = min(places, rules.max_residents)
    if mixing:
        places = max(0, places - site.occupied)
    return ShelterSite(
        site_id=site.site_id,
        name=site.name,
        municipality=site.municipality,
        location_type=site.location_type,
        consent_status=site.consent.status if site.consent else None,
        consent_valid_until=site.consent.valid_until if site.consent else None,
        opened_on=site.opened_on,
        closed_on=site.closed_on,
        places=places,
        counts="free-places" if mixing else "all-places",
        target_groups=groups,
        regimes=(site.location_type, DUBLIN_TYPE) if mixing else (DUBLIN_TYPE,),
        mixing=mixing,
    )
