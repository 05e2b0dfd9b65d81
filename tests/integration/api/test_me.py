"""``GET /v1/me``: who is signed in, and which sections of a case file the policy shows them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import auth, problem


def test_me_names_the_principal_and_the_sections_the_policy_allows(
    api: TestClient, tokens: dict[str, str]
) -> None:
    ind = api.get("/v1/me", headers=auth(tokens, "ind"))
    assert ind.status_code == 200
    assert ind.json()["organisation"] == "IND"
    assert ind.json()["role"] == "caseworker"
    assert "asylum_account" in ind.json()["sections"]
    coa = api.get("/v1/me", headers=auth(tokens, "coa")).json()
    assert (coa["organisation"], coa["role"]) == ("COA", "planner")
    assert "asylum_account" not in coa["sections"]
    assert coa["sections"] == sorted(coa["sections"])


def test_me_without_a_token_is_a_401_problem(api: TestClient) -> None:
    problem(api.get("/v1/me"), 401)
