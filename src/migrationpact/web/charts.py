"""Charts of the pages: drawn on the server with matplotlib, sent as inline SVG.

One function per reception chart (the phase-in plan, occupancy over time, the expected need,
one site's occupancy) and a generic one (``series_chart``: lines or bars of labelled series,
as the statistics dashboards draw them, its texts given in the page's language). Each takes
the figures and the page's language and returns the SVG, ready to be put in a page:
``role="img"`` with a ``<title>`` (and ``aria-labelledby`` pointing at it) in the page's
language; axis labels and legends through gettext. The page shows the same figures
in a table beside the chart, for whoever cannot see it or has no script.

Matplotlib is imported only when a chart is drawn (``_matplotlib``), so the command line and
the pages without charts do not pay for it. The SVG is deterministic: a fixed hash salt for
its ids, text kept as text (``svg.fonttype = "none"``), no metadata (no date, no version).

The service's Content-Security-Policy allows no inline styles, so the ``style`` attributes and
the ``<style>`` element matplotlib writes are turned into SVG presentation attributes
(``fill="…"``), which the policy does not touch. Ids are prefixed with the chart's id, so two
charts on one page never share an id.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any

from babel.dates import format_date
from markupsafe import Markup

from migrationpact.web.i18n import translations

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Colours with enough contrast on white, told apart by more than hue (line styles differ too).
NEEDED, CAPACITY, OCCUPIED, SHARE, GAP = "#01689b", "#39870c", "#01689b", "#ca005d", "#f9e11e"
_ID_REFERENCE = re.compile(r"url\(#([^)]+)\)")


@cache
def _matplotlib() -> tuple[ModuleType, Any]:
    """matplotlib with the Agg backend and deterministic SVG, and its ``Figure`` (imported late:
    see the module text). The settings are made once, before any chart is drawn."""
    import matplotlib  # lazily: see the module text

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "migrationpact",
            "svg.fonttype": "none",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    from matplotlib.figure import Figure

    return matplotlib, Figure


def month_label(day: date, language: str) -> str:
    """A month as an axis shows it: 'jan 2027' / 'Jan 2027'.

    >>> month_label(date(2027, 3, 1), "nl"), month_label(date(2027, 3, 1), "en")
    ('mrt 2027', 'Mar 2027')
    """
    return format_date(day, format="LLL y", locale=language).replace(".", "")


def day_label(day: date, language: str) -> str:
    """A day as an axis shows it: '1 mrt 2027' / '1 Mar 2027'."""
    return format_date(day, format="d MMM y", locale=language).replace(".", "")


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


#: Series colours in order, each with its own marker and line style (told apart without colour).
PALETTE = ("#01689b", "#ca005d", "#39870c", "#8b4513", "#42145f", "#e17000")
_MARKERS = ("o", "s", "^", "D", "v", "P")
_STYLES = ("-", "--", ":", "-.", "-", "--")


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
        colour = PALETTE[i % len(PALETTE)]
        if kind == "bar":
            shift = (i - (len(series) - 1) / 2) * width
            shown = [(p + shift, v) for p, v in zip(x, values, strict=True) if v is not None]
            axes.bar([p for p, _ in shown], [v for _, v in shown], width, color=colour,
                     label=name)  # fmt: skip
        else:
            axes.plot(x, ys, color=colour, marker=_MARKERS[i % len(_MARKERS)],
                      linestyle=_STYLES[i % len(_STYLES)], label=name)  # fmt: skip
    _ticks(axes, list(labels))
    if unit:
        axes.set_ylabel(unit)
    if len(series) > 1:
        axes.legend(loc="upper left", frameon=False)
    return _svg(figure, chart_id, title)


def _figure(width: float = 7.5, height: float = 3.6) -> tuple[Any, Any]:
    _, figure_type = _matplotlib()
    figure = figure_type(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def _months_axis(axes: Any, months: Sequence[date], language: str) -> None:
    _ticks(axes, [month_label(m, language) for m in months])


def _days_axis(axes: Any, days: Sequence[date], language: str) -> None:
    _ticks(axes, [day_label(d, language) for d in days])


def _ticks(axes: Any, labels: list[str]) -> None:
    """Every label when they fit, else about a dozen of them; counts in whole numbers, from 0
    (a plan of nothing shows 0 and 1, not 0.00 to 0.05)."""
    from matplotlib.ticker import MaxNLocator  # already loaded with the Figure

    step = max(1, -(-len(labels) // 12))
    shown = list(range(0, len(labels), step))
    axes.set_xticks(shown, [labels[i] for i in shown], rotation=45, ha="right")
    axes.grid(axis="y", color="#cccccc", linewidth=0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(1.0, axes.get_ylim()[1]))


def _svg(figure: Any, chart_id: str, title: str) -> Markup:
    """The figure as inline SVG without styles, metadata or size (see the module text)."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(out.getvalue())
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}metadata", f"{{{SVG}}}style"):
                parent.remove(child)
    for element in root.iter():
        _unstyle(element)
        _prefix_ids(element, chart_id)
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    # what the <style> element said, inherited by every element
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("id", chart_id)
    root.set("class", "chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    heading = ET.Element(f"{{{SVG}}}title", {"id": f"{chart_id}-title"})
    heading.text = title
    root.insert(0, heading)
    return Markup(ET.tostring(root, encoding="unicode"))


def _unstyle(element: ET.Element) -> None:
    """``style="fill: #fff; font: 9px 'DejaVu Sans'"`` as presentation attributes."""
    style = element.attrib.pop("style", None)
    if style is None:
        return
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name == "font":  # "9px 'DejaVu Sans'": the only shorthand matplotlib writes
            size, _, family = value.partition(" ")
            element.set("font-size", size)
            element.set("font-family", f"{family.strip()}, sans-serif")
        else:
            element.set(name, value)


def _prefix_ids(element: ET.Element, chart_id: str) -> None:
    if "id" in element.attrib:
        element.set("id", f"{chart_id}-{element.get('id')}")
    for name, value in list(element.attrib.items()):
        if name in ("clip-path", "mask", "fill"):
            element.set(name, _ID_REFERENCE.sub(rf"url(#{chart_id}-\1)", value))
        elif name == f"{{{XLINK}}}href" and value.startswith("#"):
            element.set(name, f"#{chart_id}-{value[1:]}")
