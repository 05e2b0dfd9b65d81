"""``services.charts.band_chart``: the same figures give the same SVG to the byte, with the
title in the reader's language, a band per series that has one, no inline style, and ids of its
own; a difference below zero shows on the axis."""

from __future__ import annotations

import re
from datetime import date

from migrationpact.services.charts import BandSeries, band_chart

MONTHS = [date(2027, m, 1) for m in range(1, 5)]
BANDED = BandSeries("backlog", [10.0, 20.0, 30.0, 25.0], [5.0, 15.0, 22.0, 20.0],
                    [15.0, 25.0, 38.0, 30.0])  # fmt: skip
FLAT = BandSeries("places", [40.0] * 4)


def _chart(language: str, *series: BandSeries) -> str:
    return str(band_chart(MONTHS, series, chart_id="chart-x", title="Titel", y_label="Mensen",
                          language=language))  # fmt: skip


def test_the_same_figures_give_the_same_svg() -> None:
    first, again = _chart("nl", BANDED, FLAT), _chart("nl", BANDED, FLAT)
    assert first == again
    assert "<metadata" not in first
    assert '<title id="chart-x-title">Titel</title>' in first
    assert "mrt 2027" in first
    assert "Mar 2027" in _chart("en", BANDED, FLAT)
    assert 'role="img"' in first
    assert 'aria-labelledby="chart-x-title"' in first


def test_a_band_is_shaded_only_for_a_series_with_one() -> None:
    both = _chart("en", BANDED, FLAT)
    alone = _chart("en", FLAT)
    # a band is a translucent area (fill_between), drawn once per banded series
    assert both.count('fill-opacity="0.18"') == 1
    assert "fill-opacity" not in alone
    assert "style=" not in both
    assert "<style" not in both
    ids = set(re.findall(r' id="([^"]+)"', both))
    assert all(i.startswith("chart-x") for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", both) + re.findall(r'href="#([^"]+)"', both):
        assert ref in ids


def test_a_negative_difference_is_on_the_axis() -> None:
    falling = BandSeries("difference", [-10.0, -20.0, 0.0, 5.0], [-15.0, -30.0, -2.0, 1.0],
                         [-5.0, -10.0, 2.0, 9.0])  # fmt: skip
    svg = _chart("en", falling)
    assert "\u221210" in svg or "\u221220" in svg  # a tick below zero (matplotlib's minus sign)
    assert "\u221210" not in _chart("en", BANDED)
