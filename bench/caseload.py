"""Replicate template histories to many cases and bulk-load them into PostgreSQL with COPY.

Every replica is a template (``bench.casegen``) under a fresh case id: the same events, dates,
actors and rule-set versions; the idempotency keys and the projections name the new id (the
template id is replaced in the state JSON, where it is the case id and the person's pseudonym);
the hash chain is recomputed with the store's own ``hashing.chain_hash``, so ``audit verify``
holds. JSON columns are written as ``jsontext.dumps`` text, as SQLAlchemy writes them, so a rebuild
by the store reproduces every projection row byte for byte (``projection_digest``).

The first replicas take every template once (so any data set at least as large as the template
set covers all of them); the others are drawn with a seeded RNG, choosing between two candidates
the one that keeps the average history length nearest the asked events per case.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from bench.casegen import JSON_COLUMNS, Template
from migrationpact.store.database import normalise_url
from migrationpact.store.hashing import GENESIS, chain_fields, chain_hash
from migrationpact.store.tables import deadlines

EVENT_COLUMNS = (
    "case_id",
    "seq",
    "type",
    "payload",
    "occurred_at",
    "recorded_at",
    "actor",
    "organisation",
    "rule_set_version",
    "idempotency_key",
    "prev_hash",
    "hash",
)
STATE_COLUMNS = (
    "case_id",
    "seq",
    "stage",
    "procedure",
    "examination",
    "responsibility_regime",
    "state",
    "updated_at",
)


@dataclass(frozen=True)
class Replica:
    case_id: str
    template: Template


@dataclass(frozen=True)
class LoadReport:
    cases: int
    events: int
    deadlines: int
    seconds: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def conninfo(url: str) -> str:
    """A libpq URI for psycopg from a store URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    parsed = make_url(normalise_url(url)).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def assign(
    templates: Sequence[Template], cases: int, events_per_case: float, seed: int
) -> list[Replica]:
    """``cases`` replicas under fresh ids (``C-`` + 12 hex digits), every template at least once
    when there are enough cases, averaging about ``events_per_case`` events."""
    rng = random.Random(seed)
    seen = {t.case_id for t in templates}
    out: list[Replica] = []
    total = 0
    for n in range(cases):
        case_id = f"C-{rng.getrandbits(48):012X}"
        while case_id in seen:
            case_id = f"C-{rng.getrandbits(48):012X}"
        seen.add(case_id)
        if n < len(templates):
            template = templates[n]
        else:
            a, b = rng.choice(templates), rng.choice(templates)
            target = events_per_case * (n + 1) - total
            template = min((a, b), key=lambda t: abs(len(t.events) - target))
        total += len(template.events)
        out.append(Replica(case_id, template))
    return out


def event_rows(replica: Replica) -> Iterator[tuple[Any, ...]]:
    """The replica's ``events`` rows in seq order, chained with the store's hash function."""
    prev = GENESIS
    for e in replica.template.events:
        key = f"{e.key_prefix}{replica.case_id}{e.key_suffix}" if e.key_suffix else None
        fields = chain_fields(
            case_id=replica.case_id,
            seq=e.seq,
            type=e.type,
            payload=e.payload,
            occurred_at=e.occurred_at,
            recorded_at=e.recorded_at,
            actor=e.actor,
            organisation=e.organisation,
            rule_set_version=e.rule_set_version,
            idempotency_key=key,
        )
        link = chain_hash(prev, fields)
        yield (
            replica.case_id,
            e.seq,
            e.type,
            e.payload_json,
            e.occurred_at,
            e.recorded_at,
            e.actor,
            e.organisation,
            e.rule_set_version,
            key,
            prev,
            link,
        )
        prev = link


def state_row(replica: Replica) -> tuple[Any, ...]:
    t = replica.template
    c = t.state_columns
    return (
        replica.case_id,
        c["seq"],
        c["stage"],
        c["procedure"],
        c["examination"],
        c["responsibility_regime"],
        t.state_json.replace(t.case_id, replica.case_id),
        c["updated_at"],
    )


def deadline_rows(replica: Replica, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    t = replica.template
    for row in t.deadline_rows:
        values = dict(row, case_id=replica.case_id)
        for name in JSON_COLUMNS:
            if t.case_id in values[name]:
                values[name] = values[name].replace(t.case_id, replica.case_id)
        yield tuple(values[c] for c in columns)


def _copy(conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Any) -> int:
    count = 0
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load(url: str, replicas: Sequence[Replica], *, analyze: bool = True) -> LoadReport:
    """COPY the replicas' projections and events into the (migrated, empty) store at ``url``."""
    seconds: dict[str, float] = {}
    dl_columns = [c.name for c in deadlines.columns]
    with psycopg.connect(conninfo(url)) as conn:
        started = time.perf_counter()
        cases = _copy(conn, "case_states", STATE_COLUMNS, (state_row(r) for r in replicas))
        seconds["case_states"] = time.perf_counter() - started
        started = time.perf_counter()
        rows = (row for r in replicas for row in deadline_rows(r, dl_columns))
        dls = _copy(conn, "deadlines", dl_columns, rows)
        seconds["deadlines"] = time.perf_counter() - started
        started = time.perf_counter()
        rows = (row for r in replicas for row in event_rows(r))
        count = _copy(conn, "events", EVENT_COLUMNS, rows)
        conn.commit()
        seconds["events"] = time.perf_counter() - started
    if analyze:
        started = time.perf_counter()
        with psycopg.connect(conninfo(url), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE events, case_states, deadlines")
        seconds["vacuum analyze"] = time.perf_counter() - started
    return LoadReport(cases=cases, events=count, deadlines=dls, seconds=seconds)


def projection_digest(url: str) -> str:
    """One MD5 over every projection row's text (equal digests: equal projections)."""
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT (SELECT md5(string_agg(md5(s::text), '' ORDER BY case_id)) FROM case_states s)"
            " || (SELECT md5(string_agg(md5(d::text), '' ORDER BY case_id, key)) FROM deadlines d)"
        ).fetchone()
    return str(row[0]) if row else ""
