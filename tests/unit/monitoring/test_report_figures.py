"""Shares and medians beside the counts of a report's table, in its public version: a figure is
withheld wherever a count it is computed from is hidden, worked by hand, and as a property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.monitoring.report.model import (
    CountTable,
    FigureColumn,
    Hidden,
    W,
    counts_table,
)
from migrationpact.monitoring.report.suppression import suppress

S, X = Hidden.SMALL, Hidden.WITHHELD
LABEL = W("a", "a")
COLUMNS = (W("number", "aantal"), W("beyond", "over"))


def quarterly(grid: list[list[int]]) -> tuple[FigureColumn, FigureColumn]:
    """A share (beyond / number) and a stand-in median (resting on the number) per line."""
    total = [sum(column) for column in zip(*grid, strict=True)]
    lines = [*grid, total]
    share = tuple(b / n if n else None for n, b in lines)
    median = tuple(float(n) if n else None for n, _ in lines)
    return (
        FigureColumn(W("share", "aandeel"), "share", (0, 1), share),
        FigureColumn(W("median", "mediaan"), "days", (0,), median),
    )


def make(grid: list[list[int]]) -> CountTable:
    rows = [(W(f"q{i}", f"q{i}"), cells) for i, cells in enumerate(grid)]
    return counts_table("t", LABEL, LABEL, COLUMNS, rows, total_row=True, figures=quarterly(grid))


def test_a_share_of_a_hidden_count_is_withheld_and_a_median_of_a_shown_number_is_not() -> None:
    # Worked by hand, threshold 5:
    #              number  beyond   share   median
    #   q0           12       2     16.7 %    12      2 is small: hidden; the share 2/12 would
    #   q1            9       6     66.7 %     9      give it back (12 x 16.7 %), so it goes too;
    #   q2            0       0        -       -      the beyond column has one hidden count:
    #   year         21       8     38.1 %    21      withhold the 6 as well, and its share.
    shown = make([[12, 2], [9, 6], [0, 0]])
    public = suppress(shown, 5)
    assert [r.cells for r in public.rows] == [(12, S), (9, X), (0, 0), (21, 8)]
    share, median = public.figures
    assert share.values == (X, X, None, 8 / 21)
    assert median.values == (12.0, 9.0, None, 21.0)
    # the internal version keeps every figure
    assert shown.figures[0].values == (2 / 12, 6 / 9, None, 8 / 21)


def test_a_median_of_a_small_number_is_withheld() -> None:
    public = suppress(make([[3, 0], [10, 0]]), 5)
    assert [r.cells for r in public.rows] == [(S, 0), (X, 0), (13, 0)]
    assert public.figures[1].values == (X, X, 13.0)
    assert public.figures[0].values == (X, X, 0.0)


@given(
    st.lists(
        st.integers(0, 15).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=2, max_value=6),
)
def test_no_figure_is_shown_beside_a_hidden_count(
    lines: list[tuple[int, int]], threshold: int
) -> None:
    table = make([list(line) for line in lines])
    public = suppress(table, threshold)
    for figure, before in zip(public.figures, table.figures, strict=True):
        for i, value in enumerate(figure.values):
            resting = [public.rows[i].cells[j] for j in figure.rests_on]
            if any(isinstance(c, Hidden) for c in resting):
                assert value is X
            else:
                assert value == before.values[i]  # never changed otherwise


def test_a_figure_needs_a_value_for_every_line_and_counts_of_its_own_row() -> None:
    figure = FigureColumn(W("m", "m"), "days", (0,), (1.0,))
    rows = [(LABEL, (1, 2)), (LABEL, (3, 4))]
    for bad in (figure, FigureColumn(W("m", "m"), "days", (5,), (1.0, 2.0))):
        with pytest.raises(ValueError, match="a figure for every row"):
            counts_table("t", LABEL, LABEL, COLUMNS, rows, figures=(bad,))
