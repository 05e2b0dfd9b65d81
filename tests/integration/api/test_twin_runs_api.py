"""``/v1/twin-runs``: start a run (202, Location), read it queued and, after the runner, done
with its summary; the list pages with ``next_cursor``; bad input is a problem and writes
nothing; the phase-in plan with ``twinRun``."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.services.twin_runner import run_now
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import BASE, auth, problem


def test_start_read_and_list_runs(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    analyst = auth(tokens, "analyst")
    started = api.post(
        "/v1/twin-runs", json={"scenario": "small", "replications": 2, "seed": 4}, headers=analyst
    )
    assert started.status_code == 202, started.text
    run = started.json()
    assert started.headers["Location"] == f"/v1/twin-runs/{run['id']}"
    assert (run["status"], run["progress"], run["summary"]) == ("queued", 0, None)
    assert len(run["scenario_hash"]) == 64
    run_now(store)
    done = api.get(f"/v1/twin-runs/{run['id']}", headers=analyst).json()
    assert (done["status"], done["progress"]) == ("done", 2)
    names = [o["name"] for o in done["summary"]["outputs"]]
    assert names[0] == "arrivals"
    arrivals = done["summary"]["outputs"][0]
    assert arrivals["low"] <= arrivals["mean"] <= arrivals["high"]
    assert len(arrivals["replications"]) == 2
    second = api.post("/v1/twin-runs", json={"scenario": "small"}, headers=analyst).json()
    page = api.get("/v1/twin-runs?limit=1", headers=analyst).json()
    assert [r["id"] for r in page["items"]] == [second["id"]]
    assert page["items"][0]["summary"] is None
    rest = api.get(f"/v1/twin-runs?limit=1&cursor={page['next_cursor']}", headers=analyst)
    assert [r["id"] for r in rest.json()["items"]] == [run["id"]]
    assert rest.json()["next_cursor"] is None
    queued = api.get("/v1/twin-runs?status=queued", headers=analyst).json()
    assert [r["id"] for r in queued["items"]] == [second["id"]]
    plan = api.get(f"/v1/reception/plan?twinRun={run['id']}&months=3", headers=analyst)
    assert plan.status_code == 200, plan.text
    assert plan.json()["forecast"]["source"] == "twin"
    assert plan.json()["rows"][0]["month"] == "2026-07"
    problem(api.get(f"/v1/reception/plan?twinRun={second['id']}", headers=analyst), 400)


def test_bad_input_is_a_problem_and_queues_nothing(api: TestClient, tokens: dict[str, str]) -> None:
    analyst = auth(tokens, "analyst")
    unknown = problem(
        api.post("/v1/twin-runs", json={"scenario": "nonesuch"}, headers=analyst), 400
    )
    assert unknown["type"].endswith("unknown-scenario")
    for body in (
        {"scenario": "small", "replications": 0},
        {"scenario": "small", "replications": 51},
        {"scenario": "small", "seed": -1},
        {"scenario": "../base"},
        {"scenario": "small", "extra": 1},
    ):
        assert api.post("/v1/twin-runs", json=body, headers=analyst).status_code in (400, 422)
    assert api.get("/v1/twin-runs", headers=analyst).json() == {"items": [], "next_cursor": None}
    problem(api.get("/v1/twin-runs/9", headers=analyst), 404)
    problem(api.get("/v1/twin-runs/0", headers=analyst), 400)
    problem(api.get("/v1/twin-runs?cursor=xyz", headers=analyst), 400)
    problem(api.get("/v1/reception/plan?twinRun=9", headers=analyst), 404)


def test_the_server_runs_a_queued_run_in_its_background(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tokens: dict[str, str]
) -> None:
    """With the runner switched on (as ``serve`` does), a started run gets done by itself."""
    settings = ServiceSettings(public_url=BASE, twin_runner=True)
    services = Services.build(settings, store=store, users=users, issuer=issuer)
    analyst = auth(tokens, "analyst")
    with TestClient(create_app(settings, services=services), base_url=BASE) as client:
        run = client.post(
            "/v1/twin-runs", json={"scenario": "small", "replications": 1}, headers=analyst
        ).json()
        status = run["status"]
        for _ in range(600):  # at most a minute: the run takes a second or two
            status = client.get(f"/v1/twin-runs/{run['id']}", headers=analyst).json()["status"]
            if status in ("done", "failed"):
                break
            time.sleep(0.1)
    assert status == "done"
