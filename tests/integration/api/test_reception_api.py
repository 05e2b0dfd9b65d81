"""``/v1/reception``: the sites and one site, the placement proposal (a dry run) and the
reception worklist, each for the roles the policy names; refusals and bad input are problem
documents, and a proposal or a worklist writes the access log of each case it reads."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import drive
from tests.integration.web.reception_world import add_sites


def _made(age: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "application_made",
            "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory",
            "facts": {"nationality": "SYR", "age": age},
        }
    ]


@pytest.fixture
def sites(store: EventStore) -> EventStore:
    add_sites(store)
    drive(store, "C-ADULT", _made(30))
    return store


def test_the_sites_with_their_places_for_coa_and_the_monitors(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    for who in ("coa", "inspectie", "crm"):
        r = api.get("/v1/reception/sites", headers=auth(tokens, who))
        assert r.status_code == 200, (who, r.text)
    listed = {s["site_id"]: s for s in r.json()["sites"]}
    assen = listed["AZC-ASSEN"]
    assert (assen["capacity"], assen["occupied"], assen["free"]) == (58, 23, 35)
    assert assen["municipality_name"] == "Assen"
    assert assen["location_type_label"]["nl"] == "Asielzoekerscentrum"
    assert [u["free"] for u in assen["units"]] == [30, 5]
    only = api.get("/v1/reception/sites?locationType=DOL", headers=auth(tokens, "coa")).json()
    assert [s["site_id"] for s in only["sites"]] == ["DOL-EMMEN"]
    here = api.get("/v1/reception/sites?municipality=GM0106", headers=auth(tokens, "coa")).json()
    assert [s["site_id"] for s in here["sites"]] == ["AZC-ASSEN"]


@pytest.mark.parametrize("who", ["ind", "kmar", "dtenv", "counsel", "analyst"])
def test_others_may_not_read_reception(
    who: str, api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    for path in (
        "/v1/reception/sites",
        "/v1/reception/sites/AZC-ASSEN",
        "/v1/reception/placement-proposal",
        "/v1/reception/worklist",
    ):
        problem(api.get(path, headers=auth(tokens, who)), 403)


def test_the_monitors_read_the_sites_but_not_who_waits(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    problem(api.get("/v1/reception/placement-proposal", headers=auth(tokens, "crm")), 403)
    problem(api.get("/v1/reception/worklist", headers=auth(tokens, "inspectie")), 403)


def test_one_site_with_consent_rules_and_history(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    r = api.get("/v1/reception/sites/AZC-ASSEN", headers=auth(tokens, "coa"))
    assert r.status_code == 200, r.text
    site = r.json()
    assert site["consent"]["status"] == "granted"
    assert site["admission_rules"]["max_residents"] == 70
    assert [u["unit_id"] for u in site["units"]] == ["A", "K2"]
    assert site["history"][0]["type"] == "site_registered"
    assert [e["seq"] for e in site["history"]] == list(range(1, len(site["history"]) + 1))
    assert problem(api.get("/v1/reception/sites/NOPE", headers=auth(tokens, "coa")), 404)[
        "type"
    ].endswith("site-not-found")


def test_bad_filters_are_problems(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    coa = auth(tokens, "coa")
    unknown = problem(api.get("/v1/reception/sites?locationType=NOPE", headers=coa), 400)
    assert unknown["type"].endswith("unknown-location-type")
    nowhere = problem(api.get("/v1/reception/sites?municipality=GM9999", headers=coa), 400)
    assert nowhere["type"].endswith("unknown-municipality")
    problem(api.get("/v1/reception/sites?municipality=Assen", headers=coa), 400)
    problem(api.get("/v1/reception/placement-proposal?limit=0", headers=coa), 400)
    problem(api.get("/v1/reception/worklist?need=nothing", headers=coa), 400)


def test_the_proposal_is_a_dry_run_that_logs_each_case(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    before = len(sites.records(stream_type="reception-site"))
    r = api.get("/v1/reception/placement-proposal?limit=5", headers=auth(tokens, "coa"))
    assert r.status_code == 200, r.text
    proposal = r.json()
    assert proposal["dry_run"] is True
    [placed] = proposal["result"]["placements"]
    assert placed["unit"] == "AZC-ASSEN/A"
    assert proposal["cases"][placed["household"]] == ["C-ADULT"]
    assert len(sites.records(stream_type="reception-site")) == before
    logged = [
        e for e in access_entries(sites.engine, case_id="C-ADULT") if e.action == "reception.place"
    ]
    assert len(logged) == 1


def test_the_proposal_without_open_sites_is_a_problem(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    said = problem(api.get("/v1/reception/placement-proposal", headers=auth(tokens, "coa")), 400)
    assert "no open reception site" in said["detail"]


def test_the_worklist_names_what_each_case_waits_for(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    r = api.get("/v1/reception/worklist", headers=auth(tokens, "coa"))
    assert r.status_code == 200, r.text
    needs = {(i["need"], i["case_id"]) for i in r.json()["items"]}
    assert needs == {
        ("information", "C-ADULT"),
        ("assessment", "C-ADULT"),
        ("place", "C-ADULT"),
    }
    rules = {i["need"]: i["rule_id"] for i in r.json()["items"]}
    assert rules == {"information": "RCD-01", "assessment": "RCD-02", "place": None}
    assert r.json()["total"] == 3
    only = api.get("/v1/reception/worklist?need=place", headers=auth(tokens, "coa")).json()
    assert [i["need"] for i in only["items"]] == ["place"]
    first = api.get("/v1/reception/worklist?limit=1", headers=auth(tokens, "coa")).json()
    assert (len(first["items"]), first["total"]) == (1, 3)
    logged = [
        e
        for e in access_entries(sites.engine, case_id="C-ADULT")
        if e.action == "reception.worklist"
    ]
    assert len(logged) == 3  # one row a read, however many needs the case has
