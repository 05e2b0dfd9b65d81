"""``migrationpact law rates import FILE`` and ``law rates list``, run in-process.

The import writes one new edition file into the rates directory; bad input prints one line,
exits with code 2 and writes nothing.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from migrationpact.law.periods.moments import dutch_today
from migrationpact.law.routing.editions import ENV_VAR, load_editions
from tests.support.cli import RunCli
from tests.unit.law.test_rates_import import FIXTURE, TEXT

EDITION_ID = "migr_asydcfsta-2025-20260415T110000"


def copy(tmp_path: Path, text: str = TEXT, name: str = "migr_asydcfsta.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_writes_a_new_edition(run_cli: RunCli, tmp_path: Path) -> None:
    rates = tmp_path / "rates"
    done = run_cli("law", "rates", "import", str(FIXTURE), "--dir", str(rates))
    assert done.returncode == 0, done.stderr
    assert f"Edition {EDITION_ID}" in done.stdout
    assert "7 citizenships, 5 with a rate, 3 at or below 20 %" in done.stdout
    (edition,) = load_editions(rates)
    assert edition.id == EDITION_ID
    assert edition.source_file == "migr_asydcfsta_small.csv"
    assert edition.imported_on == dutch_today()
    assert edition.in_force_from == dutch_today() + timedelta(days=1)
    assert [p.name for p in rates.iterdir()] == [f"{EDITION_ID}.yaml"]


def test_the_directory_comes_from_the_environment(run_cli: RunCli, tmp_path: Path) -> None:
    env = {ENV_VAR: str(tmp_path)}
    later = (dutch_today() + timedelta(days=30)).isoformat()
    done = run_cli(
        "law", "rates", "import", str(FIXTURE), "--in-force-from", later, "--json", env=env
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["edition"]["in_force_from"] == later
    listed = run_cli("law", "rates", "list", "--json", env=env)
    assert [e["id"] for e in json.loads(listed.stdout)["editions"]] == [EDITION_ID]


def test_an_edition_is_imported_once(run_cli: RunCli, tmp_path: Path) -> None:
    rates = tmp_path / "rates"
    assert run_cli("law", "rates", "import", str(FIXTURE), "--dir", str(rates)).returncode == 0
    before = sorted(rates.iterdir())
    again = run_cli("law", "rates", "import", str(FIXTURE), "--dir", str(rates))
    assert again.returncode == 2
    assert again.stderr.strip().endswith(f"already imported as edition {EDITION_ID}")
    # The same figures under another file name are the same edition.
    renamed = run_cli("law", "rates", "import", copy(tmp_path, name="x.csv"), "--dir", str(rates))
    assert renamed.returncode == 2
    assert "x.csv is already imported" in renamed.stderr
    assert sorted(rates.iterdir()) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TEXT.replace(",citizen,", ",country,", 1), "missing columns citizen"),
        (TEXT.replace(",SY,", ",SYR,", 1), "unknown citizen code 'SYR'"),
        (TEXT.replace(",NL,", ",NLD,", 1), "unknown geo code 'NLD'"),
        (TEXT.replace(",600,", ",n/a,", 1), "OBS_VALUE 'n/a' is not a number"),
        (TEXT.replace(",EU27_2020,", ",DE,"), "no EU-27 figures"),
    ],
)
def test_bad_files_write_nothing(run_cli: RunCli, tmp_path: Path, text: str, message: str) -> None:
    rates = tmp_path / "rates"
    done = run_cli("law", "rates", "import", copy(tmp_path, text), "--dir", str(rates))
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""
    assert not rates.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--in-force-from", "2020-01-01"), "never applies to decisions already taken"),
        (("--in-force-from", "soon"), "--in-force-from must be a date"),
        (("--year", "2019"), "no EU-27 figures for 2019"),
    ],
)
def test_bad_options_write_nothing(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("law", "rates", "import", str(FIXTURE), "--dir", str(tmp_path), *args)
    assert (done.returncode, list(tmp_path.iterdir())) == (2, [])
    assert message in done.stderr


def test_no_directory_configured(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    done = run_cli("law", "rates", "import", str(FIXTURE))
    assert done.returncode == 2
    assert f"give --dir or set {ENV_VAR}" in done.stderr


def test_a_file_that_cannot_be_read(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("law", "rates", "import", str(tmp_path / "none.csv"), "--dir", str(tmp_path))
    assert done.returncode == 2
    assert "cannot read" in done.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("DATAFLOW,Türkiye\n".encode("latin-1"))
    done = run_cli("law", "rates", "import", str(latin), "--dir", str(tmp_path / "rates"))
    assert (done.returncode, "is not UTF-8 text" in done.stderr) == (2, True)


def test_the_route_command_names_the_edition(run_cli: RunCli, tmp_path: Path) -> None:
    rates = tmp_path / "rates"
    assert run_cli("law", "rates", "import", str(FIXTURE), "--dir", str(rates)).returncode == 0
    later = (dutch_today() + timedelta(days=2)).isoformat()
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps(
            {
                "entry": "border-crossing",
                "applied_for_asylum": True,
                "nationality": "TUR",
                "date_of_application": "2026-07-06",
                "date_of_registration": "2026-07-07",
            }
        ),
        encoding="utf-8",
    )
    done = run_cli(
        "route", str(facts), "--decision-date", later, "--json", env={ENV_VAR: str(rates)}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rates_edition"] == EDITION_ID
