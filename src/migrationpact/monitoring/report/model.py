"""A report's parts: sections, tables of counts, lists for the body only, a chart.

Every text a reader sees is ``Words`` (Dutch and English), so a Dutch report shows no English
and no code. A ``CountTable`` holds whole numbers only, rows by columns; ``counts_table``
builds one and adds its totals (a last row and/or column), so a total always adds up. A
``ListTable`` names files (references, days) and is for the keeping body only: the public
version drops it. A cell the public version hides is a ``Hidden`` mark instead of its number.
A count table may carry ``FigureColumn``s beside its counts (a share, a median in days): they
are not counts and have no total, and each names the counts of its row it is computed from, so
the public version withholds it wherever one of those is hidden.

>>> t = counts_table("t", W("Signals", "Signalen"), W("Source", "Bron"), (W("Number", "Aantal"),),
...     [(W("lawyer", "advocaat"), (3,)), (W("NGO", "ngo"), (7,))], total_row=True)
>>> [row.cells for row in t.rows]
[(3,), (7,), (10,)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Literal

from migrationpact.monitoring.intake import Words


def W(en: str, nl: str) -> Words:  # noqa: N802 - reads like the pair it is
    """Words in English and Dutch."""
    return Words(en=en, nl=nl)


TOTAL = W("Total", "Totaal")


class Hidden(Enum):
    """Why a cell of the public version shows no number."""

    #: A count from 1 up to the policy's threshold: shown as "< threshold".
    SMALL = "small"
    #: A count withheld so that a small one cannot be worked out from a total.
    WITHHELD = "withheld"


Cell = int | Hidden


@dataclass(frozen=True)
class Row:
    label: Words
    cells: tuple[Cell, ...]


Figure = float | Hidden | None


@dataclass(frozen=True)
class FigureColumn:
    """A column of figures beside a count table's counts: a ``share`` (0 to 1) or a length in
    ``days``, one per row (None: nothing to compute it from). ``rests_on``: the count columns
    of the same row it is computed from; where one of them is hidden, so is the figure (a
    share beside a shown total would give a hidden count away, a median of one or two
    measurements the lengths themselves)."""

    head: Words
    kind: Literal["share", "days"]
    rests_on: tuple[int, ...]
    values: tuple[Figure, ...]


@dataclass(frozen=True)
class CountTable:
    """Counts, rows by columns; ``total_row``/``total_column``: the last row/column is the sum
    of the others (what secondary suppression protects)."""

    id: str
    caption: Words
    head: Words
    columns: tuple[Words, ...]
    rows: tuple[Row, ...]
    total_row: bool = False
    total_column: bool = False
    note: Words | None = None
    figures: tuple[FigureColumn, ...] = ()

    def grid(self) -> list[list[Cell]]:
        return [list(row.cells) for row in self.rows]

    def with_grid(self, grid: Sequence[Sequence[Cell]]) -> CountTable:
        rows = tuple(Row(r.label, tuple(g)) for r, g in zip(self.rows, grid, strict=True))
        return replace(self, rows=rows)


ListCell = Words | str | date | None


@dataclass(frozen=True)
class ListTable:
    """Lines about single files (a reference, a limit, a day): for the body only, never in the
    public version or the joint report."""

    id: str
    caption: Words
    columns: tuple[Words, ...]
    lines: tuple[tuple[ListCell, ...], ...]
    empty: Words


Table = CountTable | ListTable


@dataclass(frozen=True)
class Chart:
    """A bar chart of one column of one of the section's count tables (its total row left
    out); the public version draws it only when none of those cells is hidden."""

    table: str
    column: int = 0


@dataclass(frozen=True)
class Section:
    id: str
    title: Words
    intro: Words | None = None
    tables: tuple[Table, ...] = ()
    chart: Chart | None = None
    notes: tuple[Words, ...] = ()


@dataclass(frozen=True)
class Report:
    """The annual report of ``scope`` (a body, or ``joint``) for ``year``, as it stood on
    ``made_on``."""

    year: int
    scope: str
    scope_name: Words
    made_on: date
    public: bool
    sections: tuple[Section, ...]
    #: The public version's threshold (counts from 1 below it are hidden), and its policy.
    threshold: int | None = None
    policy_note: Words | None = None
    notes: tuple[Words, ...] = field(default=())


def counts_table(
    table_id: str,
    caption: Words,
    head: Words,
    columns: Sequence[Words],
    rows: Sequence[tuple[Words, Sequence[int]]],
    *,
    total_row: bool = False,
    total_column: bool = False,
    note: Words | None = None,
    figures: Sequence[FigureColumn] = (),
) -> CountTable:
    """A table of ``rows`` (label, one count per column) with the totals asked for added;
    ``figures``: a value for every row, the total row's included."""
    grid = [list(cells) for _, cells in rows]
    if any(len(cells) != len(columns) for cells in grid):
        raise ValueError(f"{table_id}: every row has one count per column")
    labels = [label for label, _ in rows]
    heads = list(columns)
    if total_column:
        grid = [[*cells, sum(cells)] for cells in grid]
        heads.append(TOTAL)
    if total_row:
        grid.append([sum(column) for column in zip(*grid, strict=True)] if grid else [])
        labels.append(TOTAL)
    made = tuple(Row(label, tuple(cells)) for label, cells in zip(labels, grid, strict=True))
    for figure in figures:
        if len(figure.values) != len(made) or not all(
            0 <= j < len(columns) for j in figure.rests_on
        ):
            raise ValueError(f"{table_id}: a figure for every row, resting on its counts")
    return CountTable(
        table_id, caption, head, tuple(heads), made, total_row, total_column, note, tuple(figures)
    )
