"""The bytes of a signal's attachments, sealed with the data key of the signal's own record.

Envelope encryption per record (``sealing``) gives every event a data key of its own, wrapped
for every body that may read the file (``monitor_keys``). A signal and its attachments are one
record: each attachment is encrypted (AES-256-GCM, a nonce of its own) with the data key of the
signal's event, with its place (file, event number and type, attachment number) as associated
data, so a row moved to another file or number does not open. No key of its own is stored for
an attachment: sharing a file and rotating a body's key re-wrap the record's data key, and the
attachments follow. The event describes each file (name, type, size, SHA-256 digest), so the
digest is in the hash chain; ``read`` returns the bytes, ``SealError`` when they do not open.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, insert, select

from migrationpact.monitoring_store.sealing import NONCE_BYTES, SealError, unwrap
from migrationpact.monitoring_store.tables import monitor_attachments, monitor_events, monitor_keys


def _context(record: str, number: int) -> bytes:
    return f"{record}|attachment|{number}".encode()


def _data_key(conn: Connection, reference: str, seq: int, body: str, kek: bytes) -> bytes:
    """The data key of event ``seq`` of the file, unwrapped by ``body``."""
    row = conn.execute(
        select(monitor_events.c.type, monitor_keys.c.wrapped)
        .join(
            monitor_keys,
            (monitor_keys.c.reference == monitor_events.c.reference)
            & (monitor_keys.c.seq == monitor_events.c.seq)
            & (monitor_keys.c.body == body),
        )
        .where((monitor_events.c.reference == reference) & (monitor_events.c.seq == seq))
    ).first()
    if row is None:
        raise SealError(f"{reference} event {seq} has no key for {body}")
    return unwrap(row.wrapped, f"{reference}|{seq}|{row.type}", body, kek)


def store(
    conn: Connection,
    *,
    reference: str,
    seq: int,
    body: str,
    kek: bytes,
    blobs: Sequence[bytes],
) -> None:
    """Seal ``blobs`` (numbered from 1) with the data key of event ``seq``, in ``conn``'s
    transaction (the event and its keys are written already)."""
    if not blobs:
        return
    data_key = _data_key(conn, reference, seq, body, kek)
    aead = AESGCM(data_key)
    record = f"{reference}|{seq}|signal_received"
    rows = []
    for number, blob in enumerate(blobs, start=1):
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = aead.encrypt(nonce, blob, _context(record, number))
        rows.append(
            {"reference": reference, "seq": seq, "number": number, "nonce": nonce, "sealed": sealed}
        )
    conn.execute(insert(monitor_attachments), rows)


def read(
    conn: Connection, *, reference: str, seq: int, number: int, body: str, kek: bytes
) -> bytes:
    """Attachment ``number`` of event ``seq``, opened with ``body``'s key."""
    row = conn.execute(
        select(monitor_attachments).where(
            (monitor_attachments.c.reference == reference)
            & (monitor_attachments.c.seq == seq)
            & (monitor_attachments.c.number == number)
        )
    ).first()
    if row is None:
        raise SealError(f"{reference} has no attachment {number} in event {seq}")
    data_key = _data_key(conn, reference, seq, body, kek)
    record = f"{reference}|{seq}|signal_received"
    try:
        return AESGCM(data_key).decrypt(
            bytes(row.nonce), bytes(row.sealed), _context(record, number)
        )
    except InvalidTag:
        raise SealError(
            f"attachment {number} of {reference} does not open: it was changed"
        ) from None
