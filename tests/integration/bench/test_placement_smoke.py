"""The placement benchmark end to end on a small instance: the generator is deterministic, its
network has the Dutch shape it claims, both plans keep every hard constraint, and above
``Options.whole_columns`` only the parts of the integer programme are solved."""

from __future__ import annotations

from collections import Counter

import pytest
from bench import placement
from bench.placementgen import instance

from migrationpact.reception.placement import Options, place, place_greedily, violations
from migrationpact.reception.placement.mip import PARTS


def test_the_instance_is_the_same_for_the_same_seed() -> None:
    assert instance(7, 50) == instance(7, 50)
    assert instance(7, 50) != instance(8, 50)


def test_the_network_has_three_hundred_sites_of_every_type() -> None:
    problem = instance(2026, 10)
    kinds = Counter(s.location_type for s in problem.sites)
    assert len(problem.sites) == 300
    assert kinds["AZC"] == 146
    assert {"COL", "POL", "NOODOPVANG", "DOL", "GRENS", "VBL", "KWV"} <= set(kinds)


def test_both_plans_keep_the_hard_constraints_on_a_small_queue() -> None:
    problem = instance(2026, 150)
    optimal, greedy = place(problem), place_greedily(problem)
    assert violations(problem, optimal) == violations(problem, greedy) == []
    assert optimal.objective >= greedy.objective


def test_the_benchmark_prints_both_plans(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(placement, "HOUSEHOLDS", 100)
    assert placement.main() == 0
    out = capsys.readouterr().out
    for words in ("greedy  objective", "MIP     objective", "proven bound", "goal: gap < 1%"):
        assert words in out


def test_the_whole_programme_is_left_out_above_its_size() -> None:
    problem = instance(2026, 150)
    parts = place(problem, Options(gap=0.0, whole_columns=0))
    whole = place(problem, Options(gap=0.0))
    assert parts.status == PARTS
    assert whole.status != PARTS
    assert whole.objective >= parts.objective
    assert violations(problem, parts) == []
