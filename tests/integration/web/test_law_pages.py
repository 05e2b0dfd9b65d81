"""The rule-book explorer and the route checker."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.law.routing import FINDINGS
from tests.integration.web.conftest import hidden


def test_the_rule_list_filters(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    everything = ind.get("/rules")
    assert everything.status_code == 200
    assert 'href="/rules/APR-13"' in everything.text
    only = ind.get("/rules?q=APR-25&unverified=1")
    assert 'href="/rules/APR-25"' in only.text
    assert 'href="/rules/APR-13"' not in only.text
    assert "UNVERIFIED" in only.text
    old = ind.get("/rules?at=2020-01-01")
    assert 'href="/rules/APR-13"' not in old.text
    assert 'href="/rules/D3-01"' in old.text


def test_a_rule_shows_its_versions_and_basis(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("ind-en").get("/rules/APR-25")
    assert page.status_code == 200
    assert "32024R1348" in page.text
    assert "http://data.europa.eu/eli/reg/2024/1348/oj" in page.text
    assert "UNVERIFIED" in page.text
    assert "start event" in page.text
    assert signed_in("ind").get("/rules/NOPE-1").status_code == 404


def test_the_route_checker_explains_the_procedure(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind-en")
    token = hidden(ind.get("/route").text, "csrf_token")
    facts = {
        "csrf_token": token,
        "entry": "border-crossing",
        "applied_for_asylum": "yes",
        "nationality": "BGD",
        "date_of_application": "2026-07-02",
        "date_of_registration": "2026-07-03",
        "age": "25",
        **dict.fromkeys(FINDINGS, "no"),
    }
    result = ind.post("/route", data=facts)
    assert result.status_code == 200
    assert "<strong>border procedure</strong>" in result.text  # the label, not the code
    assert "APR-R6" in result.text
    assert "APR Art. 45(1)" in result.text
    bad = ind.post("/route", data={**facts, "age": "twenty"})
    assert bad.status_code == 422
    assert 'value="twenty"' in bad.text
    assert "Enter a whole number." in bad.text
    assert ind.post("/route", data={**facts, "csrf_token": ""}).status_code == 403
