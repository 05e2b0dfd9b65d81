"""A scratch monitoring register for tests: its own database at a URL, both bodies' keys made
fresh, a deterministic clock; so no test opens the default register in the working directory."""

from __future__ import annotations

import secrets
from datetime import datetime

from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from tests.integration.conftest import StepClock


def scratch_register(url: str, *, start: datetime = datetime(2026, 12, 7, 8, 0)) -> Register:
    keys = KeyRing({"InspectieJenV": secrets.token_bytes(32), "CRM": secrets.token_bytes(32)})
    opened = Register.open(url, keys)
    opened.clock = StepClock(start)
    return opened
