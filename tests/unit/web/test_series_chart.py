"""The generic chart of the statistics dashboards: deterministic, titled, CSP-safe, with gaps.

A hidden figure (None) is a gap in a line and no bar: the SVG with it left out differs from
the one with any number in its place, and is the same as the one drawn without that point.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.web.charts import series_chart

LABELS = ["Jul 2026", "Aug 2026", "Sep 2026"]


def test_the_same_figures_give_the_same_svg() -> None:
    first = series_chart("chart-x", "Asielzoekers per maand", LABELS, [("Alle", [3, 4, 5])])
    assert first == series_chart("chart-x", "Asielzoekers per maand", LABELS, [("Alle", [3, 4, 5])])
    assert '<title id="chart-x-title">Asielzoekers per maand</title>' in first
    assert 'role="img"' in first
    assert 'aria-labelledby="chart-x-title"' in first
    assert "<metadata" not in first


def test_a_hidden_figure_is_drawn_as_nothing() -> None:
    for kind in ("line", "bar"):
        hidden = series_chart("c", "t", LABELS, [("a", [10, None, 12])], kind=kind)
        for guess in (0, 1, 4, 11):
            shown = series_chart("c", "t", LABELS, [("a", [10, guess, 12])], kind=kind)
            assert hidden != shown, (kind, guess)


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=3, max_size=3),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["line", "bar"]),
)
def test_no_inline_style_and_ids_of_its_own(series: list[list[int | None]], kind: str) -> None:
    named = [(f"s{i}", values) for i, values in enumerate(series)]
    svg = series_chart("chart-s", "t", LABELS, named, kind=kind, unit="n")
    assert " style=" not in svg
    assert "<style" not in svg
    ids = re.findall(r' id="([^"]+)"', svg)
    assert all(i.startswith("chart-s") for i in ids)
    references = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
    assert {a or b for a, b in references} <= set(ids)
