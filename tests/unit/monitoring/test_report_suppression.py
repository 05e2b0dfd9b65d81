"""Small-number suppression of the public report, worked by hand, and a property: no hidden count
can be worked out from a total of its row or column, and nothing else changes."""

from __future__ import annotations

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.monitoring.report.model import (
    CountTable,
    Hidden,
    ListTable,
    Report,
    Section,
    W,
    counts_table,
)
from migrationpact.monitoring.report.suppression import (
    default_policies,
    policy_on,
    public_version,
    suppress,
)

S, X = Hidden.SMALL, Hidden.WITHHELD
LABEL = W("a", "a")


def table(
    grid: list[list[int]], *, total_row: bool = True, total_column: bool = False
) -> CountTable:
    columns = tuple(W(f"c{j}", f"c{j}") for j in range(len(grid[0])))
    rows = [(W(f"r{i}", f"r{i}"), cells) for i, cells in enumerate(grid)]
    return counts_table(
        "t", LABEL, LABEL, columns, rows, total_row=total_row, total_column=total_column
    )


def cells(t: CountTable) -> list[list[int | Hidden]]:
    return [list(row.cells) for row in t.rows]


def lines(t: CountTable) -> list[list[tuple[int, int]]]:
    """The rows and columns a shown total lets a reader solve (as the policy says)."""
    n, m = len(t.rows), len(t.columns)
    found = []
    if t.total_column:
        found += [[(i, j) for j in range(m)] for i in range(n)]
    if t.total_row:
        found += [[(i, j) for i in range(n)] for j in range(m)]
    return found


def solvable(t: CountTable) -> list[tuple[int, int]]:
    """Hidden cells that are the only hidden cell of a line whose other cells are shown: the
    total minus the others gives them away."""
    grid = cells(t)
    found = []
    for line in lines(t):
        shut = [c for c in line if isinstance(grid[c[0]][c[1]], Hidden)]
        if len(shut) == 1:
            found.append(shut[0])
    return found


def test_one_small_count_in_a_column_takes_the_next_smallest_with_it() -> None:
    # 3 + 9 + 12 = 24: "3" alone hidden would be 24 - 9 - 12; the 9 is withheld with it.
    shown = suppress(table([[3], [9], [12]]), 5)
    assert cells(shown) == [[S], [X], [12], [24]]
    assert solvable(shown) == []


def test_two_small_counts_protect_each_other_and_zeros_are_shown() -> None:
    # 2 and 4 hidden together: the total 16 says only that they make 6.
    shown = suppress(table([[2], [0], [4], [10]]), 5)
    assert cells(shown) == [[S], [0], [S], [10], [16]]


def test_a_small_total_is_hidden_too() -> None:
    # 1 + 0 + 3 = 4: every non-zero count and the total are below 5.
    assert cells(suppress(table([[1], [0], [3]]), 5)) == [[S], [0], [S], [S]]


def test_a_table_of_rows_and_columns_with_totals_is_protected_both_ways() -> None:
    # Worked by hand, threshold 5 (rows first, then columns):
    #            A    B   total
    #   r0       3    8    11        3 is small and alone in row r0: withhold the 8 beside it;
    #   r1       6    7    13
    #   r2      10    2    12        2 is small and alone in row r2: withhold the 10;
    #   total   19   17    36        columns A (3, 10) and B (8, 2) now hide two each: done.
    # What is left: 3 + 8 = 11, 10 + 2 = 12, 3 + 10 = 13, 8 + 2 = 10; the 3 can be 2, 3 or 4.
    shown = suppress(table([[3, 8], [6, 7], [10, 2]], total_column=True), 5)
    assert cells(shown) == [[S, X, 11], [6, 7, 13], [X, S, 12], [19, 17, 36]]
    assert solvable(shown) == []


def completions(t: CountTable, threshold: int) -> list[list[list[int]]]:
    """Every table of counts that shows as ``t``: hidden small counts 1..threshold-1,
    withheld ones 0..the grand total, every shown total adding up."""
    grid = cells(t)
    top = max(c for row in grid for c in row if isinstance(c, int))
    spots = [(i, j) for i, row in enumerate(grid) for j, c in enumerate(row) if c in (S, X)]
    ranges = [range(1, threshold) if grid[i][j] is S else range(0, top + 1) for i, j in spots]
    found = []
    for values in product(*ranges):
        filled = [[c if isinstance(c, int) else 0 for c in row] for row in grid]
        for (i, j), v in zip(spots, values, strict=True):
            filled[i][j] = v
        if all(
            sum(filled[i][j] for i, j in line[:-1]) == filled[line[-1][0]][line[-1][1]]
            for line in lines(t)
        ):
            found.append(filled)
    return found


def test_no_hidden_count_of_the_hand_made_table_can_be_worked_out() -> None:
    # Every table a reader could think of behind the public one: each small count can still be
    # more than one value (the true 3 and 2 are among them).
    shown = suppress(table([[3, 8], [6, 7], [10, 2]], total_column=True), 5)
    possible = completions(shown, 5)
    assert [[3, 8, 11], [6, 7, 13], [10, 2, 12], [19, 17, 36]] in possible
    assert {p[0][0] for p in possible} == {2, 3, 4}
    assert {p[2][1] for p in possible} == {1, 2, 3}


def test_without_secondary_suppression_the_small_count_would_be_recovered() -> None:
    # The check above can fail: with the 9 shown, one table only is left.
    leaky = table([[3], [9], [12]]).with_grid([[S], [9], [12], [24]])
    assert solvable(leaky) == [(0, 0)]
    assert {p[0][0] for p in completions(leaky, 5)} == {3}


@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda rows: st.integers(min_value=1, max_value=3).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 12), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    ),
    st.booleans(),
    st.integers(min_value=2, max_value=6),
)
def test_suppression_hides_every_small_count_and_leaves_none_solvable(
    grid: list[list[int]], total_column: bool, threshold: int
) -> None:
    original = table(grid, total_column=total_column)
    shown = suppress(original, threshold)
    for before, after in zip(cells(original), cells(shown), strict=True):
        for b, a in zip(before, after, strict=True):
            assert isinstance(b, int)
            if 0 < b < threshold:
                assert a is S
            else:
                assert a in (b, X)  # shown as it is, or withheld: never changed
    assert solvable(shown) == []


def test_the_public_version_drops_the_lists_of_files_and_hides_small_counts() -> None:
    files = ListTable("late", LABEL, (LABEL,), (("MON-AAAA-BBBB",),), LABEL)
    report = Report(
        year=2026,
        scope="CRM",
        scope_name=LABEL,
        made_on=policy_on(default_policies()[0].valid_from).valid_from,
        public=False,
        sections=(Section("s", LABEL, tables=(table([[3], [9], [12]]), files)),),
    )
    public = public_version(report, default_policies()[0])
    assert public.public
    (only,) = public.sections[0].tables
    assert isinstance(only, CountTable)
    assert [row.cells[0] for row in only.rows] == [S, X, 12, 24]
    assert public.threshold == 5
    assert public.policy_note is not None
    assert "< 5" in public.policy_note.nl


def test_the_shipped_policy_is_dated_and_flagged_unverified() -> None:
    (policy,) = default_policies()
    assert policy.threshold == 5
    assert policy.verified is False
    assert policy.verification.startswith("UNVERIFIED")
