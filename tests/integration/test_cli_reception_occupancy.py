"""``migrationpact reception occupancy`` and ``reception need`` on SQLite and PostgreSQL: the
table with its emergency share line, the JSON and CSV forms, and bad input as one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest

from migrationpact.reception.sites import events as ev
from migrationpact.store.eventstore import NewEvent
from migrationpact.store.reception_sites import SITE
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import drive
from tests.support.cli import RunCli
from tests.support.facts import PLAIN_FACTS


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9)


@pytest.fixture
def world(db_url: str) -> str:
    store = open_test_store(db_url)
    history = {
        "AZC-1": ("AZC", "2026-07-06", 400, 300),
        "NOOD-1": ("NOODOPVANG", "2026-08-15", 200, 150),
    }
    batch = []
    for sid, (kind, opens, places, people) in history.items():
        stream = [
            ev.SiteRegistered(occurred_at=at("2026-07-01"), name=sid, municipality="GM0106",
                              location_type=kind),
            ev.SiteOpened(occurred_at=at("2026-07-01"), opens_on=date.fromisoformat(opens)),
            ev.UnitAdded(occurred_at=at("2026-07-01"), unit_id="A", capacity=places),
            ev.UnitOccupancyCounted(occurred_at=at(opens), unit_id="A", occupied=people),
        ]  # fmt: skip
        batch += [NewEvent(sid, e, n, None, "coa-1", "COA", SITE) for n, e in enumerate(stream)]
    store.append_many(batch)
    made = {"type": "application_made", "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory", "facts": {**PLAIN_FACTS, "nationality": "SYR"}}  # fmt: skip
    drive(store, "C-1", [made])
    store.engine.dispose()
    return db_url


RANGE = ("--from", "2026-07-01", "--to", "2026-08-31")


def test_the_table_shows_each_month_and_the_emergency_share(world: str, run_cli: RunCli) -> None:
    done = run_cli("reception", "occupancy", *RANGE, "--database", world)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Occupancy by type, every month, 2026-07-01 to 2026-08-31")
    assert "2026-07-31" in lines
    assert "2026-08-31" in lines
    august = lines[lines.index("2026-08-31") :]
    assert any(line.split()[:2] == ["NOODOPVANG", "150/200"] for line in august)
    assert "emergency share: 33.3 % of residents (150/450), 33.3 % of places (200/600)" in (
        done.stdout
    )
    assert "emergency share: 0.0 % of residents (0/300)" in done.stdout  # July


def test_json_and_csv(world: str, run_cli: RunCli) -> None:
    done = run_cli("reception", "occupancy", *RANGE, "--by", "site", "--json", "--database", world)
    data = json.loads(done.stdout)
    assert (data["by"], data["every"], data["days"]) == (
        "site",
        "month",
        ["2026-07-31", "2026-08-31"],
    )
    assert [(t["day"], t["group"], t["occupied"]) for t in data["totals"]] == [
        ("2026-07-31", "AZC-1", 300),
        ("2026-08-31", "AZC-1", 300),
        ("2026-08-31", "NOOD-1", 150),
    ]
    assert data["emergency_share"][1]["capacity_share"] == round(200 / 600, 4)
    done = run_cli(
        "reception", "occupancy", *RANGE, "--every", "week", "--csv", "--database", world
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["day", "type", "sites", "capacity", "occupied"]
    assert rows[-1] == {"day": "2026-08-31", "type": "NOODOPVANG", "sites": "1",
                        "capacity": "200", "occupied": "150"}  # fmt: skip


def test_the_need(world: str, run_cli: RunCli) -> None:
    done = run_cli("reception", "need", "--months", "4", "--json", "--database", world)
    assert (done.returncode, done.stderr) == (0, "")
    data = json.loads(done.stdout)
    assert data["cases"] == 1
    assert len(data["months"]) == 4
    people = [m["people"] for m in data["months"]]
    assert people == sorted(people, reverse=True)
    assert people[0] == 1
    assert [b["key"] for b in data["bases"]] == ["APR-13 + after_decision"]
    text = run_cli("reception", "need", "--months", "2", "--database", world)
    assert "Expected need for places from 1 open case(s)" in text.stdout
    assert "APR-13 + after_decision: APR Art. 35(4); APR Art. 35(6), then after_decision " in (
        text.stdout
    )
    rows = list(csv.reader(io.StringIO(
        run_cli("reception", "need", "--months", "2", "--csv", "--database", world).stdout
    )))  # fmt: skip
    assert rows[0] == ["day", "basis", "people"]
    assert rows[1][1:] == ["APR-13 + after_decision", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("occupancy", "--from", "1 July"), "--from must be a date YYYY-MM-DD"),
        (("occupancy", "--every", "fortnight"), "every must be one of day, week, month"),
        (("occupancy", "--by", "municipality"), "by must be one of site, type, regime"),
        (("occupancy", "--from", "2026-09-01", "--to", "2026-08-01"), "lies after the last"),
        (("occupancy", "--json", "--csv"), "--json and --csv exclude each other"),
        (("need", "--months", "0"), "months must be from 1 to 60"),
        (("need", "--org", "KMar"), "may not reception.need.read"),
    ],
)
def test_bad_input_is_one_line(
    world: str, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("reception", *args, "--database", world)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr
