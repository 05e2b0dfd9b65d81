"""``reception place --dry-run`` on a small world, on SQLite and PostgreSQL: the case with a
notified transfer decision goes to the Dublin shelter location, the unaccompanied minor to the
unit for its age, the adult to the AZC; every case read is in the access log; a KMar officer
and a COA caseworker are refused; ``--json`` is valid against the published schema; bad input
is one line, exit 2, and the JSON is all a new process prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.reception_placement import propose_placements
from migrationpact.services.reception_sites import import_sites
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import TO_TRANSFER, drive
from tests.support.cli import RunCli

ROOT = Path(__file__).parents[3]
PLANNER = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
SITES: dict[str, Any] = {
    "sites": [
        {"id": "DOL-1", "name": "Dublinonderdaklocatie", "municipality": "GM0106",
         "location_type": "DOL", "opens_on": "2026-01-05",
         "units": [{"id": "A", "capacity": 20, "attributes": {"single_adults": True}}]},
        {"id": "AZC-1", "name": "AZC Assen", "municipality": "GM0106", "location_type": "AZC",
         "opens_on": "2020-01-01",
         "units": [
             {"id": "A", "capacity": 50, "attributes": {"single_adults": True}},
             {"id": "K1", "capacity": 8, "attributes": {"uam": True, "age_min": 12, "age_max": 14}},
             {"id": "K2", "capacity": 8, "attributes": {"uam": True, "age_min": 15, "age_max": 17}},
         ]},
        {"id": "AZC-2", "name": "AZC Emmen", "municipality": "GM0114", "location_type": "AZC",
         "units": [{"id": "A", "capacity": 50, "attributes": {"single_adults": True}}]},
    ]
}  # fmt: skip


def made(age: int, **facts: Any) -> list[dict[str, Any]]:
    return [
        {
            "type": "application_made",
            "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory",
            "facts": {"nationality": "SYR", "age": age, **facts},
        }
    ]


@pytest.fixture
def world(store: EventStore) -> EventStore:
    import_sites(store=store, principal=PLANNER, data=SITES)
    drive(store, "C-DUBLIN", TO_TRANSFER[:-1])  # the transfer decision notified, not carried out
    drive(store, "C-MINOR", made(13, unaccompanied=True))
    drive(store, "C-ADULT", made(30))
    return store


def test_each_case_gets_the_unit_its_phase_and_composition_require(world: EventStore) -> None:
    proposal = propose_placements(store=world, principal=PLANNER)
    units = {p.household: (p.unit, p.location_type) for p in proposal.result.placements}
    assert units == {
        "C-DUBLIN": ("DOL-1/A", "DOL"),
        "C-MINOR": ("AZC-1/K1", "AZC"),
        "C-ADULT": ("AZC-1/A", "AZC"),
    }
    assert proposal.result.unplaced == ()
    assert proposal.dry_run
    logged = access_entries(world.engine, actor=PLANNER.actor)
    assert sorted(e.case_id or "" for e in logged if e.action == "reception.place") == [
        "C-ADULT",
        "C-DUBLIN",
        "C-MINOR",
    ]


def test_a_case_left_out_is_named_and_logged_and_no_waiting_case_is_no_error(
    store: EventStore,
) -> None:
    import_sites(store=store, principal=PLANNER, data=SITES)
    empty = propose_placements(store=store, principal=PLANNER)
    assert (empty.result.placements, empty.result.unplaced, empty.skipped) == ((), (), ())
    drive(store, "C-CHILD", made(10))  # alone, but not recorded as unaccompanied
    proposal = propose_placements(store=store, principal=PLANNER)
    assert [s.case_id for s in proposal.skipped] == ["C-CHILD"]
    assert proposal.problem.households == ()
    logged = access_entries(store.engine, case_id="C-CHILD")
    assert [e.action for e in logged] == ["reception.place"]


def test_the_limit_takes_the_households_that_waited_longest(world: EventStore) -> None:
    proposal = propose_placements(store=world, principal=PLANNER, limit=1)
    assert [h.id for h in proposal.problem.households] == ["C-ADULT"]
    with pytest.raises(Invalid, match="the limit must be 1 or more"):
        propose_placements(store=world, principal=PLANNER, limit=0)


@pytest.mark.parametrize(
    ("organisation", "role"),
    [(Organisation.KMAR, Role.CASEWORKER), (Organisation.COA, Role.CASEWORKER)],
)
def test_others_than_coa_planners_and_supervisors_are_refused(
    world: EventStore, organisation: Organisation, role: Role
) -> None:
    other = Principal(subject="x", name="X", organisation=organisation, role=role)
    with pytest.raises(Forbidden, match=r"may not reception\.place"):
        propose_placements(store=world, principal=other)
    assert [e for e in access_entries(world.engine) if e.action == "reception.place"] == []


def test_without_open_sites_it_is_refused(store: EventStore) -> None:
    drive(store, "C-ADULT", made(30))
    with pytest.raises(Invalid, match="no open reception site"):
        propose_placements(store=store, principal=PLANNER)


def test_the_cli_json_is_valid_against_the_published_schema(
    world: EventStore, db_url: str, run_cli: RunCli
) -> None:
    done = run_cli("reception", "place", "--dry-run", "--json", "--database", db_url)
    assert (done.returncode, done.stderr) == (0, "")
    document = json.loads((ROOT / "docs" / "reception-placement.schema.json").read_text())
    schema = {"$defs": document["$defs"], **document["output"]}
    output = json.loads(done.stdout)
    jsonschema_rs.validator_for(schema).validate(output)
    assert {p["household"]: p["unit"] for p in output["placements"]}["C-DUBLIN"] == "DOL-1/A"
    with pytest.raises(jsonschema_rs.ValidationError):  # the check can fail
        jsonschema_rs.validator_for(schema).validate({**output, "placements": "none"})


def test_the_json_is_all_a_new_process_prints(world: EventStore, db_url: str) -> None:
    """HiGHS prints a banner on standard output when it starts; it must not precede the JSON."""
    command = ["reception", "place", "--dry-run", "--json", "--database", db_url]
    done = subprocess.run(
        [sys.executable, "-m", "migrationpact", *command],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["placements"]) == 3


def test_the_cli_text_says_why_here(world: EventStore, db_url: str, run_cli: RunCli) -> None:
    done = run_cli("reception", "place", "--dry-run", "--database", db_url)
    assert done.returncode == 0
    assert "Dry run: nothing recorded. 3 placed, 0 without a place" in done.stdout
    assert "Household C-MINOR to unit AZC-1/K1 (GM0106)" in done.stdout
    assert "[DOL; cases C-DUBLIN]" in done.stdout


def test_bad_input_is_one_line_and_exit_2(db_url: str, run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("reception", "place", "--dry-run", "--database", db_url)
    assert done.returncode == 2
    assert "no open reception site" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    store = open_test_store(db_url)
    import_sites(store=store, principal=PLANNER, data=yaml.safe_load(yaml.safe_dump(SITES)))
    store.engine.dispose()
    done = run_cli("reception", "place", "--dry-run", "--limit", "0", "--database", db_url)
    assert done.returncode == 2
    assert done.stderr.strip() == "migrationpact: error: the limit must be 1 or more, not 0"
