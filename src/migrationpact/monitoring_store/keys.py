"""The bodies' key-encryption keys: one per body, in a key file or an environment variable.

A key-encryption key (KEK) is 32 random bytes, written base64 (URL-safe) on one line. Where the
register finds a body's key: the environment variable ``MIGRATIONPACT_MONITOR_KEY_<BODY>``
(``MIGRATIONPACT_MONITOR_KEY_INSPECTIEJENV``, ``MIGRATIONPACT_MONITOR_KEY_CRM``), else the file
``<BODY>.key`` in the key directory (``MIGRATIONPACT_MONITOR_KEY_DIR``, default
``./monitor-keys``). The case-handling system is configured with neither. ``create_key`` writes
a new key file readable by its owner only and never overwrites one: a lost or replaced key
makes every record sealed with it unreadable.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = create_key("CRM", folder)
>>> path.name, oct(path.stat().st_mode & 0o777), len(load_key("CRM", folder, env={}))
('CRM.key', '0o600', 32)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from migrationpact.monitoring.vocabulary import BODIES

ENV_KEY_DIR = "MIGRATIONPACT_MONITOR_KEY_DIR"
ENV_KEY_PREFIX = "MIGRATIONPACT_MONITOR_KEY_"
DEFAULT_KEY_DIR = "monitor-keys"
KEY_BYTES = 32


class MonitorKeyError(ValueError):
    """A body's key is missing, unreadable or not a key; the message says which and where."""


def known_body(body: str) -> str:
    """``body`` if the register knows it, else ``MonitorKeyError`` naming the bodies."""
    if body not in BODIES:
        raise MonitorKeyError(f"unknown body {body!r}: the bodies are {', '.join(BODIES)}")
    return body


def key_dir(directory: Path | str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The given directory, else ``$MIGRATIONPACT_MONITOR_KEY_DIR``, else ``./monitor-keys``."""
    environ = os.environ if env is None else env
    return Path(directory or environ.get(ENV_KEY_DIR) or DEFAULT_KEY_DIR)


def env_name(body: str) -> str:
    return ENV_KEY_PREFIX + body.upper()


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key (which key sealed a record; not the key)."""
    return hashlib.sha256(b"migrationpact-monitor-kek:" + key).hexdigest()[:16]


def create_key(body: str, directory: Path | str | None = None) -> Path:
    """Write a new key file for ``body``; refuse to replace one."""
    return new_key_file(key_dir(directory) / f"{known_body(body)}.key")


def new_key_file(path: Path) -> Path:
    """A new random key written to ``path``, readable by its owner only; never over a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii") + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise MonitorKeyError(
            f"{path} exists already; a replaced key makes its records unreadable"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)
    return path


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise MonitorKeyError(f"{where} holds no base64 key") from None
    if len(key) != KEY_BYTES:
        raise MonitorKeyError(f"{where} holds a key of {len(key)} bytes, not {KEY_BYTES}")
    return key


def load_key(
    body: str,
    directory: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    *,
    path: Path | None = None,
) -> bytes:
    """``body``'s key: from its environment variable, else from its key file (or ``path``)."""
    environ = os.environ if env is None else env
    name = env_name(known_body(body))
    if environ.get(name):
        return _decode(environ[name], f"${name}")
    path = path or key_dir(directory, environ) / f"{body}.key"
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MonitorKeyError(
            f"no key for {body}: set ${name} or create {path} (migrationpact monitor keys create)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MonitorKeyError(f"cannot read the key of {body} from {path}: {exc}") from None
    return _decode(text, str(path))


@dataclass(frozen=True)
class KeyRing:
    """The keys the register process holds, by body; it may hold one body's only."""

    keys: Mapping[str, bytes]

    def key(self, body: str) -> bytes:
        try:
            return self.keys[body]
        except KeyError:
            raise MonitorKeyError(
                f"the register holds no key of {body}: set ${env_name(body)} or run "
                f"'migrationpact monitor keys create --body {body}'"
            ) from None

    @classmethod
    def load(
        cls, directory: Path | str | None = None, env: Mapping[str, str] | None = None
    ) -> KeyRing:
        """Every body's key that can be found (none found: an empty ring)."""
        found: dict[str, bytes] = {}
        for body in BODIES:
            try:
                found[body] = load_key(body, directory, env)
            except MonitorKeyError as exc:
                if not str(exc).startswith("no key for"):
                    raise
        return cls(found)
