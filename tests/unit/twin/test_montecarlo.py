"""Monte Carlo: reproducible bit for bit from the seed, bands, and replications on Dask."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from migrationpact.twin.montecarlo import Runs, band, replication_seeds, run_many, t95
from migrationpact.twin.outputs import compare_lines, summary_lines, write_series
from tests.unit.twin.helpers import small

SCENARIO = small(per_month=25, months=2)


def same(a: Runs, b: Runs) -> bool:
    names = a.names()
    return names == b.names() and all(
        np.array_equal(a.stacked(n), b.stacked(n), equal_nan=True) for n in names
    )


def test_the_same_seed_gives_the_same_result_bit_for_bit(tmp_path: Path) -> None:
    first = run_many(SCENARIO, 2, seed=7, parallel=False)
    second = run_many(SCENARIO, 2, seed=7, parallel=False)
    assert same(first, second)
    write_series(first, tmp_path / "a")
    write_series(second, tmp_path / "b")
    for table in ("series", "replications", "figures"):
        assert (tmp_path / "a" / f"{table}.csv").read_bytes() == (
            tmp_path / "b" / f"{table}.csv"
        ).read_bytes()
    assert not same(first, run_many(SCENARIO, 2, seed=8, parallel=False))


def test_replication_k_does_not_depend_on_how_many_run() -> None:
    assert replication_seeds(5, 3) == replication_seeds(5, 5)[:3]
    assert len(set(replication_seeds(5, 50))) == 50


def test_replications_on_a_local_dask_cluster_equal_the_sequential_ones() -> None:
    on_dask = run_many(SCENARIO, 2, seed=3, workers=2)
    assert same(on_dask, run_many(SCENARIO, 2, seed=3, parallel=False))


def test_band_by_hand() -> None:
    # Mean 2, s = 1, n = 3: half width t(2) * 1 / sqrt(3) = 4.303 / 1.732 = 2.484.
    mean, low, high = band(np.array([1.0, 2.0, 3.0]))
    assert (mean, low, high) == pytest.approx((2.0, 0.0, 4.484), abs=1e-3)  # stops at zero
    mean, low, high = band(np.array([-1.0, 0.0, 1.0]))
    assert (low, high) == pytest.approx((-2.484, 2.484), abs=1e-3)
    assert band(np.array([5.0])) == (5.0, 5.0, 5.0)
    assert all(math.isnan(x) for x in band(np.array([math.nan])))
    assert t95(30) == 2.042
    assert t95(31) == pytest.approx(2.040, abs=1e-3)
    assert t95(1000) == pytest.approx(1.962, abs=1e-3)


def test_the_summary_flags_estimates_and_the_comparison_pairs_replications() -> None:
    base = run_many(SCENARIO, 3, seed=4, parallel=False)
    lines = summary_lines(base)
    assert lines[0].startswith("Scenario base:")
    assert any(line.startswith("first applications") and "[" in line for line in lines)
    assert lines[-1].startswith("ESTIMATES: ")
    assert "absconding" in lines[-1]
    same_again = compare_lines(base, run_many(SCENARIO, 3, seed=4, parallel=False))
    arrivals = next(line for line in same_again if line.startswith("first applications"))
    assert arrivals.endswith("0.0  [0.0 – 0.0]")  # the same seeds: no difference at all
    with pytest.raises(ValueError, match="same seed"):
        compare_lines(base, run_many(SCENARIO, 3, seed=5, parallel=False))


def test_the_series_files_carry_bands_sources_and_the_count_of_estimates(
    tmp_path: Path,
) -> None:
    runs = run_many(SCENARIO, 2, seed=9, parallel=False)
    written = write_series(runs, tmp_path)
    assert [p.name for p in written] == ["series.csv", "replications.csv", "figures.csv"]
    series = (tmp_path / "series.csv").read_text(encoding="utf-8").splitlines()
    assert series[0] == "output,month,mean,ci_low,ci_high,sd,replications,estimates"
    arrivals = [row for row in series if row.startswith("arrivals,")]
    assert [row.split(",")[1] for row in arrivals] == ["2026-07", "2026-08"]
    assert all(row.endswith(f",2,{len(SCENARIO.estimates())}") for row in arrivals)
    figures = (tmp_path / "figures.csv").read_text(encoding="utf-8")
    assert "rates.absconding" not in figures
    assert "\nabsconding,0.1,E,estimate," in figures
