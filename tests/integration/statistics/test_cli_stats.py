"""``migrationpact stats eurostat`` at the command line: a table, the listing, bad input."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from migrationpact.cases.events import parse_event
from migrationpact.reception.sites import events as ev
from migrationpact.store import service
from migrationpact.store.reception_sites import SITE
from migrationpact.store.service import open_store
from migrationpact.store.unit_of_work import NewEvent
from tests.support.cli import RunCli


@pytest.fixture
def database(db_url: str) -> str:
    store = open_store(db_url)
    made = {"type": "application_made", "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory", "facts": {"nationality": "SYR", "age": 30},
            "person": {"pseudonym": "P-1", "nationality": "SYR", "sex": "F"}}  # fmt: skip
    service.append_event(store=store, case_id="C-1", event=parse_event(made), expected_seq=0,
                         actor="ind", organisation="IND")  # fmt: skip
    store.engine.dispose()
    return db_url


def test_a_table_as_sdmx_csv_and_json(run_cli: RunCli, database: str) -> None:
    done = run_cli("stats", "eurostat", "--table", "migr_asyappctzm", "--period", "2026-07",
                   "--database", database)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ESTAT:MIGR_ASYAPPCTZM(1.0),M,PER,SY,F,UNK,FRST,NL,2026-07,1," in done.stdout
    done = run_cli("stats", "eurostat", "--table", "migr_asyappctzm", "--period", "2026-07",
                   "--format", "json", "--database", database)  # fmt: skip
    document = json.loads(done.stdout)
    assert document["source"].startswith("https://ec.europa.eu/eurostat/")
    total = [r for r in document["rows"] if r["citizen"] == "TOTAL" and r["sex"] == "T"
             and r["age"] == "TOTAL" and r["applicant"] == "TOTAL"]  # fmt: skip
    assert [(r["value"], r["rounded"]) for r in total] == [(1, 0)]


def test_the_listing(run_cli: RunCli) -> None:
    done = run_cli("stats", "eurostat", "--list")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("migr_asyappctzm  M  Asylum applicants")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--table", "nope", "--period", "2026-07"), "unknown table 'nope'"),
        (("--table", "all", "--period", "2099-01"), "is in the future"),
        (("--table", "all", "--period", "2026-01"), "before the data start"),
        (("--table", "all", "--period", "07-2026"), "malformed period"),
        (("--table", "all", "--period", "2026-07", "--format", "xml"), "unknown format"),
        (("--table", "all"), "give --table T (or all) and --period P"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    run_cli: RunCli, database: str, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("stats", "eurostat", *args, "--database", database)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr


def test_the_persons_in_reception_are_listed_and_shown_with_all(
    run_cli: RunCli, database: str
) -> None:
    listing = run_cli("stats", "eurostat", "--list")
    assert any(
        line.split()[:3] == ["migr_asyrcpt", "A", "Persons"] for line in listing.stdout.splitlines()
    )
    store = open_store(database)
    placing = [
        ev.SiteRegistered(occurred_at=datetime(2026, 7, 1, 9), name="AZC", municipality="GM0299",
                          location_type="AZC"),
        ev.SiteOpened(occurred_at=datetime(2026, 7, 1, 9), opens_on=date(2026, 7, 1)),
        ev.UnitAdded(occurred_at=datetime(2026, 7, 1, 9), unit_id="A", capacity=4),
        ev.HouseholdPlaced(occurred_at=datetime(2026, 7, 7, 9), unit_id="A", household="C-1",
                           cases=("C-1",), persons=1, placed_on=date(2026, 7, 7), basis="manual"),
    ]  # fmt: skip
    store.append_many([NewEvent("AZC-1", e, None, None, "coa", "COA", SITE) for e in placing])
    store.engine.dispose()
    done = run_cli("stats", "eurostat", "--table", "all", "--period", "2026-07", "--format",
                   "sdmx-csv", "--database", database)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ESTAT:MIGR_ASYRCPT(1.0),M,PER,SY,F,UNK,NL,2026-07,1," in done.stdout
