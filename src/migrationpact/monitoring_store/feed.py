"""The feed of pseudonymised case events: made hash-chained, verified on receipt, kept sealed.

**Pseudonyms.** The case-handling system names a case in the feed by ``pseudonym(key, case_id)``:
``P-`` and 16 base32 letters of HMAC-SHA256 over the case id with the *feed key*
(``MIGRATIONPACT_FEED_KEY``, at least 32 characters), which only the case-handling system holds.
The same case always gets the same pseudonym under one key; without the key nobody can compute
it, nor find the case id behind one (except by asking the case-handling system:
re-identification, below).

**The chain.** Every line of a feed is ``{"n": N, "record": {...}, "prev_hash": …, "hash": …}``
with ``hash = sha256(prev_hash + canonical JSON of n and record)`` from ``GENESIS``
(``store.hashing``); the first record says what the feed is (``feed``), the last how many
records came before it (``end``). ``verify_feed`` recomputes every link on receipt: a line
changed, added, removed, reordered or cut off breaks the chain, and the whole feed is refused
with the number of the first bad line (``FeedRefusedError``), before anything is written. The head
of the chain (the last hash) identifies the feed; the command that makes it prints it, so the
bodies can compare it with what they received.

**Kept sealed, read-only.** An imported feed is one row of ``monitor_feeds``: its records sealed
with a data key of its own, wrapped for every body whose key the importing process holds
(``monitoring_store.sealing``), append-only. ``Register``-level reads open it with one body's
key.

**Re-identification.** A request (``kind`` request: the pseudonym and the stated purpose) and its
answer (``kind`` answer: the case id the case-handling system found) are rows of
``monitor_reidentifications``, sealed for the requesting body and chained in one hash chain.

>>> key = b"k" * 32
>>> p = pseudonym(key, "C-1")
>>> p == pseudonym(key, "C-1"), p == pseudonym(b"x" * 32, "C-1"), len(p)
(True, False, 18)
>>> lines = chain_records([{"kind": "end", "records": 1}])
>>> verify_chain(lines)[1][0]["kind"]
'end'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from migrationpact.monitoring.feed_records import (
    FeedEnd,
    FeedError,
    FeedHeader,
    Record,
    parse_record,
)
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.sealing import open_sealed, seal
from migrationpact.monitoring_store.tables import monitor_feeds, monitor_reidentifications
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.hashing import GENESIS, canonical_json, chain_hash, utc_text

#: The longest line a feed may have (bytes of UTF-8) and the most lines.
MAX_LINE = 64 * 1024
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class FeedRefusedError(ValueError):
    """A feed refused whole: ``line`` is the first line that does not hold (0: the feed)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"feed refused at line {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


def pseudonym(key: bytes, case_id: str) -> str:
    """The case's pseudonym under ``key`` (the case-handling system's feed key)."""
    mac = hmac.new(key, b"migrationpact-feed-case:" + case_id.encode("utf-8"), hashlib.sha256)
    return "P-" + base64.b32encode(mac.digest()).decode("ascii")[:16]


def key_id(key: bytes) -> str:
    """A public fingerprint of the feed key (which key made a feed; not the key)."""
    return hashlib.sha256(b"migrationpact-feed-key:" + key).hexdigest()[:16]


def chain_records(records: Iterable[dict[str, Any]]) -> list[str]:
    """``records`` as the lines of a feed, each chained to the one before it."""
    lines, prev = [], GENESIS
    for n, record in enumerate(records, start=1):
        link = chain_hash(prev, {"n": n, "record": record})
        lines.append(canonical_json({"n": n, "record": record, "prev_hash": prev, "hash": link}))
        prev = link
    return lines


def verify_chain(lines: Iterable[str | bytes]) -> tuple[str, list[dict[str, Any]]]:
    """The head hash and the records of a feed whose chain holds; else ``FeedRefusedError``."""
    prev, records = GENESIS, list[dict[str, Any]]()
    for n, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        if len(text.encode("utf-8")) > MAX_LINE:
            raise FeedRefusedError(n, f"the line is longer than {MAX_LINE} bytes")
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FeedRefusedError(n, f"not JSON: {exc.msg}") from None
        if not isinstance(line, dict) or set(line) != {"n", "record", "prev_hash", "hash"}:
            raise FeedRefusedError(
                n, "a line needs n, record, prev_hash and hash, and nothing else"
            )
        if line["n"] != len(records) + 1:
            raise FeedRefusedError(
                n, f"record {line['n']!r} where record {len(records) + 1} belongs"
            )
        if line["prev_hash"] != prev:
            raise FeedRefusedError(n, "it does not chain to the line before it")
        if chain_hash(prev, {"n": line["n"], "record": line["record"]}) != line["hash"]:
            raise FeedRefusedError(n, "its hash does not match its contents: the line was changed")
        records.append(line["record"])
        prev = line["hash"]
    return prev, records


@dataclass(frozen=True)
class VerifiedFeed:
    head: str
    header: FeedHeader
    records: list[Record]
    raw: list[dict[str, Any]]


def verify_feed(lines: Iterable[str | bytes]) -> VerifiedFeed:
    """A feed checked whole: its chain, a ``feed`` record first, an ``end`` record last that
    counts the others, every record well-formed; else ``FeedRefusedError`` naming the line."""
    try:
        head, raw = verify_chain(lines)
    except UnicodeDecodeError:
        raise FeedRefusedError(0, "the feed is not UTF-8 text") from None
    if not raw:
        raise FeedRefusedError(0, "the feed is empty")
    parsed: list[Record] = []
    for n, data in enumerate(raw, start=1):
        try:
            parsed.append(parse_record(data))
        except FeedError as exc:
            raise FeedRefusedError(n, str(exc)) from None
    header, end = parsed[0], parsed[-1]
    if not isinstance(header, FeedHeader):
        raise FeedRefusedError(1, "a feed begins with its feed record")
    if not isinstance(end, FeedEnd) or end.records != len(parsed) - 1:
        raise FeedRefusedError(
            len(parsed), "the feed does not end with its end record: it was cut off"
        )
    inner = [r for r in parsed[1:-1] if isinstance(r, FeedHeader | FeedEnd)]
    if inner:
        raise FeedRefusedError(0, "a feed has one feed record, first, and one end record, last")
    return VerifiedFeed(head, header, parsed[1:-1], raw)


# -- the register's side: keep a feed, read it, and log re-identification ----------------------


def _feed_context(head: str) -> str:
    return f"feed|{head}"


def store_feed(
    engine: Any,
    keys: KeyRing,
    feed: VerifiedFeed,
    *,
    actor: str,
    organisation: str,
    at: datetime,
) -> int:
    """Keep ``feed`` sealed for every body whose key this process holds; its row id."""
    if not keys.keys:
        raise FeedRefusedError(0, "the register process holds no body's key to seal the feed with")
    plain = canonical_json(feed.raw).encode("utf-8")
    sealed, wraps = seal(plain, _feed_context(feed.head), keys.keys)
    with write_transaction(engine) as conn:
        known = conn.execute(
            select(monitor_feeds.c.id).where(monitor_feeds.c.head_hash == feed.head)
        ).first()
        if known is not None:
            raise FeedRefusedError(0, f"this feed (head {feed.head[:16]}…) was imported already")
        result = conn.execute(
            insert(monitor_feeds).values(
                imported_at=at,
                actor=actor,
                organisation=organisation,
                made_at=feed.header.made_at,
                records=len(feed.records),
                key_id=feed.header.key_id,
                head_hash=feed.head,
                sealed=sealed,
                wraps=json.dumps(wraps, sort_keys=True),
            )
        )
        return int((result.inserted_primary_key or (0,))[0])


@dataclass(frozen=True)
class FeedRow:
    id: int
    imported_at: datetime
    made_at: datetime
    records: int
    key_id: str
    head: str


def feed_rows(engine: Any) -> list[FeedRow]:
    """Every imported feed, newest first (nothing sealed is opened)."""
    f = monitor_feeds.c
    query = select(f.id, f.imported_at, f.made_at, f.records, f.key_id, f.head_hash)
    with read_transaction(engine) as conn:
        rows = conn.execute(query.order_by(f.made_at.desc(), f.id.desc())).all()
    return [FeedRow(r.id, r.imported_at, r.made_at, r.records, r.key_id, r.head_hash) for r in rows]


def feed_readers(engine: Any, feed_id: int) -> tuple[str, ...]:
    """The bodies feed ``feed_id`` is sealed for (whose key can open it); nothing is opened."""
    with read_transaction(engine) as conn:
        wraps = conn.execute(
            select(monitor_feeds.c.wraps).where(monitor_feeds.c.id == feed_id)
        ).scalar_one()
    return tuple(sorted(json.loads(wraps)))


def open_feed(engine: Any, keys: KeyRing, feed_id: int, body: str) -> VerifiedFeed:
    """The feed ``feed_id``, opened with ``body``'s key and checked again."""
    with read_transaction(engine) as conn:
        row = conn.execute(select(monitor_feeds).where(monitor_feeds.c.id == feed_id)).one()
    wraps = json.loads(row.wraps)
    if body not in wraps:
        raise FeedRefusedError(
            0, f"the feed was not sealed for {body}: import it with {body}'s key"
        )
    plain = open_sealed(row.sealed, _feed_context(row.head_hash), wraps[body], body, keys.key(body))
    feed = verify_feed(chain_records(json.loads(plain)))
    if feed.head != row.head_hash:
        raise FeedRefusedError(0, f"feed {feed_id} does not end in the chain it was imported with")
    return feed


def new_request() -> str:
    """A request's reference: ``REID-XXXX-XXXX``, saying nothing about how many there are."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"REID-{letters[:4]}-{letters[4:]}"


def _reid_fields(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("request", "kind", "body", "actor", "sealed", "wrapped")
    return {**{k: row[k] for k in keys}, "at": utc_text(row["at"])}


def log_reidentification(
    engine: Any,
    keys: KeyRing,
    *,
    request: str,
    kind: str,
    body: str,
    actor: str,
    at: datetime,
    data: dict[str, Any],
) -> None:
    """Append a request or an answer, sealed for ``body``, to the re-identification chain."""
    context = f"reid|{request}|{kind}"
    sealed, wraps = seal(canonical_json(data).encode("utf-8"), context, {body: keys.key(body)})
    r = monitor_reidentifications.c
    with write_transaction(engine) as conn:
        last = conn.execute(select(r.hash).order_by(r.id.desc()).limit(1)).scalar()
        row = {
            "request": request,
            "kind": kind,
            "body": body,
            "at": at,
            "actor": actor,
            "sealed": sealed,
            "wrapped": wraps[body],
        }
        prev = last or GENESIS
        link = chain_hash(prev, _reid_fields(row))
        conn.execute(insert(monitor_reidentifications).values(**row, prev_hash=prev, hash=link))


@dataclass(frozen=True)
class ReidEntry:
    request: str
    kind: str
    body: str
    at: datetime
    actor: str
    data: dict[str, Any]


def reidentifications(engine: Any, keys: KeyRing, body: str) -> list[ReidEntry]:
    """``body``'s requests and answers, opened with its key, in the order they were logged."""
    r = monitor_reidentifications.c
    with read_transaction(engine) as conn:
        rows = conn.execute(
            select(monitor_reidentifications).where(r.body == body).order_by(r.id)
        ).all()
    found = []
    for row in rows:
        plain = open_sealed(
            row.sealed, f"reid|{row.request}|{row.kind}", row.wrapped, body, keys.key(body)
        )
        found.append(
            ReidEntry(row.request, row.kind, row.body, row.at, row.actor, json.loads(plain))
        )
    return found


def verify_reidentifications(engine: Any) -> list[str]:
    """Every break in the re-identification chain (empty: intact); needs no key."""
    problems: list[str] = []
    prev = GENESIS
    with read_transaction(engine, snapshot=True) as conn:
        rows = conn.execute(
            select(monitor_reidentifications).order_by(monitor_reidentifications.c.id)
        ).all()
    for row in rows:
        where = f"re-identification {row.request} ({row.kind})"
        if row.prev_hash != prev:
            problems.append(f"{where}: does not chain to the entry before it")
        if chain_hash(row.prev_hash, _reid_fields(dict(row._mapping))) != row.hash:
            problems.append(f"{where}: its hash does not match its contents")
        prev = row.hash
    return problems
