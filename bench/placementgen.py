"""A Dutch reception network and a queue of households for the placement benchmark.

Deterministic for a seed (``random.Random``). The shape follows ``shared/data/calibration.md``
§6–7 and COA's public pages, at illustrative scale: central reception at Ter Apel and Budel
(with the minors' COL-AMV at Ter Apel), process locations near the IND offices, about 150
AZCs of 300–1,500 places in wings of 20–120, small units for unaccompanied minors (KWV) and
Nidos placements, emergency and crisis emergency locations (a fifth of the places), municipal
locations, one IBO and one HTL, freedom-restricting locations (VBL, GL), border locations and a
Dublin shelter pilot. Occupancy is about 92 %. The households: 58 % single adults (three in four
men), 35 % families of 2–7, 7 % unaccompanied minors (mostly 15–17); a quarter already live in
a unit and may move; a phase for each (70 % in the procedure).
"""

from __future__ import annotations

import random
from typing import Literal

from migrationpact.reception.placement import (
    Household,
    IndOffice,
    Member,
    Needs,
    PlacementInput,
    Site,
    Unit,
)
from migrationpact.reception.placement.model import AgeRange

#: Municipalities with approximate coordinates (latitude, longitude).
MUNICIPALITIES: dict[str, tuple[float, float]] = {
    "Westerwolde": (52.88, 7.07), "Cranendonck": (51.27, 5.57), "Zevenaar": (51.93, 6.07),
    "'s-Hertogenbosch": (51.69, 5.30), "Zundert": (51.52, 4.69), "Haarlemmermeer": (52.30, 4.69),
    "Amsterdam": (52.37, 4.90), "Rotterdam": (51.92, 4.48), "Den Haag": (52.07, 4.30),
    "Utrecht": (52.09, 5.12), "Groningen": (53.22, 6.57), "Eindhoven": (51.44, 5.48),
    "Tilburg": (51.56, 5.09), "Almere": (52.37, 5.21), "Breda": (51.59, 4.78),
    "Nijmegen": (51.84, 5.86), "Arnhem": (51.98, 5.91), "Enschede": (52.22, 6.89),
    "Apeldoorn": (52.21, 5.97), "Zwolle": (52.52, 6.08), "Leeuwarden": (53.20, 5.80),
    "Assen": (52.99, 6.56), "Emmen": (52.79, 6.90), "Hoogeveen": (52.72, 6.48),
    "Maastricht": (50.85, 5.69), "Venlo": (51.37, 6.17), "Heerlen": (50.89, 5.98),
    "Middelburg": (51.50, 3.61), "Vlissingen": (51.44, 3.57), "Goes": (51.50, 3.89),
    "Leiden": (52.16, 4.49), "Delft": (52.01, 4.36), "Dordrecht": (51.81, 4.67),
    "Gouda": (52.01, 4.71), "Alkmaar": (52.63, 4.75), "Den Helder": (52.96, 4.76),
    "Zaanstad": (52.44, 4.81), "Hilversum": (52.22, 5.18), "Amersfoort": (52.16, 5.39),
    "Ede": (52.04, 5.66), "Deventer": (52.26, 6.16), "Hengelo": (52.27, 6.79),
    "Lelystad": (52.52, 5.47), "Dronten": (52.53, 5.72), "Katwijk": (52.20, 4.42),
    "Oss": (51.76, 5.52), "Roermond": (51.19, 5.99), "Weert": (51.25, 5.71),
    "Sittard-Geleen": (51.00, 5.87), "Harderwijk": (52.34, 5.62), "Kampen": (52.56, 5.91),
    "Heerenveen": (52.96, 5.92), "Sneek": (53.03, 5.66), "Drachten": (53.11, 6.10),
    "Winterswijk": (51.97, 6.72), "Doetinchem": (51.97, 6.29), "Tiel": (51.89, 5.43),
    "Gorinchem": (51.83, 4.97), "Schiedam": (51.92, 4.40), "Zoetermeer": (52.06, 4.49),
    "Purmerend": (52.50, 4.95), "Veenendaal": (52.03, 5.56), "Bergen op Zoom": (51.49, 4.29),
    "Roosendaal": (51.53, 4.46), "Helmond": (51.48, 5.66), "Zeist": (52.09, 5.23),
    "Midden-Drenthe": (52.87, 6.52), "Budel": (51.27, 5.57), "Gilze en Rijen": (51.59, 4.93),
}  # fmt: skip
OFFICES = {
    "ter-apel": (52.877, 7.070), "zevenaar": (51.93, 6.07), "den-bosch": (51.69, 5.30),
    "rijsbergen": (51.52, 4.69), "schiphol": (52.31, 4.76), "budel": (51.27, 5.57),
}  # fmt: skip
OFFICE_SHARE = {"ter-apel": 40, "zevenaar": 15, "den-bosch": 15, "rijsbergen": 10,
                "budel": 15, "schiphol": 5}  # fmt: skip

#: (location type, number of sites, fixed municipality or None, units per site, unit places).
NETWORK: list[tuple[str, int, str | None, tuple[int, int], tuple[int, int]]] = [
    ("COL", 1, "Westerwolde", (12, 14), (80, 160)),
    ("COL", 1, "Cranendonck", (8, 10), (80, 160)),
    ("COL-AMV", 1, "Westerwolde", (3, 4), (20, 40)),
    ("POL", 6, None, (6, 8), (40, 90)),
    ("AZC", 146, None, (7, 11), (20, 120)),
    ("KWV", 40, None, (2, 4), (8, 16)),
    ("NIDOS", 15, None, (3, 5), (2, 6)),
    ("NOODOPVANG", 50, None, (3, 5), (40, 150)),
    ("CRISISNOODOPVANG", 15, None, (2, 4), (40, 120)),
    ("GEMEENTELIJK", 12, None, (3, 5), (20, 60)),
    ("IBO", 1, "Hoogeveen", (2, 2), (20, 30)),
    ("HTL", 1, "Hoogeveen", (1, 1), (20, 30)),
    ("VBL", 1, "Westerwolde", (3, 4), (40, 80)),
    ("GL", 2, None, (3, 4), (20, 40)),
    ("GRENS", 3, None, (3, 5), (30, 60)),
    ("DOL", 5, None, (3, 5), (30, 80)),
]
POL_AT = ["Westerwolde", "Cranendonck", "Zevenaar", "'s-Hertogenbosch", "Zundert", "Haarlemmermeer"]
PHASES = [("arrival", 10), ("procedure", 70), ("border", 4), ("transfer", 8),
          ("departure", 6), ("ibo", 1), ("htl", 1)]  # fmt: skip


def network(rng: random.Random) -> tuple[list[Site], list[Unit]]:
    sites: list[Site] = []
    units: list[Unit] = []
    places = sorted(MUNICIPALITIES)
    numbered: dict[str, int] = {}
    for kind, count, fixed, per_site, size in NETWORK:
        for n in range(count):
            where = fixed or (POL_AT[n] if kind == "POL" else rng.choice(places))
            numbered[kind] = numbered.get(kind, 0) + 1
            site = Site(
                id=f"{kind.lower()}-{numbered[kind]:03d}",
                municipality=where,
                location_type=kind,  # type: ignore[arg-type]
                coordinates=MUNICIPALITIES[where],
            )
            sites.append(site)
            for k in range(rng.randint(*per_site)):
                units.append(_unit(rng, site, k, size))
    return sites, units


def _unit(rng: random.Random, site: Site, k: int, size: tuple[int, int]) -> Unit:
    kind = site.location_type
    capacity = rng.randint(*size)
    attributes: dict[str, object] = {}
    if kind in ("KWV", "COL-AMV"):
        attributes["uam"] = AgeRange(age_min=12 if kind == "KWV" else 0, age_max=17)
    elif kind == "NIDOS":
        attributes["uam"] = AgeRange(age_min=0, age_max=14)
    elif kind in ("NOODOPVANG", "CRISISNOODOPVANG", "IBO", "HTL", "VBL"):
        attributes["single_adults"] = True
    elif kind == "GL":
        attributes["families"] = True
    else:
        roll = rng.random()
        if kind == "AZC" and roll < 0.05:
            attributes["uam"] = AgeRange(age_min=15, age_max=17)
        elif roll < 0.45:
            attributes["families"] = True
        else:
            attributes["single_adults"] = True
            attributes["women_only"] = rng.random() < 0.12
            attributes["lgbti"] = rng.random() < 0.04 and not attributes["women_only"]
    attributes["accessible"] = rng.random() < 0.2
    attributes["medical"] = rng.random() < 0.1
    return Unit(
        id=f"{site.id}-u{k + 1:02d}",
        site=site.id,
        location_type=kind,
        capacity=capacity,
        occupancy=int(capacity * rng.uniform(0.85, 0.99)),
        **attributes,  # type: ignore[arg-type]
    )


SEXES: tuple[Literal["F", "M"], ...] = ("F", "M")


def _members(rng: random.Random, composition: str) -> tuple[Member, ...]:
    if composition == "uam":
        return (Member(age=rng.choice([9, 12, 13, 14, 15, 15, 16, 16, 16, 17, 17, 17]), sex="M"),)
    if composition == "single-adult":
        return (Member(age=rng.randint(18, 65), sex="M" if rng.random() < 0.75 else "F"),)
    adults = [Member(age=rng.randint(22, 50), sex="F")]
    if rng.random() < 0.75:
        adults.append(Member(age=rng.randint(22, 55), sex="M"))
    children = [
        Member(age=rng.randint(0, 17), sex=rng.choice(SEXES)) for _ in range(rng.randint(1, 5))
    ]
    return tuple(adults + children)


def households(
    rng: random.Random, count: int, units: list[Unit], sites: list[Site]
) -> list[Household]:
    municipality = {s.id: s.municipality for s in sites}
    room = {u.id: u.occupancy for u in units}  # residents not yet given a household here
    unit_ids = [u.id for u in units]
    unit_of = {u.id: u for u in units}
    made = []
    for n in range(count):
        roll = rng.random()
        composition = "single-adult" if roll < 0.58 else "family" if roll < 0.93 else "uam"
        members = _members(rng, composition)
        phase = rng.choices([p for p, _ in PHASES], [w for _, w in PHASES])[0]
        if composition == "uam" and phase not in ("arrival", "procedure"):
            phase = "procedure"
        if composition == "family" and phase in ("ibo", "htl"):
            phase = "procedure"
        current = None
        if phase != "arrival" and rng.random() < 0.25:
            for _ in range(20):
                candidate = rng.choice(unit_ids)
                if room[candidate] >= len(members):
                    room[candidate] -= len(members)
                    current = candidate
                    break
        school_age = any(4 <= m.age < 18 for m in members)
        school = None
        if school_age and current is not None and composition == "family":
            school = municipality[unit_of[current].site]
        women = all(m.sex == "F" for m in members if m.age >= 18)
        made.append(
            Household(
                id=f"h{n + 1:05d}",
                members=members,
                composition=composition,  # type: ignore[arg-type]
                phase=phase,  # type: ignore[arg-type]
                needs=Needs(
                    accessible=rng.random() < 0.04,
                    medical=rng.random() < 0.03,
                    women_only=composition == "single-adult" and women and rng.random() < 0.3,
                    lgbti=composition == "single-adult" and rng.random() < 0.02,
                ),
                school_municipality=school,
                tie_municipalities=(rng.choice(sorted(MUNICIPALITIES)),)
                if rng.random() < 0.08
                else (),
                current_unit=current,
                ind_office=rng.choices(list(OFFICE_SHARE), list(OFFICE_SHARE.values()))[0]
                if phase in ("arrival", "procedure", "border")
                else None,
            )
        )
    return made


def instance(seed: int = 2026, households_count: int = 5000) -> PlacementInput:
    rng = random.Random(seed)
    sites, units = network(rng)
    queue = households(rng, households_count, units, sites)
    offices = tuple(IndOffice(id=k, coordinates=v) for k, v in OFFICES.items())
    return PlacementInput(households=tuple(queue), units=tuple(units), sites=tuple(sites),
                          ind_offices=offices)  # fmt: skip
