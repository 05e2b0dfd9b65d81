"""Load and durability: many clients against the PostgreSQL-backed server, with a SIGKILL midway.

A fresh database (``migrationpact db upgrade``), a users file with an IND and a KMar caseworker,
and ``migrationpact serve`` as a subprocess (``bench.loadserver``). First the baseline: the same
clients ask ``GET /v1/me`` with their bearer token (the token checked against the user directory
and the revocation list, no case read: the server's ceiling for a trivial authenticated request)
for a few seconds. Then the load: the clients open cases and drive them through real dated event
sequences, each append with If-Match and its own Idempotency-Key, about one request in four a
worklist read (``bench.loadclient``). At ``--kill-at`` of the duration the server's process group
gets SIGKILL and is started again on the same port; the clients keep going, sending every
request that got no answer again with the same key and If-Match until it gets one. Afterwards
(``bench.loadcheck``) every acknowledged event must be stored exactly once, with the hash it was
acknowledged with, nothing may be stored that was not acknowledged, and ``verify_chain`` must
pass. The database is dropped at the end unless ``--keep``.

    python -m bench load                   # 50 clients, 60 s, SIGKILL at 40 % (make bench)
    python -m bench.load [--quick] [--clients N] [--seconds S] [--workers N] [--kill-at F]
                         [--no-kill] [--baseline-seconds S] [--database URL] [--keep]

Exit 0 when every acknowledged event is stored exactly once and the chain verifies, whatever the
figures; 1 otherwise (lost, duplicated or unacknowledged events, a broken chain, no answer).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.loadcheck import Verification, verify
from bench.loadclient import CONNECTION_ERROR, Client, GaveUpError, Run, Sample, new_http
from bench.loadflows import Planner
from bench.loadserver import (
    Credentials,
    Server,
    create_database,
    drop_database,
    free_port,
    upgrade,
)

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/postgres"
SEED = 20261129
GRACE = 60.0  # seconds after the end a request may still wait for the server to come back


@dataclass(frozen=True)
class Settings:
    clients: int = 50
    seconds: float = 60.0
    baseline_seconds: float = 5.0
    kill_at: float | None = 0.4  # fraction of ``seconds``; None: no kill
    workers: int = 2
    worklist_share: float = 0.25
    timeout: float = 30.0
    database: str = DEFAULT_DATABASE
    schema: bool = False  # a fresh schema in ``database`` instead of a fresh database
    keep: bool = False
    seed: int = SEED


@dataclass
class Report:
    settings: Settings
    database_url: str = ""
    baseline: Run | None = None
    baseline_seconds: float = 0.0
    load: Run | None = None
    load_seconds: float = 0.0
    verification: Verification | None = None
    startup_seconds: float = 0.0
    client_cpu: float = 0.0  # CPU seconds of the load generator during the load
    problems: list[str] = field(default_factory=list)


def answered(samples: Sequence[Sample], kinds: Sequence[str]) -> list[Sample]:
    return [s for s in samples if s.kind in kinds and s.status != CONNECTION_ERROR]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def _restart(server: Server, run: Run, at: float) -> None:
    await asyncio.sleep(max(0.0, run.origin + at - time.perf_counter()))
    run.kill_at = run.now()
    await asyncio.to_thread(server.kill)
    run.killed_at = run.now()
    await asyncio.to_thread(server.start)
    run.restart_seconds = await asyncio.to_thread(server.wait_healthy)
    run.healthy_at = run.now()


async def _drive(s: Settings, server: Server, tokens: dict[str, str], planner: Planner,
                 tag: str, report: Report) -> None:  # fmt: skip
    https = [new_http(server.base_url, s.timeout) for _ in range(s.clients)]

    def clients(run: Run) -> list[Client]:
        return [Client(n, run, http, tokens, planner, s.seed + n, s.worklist_share)
                for n, http in enumerate(https)]  # fmt: skip

    try:
        start = time.perf_counter()
        base = Run(tag, start, start + s.baseline_seconds, start + s.baseline_seconds + GRACE)
        await asyncio.gather(*(c.baseline_loop(base.stop_at) for c in clients(base)))
        report.baseline, report.baseline_seconds = base, time.perf_counter() - start
        cpu, start = time.process_time(), time.perf_counter()
        run = Run(tag, start, start + s.seconds, start + s.seconds + GRACE)
        report.load = run
        tasks = [c.loop(run.stop_at) for c in clients(run)]
        if s.kill_at is not None:
            tasks.append(_restart(server, run, s.kill_at * s.seconds))
        await asyncio.gather(*tasks)
        report.load_seconds = time.perf_counter() - start
        report.client_cpu = time.process_time() - cpu
    finally:
        await asyncio.gather(*(h.aclose() for h in https))


def _print(text: str) -> None:
    print(text, flush=True)


def run(s: Settings, say: Callable[[str], None] = _print) -> Report:
    """Set up, measure, kill, verify; the database and the temporary files go at the end."""
    report = Report(s)
    tag = secrets.token_hex(3).upper()
    url = create_database(s.database, f"migrationpact_load_{tag.lower()}", schema=s.schema)
    report.database_url = url
    directory = Path(tempfile.mkdtemp(prefix="migrationpact-load-"))
    server: Server | None = None
    try:
        upgrade(url)
        server = Server(url, free_port(), s.workers, Credentials.write(directory))
        server.start()
        report.startup_seconds = server.wait_healthy()
        say(f"  server up in {report.startup_seconds:.1f} s on {server.base_url} "
            f"({s.workers} worker{'s' if s.workers > 1 else ''})")  # fmt: skip
        tokens = {"IND": server.token("load-ind"), "KMar": server.token("load-kmar")}
        planner = Planner(date.today(), s.seed)
        try:
            # A thread of its own: the caller may already run an event loop (a test session
            # with Playwright's sync API does), and asyncio.run refuses to nest.
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(asyncio.run, _drive(s, server, tokens, planner, tag, report)).result()
        except (GaveUpError, RuntimeError) as exc:  # no answer, or the restart failed
            report.problems.append(f"the load did not finish: {exc}")
        server.stop()
        if report.baseline is not None:
            report.problems += report.baseline.problems
        if report.load is not None:
            report.problems += report.load.problems
            report.verification = verify(url, report.load.acks, report.load.dropped, tag)
            report.problems += report.verification.problems()
    finally:
        if server is not None:
            server.stop()
        if s.keep:
            say(f"  kept {url} and {directory}")
        else:
            drop_database(url)
            shutil.rmtree(directory, ignore_errors=True)
    return report


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


def render(report: Report) -> str:
    """The figures: a table against the baseline, then one line per finding."""
    base, load = report.baseline, report.load
    if base is None or load is None:
        return "no figures: the run did not finish"
    secs, bsecs = report.load_seconds, report.baseline_seconds
    health = answered(base.samples, ["baseline"])
    h_rate = _rate(len(health), bsecs)
    h_p50 = percentile([x.latency for x in health], 50) * 1000
    head = f"{'measure':<28} {'rate/s':>8} {'p50 ms':>8} {'p99 ms':>8}  {'baseline':<22} "
    lines = [head + f"{'rate/s':>8} {'p50 ms':>8}  {'rate %':>6} {'p50 x':>6}"]
    kinds = {
        "all requests (mixed)": ["create", "append", "worklist", "read"],
        "append (create + append)": ["create", "append"],
        "  of which create": ["create"],
        "worklist (50 rows, 7 days)": ["worklist"],
    }
    for name, which in kinds.items():
        got = answered(load.samples, which)
        lat = [x.latency for x in got]
        rate = _rate(len(got), secs)
        p50, p99 = percentile(lat, 50) * 1000, percentile(lat, 99) * 1000
        share = f"{rate / h_rate:6.1%}" if h_rate else f"{'':>6}"
        slower = f"{p50 / h_p50:5.1f}x" if h_p50 else f"{'':>6}"
        lines.append(
            f"{name:<28} {rate:>8,.1f} {p50:>8.1f} {p99:>8.1f}  {'GET /v1/me (token)':<22} "
            f"{h_rate:>8,.1f} {h_p50:>8.1f}  {share} {slower}"
        )
    appends = answered(load.samples, ["create", "append"])
    events = len(load.acks)
    lines.append(
        f"append throughput = {_rate(len(appends), secs) / h_rate:.0%} of trivial-request "
        f"throughput ({_rate(events, secs):,.1f} events/s acknowledged; GET /v1/me "
        f"{h_rate:,.1f}/s, p99 {percentile([x.latency for x in health], 99) * 1000:.1f} ms)"
        if h_rate
        else "append throughput: no baseline"
    )
    return "\n".join(lines)


def notes(report: Report) -> list[str]:
    s, load, v = report.settings, report.load, report.verification
    if load is None:
        return []
    out = [f"load: {s.clients} clients for {report.load_seconds:.1f} s; {len(load.samples):,} "
           f"attempts, {load.cases_opened:,} cases opened, {len(load.acks):,} events "
           f"acknowledged; load generator CPU {report.client_cpu / report.load_seconds:.0%} of "
           f"one core"]  # fmt: skip
    errors = Counter(x.status for x in load.samples if x.status >= 400 or x.status == 0)
    shown = ", ".join(f"{'no answer' if k == 0 else k}: {n:,}" for k, n in sorted(errors.items()))
    up = load.first_ok_after_kill or load.now()
    down = load.kill_at if load.kill_at is not None else up
    ends = [x.started + x.latency for x in load.samples if x.status == CONNECTION_ERROR]
    outside = sum(1 for end in ends if not down <= end <= up)  # cut off or refused: inside
    out.append(f"errors by status: {shown or 'none'} (no answer outside the outage: {outside})")
    if load.kill_at is not None:
        before = [x for x in answered(load.samples, ["create", "append", "worklist", "read"])
                  if x.started + x.latency < load.kill_at]  # fmt: skip
        acked = sum(1 for x in before if x.status == 201)
        lat = [x.latency * 1000 for x in before if x.kind in ("create", "append")]
        out.append(
            f"SIGKILL at {load.kill_at:.1f} s; restarted and healthy after "
            f"{load.restart_seconds or 0:.1f} s; first answered request {up - load.kill_at:.1f} s "
            f"after the kill (outage); before the kill {_rate(len(before), load.kill_at):,.1f} "
            f"req/s, {_rate(acked, load.kill_at):,.1f} events/s, append p50 "
            f"{percentile(lat, 50):.0f} ms / p99 {percentile(lat, 99):.0f} ms"
        )
        retried = Counter(r.outcome for r in load.retried)
        worst = max((r.seconds for r in load.retried), default=0.0)
        out.append(
            f"retried requests: {len(load.retried):,} ("
            + ", ".join(f"{k}: {n}" for k, n in sorted(retried.items()))
            + f"), longest wait {worst:.1f} s"
        )
    if load.dropped:
        by = Counter(st for *_, st in load.dropped)
        out.append("appends answered with an error (case dropped): "
                   + ", ".join(f"{k}: {n}" for k, n in sorted(by.items())))  # fmt: skip
    if v is not None:
        hows = ", ".join(f"{k} {n:,}" for k, n in sorted(v.by_how.items()))
        out.append(
            f"verify: {v.acknowledged:,} acknowledged ({hows}), {v.stored:,} stored in "
            f"{v.stored_cases:,} cases; lost {len(v.lost)}, duplicated {len(v.duplicated)}, "
            f"other hash {len(v.wrong_hash)}, stored unacknowledged {len(v.unacknowledged)}; "
            f"chain {'intact' if v.chain_ok else 'BROKEN'} ({v.chain_events:,} events, "
            f"{v.chain_cases:,} cases, verify_chain); access log "
            f"{'intact' if v.access_ok else 'BROKEN'} ({v.access_rows:,} rows, "
            f"{v.access_reads:,} reads of an append's changes)"
        )
    return out


def parse(argv: list[str]) -> Settings:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="8 clients, 5 s: a smoke run")
    p.add_argument("--clients", type=int)
    p.add_argument("--seconds", type=float)
    p.add_argument("--baseline-seconds", type=float)
    p.add_argument("--kill-at", type=float, default=0.4, help="fraction of the run (0.4)")
    p.add_argument("--no-kill", action="store_true", help="no SIGKILL during the run")
    p.add_argument("--workers", type=int, help="server worker processes (2; --quick: 1)")
    p.add_argument("--worklist-share", type=float, default=0.25)
    p.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help="a database on the server; the run creates its own next to it",
    )
    p.add_argument(
        "--schema",
        action="store_true",
        help="a fresh schema in --database rather than a fresh database",
    )
    p.add_argument("--keep", action="store_true", help="keep the database after the run")
    a = p.parse_args(argv)  # fmt: skip
    base = (8, 5.0, 1.5) if a.quick else (50, 60.0, 5.0)
    return Settings(
        clients=a.clients or base[0],
        seconds=a.seconds or base[1],
        baseline_seconds=a.baseline_seconds or base[2],
        kill_at=None if a.no_kill else a.kill_at,
        workers=a.workers or (1 if a.quick else 2),
        worklist_share=a.worklist_share,
        database=a.database,
        schema=a.schema,
        keep=a.keep,
    )


def main(argv: list[str] | None = None) -> int:
    s = parse(argv or [])
    kill = f"SIGKILL at {s.kill_at:.0%}" if s.kill_at is not None else "no kill"
    _print(f"load: {s.clients} clients, {s.seconds:g} s, {kill}, against migrationpact serve on "
           f"{make_url(s.database).render_as_string(hide_password=True)}")  # fmt: skip
    report = run(s)
    print(render(report))
    for note in notes(report):
        print(f"  {note}")
    for problem in report.problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
