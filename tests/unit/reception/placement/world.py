"""Small placement problems built by hand for the tests."""

from __future__ import annotations

from typing import Any, Literal, cast

from migrationpact.reception.placement import (
    Household,
    IndOffice,
    Member,
    PlacementInput,
    Site,
    Unit,
)
from migrationpact.reception.placement.model import LocationType

OFFICE = IndOffice(id="ter-apel", coordinates=(52.88, 7.07))


def adult(hid: str, sex: Literal["F", "M", "X"] = "M", **fields: Any) -> Household:
    return Household(
        id=hid, members=(Member(age=30, sex=sex),), composition="single-adult", **fields
    )


def family(hid: str, ages: tuple[int, ...] = (35, 33, 8), **fields: Any) -> Household:
    girls: list[Literal["F", "M", "X"]] = ["F"] * len(ages)
    sexes: list[Literal["F", "M", "X"]] = ["F", "M", *girls]
    members = tuple(Member(age=a, sex=s) for a, s in zip(ages, sexes, strict=False))
    return Household(id=hid, members=members, composition="family", **fields)


def minor(hid: str, age: int, **fields: Any) -> Household:
    return Household(id=hid, members=(Member(age=age, sex="M"),), composition="uam", **fields)


def site(sid: str, municipality: str = "Westerwolde", kind: str = "AZC", km: float = 0.0) -> Site:
    return Site(
        id=sid,
        municipality=municipality,
        location_type=cast(LocationType, kind),
        ind_distance_km={"ter-apel": km},
    )


def unit(uid: str, site_id: str, kind: str = "AZC", free: int = 10, **attributes: Any) -> Unit:
    attributes.setdefault("single_adults", "families" not in attributes and "uam" not in attributes)
    return Unit(
        id=uid,
        site=site_id,
        location_type=cast(LocationType, kind),
        capacity=free + 5,
        occupancy=5,
        **attributes,
    )


def problem(
    households: list[Household], units: list[Unit], sites: list[Site], **fields: Any
) -> PlacementInput:
    return PlacementInput(
        households=tuple(households),
        units=tuple(units),
        sites=tuple(sites),
        ind_offices=(OFFICE,),
        **fields,
    )
