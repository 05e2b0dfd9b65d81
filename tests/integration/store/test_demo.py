"""The demo data: valid cases through the real service layer, safe to load twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migrationpact.demo import STORIES, load_demo
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from tests.support.cli import RunCli

TODAY = date(2026, 11, 29)


def test_demo_cases_load_once_and_a_second_run_records_nothing(store: EventStore) -> None:
    first = load_demo(store=store, today=TODAY, per_story=2, cases=0)
    assert first.events_recorded > 0
    assert first.events_present == 0
    again = load_demo(store=store, today=TODAY, per_story=2, cases=0)
    assert again.events_recorded == 0
    assert again.events_present == first.events_recorded
    cases = {c.case_id for c in service.list_cases(store=store)}
    assert cases == {f"DEMO-{name.upper()}-{n}" for name in STORIES for n in (1, 2)}
    assert service.verify_chain(store=store).ok


def test_make_run_command_records_the_demo_on_sqlite(run_cli: RunCli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = run_cli("demo", "--database", url, "--today", "2026-11-29")
    assert done.returncode == 0, done.stderr
    assert "Ends at the end of Mon 2 Nov 2026." in done.stdout  # AMMR-01 example
    assert "Worklist IND on 2026-11-29" in done.stdout
    assert "event(s) recorded, 0 already there" in done.stdout


def test_the_demo_reception_network_loads_once(store: EventStore) -> None:
    from migrationpact.access.model import Organisation, Principal, Role
    from migrationpact.services.reception_sites import list_sites

    first = load_demo(store=store, today=TODAY, per_story=1, cases=0)
    assert first.site_events_recorded > 0
    assert first.households_placed > 0
    again = load_demo(store=store, today=TODAY, per_story=1, cases=0)
    assert (again.site_events_recorded, again.households_placed) == (0, 0)
    planner = Principal(subject="p", name="P", organisation=Organisation.COA, role=Role.PLANNER)
    sites = list_sites(store=store, principal=planner)
    by_type: dict[str, int] = {}
    for site in sites:
        by_type[site["location_type"]] = by_type.get(site["location_type"], 0) + 1
    assert by_type["AZC"] >= 30
    assert {"COL", "POL", "NOODOPVANG", "DOL", "KWV", "VBL"} <= set(by_type)
    ter_apel = next(s for s in sites if s["site_id"] == "TER-APEL-COL")
    assert ter_apel["municipality_name"] == "Westerwolde"
    dublin = {s["site_id"]: s["consent_status"] for s in sites if s["location_type"] == "DOL"}
    assert dublin == {
        "DOL-TER-APEL": "granted",
        "DOL-BUDEL": "requested",
        "DOL-ZWOLLE": "granted",
        "DOL-ARNHEM": "requested",
    }
    assert service.verify_chain(store=store).ok
