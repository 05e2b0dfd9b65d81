"""What one replication measures, month by month: counts, mean levels and lead times.

Three kinds of series, each one value per simulated month:

* **counts** (``count``): how often something happened in the month (arrivals, decisions,
  transfers, deadline lapses by rule and consequence);
* **levels** (``enter``/``leave``): how many people are in a phase or a place, integrated over
  time, so the month's value is the exact mean number present (backlogs, border-procedure
  occupancy, reception by location type);
* **lead times** (``duration``): the mean days the people who left a phase in the month spent in
  it.

Every person's time in a phase is also added up (cut at the end of the horizon), so Little's law
can be checked on the outputs: a phase's mean level equals its entries per day times the mean
time spent in it (``twin.validation``).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Metrics:
    """The month-by-month record of one replication (see the module text)."""

    month_starts: list[float]  # day offsets of each month's first day, plus the horizon's end
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    areas: dict[str, np.ndarray] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    since: dict[str, float] = field(default_factory=dict)
    spent_sum: dict[str, np.ndarray] = field(default_factory=dict)
    spent_n: dict[str, np.ndarray] = field(default_factory=dict)
    phase_time: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    phase_entries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    open_sum: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def months(self) -> int:
        return len(self.month_starts) - 1

    @property
    def horizon(self) -> float:
        return self.month_starts[-1]

    def month_of(self, t: float) -> int:
        """The month index of day ``t`` (-1 before the start, ``months`` after the end)."""
        return bisect.bisect_right(self.month_starts, t) - 1

    def _array(self, table: dict[str, np.ndarray], name: str) -> np.ndarray:
        found = table.get(name)
        if found is None:
            found = table[name] = np.zeros(self.months)
        return found

    def count(self, name: str, t: float, n: float = 1.0) -> None:
        month = self.month_of(t)
        if 0 <= month < self.months:
            self._array(self.counts, name)[month] += n

    def _accumulate(self, name: str, t: float) -> None:
        """Add the person-days of ``name`` from its last change up to ``t``, month by month."""
        start, level = self.since.get(name, 0.0), self.present[name]
        self.since[name] = t
        if level == 0 or t <= start:
            return
        area = self._array(self.areas, name)
        first, last = self.month_of(start), self.month_of(min(t, self.horizon) - 1e-12)
        for month in range(max(first, 0), min(last, self.months - 1) + 1):
            lo = max(start, self.month_starts[month])
            hi = min(t, self.month_starts[month + 1])
            if hi > lo:
                area[month] += level * (hi - lo)

    def enter(self, name: str, t: float) -> float:
        """Someone enters phase or place ``name`` at ``t``; returns ``t`` for ``leave``."""
        self._accumulate(name, t)
        self.present[name] += 1
        self.phase_entries[name] += 1
        self.open_sum[name] += t
        return t

    def leave(self, name: str, entered: float, t: float) -> None:
        """Someone who entered ``name`` at ``entered`` leaves it at ``t``."""
        self._accumulate(name, t)
        self.present[name] -= 1
        self.open_sum[name] -= entered
        self.phase_time[name] += min(t, self.horizon) - entered
        self.duration(name, t, t - entered)

    def duration(self, name: str, t: float, days: float) -> None:
        month = self.month_of(t)
        if 0 <= month < self.months:
            self._array(self.spent_sum, name)[month] += days
            self._array(self.spent_n, name)[month] += 1

    def close(self) -> None:
        """At the horizon: bring every level up to date; add the time of those still in."""
        for name in list(self.present):
            self._accumulate(name, self.horizon)
            self.phase_time[name] += self.present[name] * self.horizon - self.open_sum[name]

    def series(self) -> dict[str, np.ndarray]:
        """Every output as one array of months: counts, mean levels, mean lead times."""
        days = np.diff(np.array(self.month_starts))
        out: dict[str, np.ndarray] = {}
        for name, values in sorted(self.counts.items()):
            out[name] = values.copy()
        for name, area in sorted(self.areas.items()):
            out[f"level.{name}"] = area / days
        for name, total in sorted(self.spent_sum.items()):
            n = self.spent_n[name]
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"days.{name}"] = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)
        return out
