"""Adding up what the sites held: per site, per location type or per regime, and the share of
emergency places.

A *group* is a site (its id), a location type (its code) or a regime: whether the type is an
emergency location in the regimes in force that day (``Regime.emergency``) and its material
reception conditions, written ``emergency/sober`` or ``regular/full``. The *emergency share*
of a day is the places (and residents) in emergency location types over all places (and all
residents); the progress letter's aim is to make it smaller. A share of nothing is None.

>>> from datetime import date
>>> day = date(2026, 9, 30)
>>> pts = [SitePoint(day, "A", "AZC", 500, 450), SitePoint(day, "N", "NOODOPVANG", 300, 270)]
>>> [(t.group, t.occupied) for t in totals(pts, "type")]
[('AZC', 450), ('NOODOPVANG', 270)]
>>> emergency_share(pts)[0].occupied_share
0.375
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.reception.occupancy.history import SitePoint
from migrationpact.reception.regimes import Regime, RegimeBook, default_book

#: How a history may be grouped.
BY: tuple[str, ...] = ("site", "type", "regime")


@dataclass(frozen=True)
class Total:
    """The places and residents of one group on one day, and how many sites it counts."""

    day: date
    group: str
    sites: int
    capacity: int
    occupied: int

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "group": self.group,
            "sites": self.sites,
            "capacity": self.capacity,
            "occupied": self.occupied,
        }


@dataclass(frozen=True)
class EmergencyShare:
    """Places and residents in emergency location types, of all, on one day."""

    day: date
    emergency_capacity: int
    emergency_occupied: int
    capacity: int
    occupied: int

    @property
    def capacity_share(self) -> float | None:
        return _share(self.emergency_capacity, self.capacity)

    @property
    def occupied_share(self) -> float | None:
        return _share(self.emergency_occupied, self.occupied)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "emergency_capacity": self.emergency_capacity,
            "emergency_occupied": self.emergency_occupied,
            "capacity": self.capacity,
            "occupied": self.occupied,
            "capacity_share": self.capacity_share,
            "occupied_share": self.occupied_share,
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def regime_of(code: str, day: date, book: RegimeBook) -> Regime:
    """The regime of a location type on ``day`` (else the newest edition's: a type an older
    site was registered under keeps its meaning)."""
    regime = book.at(day).get(code)
    return regime if regime is not None else book.regime(code)


def group_of(point: SitePoint, by: str, book: RegimeBook) -> str:
    """The group ``point`` falls in when grouped ``by`` site, type or regime."""
    if by == "site":
        return point.site_id
    if by == "type":
        return point.location_type
    if by == "regime":
        regime = regime_of(point.location_type, point.day, book)
        return f"{'emergency' if regime.emergency else 'regular'}/{regime.material_conditions}"
    raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")


def totals(points: Iterable[SitePoint], by: str, book: RegimeBook | None = None) -> list[Total]:
    """The totals of each group on each day, by day and group."""
    book = book or default_book()
    sums: dict[tuple[date, str], tuple[int, int, int]] = {}
    for p in points:
        key = (p.day, group_of(p, by, book))
        sites, capacity, occupied = sums.get(key, (0, 0, 0))
        sums[key] = (sites + 1, capacity + p.capacity, occupied + p.occupied)
    return [Total(day, group, *sums[day, group]) for day, group in sorted(sums)]


def emergency_share(
    points: Iterable[SitePoint], book: RegimeBook | None = None, days: Iterable[date] = ()
) -> list[EmergencyShare]:
    """The emergency share of each day with a point (and of each of ``days``, empty or not)."""
    book = book or default_book()
    sums: dict[date, list[int]] = {day: [0, 0, 0, 0] for day in days}
    for p in points:
        row = sums.setdefault(p.day, [0, 0, 0, 0])
        if regime_of(p.location_type, p.day, book).emergency:
            row[0] += p.capacity
            row[1] += p.occupied
        row[2] += p.capacity
        row[3] += p.occupied
    return [EmergencyShare(day, *sums[day]) for day in sorted(sums)]
