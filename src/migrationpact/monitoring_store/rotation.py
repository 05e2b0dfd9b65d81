"""Rotating a body's key: a new key-encryption key, every data key of the body re-wrapped.

Envelope encryption makes rotation cheap: the records (and attachments) stay encrypted with
their own data keys, untouched; only the body's wraps of those data keys (``monitor_keys``)
are opened with the old key and wrapped again with the new one. Because the hash chain covers
the sealed records and not the wraps, ``monitor verify`` is not affected.

The order keeps a body's files readable whatever breaks in between:

1. the new key is written beside the old one, ``<BODY>.next.key`` (an interrupted rotation left
   one: it is used again, so a second run finishes the first);
2. every wrap of the body is re-wrapped in **one transaction** (``rewrap``): a failure half-way
   rolls it back and the old wrapping is intact; a wrap already under the new key (a run that
   committed but stopped before step 4) is left as it is;
3. every wrap of the body is opened with the new key (``unreadable``); a wrap that does not
   (written meanwhile by a process still holding the old key) stops the rotation before any
   key file moves: run it again;
4. the old key file becomes ``<BODY>.key.retired-<key id>`` and the new one ``<BODY>.key``.

The retired key opens nothing any more (its wraps are gone); it is kept until the operator has
checked the register with the new key, and then removed by the operator. A key given in the
environment (``MIGRATIONPACT_MONITOR_KEY_<BODY>``) is not rotated here: the command refuses and
says so, since it cannot change a process's environment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select, update

from migrationpact.monitoring_store.keys import (
    MonitorKeyError,
    env_name,
    key_dir,
    key_id,
    known_body,
    load_key,
    new_key_file,
)
from migrationpact.monitoring_store.sealing import SealError, unwrap, wrap
from migrationpact.monitoring_store.tables import monitor_events, monitor_keys
from migrationpact.store.database import read_transaction, write_transaction


@dataclass(frozen=True)
class Rotated:
    """What a rotation did: how many wraps it re-wrapped, the new key's id, where the key is
    now and where the retired one was put (None: there was no old key file left)."""

    body: str
    rewrapped: int
    key_id: str
    key_path: Path
    retired: Path | None


def _wraps(conn: Connection, body: str) -> list[tuple[str, int, str, str]]:
    rows = conn.execute(
        select(monitor_keys.c.reference, monitor_keys.c.seq, monitor_events.c.type,
               monitor_keys.c.wrapped)
        .join(
            monitor_events,
            (monitor_events.c.reference == monitor_keys.c.reference)
            & (monitor_events.c.seq == monitor_keys.c.seq),
        )
        .where(monitor_keys.c.body == body)
        .order_by(monitor_keys.c.reference, monitor_keys.c.seq)
    ).all()  # fmt: skip
    return [(r.reference, r.seq, r.type, r.wrapped) for r in rows]


def rewrap(engine: Engine, body: str, old: bytes | None, new: bytes) -> int:
    """Every wrap of ``body`` under ``old`` wrapped again under ``new``, in one transaction;
    the number re-wrapped. A wrap under neither key refuses the whole rotation."""
    done = 0
    old_id, new_id = (key_id(old) if old else None), key_id(new)
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            # No share or new record may wrap a data key under the old key meanwhile.
            conn.exec_driver_sql("LOCK TABLE monitor_keys IN EXCLUSIVE MODE")
        for reference, seq, type_, wrapped in _wraps(conn, body):
            kid = json.loads(wrapped).get("kid")
            if kid == new_id:
                continue
            if old is None or kid != old_id:
                raise SealError(
                    f"{reference} event {seq} is wrapped for {body} with key {kid}, "
                    f"neither the current key ({old_id}) nor the new one ({new_id})"
                )
            context = f"{reference}|{seq}|{type_}"
            data_key = unwrap(wrapped, context, body, old)
            conn.execute(
                update(monitor_keys)
                .where(
                    (monitor_keys.c.reference == reference)
                    & (monitor_keys.c.seq == seq)
                    & (monitor_keys.c.body == body)
                )
                .values(wrapped=wrap(data_key, context, body, new))
            )
            done += 1
    return done


def unreadable(engine: Engine, body: str, kek: bytes) -> list[str]:
    """The records of ``body`` whose data key does not open with ``kek`` (empty: all do)."""
    problems = []
    with read_transaction(engine, snapshot=True) as conn:
        for reference, seq, type_, wrapped in _wraps(conn, body):
            try:
                unwrap(wrapped, f"{reference}|{seq}|{type_}", body, kek)
            except SealError as exc:
                problems.append(str(exc))
    return problems


def rotate(
    engine: Engine,
    body: str,
    directory: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> Rotated:
    """Rotate ``body``'s key file in ``directory`` (steps 1-4 above)."""
    environ = os.environ if env is None else env
    if environ.get(env_name(known_body(body))):
        raise MonitorKeyError(
            f"the key of {body} comes from ${env_name(body)}: rotate a key file instead "
            f"(unset it and put the key in {body}.key in the key directory)"
        )
    folder = key_dir(directory, environ)
    current, pending = folder / f"{body}.key", folder / f"{body}.next.key"
    if not pending.exists():
        new_key_file(pending)
    new = load_key(body, env={}, path=pending)
    old = load_key(body, env={}, path=current) if current.exists() else None
    count = rewrap(engine, body, old, new)
    problems = unreadable(engine, body, new)
    if problems:
        raise SealError(
            f"{len(problems)} records of {body} do not open with the new key "
            f"(first: {problems[0]}); nothing retired: run the rotation again"
        )
    retired = None
    if old is not None:
        retired = folder / f"{body}.key.retired-{key_id(old)}"
        os.replace(current, retired)
    os.replace(pending, current)
    return Rotated(body, count, key_id(new), current, retired)
