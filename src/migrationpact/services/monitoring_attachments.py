"""The use cases of a signal's attachments and of a body's key: read back, rotate.

``services.monitoring.submit_signal`` takes the files with the signal and checks them
(``monitoring.attachments``) before anything is written: a refused file is one ``Invalid``
(kind ``invalid-attachment``) whose ``text`` a page says in its own language. A signal may not
*describe* attachments it does not send: the register keeps the bytes.

``read_attachment`` gives the keeping body one attachment of a file, checked against the
SHA-256 digest its event recorded, and logs the read in ``monitor_reads``; the other body (even
of a shared file) and everyone else get the same ``NotFound``/``Forbidden`` as for a file that
does not exist. ``rotate_body_key`` rotates a body's key file (``monitoring_store.rotation``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from migrationpact.access.model import Principal
from migrationpact.monitoring.events import Attachment
from migrationpact.monitoring_store import attachments as attachment_store
from migrationpact.monitoring_store.keys import KeyRing, MonitorKeyError
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.rotation import Rotated, rotate
from migrationpact.monitoring_store.sealing import SealError
from migrationpact.services.errors import Invalid, NotFound

# The register's own checks of who may read which file, shared with its other use cases.
from migrationpact.services.monitoring import _authorise, _bad_input, _log, _readable
from migrationpact.store.database import read_transaction

#: The attachments are the signal's: the first event of its file.
SIGNAL_SEQ = 1


@dataclass(frozen=True)
class Download:
    """One attachment as the keeper reads it: its description and its bytes."""

    attachment: Attachment
    data: bytes


def read_attachment(
    *, register: Register, principal: Principal, body: str, reference: str, number: int
) -> Download:
    """Attachment ``number`` (from 1) of the signal of file ``reference``, for its keeper."""
    body = _authorise(register, principal, body, "attachment.read")
    row = _readable(register, principal, body, reference)
    missing = NotFound(
        f"no monitoring file {reference} for {body}", kind="monitoring-file-not-found"
    )
    if row.body != body:
        # The other body reads a shared file's events, not its signal's content or files.
        _log(register, principal, "attachment.read", reference, "not-found")
        raise missing
    with _bad_input():
        history = register.history(reference, body)
        described = history[0].event.attachments if history else ()
        if not 1 <= number <= len(described):
            _log(register, principal, "attachment.read", reference, "not-found")
            raise missing
        with read_transaction(register.engine) as conn:
            data = attachment_store.read(
                conn, reference=reference, seq=SIGNAL_SEQ, number=number, body=body,
                kek=register.keys.key(body),
            )  # fmt: skip
    attachment = described[number - 1]
    if attachment.sha256 is not None and hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise Invalid(
            f"attachment {number} of {reference} does not match its recorded digest",
            kind="monitor-key",
        )
    _log(register, principal, "attachment.read", reference, "granted")
    return Download(attachment, data)


def rotate_body_key(
    *,
    register: Register,
    body: str,
    directory: Path | str | None = None,
    env: Mapping[str, str] | None = None,
) -> Rotated:
    """A new key for ``body``: every data key of the body re-wrapped under it in one
    transaction, checked, then the old key file retired; the register holds the new key."""
    try:
        done = rotate(register.engine, body, directory, env)
    except (MonitorKeyError, SealError) as exc:
        raise Invalid(str(exc), kind="monitor-key") from exc
    from migrationpact.monitoring_store.keys import load_key

    register.keys = KeyRing(
        {**register.keys.keys, body: load_key(body, env={}, path=done.key_path)}
    )
    return done
