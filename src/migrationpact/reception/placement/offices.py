"""The IND offices a placement run needs, and what to do when a site cannot be measured.

The proximity goal subtracts points per 100 km between a site and the household's IND office
(``prepare.goal_vectors``), so every site of the run needs its coordinates (``site_located``)
when any household has an office. ``ind_offices`` hands the solver the offices the households
name, placed as ``cases.ind_offices`` describes them (its dated list). When some open site has
no coordinates, the kilometres to it are unknown: counting the others and not it would pull
households towards the unmeasured site, so the goal is left out of the whole run (no household
keeps its office) and the sites are named, for the planner to locate them.

>>> from .model import Household, Member, Site
>>> h = Household(id="h", members=(Member(age=30, sex="F"),), composition="single-adult",
...               ind_office="zevenaar")
>>> located = Site(id="s", municipality="GM0299", location_type="AZC", coordinates=(51.9, 6.1))
>>> offices, kept, unlocated = ind_offices([h], [located])
>>> [o.id for o in offices], kept[0].ind_office, unlocated
(['zevenaar'], 'zevenaar', [])
>>> offices, kept, unlocated = ind_offices([h], [located, Site(id="t", municipality="GM0299",
...                                                             location_type="AZC")])
>>> offices, kept[0].ind_office, unlocated
([], None, ['t'])
"""

from __future__ import annotations

from collections.abc import Sequence

from migrationpact.cases import ind_offices as data

from .model import Household, IndOffice, Site


def ind_offices(
    households: Sequence[Household], sites: Sequence[Site]
) -> tuple[list[IndOffice], list[Household], list[str]]:
    """The offices the households name (by id), the households (without their office when a
    site has no coordinates, or the office is not on any list), and the sites without
    coordinates (by id)."""
    unlocated = sorted(s.id for s in sites if s.coordinates is None and not s.ind_distance_km)
    named = {h.ind_office for h in households if h.ind_office is not None}
    usable = set() if unlocated else {code for code in named if data.known(code)}
    kept = [
        h if h.ind_office in usable or h.ind_office is None
        else h.model_copy(update={"ind_office": None})
        for h in households
    ]  # fmt: skip
    offices = [
        IndOffice(id=code, coordinates=data.office(code).coordinates) for code in sorted(usable)
    ]
    return offices, kept, unlocated if named else []
