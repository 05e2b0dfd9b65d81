"""The reception pages with charts: the Dublin shelter plan, occupancy over time, the expected
need, and a site's last six months.

Each opens for the roles the policy names and answers 403 to the others; the chart is an inline
SVG with a title in the page's language and no inline style (the Content-Security-Policy forbids
it); the table beside it holds the service's figures; bad form input is a 422 page that says
what is wrong, in Dutch for a Dutch visitor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.reception_occupancy import expected_need, occupancy_history
from migrationpact.services.reception_plan import plan_dublin_shelter
from tests.integration.web.reception_world import add_sites
from tests.integration.web.world import World

ANALYST = Principal("analyst", "A", Organisation.MINISTRY, Role.ANALYST)
#: Each page, the users who may open it and some who may not.
PAGES = {
    "/reception/plan": (("coa", "analyst", "inspectie"), ("ind", "kmar", "counsellor")),
    "/reception/occupancy": (("coa", "inspectie"), ("ind", "analyst", "counsellor")),
    "/reception/need": (("coa", "analyst", "inspectie"), ("ind", "kmar", "counsellor")),
    "/reception/sites/AZC-ASSEN": (("coa", "inspectie"), ("analyst",)),
}


def _table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"')[1].split("</table>")[0]


def _cells(html: str, table_id: str) -> list[list[str]]:
    """The cells of each body row of a table, as text."""
    body = _table(html, table_id).split("<tbody>")[1]
    rows = body.split("</tr>")[:-1]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]


def _svg(html: str, chart_id: str) -> str:
    return (
        html.split(f'id="{chart_id}"')[0].rsplit("<svg", 1)[1]
        + html.split(f'id="{chart_id}"')[1].split("</svg>")[0]
    )


def test_each_page_for_whom_the_policy_names(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    for page, (allowed, refused) in PAGES.items():
        for who in allowed:
            response = signed_in(who).get(page)
            assert response.status_code == 200, (who, page, response.text[:300])
            assert "<svg" in response.text
        for who in refused:
            assert signed_in(who).get(page).status_code == 403, (who, page)


def test_the_menu_offers_the_pages_to_whom_may_open_them(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    menu = signed_in("analyst").get("/rules").text.split("<nav")[1].split("</nav>")[0]
    assert 'href="/reception/plan"' in menu
    assert 'href="/reception/need"' in menu
    assert 'href="/reception/occupancy"' not in menu  # the sites are not the analysts'
    coa = signed_in("coa").get("/rules").text.split("<nav")[1].split("</nav>")[0]
    for path, label in (("/reception/plan", "Ingroeiplan Dublinopvang"),
                        ("/reception/occupancy", "Bezetting opvang"),
                        ("/reception/need", "Verwachte behoefte")):  # fmt: skip
        assert f'href="{path}"' in coa
        assert label in coa


def test_the_plan_page_charts_and_tabulates_the_services_plan(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    html = signed_in("coa").get("/reception/plan?from=2027-01&months=6").text
    chart = _svg(html, "chart-plan")
    assert 'role="img"' in chart
    assert "<title" in chart
    assert "Benodigde plaatsen en capaciteit op locaties met instemming" in chart
    assert "style=" not in chart
    assert "<style" not in chart
    plan = plan_dublin_shelter(store=world.store, principal=ANALYST, months=6,
                               start=date(2027, 1, 1))  # fmt: skip
    rows = _cells(html, "plan-months")
    assert [r[0] for r in rows] == ["jan 2027", "feb 2027", "mrt 2027", "apr 2027", "mei 2027",
                                    "jun 2027"]  # fmt: skip
    assert [[int(r[3]), int(r[4]), int(r[5])] for r in rows] == [
        [m.needed, m.capacity, m.gap] for m in plan.rows
    ]
    held = _table(html, "plan-held-back")
    assert "Dublinonderdaklocatie Emmen" in held  # consent only requested
    assert "geen instemming van de gemeente" in held
    assert "instemming gevraagd" in held
    sites = _table(html, "plan-sites")
    assert "Emmen" in sites
    assert "GM0114" not in sites


def test_the_occupancy_page_holds_the_services_figures(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    html = signed_in("coa").get("/reception/occupancy?every=month&by=type").text
    chart = _svg(html, "chart-occupancy")
    assert "Bezetting en capaciteit in de tijd" in chart
    assert "style=" not in chart
    coa = Principal("coa", "C", Organisation.COA, Role.PLANNER)
    history = occupancy_history(store=world.store, principal=coa, every="month", by="type")
    rows = _cells(html, "occupancy-days")
    assert [(int(r[1]), int(r[2])) for r in rows] == [
        (s.capacity, s.occupied) for s in history.shares
    ]
    assert rows[-1][1:3] == ["58", "23"]  # today: AZC Assen (Emmen has not opened)
    groups = _table(html, "occupancy-groups")
    assert "Asielzoekerscentrum" in groups
    assert ">AZC<" not in groups
    by_site = signed_in("coa").get("/reception/occupancy?by=site").text
    assert "AZC Assen" in _table(by_site, "occupancy-groups")


def test_the_need_page_holds_the_services_figures(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    html = signed_in("analyst").get("/reception/need?months=4").text
    assert 'id="chart-need"' in html
    assert "People of the open cases expected to need a place" in html  # the analyst reads English
    need = expected_need(store=world.store, principal=ANALYST, months=4)
    rows = _cells(html, "need-months")
    assert [int(r[1]) for r in rows] == [m.people for m in need.months]
    assert len(rows) == 4


def test_the_site_page_shows_its_last_six_months(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    html = signed_in("coa").get("/reception/sites/AZC-ASSEN").text
    chart = _svg(html, "chart-site")
    assert "Plaatsen en bewoners van de locatie in de tijd" in chart
    rows = _cells(html, "site-occupancy")
    assert len(rows) == 7  # the end of the last six months and today
    assert rows[-1][1:] == ["58", "23"]


def test_bad_input_is_a_page_that_says_what_is_wrong(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    coa = signed_in("coa")
    for page, field, words in (
        ("/reception/plan?months=0", "months", "aantal maanden"),
        ("/reception/plan?months=61", "months", "aantal maanden"),
        ("/reception/plan?from=2027-13", "from", "eerste maand"),
        ("/reception/occupancy?every=hour", "every", "stappen"),
        ("/reception/occupancy?by=person", "by", "indelingen"),
        ("/reception/occupancy?from=2026-07-01&to=2026-01-01", "to", "laatste dag"),
        ("/reception/occupancy?from=1-1-2026", "from", "jaar-maand-dag"),
        ("/reception/need?months=61", "months", "aantal maanden"),
        ("/reception/need?months=twaalf", "months", "aantal maanden"),
    ):
        response = coa.get(page)
        assert response.status_code == 422, page
        assert f'href="#f-{field}"' in response.text, page
        assert words in response.text, page
        assert "<svg" not in response.text, page
