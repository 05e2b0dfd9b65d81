"""``serve --workers 2`` on PostgreSQL behaves as one server (docs/operations.md): appends from
both processes are stored once each (idempotency keys), the lapse job runs in one process at a
time, a sign-in lockout and a web session hold whichever process answers, and ``/metrics``
adds up both processes' counts, and clients that keep their connections open reach both
(each worker listens on a socket of its own, ``cli.serve_workers``).

One real server with two worker processes, started once for the module; every request goes
over a new connection, so the kernel hands them to both workers (the JSON log lines name the
process that answered each, and the test checks that both did).
"""

from __future__ import annotations

import http.client
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.loadserver import Credentials, Server, free_port
from sqlalchemy import func, select

from migrationpact.cases.events import parse_event
from migrationpact.services.scheduler import run_lapse_job
from migrationpact.store import service
from migrationpact.store.database import read_transaction
from migrationpact.store.tables import events, sign_in_failures
from tests.integration.conftest import ONLY_POSTGRES, open_test_store

pytestmark = pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)

TOKEN = "scrape-token-for-the-test"
APPENDS = 12
BURST = 32  # clients at once, each on a connection of its own
ASKS = 5


class TwoWorkers(Server):
    """The bench's server, with the lapse scheduler on, plain-HTTP cookies and a scrape token."""

    def _env(self) -> dict[str, str]:
        env = super()._env()
        env["MIGRATIONPACT_LAPSE_INTERVAL_MINUTES"] = "60"  # one run at each worker's start
        env["MIGRATIONPACT_COOKIE_SECURE"] = "0"
        env["MIGRATIONPACT_METRICS_TOKEN"] = TOKEN
        return env

    def lines(self) -> list[dict[str, Any]]:
        """The server's JSON log lines (the other lines are the command's own messages)."""
        found = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                found.append(json.loads(line))
        return found

    def answered(self, route: str) -> Counter[int]:
        """How many requests to ``route`` each process answered."""
        return Counter(r["pid"] for r in self.lines() if r.get("route") == route)

    def pids(self, message: str) -> set[int]:
        """The processes that logged ``message``."""
        return {r["pid"] for r in self.lines() if r["message"] == message}


def _lapsed_case(store: Any, case_id: str) -> None:
    made = {"type": "application_made", "occurred_at": "2026-09-01T10:00",
            "entry": "in-territory", "facts": {"nationality": "SYR", "age": 30},
            "person": {"pseudonym": f"P-{case_id}", "names": ["Test", "Person"],
                       "nationality": "SYR"}}  # fmt: skip
    service.append_event(store=store, case_id=case_id, event=parse_event(made),
                         expected_seq=0, actor="ind", organisation="IND")  # fmt: skip


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[TwoWorkers, int]]:
    """The server on a store with three cases whose deadlines have ended (lapses due)."""
    store = service.open_store(db_url)  # the real clock, as the server's
    for case_id in ("C-W1", "C-W2", "C-W3"):
        _lapsed_case(store, case_id)
    due = len(run_lapse_job(store, dry_run=True).lapses)
    store.engine.dispose()
    server = TwoWorkers(db_url, free_port(), 2, Credentials.write(tmp_path))
    server.start()
    try:
        server.wait_healthy(timeout=120)
        _wait(lambda: len(server.pids("Application startup complete.")) == 2,
              "both workers started", seconds=120)  # fmt: skip
        yield server, due
    finally:
        server.stop()


def _fresh(server: Server, **kwargs: Any) -> httpx.Client:
    """A client that opens a new connection for every request."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=server.base_url, timeout=30.0, limits=limits, **kwargs)


def _wait(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:g} s: {what}")
        time.sleep(0.1)


def _burst(server: TwoWorkers) -> Counter[int]:
    """``BURST`` clients at once, each on one connection it keeps open, asking ``/v1/health``
    ``ASKS`` times in a row: which process answered each client (the log names it)."""

    def client(_: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            for _ in range(ASKS):
                conn.request("GET", "/v1/health")
                answer = conn.getresponse()
                answer.read()
                assert answer.status == 200
        finally:
            conn.close()

    before = server.answered("/v1/health")
    with ThreadPoolExecutor(BURST) as pool:
        list(pool.map(client, range(BURST)))
    _wait(lambda: (server.answered("/v1/health") - before).total() == BURST * ASKS, "logged")
    return server.answered("/v1/health") - before


def _listening(port: int) -> int:
    """How many sockets listen on ``port`` of 127.0.0.1 (the kernel's table of TCP sockets)."""
    local = f"0100007F:{port:04X}"
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return sum(1 for row in rows if row[1] == local and row[3] == "0A")  # 0A: LISTEN


def _count(url: str, query: Any) -> int:
    store = open_test_store(url)
    try:
        with read_transaction(store.engine) as conn:
            return int(conn.execute(query).scalar_one())
    finally:
        store.engine.dispose()


def test_two_workers_behave_as_one(served: tuple[TwoWorkers, int], db_url: str) -> None:
    server, due = served
    assert due > 0

    # The lapse job: each worker's scheduler took its turn at start, one at a time.
    _wait(lambda: len([r for r in server.lines() if r["message"].startswith("lapse job")]) >= 2,
          "both workers' schedulers took their turn")  # fmt: skip
    runs = [r for r in server.lines() if r["message"].startswith("lapse job")]
    assert len({r["pid"] for r in runs}) == 2
    recorded = [int(m.group(1)) for r in runs if (m := re.search(r"recorded (\d+)", r["message"]))]
    assert sum(recorded) == due  # every lapse recorded once, by whichever process ran
    lapsed = select(func.count()).select_from(events).where(events.c.type == "deadline_lapsed")
    assert _count(db_url, lapsed) == due

    # Appends from both processes: each key twice at once, stored once.
    token = server.token("load-ind")
    bearer = {"Authorization": f"Bearer {token}"}
    made = {"type": "application_made", "occurred_at": "2026-11-02T09:00",
            "entry": "in-territory", "facts": {"nationality": "ERI", "age": 25},
            "person": {"pseudonym": "P-X", "names": ["Two", "Workers"],
                       "nationality": "ERI"}}  # fmt: skip

    def post(key: str) -> tuple[int, str]:
        with _fresh(server) as client:
            answer = client.post("/v1/cases", json={"event": made},
                                 headers={**bearer, "Idempotency-Key": key})  # fmt: skip
        return answer.status_code, answer.json().get("case_id", answer.text)

    keys = [f"k-{n}" for n in range(APPENDS)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, keys + keys))
    assert {status for status, _ in answers} <= {200, 201}, answers
    assert [case for _, case in answers[:APPENDS]] == [case for _, case in answers[APPENDS:]]
    ours = events.c.actor == "load-ind"
    assert _count(db_url, select(func.count()).select_from(events).where(ours)) == APPENDS
    assert _count(db_url, select(func.count(events.c.case_id.distinct())).where(ours)) == APPENDS

    # A lockout counted across the processes holds in both.
    form = {"username": "load-kmar", "grant_type": "password"}
    with _fresh(server) as client:
        wrong = [client.post("/v1/auth/token", data={**form, "password": "wrong"}).status_code
                 for _ in range(5)]  # fmt: skip
        right = {**form, "password": server.creds.passwords["load-kmar"]}
        after = [client.post("/v1/auth/token", data=right).status_code for _ in range(4)]
    assert wrong == [401, 401, 401, 401, 429]
    assert after == [429] * 4
    assert _count(db_url, select(func.count()).select_from(sign_in_failures)) == 5

    # A web session started at one process is known to the other.
    with _fresh(server) as browser:
        page = browser.get("/login")
        field = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert field is not None
        login = {"csrf_token": field.group(1), "username": "load-ind",
                 "password": server.creds.passwords["load-ind"], "next": "/"}  # fmt: skip
        assert browser.post("/login", data=login).status_code == 303
        pages = [browser.get("/cases", follow_redirects=False).status_code for _ in range(6)]
    assert pages == [200] * 6

    # Connections opened in a burst and kept open reach both workers, each listening on a
    # socket of its own; on one shared socket the first worker to wake accepted them all.
    shares = _burst(server)
    assert len(shares) == 2, shares
    assert min(shares.values()) >= 4 * ASKS, shares
    assert _listening(server.port) == 2  # uvicorn's own supervisor: 1

    # Both processes answered, and /metrics adds up what both counted.
    answering = {r["pid"] for r in server.lines() if r.get("logger") == "migrationpact.http"}
    assert len(answering) == 2
    with _fresh(server) as client:
        text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    turns = re.findall(
        r'migrationpact_scheduler_runs_total\{outcome="(?:ran|skipped)"\} (\S+)', text
    )
    assert sum(float(t) for t in turns) == 2.0
    created = 'migrationpact_http_requests_total{method="POST",route="/v1/cases",status="201"} '
    assert text.count(created) == 1
    assert float(text.split(created)[1].split()[0]) == 2 * APPENDS  # both processes' counts
    assert "migrationpact_deadlines_open" in text
