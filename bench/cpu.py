"""Where a measured run spent its CPU: this process, its worker processes, PostgreSQL.

A rate in events per second depends on the machine; the CPU an event costs, split by who spent
it, says why, and what the rate can be at most: with ``n`` cores busy only with this work, no
more than ``n / (CPU seconds per event)`` events per second. ``Meter`` reads three clocks
before and after the run: this process's CPU time, the CPU time of its finished child processes
(a process pool's workers are counted once they have exited), and the CPU time of the local
processes named ``postgres`` (read from Linux's ``/proc``; None elsewhere): given a database,
only its backends (the connections to it), so that other work on a shared server is not
counted; else every one of them (backends, WAL writer, checkpointer). A PostgreSQL process
that ends before ``stop`` is not counted, so the measured run must keep its connections open
until then (a pooled engine does).

>>> split = CpuSplit(events=1000, here=0.01, children=0.12, postgres=0.05)
>>> round(split.per_event_us["workers"]), split.ceiling(cores=2)
(120, 11111)
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path


def _backend_of(entry: Path, database: str) -> bool:
    """Whether the process is a backend connected to ``database`` (its title, ``postgres:
    [cluster:] user database host(port) state``, names it)."""
    try:
        title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return database in title.split()[2:5]


def postgres_cpu(database: str | None = None) -> float | None:
    """CPU seconds used so far by the local processes named ``postgres`` (None: no /proc);
    ``database``: only by the backends connected to it."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, _, rest = text.partition(" (")[2].rpartition(") ")
        if name == "postgres" and (database is None or _backend_of(entry, database)):
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / ticks


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class CpuSplit:
    """CPU seconds of a run of ``events`` events: here, in child processes, in PostgreSQL."""

    events: int
    here: float
    children: float
    postgres: float | None

    @property
    def per_event_us(self) -> dict[str, float]:
        parts = {"workers": self.children, "rebuilding process": self.here}
        if self.postgres is not None:
            parts["PostgreSQL"] = self.postgres
        n = max(self.events, 1)
        return {name: seconds / n * 1e6 for name, seconds in parts.items()}

    def ceiling(self, *, cores: int) -> int:
        """The most events per second ``cores`` cores give at this CPU cost per event."""
        total = sum(self.per_event_us.values())
        return int(cores * 1e6 / total) if total else 0

    def describe(self, *, cores: int) -> str:
        parts = ", ".join(f"{name} {us:,.0f} µs" for name, us in self.per_event_us.items())
        total = sum(self.per_event_us.values())
        return (
            f"CPU per event: {parts} (total {total:,.0f} µs): {cores} cores give at most "
            f"{self.ceiling(cores=cores):,} events/s"
        )


class Meter:
    """Reads the three clocks at ``start`` and gives the split at ``stop``."""

    def __init__(self, database: str | None = None) -> None:
        self._database = database
        self._start = (time.process_time(), _children(), postgres_cpu(database))

    def stop(self, events: int) -> CpuSplit:
        here, children, pg = self._start
        pg_now = postgres_cpu(self._database)
        return CpuSplit(
            events=events,
            here=time.process_time() - here,
            children=_children() - children,
            postgres=None if pg is None or pg_now is None else pg_now - pg,
        )
