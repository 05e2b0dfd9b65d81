"""The statistics dashboards: figures equal to the Eurostat use case's, suppression, bad input.

The world (all in the territory, the store's clock at 5 December 2026), worked out by hand:

* July: A (Syrian woman, 16, two cases: one person), B (Afghan man, a *subsequent*
  application), C (Eritrean, sex X) and E1–E5 (Syrian men of 30): 8 applicants, 7 first-time,
  1 subsequent; by citizenship SY 6, AF 1, ER 1; by sex F 1, M 6, UNK 1.
* August: D (Syrian man) applies; C withdraws explicitly.

Exact (an IND supervisor, a monitor): July 8 / 7 / 1. Suppressed (the ministry's analyst,
threshold 5): July's 1 subsequent applicant is "< 5", and its 7 first-time applicants are
withheld ("x"): 8 − 7 would give the 1 away.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.eurostat import eurostat_table
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.web.charts import series_chart
from tests.integration.conftest import StepClock
from tests.integration.statistics.test_eurostat_tables import (
    AMAL,
    BILAL,
    CHIDI,
    DANA,
    _made,
    _record,
    _registered,
)
from tests.integration.web.conftest import BASE_URL, sign_in
from tests.integration.web.world import directory
from tests.support.visible import visible_text

TODAY = date(2026, 12, 5)
MONITOR = Principal(subject="m", name="M", organisation=Organisation.INSPECTIE, role=Role.MONITOR)
RANGE = "/statistics?from=2026-07&to=2026-08&measure=applicants&breakdown=sex&period=2026-07"


def _events(store: EventStore) -> None:
    _record(
        store, "A1", _made("2026-07-06", "SYR", 16, AMAL), _registered("2026-07-07", "1111111111")
    )
    _record(
        store, "A2", _made("2026-07-20", "SYR", 16, AMAL), _registered("2026-07-21", "1111111111")
    )
    _record(
        store,
        "B1",
        _made("2026-07-10", "AFG", 36, BILAL, subsequent=True, previous_case_id="OLD-1"),
        _registered("2026-07-11", "2222222222"),
    )
    _record(
        store,
        "C1",
        _made("2026-07-30", "ERI", None, CHIDI),
        _registered("2026-07-31"),
        {
            "type": "decision_taken",
            "occurred_at": "2026-08-05T10:00",
            "outcome": "explicitly-withdrawn",
        },
    )
    for n in range(1, 6):
        person = {
            "pseudonym": f"P-E{n}",
            "nationality": "SYR",
            "sex": "M",
            "date_of_birth": "1996-01-01",
        }
        _record(
            store,
            f"E{n}",
            _made(f"2026-07-1{n}", "SYR", 30, person),
            _registered(f"2026-07-2{n}", f"555555555{n}"),
        )
    _record(
        store, "D1", _made("2026-08-03", "SYR", 26, DANA), _registered("2026-08-04", "4444444444")
    )


@pytest.fixture
def app_store(tmp_path: Path) -> Iterator[tuple[Any, EventStore]]:
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    service.upgrade_database(url)
    store = service.open_store(url)
    store.clock = StepClock(datetime(2026, 12, 5, 9, 0))
    _events(store)
    settings = ServiceSettings(database_url=url)
    services = Services.build(settings, store=store, users=directory())
    yield create_app(settings, services=services), store
    store.engine.dispose()


@pytest.fixture
def client_for(app_store: tuple[Any, EventStore]) -> Iterator[Callable[[str], TestClient]]:
    made: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = sign_in(TestClient(app_store[0], base_url=BASE_URL), username)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def _table(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
    return [[visible_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]  # fmt: skip


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _service_cells(store: EventStore, period: str, cells: Sequence[tuple[str, ...]]) -> list[int]:
    rows = eurostat_table(store=store, principal=MONITOR, table="migr_asyappctzm", period=period,
                          today=TODAY).rows  # fmt: skip
    found = {tuple(r.codes.values()): r.value for r in rows}
    return [found.get(c, 0) for c in cells]


APPLICANTS = [("TOTAL", "T", "TOTAL", k) for k in ("TOTAL", "FRST", "SSEQ")]


def test_exact_figures_equal_the_eurostat_use_case(
    client_for: Callable[[str], TestClient], app_store: tuple[Any, EventStore]
) -> None:
    store = app_store[1]
    html = client_for("inspectie").get(RANGE).text
    july = _service_cells(store, "2026-07", APPLICANTS)
    august = _service_cells(store, "2026-08", APPLICANTS)
    assert july == [8, 7, 1]  # by hand (module text)
    assert august == [1, 1, 0]
    assert _table(html, "dash-series") == [
        ["Jul 2026", *map(str, july)],
        ["Aug 2026", *map(str, august)],
    ]
    sexes = _service_cells(store, "2026-07", [("TOTAL", s, "TOTAL", "TOTAL") for s in "FM"])
    assert _table(html, "dash-breakdown") == [
        ["Women", str(sexes[0])],
        ["Men", str(sexes[1])],
        ["Unknown", "1"],
        ["Total", "8"],
    ]
    assert html.count('role="img"') >= 2
    assert "You see exact figures." in html
    series = client_for("inspectie").get(RANGE.replace("/statistics?", "/statistics/series.csv?"))
    assert series.headers["content-type"].startswith("text/csv")
    assert "attachment;" in series.headers["content-disposition"]
    assert _csv(series.text) == [
        ["Month", "All applicants", "First-time applicants", "Subsequent applicants"],
        ["2026-07", "8", "7", "1"],
        ["2026-08", "1", "1", "0"],
    ]
    breakdown = client_for("inspectie").get(
        RANGE.replace("/statistics?", "/statistics/breakdown.csv?")
    )
    assert _csv(breakdown.text)[1:] == [
        ["2026-07", "Women", "F", "1"], ["2026-07", "Men", "M", "6"],
        ["2026-07", "Unknown", "UNK", "1"], ["2026-07", "Total", "T", "8"],
    ]  # fmt: skip


def test_citizenship_breakdown_and_filter(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("ind-super")
    html = client.get(RANGE.replace("breakdown=sex", "breakdown=citizen")).text
    assert _table(html, "dash-breakdown") == [
        ["Syria", "6"], ["Afghanistan", "1"], ["Eritrea", "1"], ["Other citizenships", "0"],
        ["Total", "8"],
    ]  # fmt: skip
    syrians = client.get(RANGE + "&citizenship=SYR").text
    assert _table(syrians, "dash-series") == [["Jul 2026", "6", "6", "0"],
                                             ["Aug 2026", "1", "1", "0"]]  # fmt: skip


def test_the_analyst_never_sees_a_suppressed_figure(
    client_for: Callable[[str], TestClient],
) -> None:
    analyst, exact = client_for("analyst"), client_for("inspectie")
    html = analyst.get(RANGE).text
    rows = _table(html, "dash-series")
    assert rows[0] == ["Jul 2026", "8", "x", "< 5"]  # 7 withheld: 8 - 7 would give the 1 away
    assert rows[1] == ["Aug 2026", "< 5", "< 5", "0"]
    assert _table(html, "dash-breakdown") == [
        ["Women", "< 5"],
        ["Men", "6"],
        ["Unknown", "< 5"],
        ["Total", "8"],
    ]
    series = _csv(analyst.get(RANGE.replace("/statistics?", "/statistics/series.csv?")).text)
    assert series[1:] == [["2026-07", "8", "x", "< 5"], ["2026-08", "< 5", "< 5", "0"]]
    breakdown = _csv(analyst.get(RANGE.replace("/statistics?", "/statistics/breakdown.csv?")).text)
    assert [r[3] for r in breakdown[1:]] == ["< 5", "6", "< 5", "8"]
    # The chart is the one drawn with the hidden figures left out, not the exact one.
    chart = html.split("<svg", 1)[1].split("</svg>")[0]
    names = ["All applicants", "First-time applicants", "Subsequent applicants"]
    hidden = series_chart("chart-series", "Asylum applicants per month", ["Jul 2026", "Aug 2026"],
                          list(zip(names, [[8, None], [None, None], [None, 0]], strict=True)),
                          unit="Number")  # fmt: skip
    assert chart in str(hidden)
    assert chart not in exact.get(RANGE).text


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("from=2026-7", "2026-7 is geen maand"),
        ("from=2026-09&to=2026-08", "De eerste maand valt na de laatste maand."),
        ("from=2023-01&to=2026-08", "Kies ten hoogste 36 maanden."),
        ("from=2027-01&to=2027-02", "Er zijn geen cijfers over 2027-01"),
        ("from=2026-05&to=2026-08", "Er zijn geen cijfers over 2026-05"),
        ("to=2026-05", "Er zijn geen cijfers over 2026-05"),
        ("measure=bogus", "bogus is geen soort cijfers."),
        ("breakdown=planet", "planet is geen uitsplitsing."),
        ("period=2026-13", "2026-13 is geen periode"),
        ("citizenship=QQQ", "QQQ is geen nationaliteit."),
        ("measure=dublin&citizenship=SYR", "De Dublincijfers worden niet per nationaliteit"),
        ("citizenship=SYR&breakdown=citizen", "Splits de cijfers van één nationaliteit uit"),
    ],
)
def test_bad_input_is_a_400_page_in_the_visitors_language(
    client_for: Callable[[str], TestClient], query: str, says: str
) -> None:
    client = client_for("crm")  # a Dutch monitor
    for path in ("/statistics", "/statistics/series.csv"):
        answer = client.get(f"{path}?{query}")
        assert answer.status_code == 400, (path, answer.text[:300])
        assert says in visible_text(answer.text)
        assert 'lang="nl"' in answer.text


def test_every_measure_is_shown(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("analyst")
    for measure in ("applicants", "decisions", "withdrawals", "pending", "minors", "dublin"):
        answer = client.get(f"/statistics?measure={measure}&from=2026-07&to=2026-08")
        assert answer.status_code == 200, measure
        assert 'id="chart-series"' in answer.text
        assert ('id="chart-breakdown"' in answer.text) == (measure != "dublin")
    pending = client_for("inspectie").get("/statistics?measure=pending&from=2026-07&to=2026-08")
    assert _table(pending.text, "dash-series") == [["Jul 2026", "8"], ["Aug 2026", "8"]]
    refused = client.get("/statistics/breakdown.csv?measure=dublin")
    assert refused.status_code == 404


def test_statistics_csv_refused_to_caseworkers(client_for: Callable[[str], TestClient]) -> None:
    assert client_for("ind").get("/statistics/series.csv").status_code == 403
