"""Periods per second: the batch API against the scalar engine on one million Pact periods.

The periods are a seeded mix of the lengths the Pact sets (3, 5, 7 and 21 days, 10 and 15
working days, 2 weeks, 1, 2, 3 and 6 months, 72 hours) under all four regimes, some counted
backwards. The batch API computes all of them; the scalar engine loops over the same periods,
or over a seeded random sample of at least 100,000 when the full loop would take more than
about a minute. Every period the scalar engine computes is compared with the batch answer; a
single difference makes the benchmark fail.

Run with ``python -m bench periods`` (or ``python -m bench.periods``).
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from migrationpact.law.periods import Length, Moment, Regime, Unit, compute_batch, compute_period
from migrationpact.law.periods.batch import REGIME_CODES, UNIT_CODES

SEED = 20260612
PERIODS = 1_000_000
SCALAR_BUDGET_S = 60.0
MIN_SAMPLE = 100_000
CHUNK = 10_000
BATCH_RUNS = 5
GOAL_RATIO = 50.0
GOAL_RATE = 2_000_000.0

# (amount, unit, weight): roughly how often each length occurs in a caseload.
LENGTHS = [
    (3, Unit.DAYS, 8),
    (5, Unit.DAYS, 10),
    (7, Unit.DAYS, 12),
    (21, Unit.DAYS, 10),
    (10, Unit.WORKING_DAYS, 8),
    (15, Unit.WORKING_DAYS, 6),
    (2, Unit.WEEKS, 10),
    (1, Unit.MONTHS, 8),
    (2, Unit.MONTHS, 8),
    (3, Unit.MONTHS, 6),
    (6, Unit.MONTHS, 6),
    (72, Unit.HOURS, 8),
]
REGIMES = [Regime.EU, Regime.PACT, Regime.DUBLIN3, Regime.NL]
HOUR_REGIMES = [Regime.EU, Regime.NL]  # the others have no rule for hours


class Periods:
    """The inputs as the batch API takes them: one numpy column per argument."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        weights = np.array([w for _, _, w in LENGTHS], dtype=float)
        kind = rng.choice(len(LENGTHS), size=n, p=weights / weights.sum())
        self.amounts = np.array([a for a, _, _ in LENGTHS], dtype=np.int64)[kind]
        self.units = np.array([UNIT_CODES[u] for _, u, _ in LENGTHS], dtype=np.int8)[kind]
        hours = self.units == UNIT_CODES[Unit.HOURS]
        any_regime = rng.integers(0, len(REGIMES), size=n)
        hour_regime = np.array([REGIME_CODES[r] for r in HOUR_REGIMES])[
            rng.integers(0, len(HOUR_REGIMES), size=n)
        ]
        self.regimes = np.where(hours, hour_regime, any_regime).astype(np.int8)
        self.backwards = rng.random(n) < 0.1
        first = np.datetime64("2024-01-01T00:00", "m")
        span = int((np.datetime64("2031-01-01T00:00", "m") - first).astype(np.int64))
        starts = first + rng.integers(0, span, size=n).astype("timedelta64[m]")
        self.starts = _outside_spring_gaps(starts)

    def scalar_inputs(self, rows: npt.NDArray[np.int64]) -> list[tuple[Moment, Length, str, bool]]:
        """The same periods as ``compute_period`` takes them (built outside the timing)."""
        units = {code: unit for unit, code in UNIT_CODES.items()}
        regimes = {code: regime.value for regime, code in REGIME_CODES.items()}
        lengths: dict[tuple[int, int], Length] = {}
        out: list[tuple[Moment, Length, str, bool]] = []
        for i in rows.tolist():
            key = (int(self.amounts[i]), int(self.units[i]))
            if key not in lengths:
                lengths[key] = Length.of(key[0], units[key[1]])
            moment: datetime = self.starts[i].item()
            start: Moment = moment if units[key[1]] is Unit.HOURS else moment.date()
            out.append(
                (start, lengths[key], regimes[int(self.regimes[i])], bool(self.backwards[i]))
            )
        return out


def _outside_spring_gaps(starts: npt.NDArray[np.datetime64]) -> npt.NDArray[np.datetime64]:
    """Move local times that never happen (02:00-02:59 on the last Sunday of March in
    Europe/Amsterdam) one hour on: both engines refuse them, so they are no benchmark input."""
    years = range(int(str(starts.min())[:4]), int(str(starts.max())[:4]) + 1)
    gaps = np.array(
        [
            np.datetime64(f"{y}-03-31", "D")
            - np.timedelta64((date(y, 3, 31).weekday() + 1) % 7, "D")
            + np.timedelta64(2, "h")
            for y in years
        ],
        dtype="datetime64[m]",
    )
    inside = np.zeros(starts.shape, dtype=bool)
    for gap in gaps:
        inside |= (starts >= gap) & (starts < gap + np.timedelta64(60, "m"))
    return np.where(inside, starts + np.timedelta64(60, "m"), starts)


def _as_minutes(moments: list[Moment]) -> npt.NDArray[np.datetime64]:
    """Scalar ends in the batch's dtype: a date becomes midnight of that day."""
    return np.array(
        [
            m if isinstance(m, datetime) else datetime.combine(m, datetime.min.time())
            for m in moments
        ],
        dtype="datetime64[m]",
    )


def _scalar(
    periods: Periods,
    nominal: npt.NDArray[np.datetime64],
    end: npt.NDArray[np.datetime64],
    order: npt.NDArray[np.int64],
) -> tuple[float, int, int]:
    """Scalar periods/s, how many periods it computed, and how many ends differ from the batch.

    Runs over ``order`` in chunks; once the full loop is projected to take longer than the
    budget, it stops at the minimum sample (or at once, if that many are already done).
    """
    elapsed = 0.0
    done = 0
    limit = len(order)
    mismatches = 0
    while done < limit:
        rows = order[done : done + CHUNK]
        inputs = periods.scalar_inputs(rows)
        started = time.perf_counter()
        results = [
            compute_period(start=s, length=length, regime=regime, backwards=back)
            for s, length, regime, back in inputs
        ]
        elapsed += time.perf_counter() - started
        done += len(inputs)
        if elapsed * len(order) / done > SCALAR_BUDGET_S:
            limit = min(limit, max(MIN_SAMPLE, done))
        for got, want in (
            (nominal[rows], [r.nominal_end for r in results]),
            (end[rows], [r.end for r in results]),
        ):
            mismatches += int(np.count_nonzero(got != _as_minutes(want)))
    return done / elapsed, done, mismatches


def main() -> int:
    rng = np.random.default_rng(SEED)
    periods = Periods(PERIODS, rng)
    print(f"periods: {PERIODS:,} mixed Pact periods (seed {SEED})")

    def batch() -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.datetime64]]:
        r = compute_batch(
            starts=periods.starts,
            amounts=periods.amounts,
            units=periods.units,
            regimes=periods.regimes,
            backwards=periods.backwards,
        )
        return r.nominal_end, r.end

    started = time.perf_counter()
    nominal, end = batch()  # the first call also builds the calendar and time-zone tables
    first_call = time.perf_counter() - started
    timings = []
    for _ in range(BATCH_RUNS):
        started = time.perf_counter()
        batch()
        timings.append(time.perf_counter() - started)
    batch_rate = PERIODS / min(timings)
    print(
        f"batch:  {batch_rate:>13,.0f} periods/s (best of {BATCH_RUNS} runs, "
        f"{min(timings):.3f} s; first call with table set-up {first_call:.3f} s)"
    )

    scalar_rate, done, mismatches = _scalar(periods, nominal, end, rng.permutation(PERIODS))
    if done < PERIODS:
        print(
            f"scalar: {scalar_rate:>13,.0f} periods/s (seeded random sample of {done:,} of the "
            f"{PERIODS:,} periods: the full loop would take about {PERIODS / scalar_rate:.0f} s)"
        )
    else:
        print(
            f"scalar: {scalar_rate:>13,.0f} periods/s "
            f"(all {PERIODS:,} periods, {PERIODS / scalar_rate:.1f} s)"
        )
    ratio = batch_rate / scalar_rate
    print(f"ratio batch/scalar: {ratio:,.0f}x")
    print(f"goal batch >= {GOAL_RATIO:.0f}x scalar: {'met' if ratio >= GOAL_RATIO else 'NOT met'}")
    print(
        f"goal batch >= {GOAL_RATE:,.0f} periods/s: "
        f"{'met' if batch_rate >= GOAL_RATE else 'NOT met'}"
    )
    if mismatches:
        print(f"FAIL: {mismatches} ends differ between batch and scalar", file=sys.stderr)
        return 1
    print(f"agreement: batch and scalar agree on all {done:,} periods computed by both")
    return 0


if __name__ == "__main__":
    sys.exit(main())
