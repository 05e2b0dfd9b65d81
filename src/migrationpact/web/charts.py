"""Charts of the pages: drawn on the server with matplotlib, sent as inline SVG.

One function per reception chart (the phase-in plan, occupancy over time, the expected need,
one site's occupancy) and a generic one (``series_chart``: lines or bars of labelled series,
as the statistics dashboards draw them, its texts given in the page's language). Each takes
the figures and the page's language and returns the SVG, ready to be put in a page:
``role="img"`` with a ``<title>`` (and ``aria-labelledby`` pointing at it) in the page's
language; axis labels and legends through gettext. The page shows the same figures
in a table beside the chart, for whoever cannot see it or has no script.

The drawing itself (matplotlib set up late, deterministic SVG without inline styles, ids
prefixed per chart) is ``services.charts``, shared with the documents the use cases write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from migrationpact.services.charts import (
    CAPACITY,
    GAP,
    MARKERS,
    NEEDED,
    OCCUPIED,
    SERIES,
    SHARE,
    day_label,
    drawn_once,
    month_label,
    new_figure,
    svg,
    ticks,
)
from migrationpact.web.i18n import translations

__all__ = ["CAPACITY", "GAP", "NEEDED", "OCCUPIED", "SHARE", "day_label", "month_label"]

#: The engine's helpers under the names the pages' chart modules use (``services.charts``).
_figure, _svg, _ticks = new_figure, svg, ticks


@drawn_once
def plan_chart(
    months: Sequence[date], needed: Sequence[int], capacity: Sequence[int], language: str
) -> Markup:
    """Places needed against the capacity on consented sites, per month; a shortage shaded."""
    t = translations(language)
    figure, axes = _figure()
    x = list(range(len(months)))
    axes.fill_between(
        x, needed, capacity, where=[n > c for n, c in zip(needed, capacity, strict=True)],
        interpolate=True, color=GAP, alpha=0.6, label=t.gettext("Shortage of places"),
    )  # fmt: skip
    axes.plot(x, needed, color=NEEDED, marker="o", label=t.gettext("Places needed"))
    axes.plot(x, capacity, color=CAPACITY, linestyle="--", marker="s",
              label=t.gettext("Places on consented sites"))  # fmt: skip
    _months_axis(axes, months, language)
    axes.set_ylabel(t.gettext("Places"))
    axes.legend(loc="upper left", frameon=False)
    title = t.gettext("Places needed and capacity on consented sites, per month")
    return _svg(figure, "chart-plan", title)


@drawn_once
def occupancy_chart(
    days: Sequence[date],
    capacity: Sequence[int],
    occupied: Sequence[int],
    share: Sequence[float | None],
    language: str,
) -> Markup:
    """Places and residents on each day, with the emergency share of the places (right axis)."""
    t = translations(language)
    figure, axes = _figure()
    x = list(range(len(days)))
    axes.plot(x, capacity, color=CAPACITY, linestyle="--", marker="s",
              label=t.gettext("Places"))  # fmt: skip
    axes.plot(x, occupied, color=OCCUPIED, marker="o", label=t.gettext("Residents"))
    _days_axis(axes, days, language)
    axes.set_ylabel(t.gettext("Places and residents"))
    right = axes.twinx()
    right.spines["top"].set_visible(False)
    percentages = [float("nan") if s is None else 100 * s for s in share]
    right.plot(x, percentages, color=SHARE, linestyle=":", marker="^",
               label=t.gettext("Emergency share of the places (%)"))  # fmt: skip
    right.set_ylabel(t.gettext("Emergency share (%)"))
    right.set_ylim(0, 100)
    lines = axes.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    axes.legend(lines[0] + more[0], lines[1] + more[1], loc="lower left", frameon=False)
    title = t.gettext("Occupancy and capacity over time, with the emergency share")
    return _svg(figure, "chart-occupancy", title)


@drawn_once
def need_chart(days: Sequence[date], people: Sequence[int], language: str) -> Markup:
    """The people expected to need a place on each day (today, then each month's first day)."""
    t = translations(language)
    figure, axes = _figure()
    x = list(range(len(days)))
    axes.bar(x, people, color=NEEDED)  # one series: the title names it, no legend to hide bars
    _days_axis(axes, days, language)
    axes.set_ylabel(t.gettext("People"))
    title = t.gettext("People of the open cases expected to need a place")
    return _svg(figure, "chart-need", title)


@drawn_once
def site_chart(
    days: Sequence[date], capacity: Sequence[int], occupied: Sequence[int], language: str
) -> Markup:
    """One site's places and residents over the last months (a small chart)."""
    t = translations(language)
    figure, axes = _figure(width=5.0, height=2.4)
    x = list(range(len(days)))
    axes.plot(x, capacity, color=CAPACITY, linestyle="--", marker="s", label=t.gettext("Places"))
    axes.plot(x, occupied, color=OCCUPIED, marker="o", label=t.gettext("Residents"))
    _days_axis(axes, days, language)
    axes.legend(loc="lower left", frameon=False)
    return _svg(figure, "chart-site", t.gettext("Places and residents of the site over time"))


#: Each series has its own colour, marker and line style (told apart without colour): the
#: colours and markers of ``services.charts``, which the twin's band charts use too.
_STYLES = ("-", "--", ":", "-.", "-", "--")


@drawn_once
def series_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    kind: str = "line",
    unit: str = "",
) -> Markup:
    """Lines (``kind="line"``) or bars (``"bar"``, grouped when several) of ``series``: each a
    name and one value per label (None: not shown, a gap: a suppressed figure). ``title``,
    the names, the labels and the ``unit`` (the y axis) come already in the page's language.
    One series has no legend (the title names it)."""
    figure, axes = _figure()
    x = list(range(len(labels)))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series):
        ys = [float("nan") if v is None else float(v) for v in values]
        colour = SERIES[i % len(SERIES)]
        if kind == "bar":
            shift = (i - (len(series) - 1) / 2) * width
            shown = [(p + shift, v) for p, v in zip(x, values, strict=True) if v is not None]
            axes.bar([p for p, _ in shown], [v for _, v in shown], width, color=colour,
                     label=name)  # fmt: skip
        else:
            axes.plot(x, ys, color=colour, marker=MARKERS[i % len(MARKERS)],
                      linestyle=_STYLES[i % len(_STYLES)], label=name)  # fmt: skip
    _ticks(axes, list(labels))
    if unit:
        axes.set_ylabel(unit)
    if len(series) > 1:
        axes.legend(loc="upper left", frameon=False)
    return _svg(figure, chart_id, title)


def _months_axis(axes: Any, months: Sequence[date], language: str) -> None:
    _ticks(axes, [month_label(m, language) for m in months])


def _days_axis(axes: Any, days: Sequence[date], language: str) -> None:
    _ticks(axes, [day_label(d, language) for d in days])
