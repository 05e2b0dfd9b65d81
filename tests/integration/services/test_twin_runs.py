"""Twin runs as jobs, on SQLite and PostgreSQL: queued, run, done with the summary; the same
result as ``twin run`` with that seed; paging; a run left running by a stopped process is
failed at the next start (a new store on the same database); a stopping server queues it again;
who may start and read runs; the phase-in plan with a run's forecast."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services import twin_runner
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.services.twin_runner import run_claimed, run_now, sweep
from migrationpact.services.twin_runs import (
    compare_twin_runs,
    shipped,
    start_twin_run,
    twin_run,
    twin_runs_page,
)
from migrationpact.store.eventstore import EventStore
from migrationpact.store.twin_runs import add_run, claim_next
from migrationpact.twin.backtest import scaled
from migrationpact.twin.montecarlo import replication_seeds, run_many
from migrationpact.twin.scenario import SCENARIOS, read_scenario
from migrationpact.twin.summary import summary_of
from tests.integration.conftest import open_test_store
from tests.support.cli import RunCli

ANALYST = Principal("an-1", "A", Organisation.MINISTRY, Role.ANALYST)
PLANNER = Principal("coa-1", "P", Organisation.COA, Role.PLANNER)


def start(store: EventStore, replications: int = 2, seed: int = 3) -> int:
    row = start_twin_run(
        store=store, principal=ANALYST, scenario="small", replications=replications, seed=seed
    )
    assert (row.status, row.progress, row.scenario) == ("queued", 0, "small")
    assert row.scenario_hash == shipped("small").digest
    return row.run_id


def test_a_queued_run_runs_to_done_with_the_summary_of_twin_run(store: EventStore) -> None:
    run_id = start(store)
    assert run_now(store) == run_id
    assert run_now(store) is None  # nothing left in the queue
    row = twin_run(store=store, principal=ANALYST, run_id=run_id)
    assert (row.status, row.progress, row.reason) == ("done", 2, None)
    assert row.started_at is not None
    assert row.finished_at is not None
    assert row.summary is not None
    expected = summary_of(run_many(read_scenario(SCENARIOS / "small.yaml"), 2, 3, parallel=False))
    assert json.loads(row.summary) == json.loads(json.dumps(expected))


def test_the_servers_runner_runs_the_replications_in_a_process_of_its_own(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the server runs a run (``separate``): the replications go to a process of their own
    at a lower priority, and the summary is the one ``run_now`` gives, bit for bit."""
    seeds: list[int] = []
    real = twin_runner.apart

    def recorded() -> ProcessPoolExecutor:
        pool = real()
        submit = pool.submit

        def counted(task: Any, scenario: Any, seed: int) -> Any:
            seeds.append(seed)
            return submit(task, scenario, seed)

        pool.submit = counted  # type: ignore[method-assign,assignment]
        return pool

    monkeypatch.setattr(twin_runner, "apart", recorded)
    apart_id, here_id = start(store), start(store)
    assert twin_runner.run_next(store, "me:1:x", separate=True) == apart_id
    assert run_now(store) == here_id
    assert seeds == replication_seeds(3, 2)  # the server's way only: both replications sent
    apart = twin_run(store=store, principal=ANALYST, run_id=apart_id)
    here = twin_run(store=store, principal=ANALYST, run_id=here_id)
    assert (apart.status, apart.progress) == ("done", 2)
    assert apart.summary is not None
    assert json.loads(apart.summary) == json.loads(here.summary or "")


def test_the_process_of_a_runs_replications_is_niced() -> None:
    with twin_runner.apart() as pool:
        ((pid, niceness),) = pool.map(_who, [0])
    assert pid != os.getpid()
    assert niceness == min(19, os.nice(0) + twin_runner.NICENESS)  # 19: the lowest


def _who(_: int) -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_a_run_simulates_the_share_its_scenario_states(store: EventStore) -> None:
    small = shipped("small")
    text = small.text.replace("\nmonths: ", "\nscale: 0.5\nmonths: ", 1)
    run_id = add_run(
        store.engine, scenario="small", title=small.title, scenario_hash="h",
        scenario_text=text, seed=3, replications=1, requested_by=ANALYST.actor, now=store.clock(),
    )  # fmt: skip
    assert run_now(store) == run_id
    row = twin_run(store=store, principal=ANALYST, run_id=run_id)
    read = read_scenario(SCENARIOS / "small.yaml")
    expected = summary_of(run_many(scaled(read, 0.5), 1, 3, parallel=False))
    assert row.summary is not None
    assert json.loads(row.summary) == json.loads(json.dumps(expected))
    whole = summary_of(run_many(read, 1, 3, parallel=False))
    assert json.loads(row.summary) != json.loads(json.dumps(whole))


def test_runs_page_newest_first_with_a_cursor(store: EventStore) -> None:
    ids = [start(store, seed=s) for s in (1, 2, 3)]
    first, cursor = twin_runs_page(store=store, principal=ANALYST, limit=2)
    assert [r.run_id for r in first] == ids[::-1][:2]
    assert cursor is not None
    second, last = twin_runs_page(store=store, principal=ANALYST, limit=2, cursor=cursor)
    assert [r.run_id for r in second] == ids[:1]
    assert last is None
    with pytest.raises(Invalid):
        twin_runs_page(store=store, principal=ANALYST, cursor="not-a-cursor")


def test_a_run_left_running_by_a_stopped_process_fails_at_the_next_start(db_url: str) -> None:
    before = open_test_store(db_url)
    run_id = start(before)
    # a process of another host claimed it and stopped (its heartbeat is the last sign of life)
    assert claim_next(before.engine, runner="elsewhere:1:x", now=before.clock()) is not None
    before.engine.dispose()
    after = open_test_store(db_url)  # the restart: a new store on the same database
    assert sweep(after) == []  # a fresh sign of life: it may still be running elsewhere
    later = after.clock() + timedelta(minutes=3)
    after.clock = lambda: later
    assert sweep(after) == [run_id]
    row = twin_run(store=after, principal=ANALYST, run_id=run_id)
    assert (row.status, row.reason) == ("failed", "abandoned")
    assert run_now(after) is None  # a failed run is not run again


def test_a_run_of_a_dead_process_of_this_host_fails_at_once(store: EventStore) -> None:
    import socket

    run_id = start(store)
    gone = f"{socket.gethostname()}:999999999:x"  # no such process
    assert claim_next(store.engine, runner=gone, now=store.clock()) is not None
    assert sweep(store) == [run_id]


def test_a_stopping_server_queues_the_run_in_hand_again(store: EventStore) -> None:
    run_id = start(store)
    row = claim_next(store.engine, runner="me:1:x", now=store.clock())
    assert row is not None
    stopped = threading.Event()
    stopped.set()
    assert run_claimed(store, row, "me:1:x", stopped) == "queued"
    again = twin_run(store=store, principal=ANALYST, run_id=run_id)
    assert (again.status, again.progress, again.started_at) == ("queued", 0, None)
    assert run_now(store) == run_id


def test_only_analysts_start_or_read_runs_and_bad_input_writes_nothing(
    store: EventStore,
) -> None:
    with pytest.raises(Forbidden):
        start_twin_run(store=store, principal=PLANNER, scenario="small", replications=1, seed=1)
    for scenario, replications, seed, kind in (
        ("nonesuch", 1, 1, "unknown-scenario"),
        ("small", 0, 1, "invalid-replications"),
        ("small", 51, 1, "invalid-replications"),
        ("small", 1, -1, "invalid-seed"),
    ):
        with pytest.raises(Invalid) as caught:
            start_twin_run(
                store=store,
                principal=ANALYST,
                scenario=scenario,
                replications=replications,
                seed=seed,
            )
        assert caught.value.kind == kind
    assert twin_runs_page(store=store, principal=ANALYST) == ([], None)
    with pytest.raises(NotFound):
        twin_run(store=store, principal=ANALYST, run_id=1)
    with pytest.raises(Forbidden):
        twin_runs_page(store=store, principal=PLANNER)


def test_compare_pairs_runs_with_the_same_seeds_and_refuses_an_unfinished_run(
    store: EventStore,
) -> None:
    first, second = start(store, seed=5), start(store, seed=5)
    run_now(store)
    with pytest.raises(Invalid) as caught:
        compare_twin_runs(store=store, principal=ANALYST, base=first, alt=second)
    assert caught.value.kind == "twin-run-not-done"
    run_now(store)
    same = compare_twin_runs(store=store, principal=ANALYST, base=first, alt=second)
    assert same["paired"] is True
    arrivals = next(o for o in same["outputs"] if o["name"] == "arrivals")
    assert (arrivals["mean"], arrivals["low"], arrivals["high"]) == (0.0, 0.0, 0.0)
    third = start(store, seed=6)
    run_now(store)
    other = compare_twin_runs(store=store, principal=ANALYST, base=first, alt=third)
    assert other["paired"] is False
    arrivals = next(o for o in other["outputs"] if o["name"] == "arrivals")
    assert arrivals["mean"] == pytest.approx(arrivals["alt"] - arrivals["base"])
    assert arrivals["low"] is None


def test_the_phase_in_plan_takes_its_forecast_from_a_finished_run(store: EventStore) -> None:
    run_id = start(store, replications=2, seed=3)
    with pytest.raises(Invalid):  # queued, not done
        plan_dublin_shelter(store=store, principal=PLANNER, twin_run=run_id)
    run_now(store)
    summary = json.loads(twin_run(store=store, principal=ANALYST, run_id=run_id).summary or "")
    expected = [b["mean"] for b in summary["monthly"]["dublin.transfer_decisions"]]
    plan = plan_dublin_shelter(store=store, principal=PLANNER, twin_run=run_id, months=4)
    assert plan.forecast["source"] == "twin"
    assert plan.forecast["twin_run"] == run_id
    assert plan.rows[0].month == "2026-07"  # the run's first month
    assert [r.transfer_decisions for r in plan.rows] == [round(v, 2) for v in expected] + [0.0]
    assert sum(expected) > 0
    with pytest.raises(NotFound):
        plan_dublin_shelter(store=store, principal=PLANNER, twin_run=run_id + 99)
    later = plan_dublin_shelter(
        store=store, principal=PLANNER, twin_run=run_id, start=date(2026, 8, 1), months=1
    )
    assert later.rows[0].transfer_decisions == round(expected[1], 2)


def test_a_failing_run_is_failed_with_its_reason_and_the_runner_goes_on(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start(store)
    ok = start(store)

    def broken(*args: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("migrationpact.twin.montecarlo.replicate", broken)
    assert run_now(store) == run_id
    row = twin_run(store=store, principal=ANALYST, run_id=run_id)
    assert (row.status, row.reason) == ("failed", "error")
    monkeypatch.undo()
    assert run_now(store) == ok
    assert twin_run(store=store, principal=ANALYST, run_id=ok).status == "done"


def test_the_cli_plans_with_a_twin_run(db_url: str, run_cli: RunCli) -> None:
    store = open_test_store(db_url)
    run_id = start(store)
    run_now(store)
    store.engine.dispose()
    common = ("reception", "plan", "--months", "2", "--twin-run", str(run_id))
    done = run_cli(*common, "--database", db_url)
    assert (done.returncode, done.stderr) == (0, "")
    assert f"forecast from run {run_id} of the chain twin" in done.stdout
    assert "2026-07 – 2026-08" in done.stdout
    dutch = run_cli(*common, "--lang", "nl", "--database", db_url)
    assert f"prognose uit doorrekening {run_id} van de ketentweeling" in dutch.stdout
    both = run_cli(*common, "--forecast", "x.csv", "--database", db_url)
    assert (both.returncode, both.stdout) == (2, "")
    assert both.stderr == "migrationpact: error: choose one of --forecast and --twin-run\n"
    missing = run_cli("reception", "plan", "--twin-run", "99", "--database", db_url)
    assert missing.returncode == 2
    assert "twin run 99 does not exist" in missing.stderr
