"""Who sees what of a case's place (``access.views.place_view``): COA and the monitoring
bodies all of it, the IND the site, DTenV the site and its type only at a DOL, the rest none."""

from __future__ import annotations

from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.views import place_view

PLACE: dict[str, Any] = {
    "site_id": "AZC-1", "site_name": "AZC Assen", "municipality": "GM0106",
    "municipality_name": "Assen", "location_type": "AZC", "unit_id": "A", "since": "2026-11-02",
}  # fmt: skip
SITE = {"site_id", "site_name", "municipality", "municipality_name"}
Org, R = Organisation, Role


@pytest.mark.parametrize(
    ("org", "role", "location_type", "seen"),
    [
        (Org.COA, R.PLANNER, "AZC", set(PLACE)),
        (Org.COA, R.CASEWORKER, "AZC", None),  # may not read cases at all
        (Org.INSPECTIE, R.MONITOR, "AZC", set(PLACE)),
        (Org.CRM, R.MONITOR, "AZC", set(PLACE)),
        (Org.IND, R.CASEWORKER, "AZC", SITE),
        (Org.DTENV, R.CASEWORKER, "AZC", None),
        (Org.DTENV, R.CASEWORKER, "DOL", SITE | {"location_type"}),
        (Org.KMAR, R.CASEWORKER, "AZC", None),
        (Org.MINISTRY, R.ANALYST, "AZC", None),
        (Org.GZA, R.PRACTITIONER, "AZC", SITE),  # of a referred case (the service checks)
        (Org.LEGAL_COUNSELLING, R.COUNSELLOR, "AZC", None),
    ],
)
def test_each_organisation_sees_its_part(
    org: Organisation, role: Role, location_type: str, seen: set[str] | None
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    shown = place_view(who, {**PLACE, "location_type": location_type})
    assert (set(shown) if shown is not None else None) == seen


def test_no_place_is_none() -> None:
    coa = Principal(subject="c", name="C", organisation=Org.COA, role=R.PLANNER)
    assert place_view(coa, None) is None
