"""Monte Carlo: N replications from seeds, in parallel with Dask, and confidence bands.

``replication_seeds(seed, n)`` spawns one independent seed per replication from the run's seed
(NumPy's ``SeedSequence``), so replication *k* of a run with seed *S* is the same wherever and
in whatever order it runs: a run is reproducible bit for bit from its seed. ``run_many`` runs
the replications one after another, or on a Dask cluster: a local one (one single-threaded
worker process per core, at most one per replication) unless the address of an existing
scheduler is given. Each worker builds the scenario's ``Law`` once and keeps it for the
replications it runs.

A **band** is the 95 % confidence interval of the mean over the replications (Student's t with
n - 1 degrees of freedom): ``band(values)`` gives mean, low, high; for an output that cannot be
negative (no replication gave a negative value) the band stops at zero. With a single
replication there is no interval and low = high = mean. A comparison (``twin.outputs``) runs
two scenarios with the *same* seeds (common random numbers) and bands the difference
replication by replication, which is far narrower than the difference of two independent
bands.

>>> [round(x, 3) for x in band(np.array([1.0, 2.0, 3.0]))]
[2.0, 0.0, 4.484]
>>> [round(x, 3) for x in band(np.array([-1.0, 0.0, 1.0]))]
[0.0, -2.484, 2.484]
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from migrationpact.law.law import Law
from migrationpact.twin.kernel import Replication, run_replication
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.scenario import Scenario

#: Student's t, two-sided 95 %, for 1 to 30 degrees of freedom.
T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
       2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
       2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip
Z95 = 1.959964


def t95(df: int) -> float:
    """Student's t quantile 0.975 (a table to 30, then the Cornish–Fisher expansion)."""
    if df <= 0:
        return math.nan
    if df <= len(T95):
        return T95[df - 1]
    z = Z95
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def band(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95 % confidence interval of the mean (NaN values left out)."""
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(values.mean())
    if n == 1:
        return (mean, mean, mean)
    half = t95(n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    low = mean - half
    if values.min() >= 0:  # an output that cannot be negative: its band stops at zero
        low = max(low, 0.0)
    return (mean, low, mean + half)


def replication_seeds(seed: int, n: int) -> list[int]:
    """One independent 63-bit seed per replication, spawned from the run's seed."""
    children = np.random.SeedSequence(seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0]) >> 1 for c in children]


_LAWS: dict[str, Law] = {}


def start_method() -> str | None:
    """How processes that run replications start: from a fork server where the platform has
    one (``_on_dask`` says why), else the platform's default."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None


def _law_for(scenario: Scenario) -> Law:
    """The scenario's law, built once per process (a worker keeps it between tasks)."""
    key = repr(scenario)
    law = _LAWS.get(key)
    if law is None:
        _LAWS.clear()
        law = _LAWS[key] = build_law(scenario)
    return law


def replicate(scenario: Scenario, seed: int) -> Replication:
    """One replication with the process's law for the scenario (a Dask task)."""
    return run_replication(scenario, seed, _law_for(scenario))


@dataclass
class Runs:
    """The replications of one scenario, outputs stacked as (replications, months)."""

    scenario: Scenario
    seed: int
    replications: list[Replication]

    def names(self) -> list[str]:
        found: set[str] = set()
        for r in self.replications:
            found.update(r.series)
        return sorted(found)

    def stacked(self, name: str) -> np.ndarray:
        months = self.scenario.months
        rows = []
        for r in self.replications:
            values = r.series.get(name)
            if values is None:  # never happened in this replication
                values = np.full(months, np.nan if name.startswith("days.") else 0.0)
            rows.append(values)
        return np.vstack(rows)

    def total(self, name: str) -> np.ndarray:
        """Per replication, the output over the whole horizon: a count summed, a level or a
        lead time averaged over the months."""
        data = self.stacked(name)
        if name.startswith("days."):
            return np.array([_nanmean(row) for row in data])
        if name.startswith("level."):
            return np.asarray(data.mean(axis=1), dtype=float)
        return np.asarray(data.sum(axis=1), dtype=float)


def _nanmean(row: np.ndarray) -> float:
    known = row[~np.isnan(row)]
    return float(known.mean()) if len(known) else math.nan


def run_many(
    scenario: Scenario,
    replications: int,
    seed: int,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    parallel: bool = True,
) -> Runs:
    """``replications`` runs of ``scenario`` from ``seed`` (see the module text)."""
    seeds = replication_seeds(seed, replications)
    if not parallel or (replications == 1 and scheduler is None):
        results = [replicate(scenario, s) for s in seeds]
    else:
        results = _on_dask(scenario, seeds, scheduler, workers)
    return Runs(scenario, seed, results)


def _on_dask(
    scenario: Scenario, seeds: list[int], scheduler: str | None, workers: int | None
) -> list[Replication]:
    import dask
    from dask.distributed import Client, LocalCluster

    cluster: Any = None
    if scheduler is None:
        count = max(1, min(len(seeds), workers or os.cpu_count() or 1))
        # Without the workers' sampling profiler (a thread that reads the running task's stack
        # a hundred times a second, for the dashboard this cluster does not have): it took about
        # a sixth of each replication's CPU and held the GIL from it. The workers take the
        # configuration they are started with.
        #
        # Workers start from a fork server (a clean, single-threaded process started once)
        # rather than each from a fresh interpreter: the bench's ten small replications on two
        # workers went from 1.14x to 0.88x the time of one after another. Not ``fork``: the
        # process asking may be the server, with threads and open database connections that a
        # child must not share.
        method = start_method()
        options: dict[str, object] = {"distributed.worker.profile.enabled": False}
        if method is not None:
            options["distributed.worker.multiprocessing-method"] = method
        with dask.config.set(options):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]
            # The scenario goes to each worker once, not with every task; each worker builds
            # its law once (``_law_for``) and sends back only the small ``Replication``.
            shipped = client.scatter(scenario, broadcast=True)
            futures = client.map(replicate, [shipped] * len(seeds), seeds, pure=False)
            results: list[Replication] = client.gather(futures)
    finally:
        if cluster is not None:
            cluster.close()
    return results
