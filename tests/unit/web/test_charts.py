"""The charts of the reception pages: the same figures give the same SVG to the byte; the SVG
has a title in the page's language, no inline style (the CSP forbids it) and ids of its own."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.web.charts import need_chart, occupancy_chart, plan_chart, site_chart

MONTHS = [date(2027, m, 1) for m in range(1, 7)]


def test_a_chart_is_the_same_every_time() -> None:
    draw = plan_chart.__wrapped__  # type: ignore[attr-defined]  # drawn twice, not kept
    first = draw(MONTHS, [10, 20, 30, 40, 50, 60], [0, 25, 25, 35, 35, 70], "nl")
    again = draw(MONTHS, [10, 20, 30, 40, 50, 60], [0, 25, 25, 35, 35, 70], "nl")
    assert first == again
    assert first is not again
    assert "<metadata" not in first  # no date, no version


def test_a_chart_asked_for_again_with_the_same_figures_is_not_drawn_again() -> None:
    shares: list[float | None] = [0.5, float("nan"), None]
    first = occupancy_chart(MONTHS[:3], [9, 9, 9], [1, 2, 3], shares, "nl")
    again = occupancy_chart(list(MONTHS[:3]), [9, 9, 9], [1, 2, 3], list(shares), "nl")
    assert again is first  # the kept SVG: equal lists and NaN find it
    assert occupancy_chart(MONTHS[:3], [9, 9, 9], [1, 2, 4], shares, "nl") != first
    assert occupancy_chart(MONTHS[:3], [9, 9, 9], [1, 2, 3], shares, "en") != first


def test_the_title_and_axes_speak_the_pages_language() -> None:
    nl = plan_chart(MONTHS, [1] * 6, [2] * 6, "nl")
    en = plan_chart(MONTHS, [1] * 6, [2] * 6, "en")
    assert '<title id="chart-plan-title">Benodigde plaatsen' in nl
    assert "mrt 2027" in nl
    assert '<title id="chart-plan-title">Places needed' in en
    assert "Mar 2027" in en
    for svg in (nl, en):
        assert 'role="img"' in svg
        assert 'aria-labelledby="chart-plan-title"' in svg


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_no_inline_style_and_every_id_reference_resolves(figures: list[int]) -> None:
    days = [date(2026, 1, 1 + i) for i in range(len(figures))]
    shares = [None if f == 0 else 0.25 for f in figures]
    for svg in (
        need_chart(days, figures, "en"),
        occupancy_chart(days, figures, figures, shares, "nl"),
        site_chart(days, figures, figures, "nl"),
    ):
        assert " style=" not in svg
        assert "<style" not in svg
        ids = re.findall(r' id="([^"]+)"', svg)
        chart_id = ids[0]
        assert all(i.startswith(chart_id) for i in ids)
        references = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
        assert {a or b for a, b in references} <= set(ids)
