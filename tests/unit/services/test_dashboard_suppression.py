"""The dashboards' suppression of a series: no small count survives, and none can be worked out.

Worked example (threshold 5): a month with 8 applicants, 7 first-time and 1 subsequent shows
8, x, < 5 — the 1 is small, and 7 is withheld because 8 − 7 would give it away. Property: in
every month of a series whose first line is the total of the others, no count from 1 to 4 is
shown, and a month never has exactly one hidden cell (a shown total would then reveal it).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.monitoring.report.model import Hidden
from migrationpact.services.dashboards import MEASURES, _hide_series

APPLICANTS = MEASURES["applicants"]
DECISIONS = MEASURES["decisions"]


def test_the_worked_example() -> None:
    assert _hide_series(APPLICANTS, [(8, 7, 1)], 5) == [(8, Hidden.WITHHELD, Hidden.SMALL)]
    assert _hide_series(APPLICANTS, [(12, 6, 6)], 5) == [(12, 6, 6)]
    assert _hide_series(APPLICANTS, [(0, 0, 0)], 5) == [(0, 0, 0)]
    # a stock without components: only the small count itself
    assert _hide_series(MEASURES["pending"], [(3,), (9,)], 5) == [(Hidden.SMALL,), (9,)]


@st.composite
def months(draw: st.DrawFn) -> list[tuple[int, ...]]:
    rows = draw(st.lists(st.lists(st.integers(0, 30), min_size=4, max_size=4), min_size=1,
                         max_size=6))  # fmt: skip
    return [(sum(parts), *parts) for parts in rows]


@given(months())
def test_no_small_count_is_shown_nor_can_be_worked_out(values: list[tuple[int, ...]]) -> None:
    hidden = _hide_series(DECISIONS, values, 5)
    for exact, shown in zip(values, hidden, strict=True):
        assert len(shown) == len(exact)
        for n, cell in zip(exact, shown, strict=True):
            assert cell == n or isinstance(cell, Hidden)
            if 0 < n < 5:
                assert cell is Hidden.SMALL
        assert sum(isinstance(c, Hidden) for c in shown) != 1
