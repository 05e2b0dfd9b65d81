"""The load generator's clients: open cases, append their events, read worklists, survive a kill.

Each client is one asyncio task with its own ``httpx.AsyncClient`` holding a single keep-alive
connection: 50 clients are 50 systems, each with its own connection, as integrating systems would
be, and no shared pool's queue ends up inside the measured latency. A client drives one case at
a time through a dated plan (``bench.loadflows``): the first event opens the case
(``POST /v1/cases`` with a case id of its own, so a retry names the same case), every later one
is ``POST /v1/cases/{id}/events`` with ``If-Match`` and a fresh ``Idempotency-Key``. About one
request in four (``worklist_share``) is a worklist read instead.

A request that fails without an answer (connection refused or reset, server gone mid-request,
timeout) is sent again, unchanged (same key, same If-Match), until it gets one. An answer 201 is
an acknowledged event (``Ack``; ``how`` says whether it took a retry and whether the server
reported it ``repeated``: committed by the attempt the kill cut off). A 412 after a retry would
mean the first attempt was committed without the key being recognised; it is resolved by reading
the case's timeline and finding the event at the expected seq (``how="read"``). Any other answer
to an append leaves its outcome to the verification: the case is dropped and the key noted.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.loadflows import PlannedEvent, Planner

#: The trivial authenticated request the appends are measured against.
BASELINE_PATH = "/v1/me"
WORKLIST_PATH = "/v1/worklist?withinDays=7&limit=50"
CONNECTION_ERROR = 0  # the status recorded for an attempt that got no answer
BACKOFF_FIRST, BACKOFF_CAP = 0.02, 0.2


class GaveUpError(RuntimeError):
    """The server did not answer within the grace period after the end of the run."""


@dataclass(frozen=True)
class Sample:
    """One attempt: its kind, when it started (s since the phase began), latency, status."""

    kind: str
    started: float
    latency: float
    status: int
    retry: bool


@dataclass(frozen=True)
class Ack:
    """An event the server acknowledged with 201 (or found by reading, ``how="read"``)."""

    case_id: str
    seq: int
    key: str
    hash: str
    type: str
    occurred_at: str
    how: str  # "first", "retried" (first attempt not committed), "repeated", "read"


@dataclass
class Retried:
    kind: str
    attempts: int
    seconds: float  # from the first attempt to the answer
    outcome: str


@dataclass
class Run:
    """What every client shares: the clock, the records, and the kill's timeline."""

    tag: str
    origin: float
    stop_at: float
    give_up_at: float
    samples: list[Sample] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    retried: list[Retried] = field(default_factory=list)
    dropped: list[tuple[str, int, str, int]] = field(default_factory=list)  # case, seq, key, st
    problems: list[str] = field(default_factory=list)
    cases_opened: int = 0
    kill_at: float | None = None
    killed_at: float | None = None
    healthy_at: float | None = None
    restart_seconds: float | None = None
    first_ok_after_kill: float | None = None

    def now(self) -> float:
        return time.perf_counter() - self.origin

    def record(self, kind: str, started: float, status: int, retry: bool) -> None:
        ended = self.now()
        self.samples.append(Sample(kind, started, ended - started, status, retry))
        after = self.killed_at
        if (after is not None and self.first_ok_after_kill is None and 200 <= status < 300
                and started >= after):  # fmt: skip
            self.first_ok_after_kill = ended


@dataclass
class Case:
    case_id: str
    flow: str
    events: list[PlannedEvent]
    acked: int = 0

    @property
    def done(self) -> bool:
        return self.acked >= len(self.events)


class Client:
    """One simulated system: its connection, its random stream, its cases."""

    def __init__(
        self,
        number: int,
        run: Run,
        http: httpx.AsyncClient,
        tokens: dict[str, str],
        planner: Planner,
        seed: int,
        worklist_share: float,
    ) -> None:
        self.number = number
        self.run = run
        self.http = http
        self.tokens = tokens
        self.planner = planner
        self.rng = random.Random(seed)
        self.worklist_share = worklist_share
        self.case: Case | None = None
        self.cases = 0
        self.keys = 0

    async def send(
        self, kind: str, method: str, url: str, *, token: str | None = None, **kwargs: Any
    ) -> tuple[httpx.Response, int]:
        """The first answer to the request (sent again unchanged while none comes); retries."""
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        failures = 0
        first = self.run.now()
        while True:
            started = self.run.now()
            try:
                answer = await self.http.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError:
                self.run.record(kind, started, CONNECTION_ERROR, failures > 0)
                failures += 1
                if time.perf_counter() > self.run.give_up_at:
                    message = f"{kind} {url}: no answer after {failures} attempts"
                    raise GaveUpError(message) from None
                await asyncio.sleep(min(BACKOFF_FIRST * 2 ** (failures - 1), BACKOFF_CAP))
                continue
            self.run.record(kind, started, answer.status_code, failures > 0)
            if failures:
                outcome = str(answer.status_code)
                if answer.status_code == 201 and answer.json().get("repeated"):
                    outcome = "201 repeated"
                self.run.retried.append(
                    Retried(kind, failures + 1, self.run.now() - first, outcome)
                )
            return answer, failures

    async def loop(self, stop_at: float) -> None:
        while time.perf_counter() < stop_at:
            if self.rng.random() < self.worklist_share:
                await self.worklist()
            else:
                await self.append()

    async def baseline_loop(self, stop_at: float) -> None:
        """The baseline: the trivial authenticated request (``GET /v1/me``: the token checked,
        the policy asked, no case read), as fast as the server answers it."""
        while time.perf_counter() < stop_at:
            answer, _ = await self.send("baseline", "GET", BASELINE_PATH, token=self.tokens["IND"])
            if answer.status_code != 200:
                self.run.problems.append(f"GET {BASELINE_PATH}: {answer.status_code}")

    async def worklist(self) -> None:
        org = "IND" if self.rng.random() < 0.75 else "KMar"
        answer, _ = await self.send("worklist", "GET", WORKLIST_PATH, token=self.tokens[org])
        if answer.status_code == 200 and "items" not in answer.json():
            self.run.problems.append(f"worklist answer without items: {answer.text[:200]}")

    def _next_case(self) -> Case:
        self.cases += 1
        flow, events = self.planner.next(self.rng)
        case_id = f"L{self.run.tag}-{self.number:02d}-{self.cases:05d}"
        self.run.cases_opened += 1
        return Case(case_id, flow, events)

    async def append(self) -> None:
        if self.case is None or self.case.done:
            self.case = self._next_case()
        case = self.case
        planned = case.events[case.acked]
        self.keys += 1
        key = f"L{self.run.tag}-{self.number:02d}-{self.keys:06d}"
        token = self.tokens[planned.organisation]
        if case.acked == 0:
            kind, url = "create", "/v1/cases"
            body: dict[str, Any] = {"case_id": case.case_id, "event": planned.body}
            headers = {"Idempotency-Key": key}
        else:
            kind, url = "append", f"/v1/cases/{case.case_id}/events"
            body = planned.body
            headers = {"Idempotency-Key": key, "If-Match": f'"{case.acked}"'}
        answer, retries = await self.send(
            kind, "POST", url, token=token, json=body, headers=headers
        )
        retried = retries > 0
        if answer.status_code == 201:
            self._acknowledged(case, planned, key, answer.json(), retried)
        elif answer.status_code in (409, 412) and retried:
            await self._resolve(case, planned, key)
        else:
            self.run.dropped.append((case.case_id, case.acked + 1, key, answer.status_code))
            self.case = None

    def _acknowledged(
        self, case: Case, planned: PlannedEvent, key: str, data: dict[str, Any], retried: bool
    ) -> None:
        expected = case.acked + 1
        if data.get("case_id") != case.case_id or data.get("seq") != expected:
            self.run.problems.append(
                f"{case.case_id}: 201 for seq {expected} named {data.get('case_id')} "
                f"seq {data.get('seq')}"
            )
            self.case = None
            return
        how = "repeated" if data.get("repeated") else ("retried" if retried else "first")
        self.run.acks.append(
            Ack(case.case_id, expected, key, str(data.get("hash")), planned.body["type"],
                planned.body["occurred_at"], how)
        )  # fmt: skip
        case.acked = expected

    async def _resolve(self, case: Case, planned: PlannedEvent, key: str) -> None:
        """A refusal after a retry: is the first attempt's event there at the expected seq?"""
        expected = case.acked + 1
        answer, _ = await self.send(
            "read", "GET", f"/v1/cases/{case.case_id}/events", token=self.tokens["IND"]
        )
        events = answer.json().get("events", []) if answer.status_code == 200 else []
        found = [e for e in events if e.get("seq") == expected]
        stamp = planned.body["occurred_at"]
        if found and found[0]["type"] == planned.body["type"] and \
                str(found[0]["occurred_at"]).startswith(stamp):  # fmt: skip
            self.run.acks.append(
                Ack(case.case_id, expected, key, found[0]["hash"], planned.body["type"],
                    stamp, "read")
            )  # fmt: skip
            case.acked = expected
            return
        self.run.problems.append(
            f"{case.case_id}: refused after a retry and seq {expected} is not the event sent "
            f"(timeline answer {answer.status_code})"
        )
        self.run.dropped.append((case.case_id, expected, key, 412))
        self.case = None


def new_http(base_url: str, timeout: float) -> httpx.AsyncClient:
    """One client's connection: a single keep-alive connection to the server."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout)
