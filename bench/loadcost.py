"""What one request costs the server: CPU milliseconds per request of each kind, under load.

The load benchmark (``bench.load``) gives rates, and rates on a shared machine move with
whatever else runs on it. This tool counts CPU time instead: the server's worker processes
and the database sessions of the run's own database, read from ``/proc`` (Linux) before and
after each phase, divided by the requests answered in it. The phases run one kind of request
at a time with the same clients as the load (``bench.loadclient``): the trivial authenticated
request (``GET /v1/me``), appends (cases opened and driven as in the load), worklist reads, and
the load's mix. The database's shared processes (WAL writer, checkpointer) are not counted.

    python -m bench.loadcost [--clients N] [--seconds S] [--workers N]

A tool for finding where the time goes, not a goal: ``make bench`` does not run it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.load import DEFAULT_DATABASE, SEED, answered
from bench.loadclient import Client, Run, new_http
from bench.loadflows import Planner
from bench.loadserver import (
    Credentials,
    Server,
    create_database,
    drop_database,
    free_port,
    upgrade,
)

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _sessions(database: str) -> list[int]:
    """The database server's processes serving ``database`` (``postgres: user db …``)."""
    return [
        int(p)
        for p in os.listdir("/proc")
        if p.isdigit() and f" {database} " in _cmdline(int(p)) and "postgres:" in _cmdline(int(p))
    ]


@dataclass
class Meter:
    server_pid: int
    database: str

    def read(self) -> tuple[dict[int, float], dict[int, float]]:
        server = {p: _cpu(p) for p in _descendants(self.server_pid)}
        db = {p: _cpu(p) for p in _sessions(self.database)}
        return server, db


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes alive at the second (a process
    that ended in between is lost: the pool keeps sessions open, so few do)."""
    return sum(t - before.get(p, 0.0) for p, t in after.items())


@dataclass(frozen=True)
class Phase:
    name: str
    kinds: tuple[str, ...]
    share: float | None  # worklist share; None: GET /v1/me


PHASES = (
    Phase("GET /v1/me", ("baseline",), None),
    Phase("append (create + append)", ("create", "append"), 0.0),
    Phase("worklist", ("worklist",), 1.0),
    Phase("mix (load)", ("create", "append", "worklist", "read"), 0.25),
)


async def _phase(phase: Phase, clients: list[Client], run: Run, stop_at: float) -> None:
    if phase.share is None:
        await asyncio.gather(*(c.baseline_loop(stop_at) for c in clients))
    else:
        for c in clients:
            c.worklist_share = phase.share
        await asyncio.gather(*(c.loop(stop_at) for c in clients))


async def _measure(server: Server, meter: Meter, n: int, seconds: float) -> list[str]:
    tokens = {"IND": server.token("load-ind"), "KMar": server.token("load-kmar")}
    planner = Planner(date.today(), SEED)
    https = [new_http(server.base_url, 30.0) for _ in range(n)]
    head = f"{'phase':<26} {'req/s':>7} {'server ms':>10} {'db ms':>7} {'total ms':>9}"
    lines = [head + "  CPU per request"]
    try:
        start = time.perf_counter()
        run = Run("COST", start, start, start + 3600)
        clients = [Client(i, run, h, tokens, planner, SEED + i, 0.0) for i, h in enumerate(https)]
        # Warm up: the first requests of a process read its caches; a few cases give work.
        await _phase(PHASES[3], clients, run, time.perf_counter() + min(5.0, seconds))
        for phase in PHASES:
            run.samples.clear()
            (s0, d0), t0 = meter.read(), time.perf_counter()
            await _phase(phase, clients, run, t0 + seconds)
            (s1, d1), t1 = meter.read(), time.perf_counter()
            done = len([s for s in answered(run.samples, phase.kinds) if s.status < 400])
            if not done:
                lines.append(f"{phase.name:<26} no answers")
                continue
            server_ms, db_ms = _spent(s0, s1) / done * 1000, _spent(d0, d1) / done * 1000
            lines.append(
                f"{phase.name:<26} {done / (t1 - t0):>7.1f} {server_ms:>10.2f} {db_ms:>7.2f} "
                f"{server_ms + db_ms:>9.2f}"
            )
    finally:
        await asyncio.gather(*(h.aclose() for h in https))
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loadcost", description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--database", default=DEFAULT_DATABASE)
    a = p.parse_args(argv or [])
    name = f"migrationpact_loadcost_{os.getpid()}"
    url = create_database(a.database, name)
    directory = Path(tempfile.mkdtemp(prefix="migrationpact-loadcost-"))
    server = None
    try:
        upgrade(url)
        server = Server(url, free_port(), a.workers, Credentials.write(directory))
        server.start()
        server.wait_healthy()
        assert server.process is not None
        meter = Meter(server.process.pid, name)
        for line in asyncio.run(_measure(server, meter, a.clients, a.seconds)):
            print(line, flush=True)
    finally:
        if server is not None:
            server.stop()
        drop_database(url)
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
