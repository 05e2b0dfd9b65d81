"""After the load: is every acknowledged event stored exactly once, and is the hash chain intact?

Read straight from the ``events`` table (not through the API), each acknowledged event must be
there exactly once by its idempotency key and once by its (case id, seq), with the hash the 201
answer gave. No stored event may lack an acknowledgement (a request answered with an error whose
event was written anyway), and no case may hold the same event (type and moment) twice. Then
``service.verify_chain`` walks every case's chain on the same database, and
``service.verify_access_log`` the access log's: each acknowledged append (not the opening
event) answered with the deadlines it changed, a read the log must hold a row for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import psycopg

from bench.loadclient import Ack
from bench.loadserver import conninfo
from migrationpact.store.service import open_store, verify_access_log, verify_chain

SHOWN = 5  # examples named per kind of problem


@dataclass
class Verification:
    stored: int = 0
    stored_cases: int = 0
    acknowledged: int = 0
    by_how: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    wrong_hash: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    dropped_not_stored: int = 0
    chain_ok: bool = False
    chain_events: int = 0
    chain_cases: int = 0
    chain_detail: str = ""
    opened: int = 0  # acknowledged opening events (their answers show no deadlines)
    access_ok: bool = False
    access_rows: int = 0
    access_reads: int = 0  # rows of the reads the appends' answers showed (case.deadlines)
    access_detail: str = ""

    def problems(self) -> list[str]:
        out = []
        for label, items in (
            ("acknowledged but not stored (lost)", self.lost),
            ("stored more than once (duplicated)", self.duplicated),
            ("stored with another hash or seq than acknowledged", self.wrong_hash),
            ("stored without an acknowledgement", self.unacknowledged),
        ):
            if items:
                shown = "; ".join(items[:SHOWN]) + (" …" if len(items) > SHOWN else "")
                out.append(f"{len(items)} event(s) {label}: {shown}")
        if not self.chain_ok:
            out.append(f"the hash chain does not verify: {self.chain_detail}")
        if not self.access_ok:
            out.append(f"the access log's chain does not verify: {self.access_detail}")
        appended = self.acknowledged - self.opened
        if self.access_reads < appended:
            out.append(f"{appended} appends acknowledged, but only {self.access_reads} reads of "
                       "their changes in the access log")  # fmt: skip
        if self.acknowledged == 0:
            out.append("no event was acknowledged: nothing was measured")
        return out


def verify(url: str, acks: Sequence[Ack], dropped: Sequence[tuple[str, int, str, int]],
           tag: str) -> Verification:  # fmt: skip
    """Compare the acknowledgements with the ``events`` table of ``url``, then verify the chain."""
    v = Verification(acknowledged=len(acks), by_how=Counter(a.how for a in acks))
    v.opened = sum(1 for a in acks if a.seq == 1)
    with psycopg.connect(conninfo(url)) as conn:
        rows = conn.execute(
            "SELECT case_id, seq, idempotency_key, hash, type, occurred_at FROM events"
        ).fetchall()
    v.stored = len(rows)
    v.stored_cases = len({r[0] for r in rows})
    by_key: dict[str | None, list[tuple[str, int, str]]] = {}
    by_place: Counter[tuple[str, int]] = Counter()
    by_moment: Counter[tuple[str, str, str]] = Counter()
    for case_id, seq, key, hash_, type_, occurred_at in rows:
        by_key.setdefault(key, []).append((case_id, seq, hash_))
        by_place[(case_id, seq)] += 1
        by_moment[(case_id, type_, occurred_at.isoformat(timespec="minutes"))] += 1
    acked_keys: Counter[str] = Counter(a.key for a in acks)
    for ack in acks:
        stored = by_key.get(ack.key, [])
        name = f"{ack.case_id} seq {ack.seq} ({ack.key}, {ack.how})"
        if not stored:
            v.lost.append(name)
        elif len(stored) > 1 or acked_keys[ack.key] > 1 or by_place[(ack.case_id, ack.seq)] > 1:
            v.duplicated.append(name)
        elif stored[0] != (ack.case_id, ack.seq, ack.hash):
            v.wrong_hash.append(f"{name}: stored as {stored[0][0]} seq {stored[0][1]}")
    v.duplicated += [
        f"{case_id}: {type_} at {moment} stored {n} times"
        for (case_id, type_, moment), n in by_moment.items()
        if n > 1
    ]
    for key, stored in by_key.items():
        if key is None or key not in acked_keys:
            v.unacknowledged += [f"{c} seq {s} (key {key})" for c, s, _ in stored]
    dropped_keys = {key for _, _, key, _ in dropped}
    v.dropped_not_stored = len(dropped_keys - set(by_key))
    if any(not c.startswith(f"L{tag}-") for c, _ in by_place):
        v.unacknowledged.append("cases the load generator did not open")
    store = open_store(url)
    try:
        report = verify_chain(store=store)
        logged = verify_access_log(store=store)
    finally:
        store.engine.dispose()
    with psycopg.connect(conninfo(url)) as conn:
        found = conn.execute("SELECT count(*) FROM access_log WHERE action = 'case.deadlines'")
        v.access_reads = int(found.fetchone()[0])  # type: ignore[index]
    v.access_ok, v.access_rows = logged.ok, logged.rows
    v.access_detail = "" if logged.ok else logged.describe()
    v.chain_ok, v.chain_events, v.chain_cases = report.ok, report.events, report.cases
    v.chain_detail = "" if report.broken is None else str(report.broken)
    if report.events != v.stored:
        v.chain_ok = False
        v.chain_detail += f" (verify walked {report.events} events of {v.stored} stored)"
    return v
