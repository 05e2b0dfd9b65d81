"""``GET /v1/statistics/eurostat/{table}?period=``: a table as CSV, bad input as a problem."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.statistics.test_eurostat_dubti import _arrived, _incoming
from tests.integration.statistics.test_eurostat_tables import _record
from tests.integration.store.flows import TO_DECISION, drive


def _get(api: TestClient, tokens: dict[str, str], table: str, **query: Any) -> Any:
    return api.get(f"/v1/statistics/eurostat/{table}", params=query,
                   headers=auth(tokens, "analyst"))  # fmt: skip


def test_a_table_as_sdmx_csv_and_plain_csv(
    api: TestClient, store: EventStore, tokens: dict[str, str]
) -> None:
    drive(store, "C-1", TO_DECISION)  # made 8 July 2026, refugee status 1 September
    r = _get(api, tokens, "migr_asydcfstq", period="2026-Q3")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "ESTAT:MIGR_ASYDCFSTQ(1.0),Q,PER,SY,T,TOTAL,POS_RFG,NL,2026-Q3,1," in r.text
    r = _get(api, tokens, "migr_asyappctzm", period="2026-07", format="csv")
    assert r.text.splitlines()[0] == "table,period,citizen,sex,age,applicant,value,rounded,flag"


def test_bad_input_is_a_problem(api: TestClient, store: EventStore, tokens: dict[str, str]) -> None:
    drive(store, "C-1", TO_DECISION)
    assert (
        "unknown table" in problem(_get(api, tokens, "migr_nope", period="2026-07"), 400)["detail"]
    )
    assert (
        "before the data start"
        in problem(_get(api, tokens, "migr_asyappctzm", period="2026-05"), 400)["detail"]
    )
    problem(_get(api, tokens, "migr_asyappctzm", period="July"), 400)


def test_incoming_transfers_are_a_table_too(
    api: TestClient, store: EventStore, tokens: dict[str, str]
) -> None:
    _record(store, "T-1", *_incoming("2026-07-15", "BEL", "ART29", "2026-07-20"),
            _arrived("2026-09-10", "BEL"))  # fmt: skip
    r = _get(api, tokens, "migr_dubti", period="2026-09")
    assert r.status_code == 200, r.text
    assert "ESTAT:MIGR_DUBTI(1.0),M,NR,BE,ART29,NL,2026-09,1," in r.text
