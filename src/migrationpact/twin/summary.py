"""A run's summary as JSON: what the web pages, the API and the phase-in plan read of a run.

``summary_of(runs)`` keeps, of a finished run, what its pages show without running it again:
the scenario, the law (edition, amendments), the replications and seed, the simulated people,
the figures that are estimates, and for each headline output (``twin.outputs.headlines``) its
mean and 95 % band over the horizon with the value of every replication (so that two runs with
the same seeds can be compared pair by pair), and for a few outputs the band month by month.
A value the run did not give (a lead time nobody reached) is ``None``.

``compare(base, alt)`` gives ALT - BASE for each headline: banded replication by replication
when both runs share their seeds (common random numbers, as ``twin compare``), else the
difference of the two means with no band (``paired`` False).

``monthly_transfer_decisions(summary)`` is the run's forecast for the Dublin shelter phase-in
plan: the mean transfer decisions of each simulated month.

>>> clean([1.0, math.nan])
[1.0, None]
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np

from migrationpact.twin.kernel import month_starts
from migrationpact.twin.montecarlo import Runs, band
from migrationpact.twin.outputs import headlines

#: The outputs whose band the summary keeps month by month.
MONTHLY = ("arrivals", "dublin.transfer_decisions", "level.phase.ind_backlog")
TRANSFER_DECISIONS = "dublin.transfer_decisions"


def clean(values: list[float]) -> list[float | None]:
    """Numbers for JSON: NaN becomes None."""
    return [None if math.isnan(v) else round(float(v), 6) for v in values]


def _band(values: np.ndarray) -> dict[str, float | None]:
    mean, low, high = clean(list(band(values)))
    return {"mean": mean, "low": low, "high": high}


def summary_of(runs: Runs) -> dict[str, Any]:
    """The summary of a finished run (see the module text)."""
    s = runs.scenario
    months = month_starts(s.start, s.months)
    outputs = []
    for name, _label in headlines(s):
        values = runs.total(name)
        outputs.append({"name": name, **_band(values), "replications": clean(list(values))})
    monthly = {}
    for name in MONTHLY:
        data = runs.stacked(name)
        monthly[name] = [_band(data[:, i]) for i in range(data.shape[1])]
    return {
        "scenario": s.name,
        "title": s.title,
        "start": s.start.isoformat(),
        "months": [m.isoformat() for m in months[: s.months]],
        "edition": s.edition.isoformat(),
        "amendments": [a.kind for a in s.amendments],
        "seed": runs.seed,
        "replications": len(runs.replications),
        "seeds": [r.seed for r in runs.replications],
        "people": float(np.mean([r.people for r in runs.replications])),
        "events": float(np.mean([r.events for r in runs.replications])),
        "estimates": list(s.estimates()),
        "outputs": outputs,
        "monthly": monthly,
    }


def compare(base: dict[str, Any], alt: dict[str, Any]) -> dict[str, Any]:
    """ALT - BASE for each headline both summaries hold (see the module text)."""
    paired = base["seeds"] == alt["seeds"] and base["months"] == alt["months"]
    theirs = {o["name"]: o for o in alt["outputs"]}
    rows = []
    for mine in base["outputs"]:
        other = theirs.get(mine["name"])
        if other is None:
            continue
        if paired:
            a = np.array([math.nan if v is None else v for v in mine["replications"]])
            b = np.array([math.nan if v is None else v for v in other["replications"]])
            diff = _band(b - a)
        else:
            both = mine["mean"] is not None and other["mean"] is not None
            diff = {"mean": other["mean"] - mine["mean"] if both else None}
            diff |= {"low": None, "high": None}
        rows.append({"name": mine["name"], "base": mine["mean"], "alt": other["mean"], **diff})
    return {"paired": paired, "outputs": rows}


def monthly_transfer_decisions(summary: dict[str, Any]) -> list[tuple[date, float]]:
    """The run's mean transfer decisions per simulated month (a forecast for the plan)."""
    months = [date.fromisoformat(m) for m in summary["months"]]
    bands = summary["monthly"][TRANSFER_DECISIONS]
    return [(month, float(b["mean"] or 0.0)) for month, b in zip(months, bands, strict=True)]
