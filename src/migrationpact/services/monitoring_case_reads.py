"""The use cases of a body's reads of case data: its key pair, and the list of its reads.

The case-handling system seals every read of a monitor in its access log to the reading body's
public key (``store.sealed_reads``); only the register, holding the body's private key, opens
them (``monitoring_store.case_reads``). ``create_read_keys`` makes a body's pair and says the
public key the case system is to be configured with. ``case_reads`` lists a body's reads for a
monitor of that body, and logs that listing in the register's own log of reads (``monitor_reads``,
action ``case-reads``), as every read in the register is; every other principal is refused by
the policy first, with the register's guard (``services.monitoring``).

Refusals: ``Forbidden`` (not a monitor of that body), ``Invalid`` (an unknown body, a missing
or unreadable key, a private key that already exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from migrationpact.access.model import Principal
from migrationpact.monitoring_store.case_reads import (
    case_reads as opened_reads,
)
from migrationpact.monitoring_store.case_reads import (
    create_read_keys as write_pair,
)
from migrationpact.monitoring_store.case_reads import (
    load_read_key,
    read_public_key,
)
from migrationpact.monitoring_store.register import Register
from migrationpact.services.monitoring import _authorise, _bad_input, _log
from migrationpact.store.sealed_reads import env_name, public_text

ACTION = "case-reads"


@dataclass(frozen=True)
class ReadKeys:
    """Where a body's new key pair went, and the setting that gives the case system its
    public half."""

    body: str
    private_path: Path
    public_path: Path
    public_key: str

    @property
    def setting(self) -> str:
        return f"{env_name(self.body)}={self.public_key}"


def create_read_keys(*, body: str, directory: Path | str | None = None) -> ReadKeys:
    """Write ``body``'s key pair for its sealed reads (refused if its private key exists)."""
    with _bad_input():
        private_path, public_path = write_pair(body, directory)
        key = public_text(read_public_key(public_path))
    return ReadKeys(body, private_path, public_path, key)


def case_reads(
    *,
    register: Register,
    case_engine: Engine,
    principal: Principal,
    body: str,
    key_dir: Path | str | None = None,
    case_id: str | None = None,
) -> dict[str, Any]:
    """``body``'s reads of case data, newest first, opened with its private key; and how many
    sealed rows did not open with it (the other body's, or changed)."""
    body = _authorise(register, principal, body, ACTION)
    with _bad_input():
        key = load_read_key(body, key_dir)
    found = opened_reads(case_engine, body, key, case_id=case_id)
    _log(register, principal, ACTION, None, "granted")
    return {
        "body": body,
        "reads": [read.to_dict() for read in found.reads],
        "unopened": found.unopened,
    }
