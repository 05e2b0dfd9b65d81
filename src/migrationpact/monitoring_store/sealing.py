"""Envelope encryption of one record: a fresh data key per record, wrapped per body.

``seal`` encrypts a record's JSON with AES-256-GCM under a data key made for it alone, and
wraps that data key with the key-encryption key of each body that may read the record (AES-GCM
again). The record's place (``context``: file reference, sequence number, type) is the
associated data of the ciphertext, and the place and the body that of each wrap, so a sealed
record or a wrap moved to another row or body does not open. Only ciphertext, nonces, wrapped
keys and key ids are stored; ``open_sealed`` needs the reading body's key.

>>> import secrets
>>> kek = secrets.token_bytes(32)
>>> sealed, wraps = seal(b'{"content": "x"}', "M-1|1|signal_received", {"CRM": kek})
>>> b"content" in sealed.encode()
False
>>> open_sealed(sealed, "M-1|1|signal_received", wraps["CRM"], "CRM", kek)
b'{"content": "x"}'
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from migrationpact.monitoring_store.keys import key_id

NONCE_BYTES = 12
VERSION = 1


class SealError(ValueError):
    """A record that does not open with the key given (another key, or changed bytes)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def wrap(data_key: bytes, context: str, body: str, kek: bytes) -> str:
    """The data key wrapped for ``body``: JSON with the key id, nonce and ciphertext."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, f"{context}|{body}".encode())
    return json.dumps({"v": VERSION, "kid": key_id(kek), "n": _b64(nonce), "w": _b64(wrapped)})


def unwrap(wrapped: str, context: str, body: str, kek: bytes) -> bytes:
    """The record's data key, unwrapped by ``body`` (to open the record, or to wrap the key
    for another body when the file is shared)."""
    data = json.loads(wrapped)
    if data.get("kid") != key_id(kek):
        raise SealError(f"the record was sealed for {body} with another key ({data.get('kid')})")
    try:
        nonce, wrapped_key = _unb64(data["n"]), _unb64(data["w"])
        return AESGCM(kek).decrypt(nonce, wrapped_key, f"{context}|{body}".encode())
    except (InvalidTag, KeyError, ValueError):
        raise SealError(f"the data key of {context} does not open for {body}") from None


def seal(plain: bytes, context: str, keks: Mapping[str, bytes]) -> tuple[str, dict[str, str]]:
    """``plain`` sealed under a new data key, and that key wrapped for each body of ``keks``."""
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = AESGCM(data_key).encrypt(nonce, plain, context.encode())
    sealed = json.dumps({"v": VERSION, "n": _b64(nonce), "c": _b64(cipher)})
    return sealed, {body: wrap(data_key, context, body, kek) for body, kek in keks.items()}


def open_sealed(sealed: str, context: str, wrapped: str, body: str, kek: bytes) -> bytes:
    """The plain record, opened by ``body`` with its ``kek``; ``SealError`` if it does not."""
    data_key = unwrap(wrapped, context, body, kek)
    data = json.loads(sealed)
    try:
        return AESGCM(data_key).decrypt(_unb64(data["n"]), _unb64(data["c"]), context.encode())
    except (InvalidTag, KeyError, ValueError):
        raise SealError(f"the record {context} does not open: it was changed") from None
