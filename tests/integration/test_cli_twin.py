"""``migrationpact twin run`` and ``twin compare``, in-process (``tests.support.cli``)."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import RunCli
from tests.unit.twin.helpers import line_of, small_text, write


def test_run_prints_a_summary_with_bands_and_writes_the_series(
    run_cli: RunCli, tmp_path: Path
) -> None:
    scenario = write(tmp_path, small_text(per_month=20, months=1))
    out = tmp_path / "out"
    done = run_cli("twin", "run", str(scenario), "-n", "2", "--seed", "4", "--sequential",
                   "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Scenario base: ")
    assert "2 replications from seed 4" in lines[1]
    assert any(line.startswith("first applications") and "[" in line for line in lines)
    assert any(line.startswith("ESTIMATES: ") for line in lines)
    assert sorted(p.name for p in out.iterdir()) == [
        "figures.csv",
        "replications.csv",
        "series.csv",
    ]
    again = run_cli("twin", "run", str(scenario), "-n", "2", "--seed", "4", "--sequential")
    assert again.stdout.splitlines() == lines[: len(again.stdout.splitlines())]


def test_a_bad_scenario_is_one_line_naming_file_and_line_and_nothing_runs(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = small_text(months=1, rate=("dublin_share: {value: 0.274", "dublin_share: {value: 2"))
    scenario = write(tmp_path, text, "bad.yaml")
    out = tmp_path / "out"
    done = run_cli("twin", "run", str(scenario), "--sequential", "--out", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    line = line_of(text, "dublin_share: {value: 2")
    assert done.stderr == (
        f"migrationpact: error: bad.yaml:{line}: dublin_share: the rate 2 is above one\n"
    )
    assert not out.exists()
    missing = run_cli("twin", "run", str(tmp_path / "none.yaml"), "--sequential")
    assert missing.returncode == 2
    assert missing.stderr.startswith("migrationpact: error: none.yaml:1: cannot read the file")


def test_compare_shows_the_paired_differences_of_an_amended_border_capacity(
    run_cli: RunCli, tmp_path: Path
) -> None:
    base = write(tmp_path, small_text(per_month=20, months=1), "base.yaml")
    alt_text = small_text(
        per_month=20,
        months=1,
        law=("  amendments: []\n", "  amendments:\n    - kind: border-capacity\n"
             "      border_places: {value: 0, status: E, source: estimate}\n"
             "      border_annual_maximum: {value: 0, status: E, source: estimate}\n"),
    )  # fmt: skip
    alt = write(tmp_path, alt_text, "alt.yaml")
    done = run_cli("twin", "compare", str(base), str(alt), "-n", "2", "--sequential")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Compare base with base: 2 paired replications from seed 1")
    assert any(line.startswith("ALT  ") and "border places 0" in line for line in lines)
    arrivals = next(line for line in lines if line.startswith("first applications"))
    assert arrivals.endswith("0.0  [0.0 – 0.0]")  # the same seeds bring the same people
    assert any(line.startswith("lapsed: APR-01") for line in lines)


def test_compare_runs_both_at_one_scale_or_asks_for_one(run_cli: RunCli, tmp_path: Path) -> None:
    """The differences must come from the same people: both sides at the same share."""
    text = small_text(per_month=40, months=1)
    base = write(tmp_path, text, "base.yaml")
    halved = write(tmp_path, text + "scale: 0.5\n", "halved.yaml")
    mixed = run_cli("twin", "compare", str(base), str(halved), "-n", "1", "--sequential")
    assert mixed.returncode == 2
    assert mixed.stderr == (
        f"migrationpact: error: {base} states a scale of 1 and {halved} one of 0.5: give --scale\n"
    )
    done = run_cli("twin", "compare", str(base), str(halved), "-n", "2", "--sequential",
                   "--scale", "0.5")  # fmt: skip
    assert done.returncode == 0, done.stderr
    arrivals = next(x for x in done.stdout.splitlines() if x.startswith("first applications"))
    assert arrivals.endswith("0.0  [0.0 – 0.0]")  # the same share of the same people
    both = run_cli("twin", "compare", str(halved), str(halved), "-n", "1", "--sequential")
    assert both.returncode == 0, both.stderr
    bad = run_cli("twin", "compare", str(base), str(base), "--scale", "2", "--sequential")
    assert (bad.returncode, "--scale is a share above 0" in bad.stderr) == (2, True)


def test_the_shipped_scenarios_are_known_by_name(run_cli: RunCli) -> None:
    done = run_cli("twin", "run", "no-such-scenario", "--sequential")
    assert done.returncode == 2
    assert "no-such-scenario:1: cannot read the file" in done.stderr


def test_run_of_the_backtest_prints_its_comparison_with_the_published_figures(
    run_cli: RunCli,
) -> None:
    done = run_cli("twin", "run", "backtest-2023-2025", "--scale", "0.001", "-n", "1",
                   "--sequential")  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Scenario backtest-2023-2025: ")
    at = lines.index("Back-test: 1 replications, 1 in 1000 people simulated, counts scaled back")
    assert lines[at + 2].split()[:4] == ["decisions", "2023", "calibration", "17,490"]
    assert any(x.startswith("decisions: hold-out MAPE ") for x in lines[at:])
    assert any(x.startswith("occupancy: hold-out MAPE ") for x in lines[at:])
    assert lines[-1].startswith("Tolerance: Half the 28 %")
    bad = run_cli("twin", "run", "backtest-2023-2025", "--scale", "0", "--sequential")
    assert bad.returncode == 2
