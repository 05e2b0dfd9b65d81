"""The annual report's charts: one column of a count table as bars, drawn by ``web.charts``.

The report's sections name the table and column a chart shows (``monitoring.report.model.Chart``);
``services.monitoring_report_document`` asks this function to draw it, for the page and for the
PDF the page offers. It reuses ``web.charts``' figure and SVG clean-up (deterministic, no inline
style, a title for screen readers in the page's language); the table beside it holds the same
figures. The totals row is not a bar.
"""

from __future__ import annotations

from markupsafe import Markup

from migrationpact.monitoring.report.model import CountTable, Hidden
from migrationpact.web import charts


def bar_chart(table: CountTable, column: int, title: str, language: str) -> Markup:
    """The counts of ``column`` of ``table``, one bar per row (hidden counts are never asked)."""
    rows = table.rows[:-1] if table.total_row else table.rows
    names = [row.label.nl if language == "nl" else row.label.en for row in rows]
    cells = [row.cells[column] for row in rows]
    values = [0 if isinstance(cell, Hidden) else cell for cell in cells]
    figure, axes = charts._figure(height=3.2)  # the reception charts' shared set-up
    x = list(range(len(names)))
    axes.bar(x, values, color=charts.NEEDED)
    charts._ticks(axes, names)
    return charts._svg(figure, f"chart-report-{table.id}", title)
