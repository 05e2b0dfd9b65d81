"""The back-test: a run of a scenario that replays the past, compared with what was published.

``backtest(runs)`` takes the replications of a scenario with a ``backtest`` block
(``twin.backtest_data``) and compares, point by point, the published figure with the simulated
one: for ``decisions`` the first-instance decisions (protection and rejection) summed over the
period's months, for ``occupancy`` the mean residents of every reception type over the
period's months (a snapshot day: the mean of its month). Each row gives the simulated mean, its
95 % band over the replications (``twin.montecarlo.band``), the **error** (simulated / published
- 1) and whether the published figure lies inside the band.

The test is the **mean absolute percentage error** (MAPE) of the hold-out points, per ``what``:
the back-test passes when each is at most the tolerance the scenario states. The calibration
points are shown with their error too, but not counted: the scenario was derived from them, so
reproducing them proves little. Whether a published figure lies inside the band is shown, not
tested: a band is the simulation's own randomness for fixed figures (it narrows with more
replications), not the uncertainty of the figures or of the model.

A small run has noise of its own: a month's decisions of a run of 1 in 200 people are a count
of about seven, whose Poisson noise is some 40 %. ``Row.beyond_noise`` is a point's error less
two standard errors of its simulated mean (over the replications), and
``Result.mape_beyond_noise`` their mean: what a small run can show. In a full run the standard
errors are small and it is close to the MAPE; the tolerance is stated for the MAPE.

``scaled(scenario, share)`` simulates ``share`` of the people, so that a test can run the
back-test in seconds: every count of people (arrivals, the people in the chain at the start,
reception places, border places, the municipal housing quota, the other flows' people a month)
is multiplied by the share; every pool of staff too, rounded to
whole people, with the time each person takes changed so that the pool's output per day stays
exactly ``share`` of the original. A scaled run's counts are divided by the share before they
are compared (``Scenario.scale``).

>>> mape([0.1, -0.3])
0.2
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from migrationpact.twin.backtest_data import Point
from migrationpact.twin.figures import Figure
from migrationpact.twin.flow_data import PER_MONTH
from migrationpact.twin.montecarlo import Runs, band
from migrationpact.twin.scenario import Scenario

#: The twin's outputs a ``what`` adds up: exact names, or a prefix ending in a dot.
OUTPUTS = {
    "decisions": ("decisions.positive", "decisions.negative"),
    "occupancy": ("level.reception.",),
}
#: Pools of staff and the time one of them takes per person, scaled together.
POOLS = (
    ("ind_caseworkers", "ind_days_per_decision"),
    ("screening_staff", "screening_days"),
    ("court_capacity", "court_days_per_appeal"),
)
PEOPLE = ("border_places", "border_annual_maximum")


@dataclass(frozen=True)
class Row:
    """One published figure against the simulated one (see the module text)."""

    point: Point
    mean: float
    low: float
    high: float
    se: float  # the standard error of the mean over the replications (NaN with one)

    @property
    def published(self) -> float:
        return self.point.published.value

    @property
    def error(self) -> float:
        """Simulated / published - 1: +0.05 is 5 % too many."""
        return self.mean / self.published - 1.0

    @property
    def inside(self) -> bool:
        return self.low <= self.published <= self.high

    @property
    def beyond_noise(self) -> float:
        """The error less two standard errors of the simulated mean (at least zero)."""
        noise = 0.0 if math.isnan(self.se) else 2 * self.se / self.published
        return max(0.0, abs(self.error) - noise)


@dataclass(frozen=True)
class Result:
    """The rows, and per ``what`` the hold-out MAPE against the tolerance."""

    rows: tuple[Row, ...]
    tolerance: float
    reason: str
    replications: int
    scale: float

    def whats(self) -> list[str]:
        return list(dict.fromkeys(r.point.what for r in self.rows))

    def mape(self, what: str, use: str = "hold-out") -> float:
        return mape([r.error for r in self.rows if r.point.what == what and r.point.use == use])

    def passed(self, what: str) -> bool:
        return self.mape(what) <= self.tolerance

    def mape_beyond_noise(self, what: str) -> float:
        """The hold-out MAPE of the errors beyond the run's own noise (``Row.beyond_noise``)."""
        rows = [r for r in self.rows if r.point.what == what and r.point.use == "hold-out"]
        return mape([r.beyond_noise for r in rows])

    @property
    def all_passed(self) -> bool:
        return all(self.passed(w) for w in self.whats())


def mape(errors: list[float]) -> float:
    """The mean absolute percentage error of relative errors (NaN without any)."""
    return float(np.mean(np.abs(errors))) if errors else math.nan


def _names(runs: Runs, what: str) -> list[str]:
    wanted = OUTPUTS[what]
    return [n for n in runs.names() if n in wanted or any(n.startswith(p) for p in wanted if
                                                          p.endswith("."))]  # fmt: skip


def simulated(runs: Runs, point: Point) -> np.ndarray:
    """Per replication, the simulated figure of ``point``, at full scale."""
    total = np.zeros(len(runs.replications))
    for name in _names(runs, point.what):
        total += runs.stacked(name)[:, point.first : point.first + point.months].sum(axis=1)
    if point.what == "occupancy":  # a level: the mean of the months
        total /= point.months
    return total / runs.scenario.scale


def backtest(runs: Runs) -> Result:
    """The comparison of ``runs`` with the scenario's published figures (module text)."""
    plan = runs.scenario.backtest
    if plan is None:
        raise ValueError(f"scenario {runs.scenario.name} has no backtest block")
    rows = tuple(_row(p, simulated(runs, p)) for p in plan.points)
    return Result(rows, plan.tolerance, plan.reason, len(runs.replications),
                  runs.scenario.scale)  # fmt: skip


def _row(point: Point, values: np.ndarray) -> Row:
    se = float(values.std(ddof=1)) / math.sqrt(len(values)) if len(values) > 1 else math.nan
    return Row(point, *band(values), se)


def _times(figure: Figure, factor: float) -> Figure:
    return dataclasses.replace(figure, value=figure.value * factor)


def scaled(scenario: Scenario, share: float) -> Scenario:
    """``scenario`` simulating ``share`` of its people (see the module text)."""
    if not 0 < share <= 1:
        raise ValueError(f"a scale is a share above 0 and at most 1, not {share}")
    if share == 1:
        return scenario
    figures = dict(scenario.figures)
    for pool, days in POOLS:
        exact = figures[pool].value * share
        whole = max(1, round(exact))
        figures[pool] = dataclasses.replace(figures[pool], value=float(whole))
        figures[days] = _times(figures[days], whole / exact)
    for name in PEOPLE:
        figures[name] = dataclasses.replace(figures[name], value=round(figures[name].value * share))
    if "housing_quota" in figures:  # homes for people: a count of people like the arrivals
        figures["housing_quota"] = _times(figures["housing_quota"], share)
    flows = {k: _times(f, share) if k in PER_MONTH else f for k, f in scenario.flows.items()}
    return dataclasses.replace(
        scenario,
        per_month=_times(scenario.per_month, share) if scenario.per_month else None,
        by_month=tuple(_times(f, share) for f in scenario.by_month),
        initial={k: _times(f, share) for k, f in scenario.initial.items()},
        figures=figures,
        reception={k: _times(f, share) for k, f in scenario.reception.items()},
        hires=tuple((m, _times(f, share)) for m, f in scenario.hires),
        flows=flows,
        scale=scenario.scale * share,
    )


def as_run(scenario: Scenario, share: float | None = None) -> Scenario:
    """``scenario`` as a run simulates it: ``share`` of its people, by default the share the
    scenario states (``Scenario.default_scale``, 1 unless it is too large to run whole)."""
    return scaled(scenario, scenario.default_scale if share is None else share)


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:+.1f} %"


def _abs(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f} %"


def summary_lines(result: Result) -> list[str]:
    """The back-test's error summary, as ``twin run`` prints it."""
    lines = [
        "",
        f"Back-test: {result.replications} replications, 1 in {1 / result.scale:g} people "
        "simulated, counts scaled back",
        f"{'what':<11}{'period':<12}{'use':<13}{'published':>11}{'simulated':>11}"
        f"{'95 % band':>21}{'error':>10}  in band",
    ]
    for r in result.rows:
        p = r.point
        span = f"{r.low:,.0f} – {r.high:,.0f}"
        lines.append(
            f"{p.what:<11}{p.period:<12}{p.use:<13}{r.published:>11,.0f}{r.mean:>11,.0f}"
            f"{span:>21}{_pct(r.error):>10}  {'yes' if r.inside else 'no'}"
        )
    lines.append("")
    for what in result.whats():
        verdict = "within" if result.passed(what) else "OUTSIDE"
        lines.append(
            f"{what}: hold-out MAPE {_abs(result.mape(what))} ({verdict} the tolerance of "
            f"{100 * result.tolerance:.0f} %); beyond the run's own noise "
            f"{_abs(result.mape_beyond_noise(what))}; calibration points "
            f"{_abs(result.mape(what, 'calibration'))}"
        )
    lines.append(f"Tolerance: {result.reason}")
    return lines
