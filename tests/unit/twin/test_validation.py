"""Validation: the twin's station against Erlang C, and Little's law on the twin's outputs."""

from __future__ import annotations

import random
from collections.abc import Generator
from typing import Any

import numpy as np
import pytest
import simpy

from migrationpact.twin.kernel import run_replication
from migrationpact.twin.montecarlo import band, replication_seeds
from migrationpact.twin.stations import Staff
from migrationpact.twin.validation import erlang_c_probability, erlang_c_wait, littles_law_gap
from tests.unit.twin.helpers import small


def test_erlang_c_by_hand() -> None:
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lambda).
    assert erlang_c_probability(0.5, 1.0, 1) == pytest.approx(0.5)
    assert erlang_c_wait(0.5, 1.0, 1) == pytest.approx(1.0)
    # M/M/2, a = 1: C = (a^2/2! * 2/(2-1)) / (1 + a + a^2/2! * 2/(2-1)) = 1/3; Wq = C / (2 - 1).
    assert erlang_c_probability(1.0, 1.0, 2) == pytest.approx(1 / 3)
    assert erlang_c_wait(1.0, 1.0, 2) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="unstable"):
        erlang_c_wait(2.0, 1.0, 2)


def mmc_mean_wait(lam: float, mu: float, servers: int, customers: int, seed: int) -> float:
    """The mean queue wait at a twin ``Staff`` station fed by a Poisson stream, no time limits;
    the first tenth of the customers is left out (the empty start)."""
    rng = random.Random(seed)
    env = simpy.Environment()
    station = Staff(env, "station", servers)

    def customer() -> Generator[Any, Any, None]:
        token = yield from station.take()
        yield env.timeout(rng.expovariate(mu))
        station.give(token)

    def source() -> Generator[Any, Any, None]:
        for _ in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer())

    env.process(source())
    env.run()
    return float(np.mean(station.waits[customers // 10 :]))


@pytest.mark.parametrize(("lam", "mu", "servers"), [(4.0, 1.0, 5), (1.5, 1.0, 2)])
def test_an_mmc_station_matches_erlang_c_within_the_confidence_interval(
    lam: float, mu: float, servers: int
) -> None:
    waits = np.array(
        [mmc_mean_wait(lam, mu, servers, 4000, s) for s in replication_seeds(2026, 20)]
    )
    mean, low, high = band(waits)
    assert low <= erlang_c_wait(lam, mu, servers) <= high
    # The test can fail: one server more or fewer lies far outside the interval.
    assert not low <= erlang_c_wait(lam, mu, servers + 1) <= high
    assert high - low < 0.5 * mean


def test_littles_law_holds_on_every_phase_and_place() -> None:
    result = run_replication(small(per_month=30, months=2), seed=11)
    days = np.diff([0.0, 31.0, 62.0])  # July and August 2026
    checked = 0
    for name, entries in result.phase_entries.items():
        level = result.series[f"level.{name}"]
        mean_in = float((level * days).sum()) / result.horizon_days
        rate = entries / result.horizon_days
        mean_time = result.phase_time[name] / entries
        assert littles_law_gap(mean_in, rate, mean_time) < 1e-9, name
        checked += 1
    assert checked >= 8  # the phases and the reception types the small scenario reaches
