"""The chain twin's pages: an analyst starts a run (CSRF), sees it wait with its progress
polled, and after the runner its outputs with bands as tables; compares two runs; plans the
Dublin shelter with the run's forecast; bad input is shown on the form and queues nothing;
who is not an analyst is refused and finds no link in the menu."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.services.twin_runner import run_now
from migrationpact.twin.outputs import ALL_HEADLINES, HEADLINES
from migrationpact.web.twin_labels import OUTPUT_LABELS
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World


def _start(client: TestClient, **values: str) -> object:
    page = client.get("/twin/runs")
    form = {"scenario": "small", "replications": "2", "seed": "1"} | values
    return client.post(
        "/twin/runs",
        data={"csrf_token": hidden(page.text, "csrf_token"), **form},
        follow_redirects=False,
    )


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_every_headline_has_a_label() -> None:
    assert set(OUTPUT_LABELS) == {name for name, _ in ALL_HEADLINES}


def test_an_analyst_starts_a_run_and_sees_its_outputs_with_bands(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    analyst = signed_in("analyst")
    empty = analyst.get("/twin/runs")
    assert empty.status_code == 200
    assert 'href="/twin/runs"' in empty.text  # in the menu
    assert 'id="twin-runs-empty"' in empty.text
    started = _start(analyst)
    assert started.status_code == 303  # type: ignore[attr-defined]
    target = started.headers["location"]  # type: ignore[attr-defined]
    assert target == "/twin/runs/1"
    waiting = analyst.get(target).text
    assert "Waiting to run — 0 of 2 done" in waiting
    assert 'hx-trigger="every 3s"' in waiting
    assert run_now(world.store) == 1
    done = analyst.get(target).text
    assert "Finished" in done
    assert "hx-trigger" not in done  # nothing left to poll
    outputs = _rows(done, "run-outputs")
    assert outputs[0] == ["Output", "Mean", "Band from", "Band to"]
    first = outputs[1]
    assert first[0] == "First applications"
    mean, low, high = (float(v.replace(",", "")) for v in first[1:])
    assert low <= mean <= high
    assert len(outputs) == 1 + len(HEADLINES)
    months = _rows(done, "run-monthly-2")  # the transfer decisions by month
    assert [r[0] for r in months[1:]] == ["Jul 2026", "Aug 2026", "Sep 2026"]
    assert 'href="/reception/plan?twinRun=1"' in done
    plan = analyst.get("/reception/plan?twinRun=1&months=3")
    assert plan.status_code == 200
    assert "run 1 of the chain twin" in plan.text
    assert 'name="twinRun" value="1"' in plan.text
    assert analyst.get("/reception/plan?twinRun=77").status_code == 404
    listed = analyst.get("/twin/runs").text
    assert "Compare two finished runs" not in listed  # one finished run only
    assert _start(analyst, seed="1").status_code == 303  # type: ignore[attr-defined]
    run_now(world.store)
    compared = analyst.get("/twin/runs/compare?base=1&alt=2")
    assert compared.status_code == 200
    assert 'id="compare-paired"' in compared.text
    rows = _rows(compared.text, "compare-outputs")
    assert rows[1][0] == "First applications"
    assert rows[1][3:] == ["0.0", "0.0", "0.0"]  # the same seeds: the same people
    assert "Compare two finished runs" in analyst.get("/twin/runs").text


def test_bad_input_is_shown_on_the_form_and_nothing_is_queued(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    analyst = signed_in("analyst")
    for values, message in (
        ({"replications": "0"}, "Give a number of replications from 1 to 50."),
        ({"replications": "many"}, "Give a number of replications from 1 to 50."),
        ({"seed": "-3"}, "Give the seed as a whole number, 0 or more."),
        ({"scenario": "../etc"}, "Choose a scenario from the list."),
    ):
        answer = _start(analyst, **values)
        assert answer.status_code == 422  # type: ignore[attr-defined]
        assert message in answer.text  # type: ignore[attr-defined]
    assert 'id="twin-runs-empty"' in analyst.get("/twin/runs").text
    no_token = analyst.post("/twin/runs", data={"scenario": "small", "replications": "1"})
    assert no_token.status_code == 403
    assert analyst.get("/twin/runs/5").status_code == 404
    assert analyst.get("/twin/runs/x").status_code == 404
    assert analyst.get("/twin/runs/compare?base=1&alt=2").status_code == 404
    assert run_now(world.store) is None


def test_who_is_not_an_analyst_is_refused(signed_in: Callable[[str], TestClient]) -> None:
    for who in ("coa", "ind-super", "inspectie"):
        client = signed_in(who)
        assert client.get("/twin/runs").status_code == 403
        assert client.get("/twin/runs/1").status_code == 403
        assert 'href="/twin/runs"' not in client.get("/rules").text
