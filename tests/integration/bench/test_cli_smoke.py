"""The start-up benchmark end to end, with two runs: it runs the command and prints the ratio."""

from __future__ import annotations

import pytest
from bench.cli import Timings, main, measure


def test_the_benchmark_prints_the_command_beside_its_baseline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--runs", "2"]) == 0
    out = capsys.readouterr().out
    for line in ("migrationpact period (start to exit)", "python -c pass (baseline)", "ratio"):
        assert line in out


def test_a_failing_command_fails_the_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bench.cli.COMMAND", ("-m", "migrationpact", "period", "--from", "x"))
    timings: Timings = measure(1)
    assert timings.failures == 1
