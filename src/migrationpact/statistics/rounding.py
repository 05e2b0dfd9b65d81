"""Rounding to the nearest 5, as Eurostat publishes asylum figures.

Each published value is rounded on its own, totals included, so the rounded components of a
total need not add up to the rounded total (ESMS migr_asyapp 3.1, "Data are rounded to the
nearest 5"). Halves round up: 0-2 become 0, 3-7 become 5, 8-12 become 10.

>>> [nearest_five(n) for n in (0, 1, 2, 3, 7, 8, 12, 13)]
[0, 0, 0, 5, 5, 10, 10, 15]
>>> nearest_five(2) + nearest_five(2), nearest_five(4)
(0, 5)
"""

from __future__ import annotations


def nearest_five(value: int) -> int:
    """``value`` (a count, never negative) rounded to the nearest multiple of 5, halves up."""
    if value < 0:
        raise ValueError("a count is never negative")
    return (value + 2) // 5 * 5
