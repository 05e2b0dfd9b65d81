"""The IND office and the family ties reach the placement proposal from the store: the IND
records a case's office (``cases append``), a sites file locates the sites, a family listing
names where a relative lives, and ``reception place --dry-run`` scores both goals. A bad office
code is one line and writes nothing; a site without coordinates turns the proximity goal off
and is named.

Worked example (as in ``tests/unit/reception/placement/test_from_cases_places.py``): from IND
Zevenaar, a site in Arnhem is 13.5 km away (-1.35 points), one in Groningen 147.3 km (-14.7).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from migrationpact.services.reception_placement import propose_placements
from migrationpact.services.reception_sites import import_sites
from migrationpact.store.eventstore import EventStore
from tests.integration.services.test_reception_placement import PLANNER
from tests.integration.store.flows import drive
from tests.support.cli import RunCli

ARNHEM = {"id": "AZC-ARNHEM", "name": "AZC Arnhem", "municipality": "GM0202",
          "location_type": "AZC", "opens_on": "2020-01-01", "coordinates": [51.99, 5.90],
          "units": [{"id": "A", "capacity": 20,
                     "attributes": {"single_adults": True, "families": True}}]}  # fmt: skip
GRONINGEN = {**ARNHEM, "id": "AZC-GRONINGEN", "name": "AZC Groningen",
             "municipality": "GM0014", "coordinates": [53.22, 6.57]}  # fmt: skip
SITES: dict[str, Any] = {"sites": [ARNHEM, GRONINGEN]}


def registered(age: int, **extra: Any) -> list[dict[str, Any]]:
    return [
        {"type": "application_made", "occurred_at": "2026-07-06T10:00", "entry": "in-territory",
         "facts": {"nationality": "SYR", "age": age}, **extra},
        {"type": "application_registered", "occurred_at": "2026-07-07T10:00"},
    ]  # fmt: skip


OFFICE = {"type": "ind_office_assigned", "occurred_at": "2026-07-07T11:00", "office": "zevenaar"}
RELATIVE_IN_GRONINGEN = {
    "group_id": "G-1",
    "members": [{"relation": "child"},
                {"relation": "sibling", "member_state": "NLD", "municipality": "GM0014"}],
}  # fmt: skip


def goals(placement: Any) -> dict[str, float]:
    return {g.goal: g.points for g in placement.goals}


def test_the_office_and_the_relatives_municipality_are_scored(store: EventStore) -> None:
    import_sites(store=store, principal=PLANNER, data=SITES)
    drive(store, "C-ADULT", [*registered(30), OFFICE])
    drive(store, "C-FAMILY", registered(35, family=RELATIVE_IN_GRONINGEN))
    proposal = propose_placements(store=store, principal=PLANNER)
    placed = {p.household: p for p in proposal.result.placements}
    assert placed["C-ADULT"].unit == "AZC-ARNHEM/A"
    assert round(goals(placed["C-ADULT"])["proximity"], 2) == -1.35
    family = placed["family:G-1"]
    assert (family.unit, family.persons) == ("AZC-GRONINGEN/A", 2)
    assert goals(family)["ties"] == 15
    assert proposal.unlocated == ()
    assert [o.id for o in proposal.problem.ind_offices] == ["zevenaar"]


def test_a_site_without_coordinates_turns_proximity_off_and_is_named(
    store: EventStore, db_url: str, run_cli: RunCli
) -> None:
    unlocated = {k: v for k, v in GRONINGEN.items() if k != "coordinates"}
    import_sites(store=store, principal=PLANNER, data={"sites": [ARNHEM, unlocated]})
    drive(store, "C-ADULT", [*registered(30), OFFICE])
    proposal = propose_placements(store=store, principal=PLANNER)
    assert proposal.unlocated == ("AZC-GRONINGEN",)
    assert all("proximity" not in goals(p) for p in proposal.result.placements)
    done = run_cli("reception", "place", "--dry-run", "--database", db_url)
    assert done.returncode == 0
    assert "IND office proximity left out: no coordinates for site(s) AZC-GRONINGEN" in done.stderr


def test_the_ind_records_the_office_at_the_command_line_and_a_bad_code_writes_nothing(
    store: EventStore, db_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    drive(store, "C-1", registered(30))
    bad = {**OFFICE, "office": "Zevenaar"}
    done = run_cli("cases", "append", "C-1", "--event", json.dumps(bad), "--database", db_url)
    assert done.returncode != 0
    assert "an IND office's code is needed" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    coa = run_cli("cases", "append", "C-1", "--event", json.dumps(OFFICE), "--org", "COA",
                  "--database", db_url)  # fmt: skip
    assert coa.returncode != 0
    assert "may not record ind_office_assigned" in coa.stderr
    shown = run_cli("cases", "show", "C-1", "--json", "--database", db_url)
    assert json.loads(shown.stdout)["state"].get("ind_office") is None
    ok = run_cli("cases", "append", "C-1", "--event", json.dumps(OFFICE), "--database", db_url)
    assert ok.returncode == 0, ok.stderr
    shown = run_cli("cases", "show", "C-1", "--json", "--database", db_url)
    assert json.loads(shown.stdout)["state"]["ind_office"] == "zevenaar"
    # a sites file with coordinates out of range is refused whole, as the CLI tests show
    (tmp_path / "s.yaml").write_text(yaml.safe_dump({"sites": [{**ARNHEM, "coordinates": [1, 2]}]}))
    refused = run_cli(
        "reception", "sites", "import", str(tmp_path / "s.yaml"), "--database", db_url
    )
    assert refused.returncode == 2
    assert "lie outside the Netherlands" in refused.stderr
