"""Small scenarios for the twin's tests: the shipped base scenario with a few lines changed."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np

from migrationpact.twin.backtest_data import Backtest, Point
from migrationpact.twin.figures import Figure
from migrationpact.twin.kernel import Replication
from migrationpact.twin.montecarlo import Runs
from migrationpact.twin.scenario import SCENARIOS, Scenario, parse_scenario

BASE = (SCENARIOS / "base.yaml").read_text(encoding="utf-8")
#: The base without the flows besides first applications and without the housing quota: the
#: scenario the kernel's tests were written for (a scenario without them runs as it always did).
PLAIN = re.sub(r"\n  housing_quota: .*\n", "\n", BASE.split("\n# The flows besides")[0]) + "\n"


def small_text(per_month: int = 40, months: int = 2, **lines: tuple[str, str]) -> str:
    """The base scenario's text without its other flows and housing quota (``PLAIN``) with
    ``per_month`` people a month over ``months`` months, and each ``old=new`` of ``lines`` (keys
    are only labels) replaced once."""
    text = PLAIN.replace("months: 12", f"months: {months}")
    text = text.replace("per_month: {value: 2000", f"per_month: {{value: {per_month}")
    for old, new in lines.values():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def small(per_month: int = 40, months: int = 2, **lines: tuple[str, str]) -> Scenario:
    return parse_scenario(small_text(per_month, months, **lines), "small.yaml")


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``fragment`` in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1


def backtest_runs(decisions: list[list[float]], azc: list[list[float]], scale: float) -> Runs:
    """Runs of two months whose decisions and AZC residents are given per replication."""
    points = (
        Point("decisions", "2026", 0, 2, "calibration", Figure("d", 100, "V", "aida_stats")),
        Point("decisions", "2026-08", 1, 1, "hold-out", Figure("d8", 40, "V", "aida_stats")),
        Point("occupancy", "2026-07-10", 0, 1, "hold-out", Figure("o", 200, "V", "aida_stats")),
    )
    base = dataclasses.replace(
        small(months=2), backtest=Backtest(0.15, "a test", points), scale=scale
    )
    replications = [
        Replication(
            seed=k,
            series={
                "decisions.positive": np.array(d) * 0.75,
                "decisions.negative": np.array(d) * 0.25,
                "level.reception.AZC": np.array(a),
                "level.reception.COL": np.array([1.0, 1.0]),
                "arrivals": np.array([99.0, 99.0]),  # not a decision
            },
            people=0,
            events=0,
            phase_time={},
            phase_entries={},
            horizon_days=62.0,
            waits={},
        )
        for k, (d, a) in enumerate(zip(decisions, azc, strict=True))
    ]
    return Runs(base, 1, replications)
