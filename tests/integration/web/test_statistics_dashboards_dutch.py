"""The statistics dashboards on the demo: in Dutch with no English and no raw codes, with data.

The demo (``test_dutch_pages``' fixture: its stories and a small population, every user Dutch)
is opened by the ministry's analyst, who sees suppressed figures, and by a monitor, who sees
exact ones, with every measure and every breakdown; each page is checked as the Dutch pages
are (``Finder``). The analyst's charts hold data: at least one month shows a count, not only
"< 5" and "x".
"""

from __future__ import annotations

import re

from tests.integration.web.test_dutch_pages import Demo, Finder, _signed_in, demo
from tests.support.visible import visible_text

__all__ = ["demo"]  # the fixture, shared with test_dutch_pages

QUERIES = (
    "",
    "?measure=applicants&breakdown=citizen",
    "?measure=decisions&breakdown=age&period=2026-Q4",
    "?measure=withdrawals&breakdown=sex&period=2026",
    "?measure=pending&breakdown=sex",
    "?measure=minors&breakdown=age",
    "?measure=dublin",
    "?measure=applicants&breakdown=sex&citizenship=SYR",
)


def test_the_dashboards_speak_dutch_and_show_no_codes(demo: Demo) -> None:
    finder = Finder(allowed={"analyst", "inspectie-monitor"})
    for username in ("analyst", "inspectie-monitor"):
        client = _signed_in(demo, username)
        for query in QUERIES:
            answer = client.get(f"/statistics{query}")
            assert answer.status_code == 200, (username, query, answer.text[:300])
            finder.check(f"{username} /statistics{query}", answer.text)
        client.close()
    report = sorted(f"{p} (on {page})" for page, found in finder.found.items() for p in found)
    assert not report, "\n".join(report[:100])


def test_the_demo_analyst_sees_charts_with_data(demo: Demo) -> None:
    client = _signed_in(demo, "analyst")
    html = client.get("/statistics?measure=pending&breakdown=sex").text
    assert 'id="chart-series"' in html
    assert 'id="chart-breakdown"' in html
    assert "Aanvragen in behandeling aan het eind van de maand per maand" in visible_text(html)
    table = html.split('id="dash-series"')[1].split("</table>")[0]
    counts = [int(n) for n in re.findall(r'<td class="numeric">(\d+)</td>', table)]
    assert any(n >= 5 for n in counts), table
    client.close()
