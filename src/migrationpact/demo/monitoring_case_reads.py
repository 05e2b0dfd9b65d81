"""The demo's key pairs for the monitoring bodies' sealed reads of case data.

``serve --demo`` gives the case-handling system the bodies' public keys, so the demo monitors'
reads are sealed in the access log (``store.sealed_reads``), and keeps the private keys in the
demo register's key directory, where ``/monitoring/case-reads`` and ``monitor case-reads list``
open them. Demo keys, made on the fly, never for real reads.
"""

from __future__ import annotations

from pathlib import Path

from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.case_reads import (
    PRIVATE_SUFFIX,
    create_read_keys,
    load_read_key,
)
from migrationpact.store.sealed_reads import env_name, public_text


def demo_read_keys(key_dir: Path) -> dict[str, str]:
    """Each body's key pair in ``key_dir``, made when missing; the case system's settings of
    their public halves (``MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_<BODY>``)."""
    settings: dict[str, str] = {}
    for body in BODIES:
        if not (key_dir / f"{body}{PRIVATE_SUFFIX}").exists():
            create_read_keys(body, key_dir)
        key = load_read_key(body, key_dir, env={})
        settings[env_name(body)] = public_text(key.public_key())
    return settings
