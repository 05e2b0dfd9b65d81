"""Everyday use of the command line: an unknown organisation is refused, ``cases list`` says
how many cases there are and how to page on, ``--output -`` is standard output, a port in use
is named with the ways to choose another."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import inspect

from migrationpact.store.database import make_engine
from tests.integration.store.flows import TO_DECISION
from tests.integration.store.test_cli_cases import Run, cli_here, ok, refused, rows

__all__ = ["cli_here"]  # the fixture, used by name


def _open_cases(cli: Run, *case_ids: str) -> None:
    ok(cli("db", "upgrade"))
    screening = json.dumps(TO_DECISION[0])
    for case_id in case_ids:
        ok(cli("cases", "create", "--case-id", case_id, "--event", screening, "--org", "KMar"))


@pytest.mark.parametrize(
    "command",
    [
        ("worklist", "--org", "ind"),
        ("cases", "create", "--event", json.dumps(TO_DECISION[0]), "--org", "kmar"),
        ("cases", "append", "C-1", "--event", json.dumps(TO_DECISION[1]), "--org", "Frontex"),
    ],
)
def test_an_unknown_organisation_is_one_line_naming_the_known_ones(
    cli_here: Run, empty_url: str, command: tuple[str, ...]
) -> None:
    ok(cli_here("db", "upgrade"))
    refused(cli_here(*command), "--org must be one of IND, KMar, COA, DTenV, ")
    assert rows(empty_url)["events"] == 0


def test_an_unknown_organisation_from_the_environment_is_refused(
    run_cli: Run, empty_url: str
) -> None:
    env = {"MIGRATIONPACT_DATABASE_URL": empty_url, "MIGRATIONPACT_ORGANISATION": "ind"}
    done = run_cli("cases", "create", "--event", json.dumps(TO_DECISION[0]), env=env)
    refused(done, "--org must be one of IND")


def test_cases_list_says_how_many_there_are_and_how_to_page(cli_here: Run) -> None:
    _open_cases(cli_here, "C-1", "C-2", "C-3")
    first = ok(cli_here("cases", "list", "--limit", "2"))
    assert first.splitlines()[0] == "2 of 3 case(s); next page: --after C-2"
    last = ok(cli_here("cases", "list", "--limit", "2", "--after", "C-2"))
    assert last.splitlines()[0] == "1 of 3 case(s); last page"
    assert ok(cli_here("cases", "list")).splitlines()[0] == "3 case(s)"
    data = ok(cli_here("cases", "list", "--limit", "2", "--json"))
    assert (data["total"], data["next_after"]) == (3, "C-2")
    exact = ok(cli_here("cases", "list", "--limit", "3", "--json"))
    assert (exact["total"], exact["next_after"]) == (3, None)  # nothing after the third


def test_export_to_dash_writes_standard_output_and_no_file(
    cli_here: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_cases(cli_here, "C-1")
    monkeypatch.chdir(tmp_path)
    done = cli_here("cases", "export", "--output", "-")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line.get("case_id") for line in lines if "case_id" in line] == ["C-1"]
    assert not (tmp_path / "-").exists()


def test_serve_on_a_port_in_use_is_one_line_naming_the_ways_to_choose_another(
    run_cli: Run, empty_url: str
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("serve", "--port", str(port), "--database", empty_url)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"migrationpact: error: port {port} is in use; choose another with make run PORT=… "
        "or serve --port …\n"
    )
    assert rows_absent(empty_url), "refused before the database is touched"


def rows_absent(url: str) -> bool:
    """The database at ``url`` has no tables yet (nothing was migrated)."""
    engine = make_engine(url)
    try:
        return not inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_make_run_passes_its_port_to_serve() -> None:
    root = Path(__file__).resolve().parents[2]
    dry = subprocess.run(
        ["make", "-n", "-C", str(root), "run", "PORT=8001"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "serve --demo --port 8001" in dry.stdout
