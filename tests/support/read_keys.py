"""The monitoring bodies' key pairs for their sealed reads, made once per test session.

Every test process gets the public halves in its environment (``tests/conftest.py``), as the
case-handling system is configured in production, so a monitor's read of case data is sealed,
not refused; a test that opens the rows takes the private halves from ``PRIVATE``.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Engine

from migrationpact.monitoring_store.case_reads import CaseRead, case_reads
from migrationpact.store.sealed_reads import env_name, public_text

PRIVATE = {body: X25519PrivateKey.generate() for body in ("InspectieJenV", "CRM")}


def public_settings() -> dict[str, str]:
    """``MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_<BODY>`` for each body."""
    return {env_name(body): public_text(key.public_key()) for body, key in PRIVATE.items()}


def opened_reads(engine: Engine, body: str = "InspectieJenV") -> list[CaseRead]:
    """``body``'s reads in the access log of ``engine``, opened as the register opens them."""
    return case_reads(engine, body, PRIVATE[body]).reads
