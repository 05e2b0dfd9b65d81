"""What a back-test compares: published figures, how each is used, and the tolerance.

A back-test scenario (``twin/scenarios/backtest-2023-2025.yaml``) carries, besides its figures,
a ``backtest`` block: the **tolerance** (the largest mean absolute percentage error accepted,
with its reason, fixed before the first run) and the **points**, each a published figure of
something the twin outputs:

* ``what``: ``decisions`` (first-instance decisions, a count: summed over the period's months)
  or ``occupancy`` (reception residents, a level: the mean of the period's months);
* ``period``: a year (``'2024'``), a month (``2024-09``) or, for a level, a day
  (``2023-09-25``: a snapshot, compared with the mean of its month);
* ``use``: ``calibration`` (a figure a scenario figure was derived from: the twin reproduces
  it by construction, so it is shown but not counted in the error) or ``hold-out`` (a figure
  nothing was derived from: the test);
* ``published``: the figure with status and source, as every figure of a scenario.

``read_backtest(reader, doc, start, months)`` checks the block and refuses a wrong entry at its
line: an unknown ``what`` or ``use``, a period outside the simulated months, a day for a count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from migrationpact.twin.located import LocatedDict, LocatedList

if TYPE_CHECKING:
    from migrationpact.twin.figures import Figure, Reader

#: What a point may compare, and whether the twin's output is a count or a level.
WHAT = {"decisions": "count", "occupancy": "level"}
USES = ("calibration", "hold-out")


@dataclass(frozen=True)
class Point:
    """One published figure and the simulated months it is compared with."""

    what: str
    period: str  # as written: 2023, 2024-09 or 2023-09-25
    first: int  # index of the first simulated month of the period
    months: int  # how many simulated months it covers
    use: str
    published: Figure


@dataclass(frozen=True)
class Backtest:
    """The tolerance, its reason, and the points (see the module text)."""

    tolerance: float
    reason: str
    points: tuple[Point, ...]


def _month_index(start: date, year: int, month: int) -> int:
    return (year - start.year) * 12 + month - start.month


def _period(text: str, kind: str, start: date) -> tuple[int, int] | str:
    """(first month index, months) of a period, or what is wrong with it."""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            date(*numbers)  # a real day
    except ValueError:
        return f"period {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD"
    if len(numbers) == 1:
        return _month_index(start, numbers[0], 1), 12
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return _month_index(start, numbers[0], numbers[1]), 1
    if len(numbers) == 3:
        if kind == "count":
            return f"period {text!r}: a count is compared over a year or a month, not a day"
        return _month_index(start, numbers[0], numbers[1]), 1
    return f"period {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD"


def read_backtest(r: Reader, doc: LocatedDict, start: date, months: int) -> Backtest:
    """The ``backtest`` block of a scenario, checked (see the module text)."""
    block = r.section(doc, "backtest")
    tolerance = r.section(block, "tolerance")
    mape = r.number(tolerance, "mape", "rate", "backtest.tolerance.mape")
    reason = r.text(tolerance, "reason")
    raw = block.get("points")
    if not isinstance(raw, LocatedList) or not raw:
        raise r.fail(block.line_of("points"), "backtest.points: a list is needed")
    points = []
    for i, item in enumerate(raw):
        if not isinstance(item, LocatedDict):
            raise r.fail(raw.line_of(i), "a point is {what, period, use, published}")
        what, use = item.get("what"), item.get("use")
        if what not in WHAT:
            raise r.fail(item.line_of("what"), f"what: one of {', '.join(WHAT)}, not {what!r}")
        if use not in USES:
            raise r.fail(item.line_of("use"), f"use: one of {', '.join(USES)}, not {use!r}")
        period = str(item.get("period"))
        found = _period(period, WHAT[what], start)
        if isinstance(found, str):
            raise r.fail(item.line_of("period"), found)
        first, length = found
        if first < 0 or first + length > months:
            raise r.fail(item.line_of("period"), f"period {period}: outside the simulated months")
        label = f"backtest.{what}.{period}"
        published = r.figure(item, "published", "count", label)
        points.append(Point(str(what), period, first, length, str(use), published))
    return Backtest(mape, reason, tuple(points))
