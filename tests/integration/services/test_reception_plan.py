"""``reception plan`` on a small world, on SQLite and PostgreSQL: the service counts the
transfer decisions and open Dublin cases, fills the consented sites and holds back the site
without consent; who may read it; the command line's table (English and Dutch), JSON and CSV;
bad input is one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.reception.plan import read_forecast
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.services.reception_sites import import_sites
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import TO_TRANSFER, drive
from tests.support.cli import RunCli

PLANNER = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
GRANTED = {"status": "granted", "requested_on": "2025-01-06", "decided_on": "2025-03-03"}
SITES: dict[str, Any] = {
    "sites": [
        {"id": "DOL-1", "name": "Dublinonderdaklocatie Assen", "municipality": "GM0106",
         "location_type": "DOL", "opens_on": "2026-01-05", "consent": GRANTED,
         "units": [{"id": "A", "capacity": 20, "attributes": {"single_adults": True}}]},
        {"id": "DOL-2", "name": "Dublinonderdaklocatie Emmen", "municipality": "GM0114",
         "location_type": "DOL", "opens_on": "2026-09-01",
         "consent": {"status": "requested", "requested_on": "2026-06-01"},
         "units": [{"id": "A", "capacity": 40, "attributes": {"families": True}}]},
        {"id": "AZC-MIX", "name": "AZC Zwolle", "municipality": "GM0193", "location_type": "AZC",
         "opens_on": "2020-01-01", "consent": GRANTED,
         "admission_rules": {"agreed_on": "2025-03-03",
                             "target_groups": ["single-adults", "dublin"]},
         "units": [{"id": "A", "capacity": 50, "occupied": 45,
                    "attributes": {"single_adults": True}}]},
        {"id": "AZC-1", "name": "AZC Assen", "municipality": "GM0106", "location_type": "AZC",
         "opens_on": "2020-01-01", "consent": GRANTED,
         "units": [{"id": "A", "capacity": 50, "attributes": {"single_adults": True}}]},
    ]
}  # fmt: skip


@pytest.fixture
def world(store: EventStore) -> EventStore:
    import_sites(store=store, principal=PLANNER, data=SITES)
    drive(store, "C-NOTIFIED", TO_TRANSFER[:-1])  # notified on 11 Aug 2026, not transferred
    drive(store, "C-TRANSFERRED", TO_TRANSFER)  # notified on 11 Aug 2026 and transferred
    drive(store, "C-ASKED", TO_TRANSFER[:4])  # a take-charge request sent, no reply yet
    return store


def test_the_plan_counts_the_cases_and_fills_the_consented_sites(world: EventStore) -> None:
    plan = plan_dublin_shelter(store=world, principal=PLANNER, start=date(2026, 8, 1), months=3)
    assert plan.forecast["source"] == "cases"
    assert plan.forecast["pending_cases"] == 1
    assert [s.site_id for s in plan.sites] == ["AZC-MIX", "DOL-1", "DOL-2"]
    aug, sep, oct_ = plan.rows
    assert (aug.month, aug.transfer_decisions, aug.residents, aug.needed) == ("2026-08", 2, 2, 3)
    # Two decisions in August: 80 % still there in September and October (AMMR-10 runs 6 months).
    assert (sep.residents, sep.needed, oct_.residents) == (1.6, 2, 1.6)
    assert aug.site_capacity == {"AZC-MIX": 5, "DOL-1": 20, "DOL-2": 0}  # the AZC's free places
    assert aug.allocation == {"AZC-MIX": 3, "DOL-1": 0, "DOL-2": 0}
    assert aug.gap == 3 - 25
    assert [(h.site_id, h.reason, h.would_add) for h in plan.held_back] == [
        ("DOL-2", "no-consent", 40)
    ]
    assert access_entries(world.engine) == []  # counts only: nobody's data leaves the service


def test_a_forecast_given_replaces_the_cases(world: EventStore) -> None:
    forecast = read_forecast("month,transfer_decisions\n2027-01,10\n", "csv")
    plan = plan_dublin_shelter(
        store=world, principal=PLANNER, start=date(2027, 1, 1), months=1, forecast=forecast
    )
    assert plan.forecast["source"] == "file"
    assert (plan.rows[0].residents, plan.rows[0].needed) == (10, 11)


@pytest.mark.parametrize(
    ("organisation", "role", "allowed"),
    [
        (Organisation.COA, Role.PLANNER, True),
        (Organisation.COA, Role.SUPERVISOR, True),
        (Organisation.MINISTRY, Role.ANALYST, True),
        (Organisation.INSPECTIE, Role.MONITOR, True),
        (Organisation.CRM, Role.MONITOR, True),
        (Organisation.COA, Role.CASEWORKER, False),
        (Organisation.IND, Role.SUPERVISOR, False),
        (Organisation.KMAR, Role.CASEWORKER, False),
    ],
)
def test_who_may_read_the_plan(
    world: EventStore, organisation: Organisation, role: Role, allowed: bool
) -> None:
    who = Principal(subject="x", name="X", organisation=organisation, role=role)
    if allowed:
        assert len(plan_dublin_shelter(store=world, principal=who, months=2).rows) == 2
    else:
        with pytest.raises(Forbidden, match=r"may not reception\.plan"):
            plan_dublin_shelter(store=world, principal=who)


def test_months_below_one_and_a_month_before_the_rule_are_refused(world: EventStore) -> None:
    with pytest.raises(Invalid, match="1 month or more"):
        plan_dublin_shelter(store=world, principal=PLANNER, months=0)
    with pytest.raises(Invalid, match="no transfer time limit"):
        plan_dublin_shelter(store=world, principal=PLANNER, start=date(2010, 1, 1))
    with pytest.raises(Invalid, match="12 months from 9999-06 run past the year 9999"):
        plan_dublin_shelter(store=world, principal=PLANNER, start=date(9999, 6, 1))


@pytest.fixture
def world_url(db_url: str) -> str:
    store = open_test_store(db_url)
    import_sites(store=store, principal=PLANNER, data=SITES)
    store.engine.dispose()
    return db_url


def forecast_file(tmp_path: Path, text: str, name: str = "forecast.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_the_cli_prints_a_table_json_and_csv(
    world_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    file = forecast_file(tmp_path, "month,transfer_decisions\n2027-01,100\n2027-02,100\n")
    common = ("reception", "plan", "--from", "2027-01", "--months", "2", "--forecast", file)
    done = run_cli(*common, "--database", world_url)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Dublin shelter phase-in plan 2027-01 – 2027-02" in done.stdout
    assert "transfer time limit AMMR-10: 6 months" in done.stdout
    assert "DOL-2: no municipal consent, would add 40 places" in done.stdout
    dutch = run_cli(*common, "--lang", "nl", "--database", world_url)
    assert "Ingroeiplan Dublinonderdaklocaties 2027-01 – 2027-02" in dutch.stdout
    assert "overdrachtstermijn AMMR-10: 6 maanden" in dutch.stdout
    assert "DOL-2: geen instemming van de gemeente, zou 40 plaatsen toevoegen" in dutch.stdout
    assert "180,0" in dutch.stdout  # February's residents, with a decimal comma
    for english in ("places", "consent", "Needed", "months"):
        assert english not in dutch.stdout
    data = json.loads(run_cli(*common, "--json", "--database", world_url).stdout)
    assert [r["needed"] for r in data["rows"]] == [105, 188]  # 100/0.96; 180/0.96
    assert [r["gap"] for r in data["rows"]] == [105 - 25, 188 - 25]
    assert data["held_back"][0]["site_id"] == "DOL-2"
    table = list(
        csv.DictReader(io.StringIO(run_cli(*common, "--csv", "--database", world_url).stdout))
    )
    assert [(r["month"], r["needed"], r["capacity"], r["held_back"]) for r in table] == [
        ("2027-01", "105", "25", "40"),
        ("2027-02", "188", "25", "40"),
    ]
    assert (table[0]["site:AZC-MIX"], table[0]["site:DOL-1"]) == ("5", "20")


def test_the_cli_plans_from_the_cases_without_a_file(world_url: str, run_cli: RunCli) -> None:
    done = run_cli("reception", "plan", "--json", "--months", "1", "--database", world_url)
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert (data["forecast"]["source"], data["months"], len(data["rows"])) == ("cases", 1, 1)


@pytest.mark.parametrize(
    ("args", "file", "error"),
    [
        (("--from", "2027-13"), None, "not a month: '2027-13' (expected YYYY-MM)"),
        (("--from", "January"), None, "not a month"),
        (("--from", "2010-01"), None, "no transfer time limit to plan with: rule AMMR-10"),
        (("--months", "0"), None, "--months must be 1 or more, not 0"),
        (("--lang", "fr"), None, "--lang is en or nl"),
        (("--json", "--csv"), None, "choose one of --json and --csv"),
        ((), ("forecast.csv", "month;decisions\n2027-01;4\n"), "header month,transfer_decisions"),
        ((), ("forecast.json", "[{"), "not valid JSON"),
        ((), ("forecast.json", '[{"month": "2027-01", "transfer_decisions": -2}]'), "0 or more"),
        ((), ("forecast.txt", "month,transfer_decisions\n"), "a forecast file is .csv or .json"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    world_url: str,
    run_cli: RunCli,
    tmp_path: Path,
    args: tuple[str, ...],
    file: tuple[str, str] | None,
    error: str,
) -> None:
    extra = ("--forecast", forecast_file(tmp_path, file[1], file[0])) if file else ()
    done = run_cli("reception", "plan", *args, *extra, "--database", world_url)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert error in done.stderr
    assert done.stdout == ""


def test_an_unreadable_forecast_file_is_one_line(
    world_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    missing = str(tmp_path / "none.csv")
    done = run_cli("reception", "plan", "--forecast", missing, "--database", world_url)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"migrationpact: error: cannot read {missing}: No such file or directory"
    )
