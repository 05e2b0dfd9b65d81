"""The monitoring bodies' reads in the access log: written like every read, readable in the
register only.

A monitor of the Inspectie JenV or the College voor de Rechten van de Mens reads case data in
the case-handling system, and that read is logged like any other: one row of the access log,
written before the data leaves, in the log's one hash chain. But what the row says — who read
which case, which parts and why — is *sealed* to the reading body's public key, so that the
executing organisations, the case store's database administrator and its command-line operator
read only that *a monitoring body* read something at that moment. The body opens the row in
the register with its private key (``monitoring_store.case_reads``); the case-handling system
holds the public keys only and cannot open what it wrote.

The construction is HPKE (RFC 9180) in base mode, single-shot, with the suite
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, as ``cryptography``'s
``hazmat.primitives.hpke`` implements it: a fresh ephemeral X25519 key per row, the AES key
derived from the shared secret, the row's clear time bound in as HPKE ``info`` (a sealed text
copied onto another row does not open). The sealed text is the row's fields as canonical JSON;
it is kept in the row's ``fields`` column as one string, ``SEAL_PREFIX`` + base64, so the
seal is part of what the row's hash covers and ``audit verify`` catches a changed seal as it
catches any changed row. The other columns of a sealed row say ``SEALED`` (and ``monitor`` as
its role); the ciphertext names no body and no key, so the rows do not even say which body read.

Where the case-handling system finds a body's public key (32 bytes, base64 URL-safe on one
line): ``$MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_<BODY>`` (``…_INSPECTIEJENV``, ``…_CRM``), else
the file ``<BODY>.reads.pub`` in ``$MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_DIR``. Without the
reading body's public key a monitor's read is refused (``UnsealedReadError``), never logged in
clear. A sign-in lockout of a monitor's account (channel ``sign-in``) is no read of case data
and stays in clear: the case system's security record, which the policy hides from the
executing organisations as before.

>>> from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
>>> private = X25519PrivateKey.generate()
>>> env = {env_name("CRM"): public_text(private.public_key())}
>>> at = datetime(2026, 12, 4, 9, 30)
>>> token = seal_record({"case_id": "C-1", "purpose": "audit"}, "CRM", at, env=env)
>>> token.startswith(SEAL_PREFIX), "C-1" in token
(True, False)
>>> open_record(token, private, at)
{'case_id': 'C-1', 'purpose': 'audit'}
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from migrationpact.access.policy import MONITORING_BODIES, SEALED_READS
from migrationpact.store.errors import StoreError
from migrationpact.store.hashing import canonical_json, utc_text

#: What the clear columns of a sealed row say (actor, organisation, action, resource, …).
SEALED = SEALED_READS
SEALED_ROLE = "monitor"
#: The suite and version of the seal, before the base64 of HPKE's ``enc || ciphertext``.
SEAL_PREFIX = "hpke-x25519-sha256-aes256gcm:v1:"
ENV_PUBLIC_KEY_PREFIX = "MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_"
ENV_PUBLIC_KEY_DIR = "MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_DIR"
PUBLIC_SUFFIX = ".reads.pub"
KEY_BYTES = 32
#: The rows a lockout of a monitor's account writes: no read of case data (``auth.lockout_log``).
CLEAR_CHANNELS = frozenset({"sign-in"})

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_INFO = "migrationpact access-log monitor read v1|"


class UnsealedReadError(StoreError):
    """A monitoring body's read cannot be sealed (no usable public key): it is refused, and
    nothing of it is written."""


class SealBrokenError(ValueError):
    """A sealed row that does not open with the key given (another body's row, or changed)."""


#: The organisations whose reads are sealed: the two monitoring bodies.
BODIES = frozenset(body.value for body in MONITORING_BODIES)


def is_sealed_for(organisation: str, channel: str) -> bool:
    """True when a row of ``organisation`` by ``channel`` is written sealed (asked of every
    row written, so it is only a look-up)."""
    return organisation in BODIES and channel not in CLEAR_CHANNELS


def env_name(body: str) -> str:
    return ENV_PUBLIC_KEY_PREFIX + body.upper()


def public_text(key: X25519PublicKey) -> str:
    """A public key as the configuration holds it: the raw 32 bytes, base64 URL-safe."""
    return base64.urlsafe_b64encode(key.public_bytes_raw()).decode("ascii")


@lru_cache(maxsize=16)
def _decoded(text: str, where: str) -> X25519PublicKey:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise UnsealedReadError(f"{where} holds no base64 public key") from None
    if len(raw) != KEY_BYTES:
        raise UnsealedReadError(f"{where} holds a key of {len(raw)} bytes, not {KEY_BYTES}")
    return X25519PublicKey.from_public_bytes(raw)


def public_key(body: str, env: Mapping[str, str] | None = None) -> X25519PublicKey:
    """``body``'s public key for sealing its reads, from the environment or its file."""
    environ = os.environ if env is None else env
    name = env_name(body)
    if environ.get(name):
        return _decoded(environ[name], f"${name}")
    folder = environ.get(ENV_PUBLIC_KEY_DIR)
    path = Path(folder) / f"{body}{PUBLIC_SUFFIX}" if folder else None
    try:
        text = path.read_text(encoding="ascii") if path else None
    except (OSError, UnicodeDecodeError):
        text = None
    if not text:
        raise UnsealedReadError(
            f"a read by {body} is refused: its public key for sealing the monitors' reads is "
            f"not configured (set ${name} or put {body}{PUBLIC_SUFFIX} in "
            f"${ENV_PUBLIC_KEY_DIR}; 'migrationpact monitor case-reads create-keys' makes it)"
        )
    return _decoded(text, str(path))


def _info(at: datetime) -> bytes:
    return (_INFO + utc_text(at)).encode("utf-8")


def seal_record(
    record: Mapping[str, Any], body: str, at: datetime, *, env: Mapping[str, str] | None = None
) -> str:
    """``record`` sealed to ``body``'s public key, bound to the row's time ``at``."""
    sealed = _SUITE.encrypt(
        canonical_json(record).encode("utf-8"), public_key(body, env), _info(at)
    )
    return SEAL_PREFIX + base64.b64encode(sealed).decode("ascii")


def sealed_token(fields: tuple[str, ...] | list[str]) -> str | None:
    """The seal of a row, from its ``fields`` column (None: the row is not sealed)."""
    if len(fields) == 1 and fields[0].startswith(SEAL_PREFIX):
        return fields[0]
    return None


def open_record(token: str, key: X25519PrivateKey, at: datetime) -> dict[str, Any]:
    """The fields sealed in ``token``, opened with a body's private key; ``SealBrokenError``
    when it does not open (sealed for the other body, or changed)."""
    try:
        sealed = base64.b64decode(token.removeprefix(SEAL_PREFIX).encode("ascii"), validate=True)
        plain = _SUITE.decrypt(sealed, key, _info(at))
        found = json.loads(plain)
    except (InvalidTag, ValueError):  # every failure to open means the same: not readable
        raise SealBrokenError("the sealed row does not open with this key") from None
    if not isinstance(found, dict):
        raise SealBrokenError("the sealed row holds no record")
    return found
