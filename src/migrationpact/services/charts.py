"""Charts as inline SVG, drawn with matplotlib: the engine every chart of the service shares.

The pages' charts (``web.charts``) and the documents the use cases write (the chain twin's
report, ``services.twin_report_document``) draw with the same conventions: matplotlib is
imported only when a chart is drawn (``_matplotlib``), so the command line and the pages without
charts do not pay for it. The SVG is deterministic: a fixed hash salt for its ids, text kept as
text (``svg.fonttype = "none"``), no metadata (no date, no version). It carries
``role="img"`` with a ``<title>`` (and ``aria-labelledby`` pointing at it) in the reader's
language; whoever draws passes the words already translated, and shows the same figures in a
table beside the chart, for whoever cannot see it.

The service's Content-Security-Policy allows no inline styles, so the ``style`` attributes and
the ``<style>`` element matplotlib writes are turned into SVG presentation attributes
(``fill="…"``), which the policy does not touch. Ids are prefixed with the chart's id, so two
charts on one page never share an id.

Drawing costs 20–60 ms of matplotlib, and a chart is mostly asked for again with the same
figures (a planner reloading the occupancy, every analyst opening the dashboards): each chart
function is ``drawn_once``, its SVG kept in a small cache keyed by its arguments.

``band_chart`` is the generic chart of a few monthly series, each a mean with its band shaded
(a series without a band, such as a capacity, is a dashed line).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import re
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import ModuleType
from typing import Any, ParamSpec

from babel.dates import format_date
from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Colours with enough contrast on white, told apart by more than hue (line styles differ too).
NEEDED, CAPACITY, OCCUPIED, SHARE, GAP = "#01689b", "#39870c", "#01689b", "#ca005d", "#f9e11e"
#: The colours and markers of a band chart's series, in order.
SERIES = ("#01689b", "#ca005d", "#39870c", "#e17000", "#42145f", "#673327", "#007bc7", "#a90061")
MARKERS = ("o", "^", "s", "D", "v", "P", "X", "*")
_ID_REFERENCE = re.compile(r"url\(#([^)]+)\)")
#: How many drawn charts a process keeps (an SVG is 20–100 kB).
KEPT_CHARTS = 128

_P = ParamSpec("_P")
_drawn: OrderedDict[Hashable, Markup] = OrderedDict()
_drawn_lock = threading.Lock()


def drawn_once(chart: Callable[_P, Markup]) -> Callable[_P, Markup]:
    """``chart``, its SVG for the same arguments taken from the process's cache of the
    ``KEPT_CHARTS`` charts last asked for (an SVG is immutable text: sharing it is safe).

    >>> calls = []
    >>> @drawn_once
    ... def square(values: list[int], language: str) -> Markup:
    ...     calls.append(language)
    ...     return Markup(str([v * v for v in values]))
    >>> square([1, 2], "nl"), square([1, 2], "nl"), square([1, 2], "en"), len(calls)
    (Markup('[1, 4]'), Markup('[1, 4]'), Markup('[1, 4]'), 2)
    """

    @functools.wraps(chart)
    def draw(*args: _P.args, **kwargs: _P.kwargs) -> Markup:
        try:
            key = (chart.__module__, chart.__qualname__, _frozen(args), _frozen(kwargs))
        except TypeError:  # an argument of a kind not foreseen: drawn, not kept
            return chart(*args, **kwargs)
        with _drawn_lock:
            if (kept := _drawn.get(key)) is not None:
                _drawn.move_to_end(key)
                return kept
        made = chart(*args, **kwargs)
        with _drawn_lock:
            _drawn[key] = made
            while len(_drawn) > KEPT_CHARTS:
                _drawn.popitem(last=False)
        return made

    return draw


def _frozen(value: Any) -> Hashable:
    """``value`` as a key: sequences as tuples, mappings and dataclasses by their items, NaN as
    one value (NaN is not equal to itself)."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, str | bytes | int | float | date | None):
        return value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value), tuple(_frozen(getattr(value, f.name)) for f in fields))
    if isinstance(value, list | tuple):
        return (type(value) is list, tuple(_frozen(v) for v in value))
    raise TypeError(f"a chart's argument of type {type(value).__name__} cannot be a key")


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


def new_figure(width: float = 7.5, height: float = 3.6) -> tuple[Any, Any]:
    _, figure_type = _matplotlib()
    figure = figure_type(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def ticks(axes: Any, labels: list[str]) -> None:
    """Every label when they fit, else about a dozen of them; counts in whole numbers, from 0
    (a plan of nothing shows 0 and 1, not 0.00 to 0.05)."""
    from matplotlib.ticker import MaxNLocator  # already loaded with the Figure

    step = max(1, -(-len(labels) // 12))
    shown = list(range(0, len(labels), step))
    axes.set_xticks(shown, [labels[i] for i in shown], rotation=45, ha="right")
    axes.grid(axis="y", color="#cccccc", linewidth=0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(1.0, axes.get_ylim()[1]))


def svg(figure: Any, chart_id: str, title: str) -> Markup:
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


@dataclass(frozen=True)
class BandSeries:
    """One series of a band chart: its label, and per month its mean and band (NaN: none)."""

    label: str
    mean: Sequence[float]
    low: Sequence[float] | None = None
    high: Sequence[float] | None = None


@drawn_once
def band_chart(
    months: Sequence[date],
    series: Sequence[BandSeries],
    *,
    chart_id: str,
    title: str,
    y_label: str,
    language: str,
) -> Markup:
    """Monthly series, each a line with its band shaded; one without a band dashed."""
    figure, axes = new_figure()
    x = list(range(len(months)))
    for n, one in enumerate(series):
        colour, marker = SERIES[n % len(SERIES)], MARKERS[n % len(MARKERS)]
        mean = [_finite(v) for v in one.mean]
        if one.low is None or one.high is None:
            axes.plot(x, mean, color=colour, linestyle="--", marker=marker, label=one.label)
            continue
        axes.fill_between(x, [_finite(v) for v in one.low], [_finite(v) for v in one.high],
                          color=colour, alpha=0.18, linewidth=0)  # fmt: skip
        axes.plot(x, mean, color=colour, marker=marker, label=one.label)
    ticks(axes, [month_label(m, language) for m in months])
    low = min((v for one in series for v in (one.low or one.mean) if not math.isnan(v)), default=0)
    if low < 0:  # a difference can be negative: the axis shows it
        axes.set_ylim(low * 1.1, axes.get_ylim()[1])
        axes.axhline(0, color="#000000", linewidth=0.6)
    axes.set_ylabel(y_label)
    if len(series) > 1:
        axes.legend(loc="upper left", frameon=False, fontsize=8)
    return svg(figure, chart_id, title)


def _finite(value: float) -> float:
    return float("nan") if value is None else float(value)
