"""``migrationpact demo``: records the demo, shows stages, worklists and logins; twice is safe."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from migrationpact.cli.main import app
from migrationpact.demo import DEMO_USERS
from tests.support.cli import RunCli

RUNNER = CliRunner()


def test_demo_command_records_cases_prints_worklists_and_logins_and_repeats_safely(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["demo", "--database", url, "--today", "2026-12-02", "--cases", "60"]
    first = RUNNER.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Ends at the end of Mon 2 Nov 2026." in first.output  # AMMR-01 example
    assert "already there (72 new of 72 demo cases" in first.output
    assert "0 event(s) recorded" not in first.output
    assert "Stages: " in first.output
    for organisation in ("KMar", "IND", "COA", "DTenV"):
        assert f"Worklist {organisation} on 2026-12-02" in first.output
    for user in DEMO_USERS:
        assert user.password in first.output
    second = RUNNER.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "0 event(s) recorded" in second.output
    assert "(0 new of 72 demo cases" in second.output


def test_a_demo_day_too_early_for_the_population_is_one_error_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = run_cli("demo", "--database", url, "--today", "2026-07-10")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("migrationpact: error: the demo day 2026-07-10 is too early")
    assert len(done.stderr.strip().splitlines()) == 1
