"""``migrationpact reception sites import|list`` on SQLite and PostgreSQL: a sites file is
recorded all or nothing, a second import records nothing, a change records only itself, and bad
input is one line, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.reception_sites import SITE
from migrationpact.store.tables import events
from tests.support.cli import RunCli

SITES: dict[str, Any] = {
    "sites": [
        {
            "id": "TA-COL",
            "name": "Ter Apel, centrale ontvangstlocatie",
            "municipality": "GM1950",
            "location_type": "COL",
            "opens_on": "2017-01-01",
            "consent": {
                "status": "granted",
                "requested_on": "2016-01-04",
                "decided_on": "2016-03-01",
            },
            "units": [
                {
                    "id": "A",
                    "capacity": 1000,
                    "attributes": {"single_adults": True},
                    "occupied": 800,
                },
                {"id": "F", "capacity": 500, "attributes": {"families": True, "accessible": True}},
            ],
        },
        {
            "id": "ZEV-AZC",
            "name": "AZC Zevenaar",
            "municipality": "GM0299",
            "location_type": "AZC",
            "units": [
                {
                    "id": "K",
                    "capacity": 16,
                    "attributes": {"uam": True, "age_min": 15, "age_max": 17},
                }
            ],
        },
    ]
}


def _site_events(db_url: str) -> int:
    engine = make_engine(db_url)
    with read_transaction(engine) as conn:
        count = len(list(conn.execute(events.select().where(events.c.stream_type == SITE))))
    engine.dispose()
    return count


def _write(tmp_path: Path, data: Any, name: str = "sites.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data))
    return str(path)


def test_import_then_list_and_a_second_import_records_nothing(
    db_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    file = _write(tmp_path, SITES)
    done = run_cli("reception", "sites", "import", file, "--database", db_url, "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == {"sites": 2, "changed": ["TA-COL", "ZEV-AZC"], "events": 8}
    again = run_cli("reception", "sites", "import", file, "--database", db_url, "--json")
    assert json.loads(again.stdout) == {"sites": 2, "changed": [], "events": 0}
    assert _site_events(db_url) == 8
    listed = run_cli("reception", "sites", "list", "--database", db_url, "--json")
    sites = json.loads(listed.stdout)["sites"]
    assert [(s["site_id"], s["capacity"], s["occupied"]) for s in sites] == [
        ("TA-COL", 1500, 800),
        ("ZEV-AZC", 16, 0),
    ]
    assert sites[0]["municipality_name"] == "Westerwolde"
    assert sites[0]["location_type_label"]["nl"] == "Centrale ontvangstlocatie"
    assert sites[1]["units"][0]["age_min"] == 15
    azc = run_cli("reception", "sites", "list", "--type", "AZC", "--database", db_url)
    assert azc.returncode == 0
    assert "ZEV-AZC  AZC  AZC Zevenaar (Zevenaar, GM0299)" in azc.stdout
    assert "TA-COL" not in azc.stdout
    assert "K: 0/16  uam, ages 15-17" in azc.stdout


def test_a_changed_file_records_only_the_change(
    db_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    run_cli("reception", "sites", "import", _write(tmp_path, SITES), "--database", db_url)
    changed = json.loads(json.dumps(SITES))
    changed["sites"][1]["units"][0]["capacity"] = 20
    done = run_cli(
        "reception", "sites", "import", _write(tmp_path, changed, "two.json"),
        "--database", db_url, "--json",
    )  # fmt: skip
    assert json.loads(done.stdout) == {"sites": 2, "changed": ["ZEV-AZC"], "events": 1}
    assert _site_events(db_url) == 9


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["sites"][1].update(municipality="GM9999"), "GM9999 is not a CBS municipality"),
        (lambda d: d["sites"][1].update(location_type="HOTEL"), "unknown location type 'HOTEL'"),
        (lambda d: d["sites"][1]["units"][0].update(capacity=-1), "capacity: Input should be"),
        (lambda d: d["sites"][0]["units"][0].update(occupied=5000), "5000 people exceed"),
        (lambda d: d["sites"].append(d["sites"][0]), "site listed twice: TA-COL"),
        (lambda d: d["sites"][1].update(coordinates=[95, 6.07]), "coordinates[0]: Input should"),
        (lambda d: d["sites"][1].update(coordinates=[6.07, 51.93]), "lie outside the Netherl"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    db_url: str, run_cli: RunCli, tmp_path: Path, edit: Any, message: str
) -> None:
    bad = json.loads(json.dumps(SITES))
    edit(bad)
    done = run_cli("reception", "sites", "import", _write(tmp_path, bad), "--database", db_url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr
    assert _site_events(db_url) == 0


def test_only_coa_planners_and_supervisors_import(
    db_url: str, run_cli: RunCli, tmp_path: Path
) -> None:
    file = _write(tmp_path, SITES)
    done = run_cli("reception", "sites", "import", file, "--org", "IND", "--database", db_url)
    assert done.returncode == 2
    assert "IND caseworker may not reception.sites.write" in done.stderr
    assert _site_events(db_url) == 0
    unreadable = run_cli(
        "reception", "sites", "import", str(tmp_path / "none.yaml"), "--database", db_url
    )
    assert unreadable.returncode == 2
    assert "cannot read" in unreadable.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("sites: [")
    assert (
        "not valid YAML or JSON"
        in run_cli("reception", "sites", "import", str(broken), "--database", db_url).stderr
    )
    assert (
        run_cli("reception", "sites", "list", "--type", "HOTEL", "--database", db_url).returncode
        == 2
    )
