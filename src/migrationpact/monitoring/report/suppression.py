"""The public version of a report: small counts hidden, and whatever a total would give away.

A count from 1 up to below the policy's ``threshold`` (5 in the shipped, UNVERIFIED edition) could
point at one person, so the public version shows it as "< 5" (*primary* suppression; a 0 is
shown, it points at nobody). A hidden count that is the only hidden cell of a row or column
whose total is shown could be worked out by subtraction, so a second cell of that line is
withheld as well (*secondary* suppression): the smallest other count of the line, else its
total. A line is a row of a table with a total column, or a column of a table with a total row;
the totals row and column are lines too. This repeats until no line has exactly one hidden
cell. (It protects against subtraction within a line, the attack totals invite; it does not
claim to defeat every system of equations over a large table.) A figure beside the counts (a
share, a median: ``model.FigureColumn``) is withheld wherever a count it rests on is hidden:
a share of a shown total times that total would be the hidden count.

The policy is dated data (``data/suppression/<edition>/*.yaml``, ``verified: false``), the
edition in force on the day the report is made. The public version also drops every
``ListTable`` (lines about single files): it holds no reference, no free text and no name.

>>> from migrationpact.monitoring.report.model import W, counts_table
>>> t = counts_table("t", W("c", "c"), W("h", "h"), (W("n", "n"),),
...     [(W("a", "a"), (3,)), (W("b", "b"), (9,)), (W("c", "c"), (12,))], total_row=True)
>>> [row.cells[0] for row in suppress(t, 5).rows]
[<Hidden.SMALL: 'small'>, <Hidden.WITHHELD: 'withheld'>, 12, 24]
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import Field

from migrationpact.monitoring.editions import DATA_DIR, DatedFile, in_force, load_editions
from migrationpact.monitoring.report.model import (
    Cell,
    CountTable,
    Hidden,
    ListTable,
    Report,
    Section,
    W,
)


class SuppressionPolicy(DatedFile):
    #: Counts from 1 up to below this are hidden.
    threshold: int = Field(ge=2, le=100)


def load_policies(root: Path = DATA_DIR / "suppression") -> tuple[SuppressionPolicy, ...]:
    return load_editions(root, SuppressionPolicy, "suppression policy")


@cache
def default_policies() -> tuple[SuppressionPolicy, ...]:
    return load_policies()


def policy_on(day: date) -> SuppressionPolicy:
    """The shipped policy in force on ``day``."""
    return in_force(default_policies(), day, "suppression policy")


def _lines(table: CountTable, rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """The cells of every line a shown total would let a reader solve."""
    lines: list[list[tuple[int, int]]] = []
    if table.total_column:
        lines += [[(i, j) for j in range(columns)] for i in range(rows)]
    if table.total_row:
        lines += [[(i, j) for i in range(rows)] for j in range(columns)]
    return lines


def suppress(table: CountTable, threshold: int) -> CountTable:
    """``table`` with its small counts hidden and what would reveal them withheld."""
    values = [[_number(cell) for cell in row.cells] for row in table.rows]
    rows, columns = len(values), len(values[0]) if values else 0
    hidden: dict[tuple[int, int], Hidden] = {
        (i, j): Hidden.SMALL
        for i in range(rows)
        for j in range(columns)
        if 0 < values[i][j] < threshold
    }
    lines = _lines(table, rows, columns)
    changed = True
    while changed:
        changed = False
        for line in lines:
            shut = [cell for cell in line if cell in hidden]
            if len(shut) != 1:
                continue
            hidden[_second(line, hidden, values)] = Hidden.WITHHELD
            changed = True
    grid: list[list[Cell]] = [
        [hidden.get((i, j), values[i][j]) for j in range(columns)] for i in range(rows)
    ]
    figures = tuple(
        replace(
            figure,
            values=tuple(
                Hidden.WITHHELD if any((i, j) in hidden for j in figure.rests_on) else value
                for i, value in enumerate(figure.values)
            ),
        )
        for figure in table.figures
    )
    return replace(table.with_grid(grid), figures=figures)


def _number(cell: Cell) -> int:
    if isinstance(cell, Hidden):
        raise ValueError("a table is suppressed once, from its counts")
    return cell


def _second(
    line: list[tuple[int, int]], hidden: dict[tuple[int, int], Hidden], values: list[list[int]]
) -> tuple[int, int]:
    """The cell to withhold beside a line's one hidden cell: the smallest other count that is
    not the line's total (a positive one before a 0, which hides little), else the total."""
    inner, total = line[:-1], line[-1]
    open_cells = [cell for cell in inner if cell not in hidden]
    if not open_cells:
        return total
    return min(open_cells, key=lambda c: (values[c[0]][c[1]] == 0, values[c[0]][c[1]], c))


def public_version(report: Report, policy: SuppressionPolicy) -> Report:
    """The report as it may be published: lists of files dropped, counts suppressed."""
    sections = tuple(_public_section(section, policy.threshold) for section in report.sections)
    note = W(
        f"Counts from 1 to {policy.threshold - 1} are shown as \u201c< {policy.threshold}\u201d; "
        "a count marked \u201cx\u201d is withheld so that a hidden count cannot be worked out "
        "from a total.",
        f"Aantallen van 1 tot en met {policy.threshold - 1} staan er als "
        f"\u201c< {policy.threshold}\u201d; een aantal met \u201cx\u201d is weggelaten zodat "
        "een verborgen aantal niet uit een totaal kan worden afgeleid.",
    )
    if not policy.verified:
        unverified = W(
            f"This suppression policy (edition {policy.edition.isoformat()}) is not yet "
            "verified: " + policy.verification,
            f"Dit beleid voor het verbergen van kleine aantallen (editie "
            f"{policy.edition.isoformat()}) is nog niet vastgesteld en moet met beide "
            "instanties worden afgesproken.",
        )
        note = W(f"{note.en} {unverified.en}", f"{note.nl} {unverified.nl}")
    return replace(
        report, public=True, sections=sections, threshold=policy.threshold, policy_note=note
    )


def _public_section(section: Section, threshold: int) -> Section:
    tables = tuple(
        suppress(table, threshold) if isinstance(table, CountTable) else table
        for table in section.tables
        if not isinstance(table, ListTable)
    )
    return replace(section, tables=tables)
