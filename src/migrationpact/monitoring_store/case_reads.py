"""A body's reads of case data, opened in the register from the case store's sealed rows.

The case-handling system logs every read of a monitor in its access log, sealed to the reading
body's public key (``store.sealed_reads``). The register holds the private keys: one X25519 key
per body, apart from the body's key-encryption key (``keys``), because the case-handling system
must be configured with its public half. Where the register finds a body's private key: the
environment variable ``MIGRATIONPACT_MONITOR_READS_KEY_<BODY>``, else the file
``<BODY>.reads.key`` in the key directory (``MIGRATIONPACT_MONITOR_KEY_DIR``). ``create_read_keys``
writes the pair: the private key readable by its owner only, never replacing one (rows sealed to
a lost key stay closed for good), and the public key ``<BODY>.reads.pub`` for the case system.

``case_reads`` reads the sealed rows of the case store's access log (read only; the register
writes nothing there) and opens those sealed for the body. A row no key of this process opens
was sealed for the other body — the rows name no body — or was changed after it was written;
``audit verify`` on the case store tells the two apart, since the seal is part of the row's hash.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> private, public = create_read_keys("CRM", folder)
>>> private.name, oct(private.stat().st_mode & 0o777), public.name
('CRM.reads.key', '0o600', 'CRM.reads.pub')
>>> load_read_key("CRM", folder, env={}).public_key() == read_public_key(public)
True
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy import Engine, select

from migrationpact.monitoring_store.keys import MonitorKeyError, key_dir, known_body
from migrationpact.store.database import read_transaction
from migrationpact.store.sealed_reads import (
    KEY_BYTES,
    PUBLIC_SUFFIX,
    SEALED,
    SealBrokenError,
    open_record,
    public_text,
    sealed_token,
)
from migrationpact.store.tables import access_log

ENV_READ_KEY_PREFIX = "MIGRATIONPACT_MONITOR_READS_KEY_"
PRIVATE_SUFFIX = ".reads.key"


def read_key_env_name(body: str) -> str:
    return ENV_READ_KEY_PREFIX + body.upper()


def _encoded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii") + "\n"


def _raw(text: str, where: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise MonitorKeyError(f"{where} holds no base64 key") from None
    if len(raw) != KEY_BYTES:
        raise MonitorKeyError(f"{where} holds a key of {len(raw)} bytes, not {KEY_BYTES}")
    return raw


def create_read_keys(body: str, directory: Path | str | None = None) -> tuple[Path, Path]:
    """Write ``body``'s key pair for its sealed reads; refuse to replace a private key."""
    folder = key_dir(directory)
    private_path = folder / f"{known_body(body)}{PRIVATE_SUFFIX}"
    folder.mkdir(parents=True, exist_ok=True)
    key = X25519PrivateKey.generate()
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise MonitorKeyError(
            f"{private_path} exists already; a replaced key leaves the reads sealed to it closed"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(_encoded(key.private_bytes_raw()))
    public_path = folder / f"{body}{PUBLIC_SUFFIX}"
    public_path.write_text(public_text(key.public_key()) + "\n", encoding="ascii")
    return private_path, public_path


def read_public_key(path: Path) -> X25519PublicKey:
    """The public key written in ``path`` (``<BODY>.reads.pub``)."""
    return X25519PublicKey.from_public_bytes(_raw(path.read_text(encoding="ascii"), str(path)))


def load_read_key(
    body: str, directory: Path | str | None = None, env: Mapping[str, str] | None = None
) -> X25519PrivateKey:
    """``body``'s private key for its sealed reads: its environment variable, else its file."""
    environ = os.environ if env is None else env
    name = read_key_env_name(known_body(body))
    if environ.get(name):
        return X25519PrivateKey.from_private_bytes(_raw(environ[name], f"${name}"))
    path = key_dir(directory, environ) / f"{body}{PRIVATE_SUFFIX}"
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MonitorKeyError(
            f"no key of {body} for its reads of case data: set ${name} or create {path} "
            f"(migrationpact monitor case-reads create-keys --body {body})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MonitorKeyError(f"cannot read the key of {body} from {path}: {exc}") from None
    return X25519PrivateKey.from_private_bytes(_raw(text, str(path)))


@dataclass(frozen=True)
class CaseRead:
    """One read of case data by a monitor of the body, as the case system logged it."""

    row: int
    at: datetime
    actor: str
    organisation: str
    role: str
    action: str
    resource: str
    case_id: str | None
    fields: tuple[str, ...]
    purpose: str
    outcome: str
    channel: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "at": self.at.isoformat() + "Z",
            "actor": self.actor,
            "organisation": self.organisation,
            "role": self.role,
            "action": self.action,
            "resource": self.resource,
            "case_id": self.case_id,
            "fields": list(self.fields),
            "purpose": self.purpose,
            "outcome": self.outcome,
            "channel": self.channel,
        }


@dataclass(frozen=True)
class CaseReads:
    """The body's reads, newest first, and how many sealed rows this key did not open."""

    reads: list[CaseRead]
    unopened: int


def case_reads(
    case_engine: Engine, body: str, key: X25519PrivateKey, *, case_id: str | None = None
) -> CaseReads:
    """Every sealed row of the case store's access log that ``key`` opens and that names
    ``body``, newest first (optionally of one case); the others are counted, not shown.

    Every sealed row is tried: the rows say nothing in clear to choose by.
    """
    query = (
        select(access_log.c.id, access_log.c.at, access_log.c.fields)
        .where(access_log.c.organisation == SEALED)
        .order_by(access_log.c.id.desc())
        .execution_options(yield_per=2000)
    )
    reads: list[CaseRead] = []
    unopened = 0
    with read_transaction(case_engine) as conn:
        for row in conn.execute(query):
            token = sealed_token(list(row.fields or ()))
            try:
                found = open_record(token or "", key, row.at)
            except SealBrokenError:
                unopened += 1
                continue
            if found.get("organisation") != body or (case_id and found.get("case_id") != case_id):
                continue
            reads.append(_read(row.id, row.at, found))
    return CaseReads(reads, unopened)


def _read(row: int, at: datetime, found: Mapping[str, Any]) -> CaseRead:
    return CaseRead(
        row=row,
        at=at,
        actor=str(found.get("actor", "")),
        organisation=str(found.get("organisation", "")),
        role=str(found.get("role", "")),
        action=str(found.get("action", "")),
        resource=str(found.get("resource", "")),
        case_id=found.get("case_id"),
        fields=tuple(found.get("fields") or ()),
        purpose=str(found.get("purpose", "")),
        outcome=str(found.get("outcome", "")),
        channel=str(found.get("channel", "")),
    )
