"""The forecast: how many transfer decisions will be notified in each month.

A month is the ``date`` of its first day and is written ``YYYY-MM``. A forecast comes from one
of three places:

* **the cases** (``forecast_from_cases``): each month before the current one has the number of
  transfer decisions actually notified in it (``dublin.transfer_decision_notified_at``). From
  the current month on, each month gets the mean of the last ``history_months`` full months
  (carried forward unchanged: no trend is guessed), plus the open Dublin cases not yet decided
  times the take rate, spread evenly over the next ``pending_spread_months`` months. An open
  Dublin case is one the Netherlands asked another member state to take (or has a Eurodac hit
  for), not refused, with no transfer decision notified and not transferred.
* **a file** (``read_forecast``) the simulation or an analyst writes: CSV with the header
  ``month,transfer_decisions`` or JSON, a list of ``{"month": "2027-01",
  "transfer_decisions": 40}`` (or an object holding it under ``forecast``).

>>> f = read_forecast("month,transfer_decisions\\n2027-01,40\\n2027-02,35.5\\n", "csv")
>>> from datetime import date
>>> f.at(date(2027, 2, 1)), f.at(date(2027, 3, 1))
(35.5, 0.0)
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from migrationpact.cases.state import CaseState
from migrationpact.law.periods import add_months
from migrationpact.reception.plan.months import (
    MonthError,
    month_of,
    month_text,
    months_between,
    parse_month,
)
from migrationpact.reception.plan.parameters import Parameters


class ForecastError(ValueError):
    """A forecast file that cannot be read."""


@dataclass(frozen=True)
class Forecast:
    """Transfer decisions by month (months it does not name have none), and how it was made."""

    source: Literal["cases", "file", "twin"]
    decisions: tuple[tuple[date, float], ...]
    #: For a forecast from the cases: the projected mean a month, the open Dublin cases counted,
    #: and the months averaged.
    monthly_mean: float | None = None
    pending_cases: int | None = None
    history_months: int | None = None
    #: For a forecast from a finished run of the chain twin: the run's id.
    twin_run: int | None = None

    @cached_property
    def _by_month(self) -> dict[date, float]:
        return dict(self.decisions)

    def at(self, month: date) -> float:
        return self._by_month.get(month, 0.0)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "monthly_mean": None if self.monthly_mean is None else round(self.monthly_mean, 2),
            "pending_cases": self.pending_cases,
            "history_months": self.history_months,
            "twin_run": self.twin_run,
        }


def pending(state: CaseState) -> bool:
    """An open Dublin case that may still get a transfer decision (see the module text)."""
    track = state.dublin
    asked = track.role == "requesting" or (track.role is None and track.hit is not None)
    return (
        not state.closed
        and asked
        and track.reply != "refused"
        and track.transfer_decision_notified_at is None
        and track.transferred_at is None
    )


def forecast_from_cases(
    states: Iterable[CaseState], *, today: date, until: date, parameters: Parameters
) -> Forecast:
    """The forecast the cases give (see the module text), up to the month ``until``.

    >>> from datetime import datetime
    >>> from migrationpact.reception.plan.parameters import default_parameters
    >>> from migrationpact.cases.state import DublinTrack
    >>> p = default_parameters().parameters  # 6 months averaged, take rate 0.7 over 5 months
    >>> one = CaseState("A", dublin=DublinTrack(transfer_decision_notified_at=datetime(2027, 1, 9)))
    >>> two = CaseState("B", dublin=DublinTrack(role="requesting", reply="pending"))
    >>> f = forecast_from_cases([one, two], today=date(2027, 3, 5), until=date(2027, 9, 1),
    ...                         parameters=p)
    >>> f.at(date(2027, 1, 1)), round(f.at(date(2027, 3, 1)), 3), round(f.at(date(2027, 8, 1)), 3)
    (1.0, 0.307, 0.167)
    """
    now = month_of(today)
    states = list(states)
    notified = Counter(
        month_of(s.dublin.transfer_decision_notified_at.date())
        for s in states
        if s.dublin.transfer_decision_notified_at is not None
    )
    history = int(parameters.history_months.value)
    mean = sum(notified[add_months(now, -k)] for k in range(1, history + 1)) / history
    open_cases = sum(1 for s in states if pending(s))
    spread = int(parameters.pending_spread_months.value)
    extra = open_cases * parameters.take_rate.value / spread
    decisions = {m: float(n) for m, n in notified.items() if m < now}
    month = now
    for k in range(months_between(now, until) + 1):
        decisions[month] = mean + (extra if k < spread else 0.0)
        month = add_months(month, 1)
    return Forecast("cases", tuple(sorted(decisions.items())), mean, open_cases, history)


def read_forecast(text: str, kind: Literal["csv", "json"]) -> Forecast:
    """The forecast in ``text`` (CSV or JSON, see the module text); ``ForecastError`` if not."""
    rows: Any
    if kind == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or set(reader.fieldnames) != {"month", "transfer_decisions"}:
            raise ForecastError("a forecast CSV needs the header month,transfer_decisions")
        rows = list(reader)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ForecastError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
        rows = data.get("forecast") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise ForecastError("a forecast JSON is a list of {month, transfer_decisions}")
    return Forecast("file", tuple(sorted(_rows(rows).items())))


def _rows(rows: list[Any]) -> dict[date, float]:
    found: dict[date, float] = {}
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not {"month", "transfer_decisions"} <= set(row):
            raise ForecastError(f"row {n}: needs month and transfer_decisions")
        try:
            month = parse_month(str(row["month"]))
        except MonthError as exc:
            raise ForecastError(f"row {n}: {exc}") from None
        if month in found:
            raise ForecastError(f"row {n}: month {month_text(month)} is given twice")
        found[month] = _count(row["transfer_decisions"], n)
    if not found:
        raise ForecastError("the forecast names no month")
    return found


def _count(value: Any, n: int) -> float:
    try:
        count = float(value)
    except (TypeError, ValueError):
        raise ForecastError(f"row {n}: transfer_decisions is not a number: {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(count) or count < 0:
        raise ForecastError(f"row {n}: transfer_decisions must be a number of 0 or more")
    return count
