"""A fresh register per test, on SQLite and on PostgreSQL, holding both bodies' keys."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from tests.integration.conftest import StepClock


def monitor(org: Organisation) -> Principal:
    return Principal(subject=f"{org.value}-1", name="M", organisation=org, role=Role.MONITOR)


INSPECTIE = monitor(Organisation.INSPECTIE)
CRM = monitor(Organisation.CRM)

#: What the tests submit: every personal or content field something a reader could search for.
SECRET = "Zaid al-Haddad was held nine days at Schiphol without a lawyer"
SIGNAL = {
    "source": "lawyer",
    "channel": "email",
    "content": SECRET,
    "received_at": "2026-12-04T09:00",
    "case_reference": "PSEUDO-4711",
    "phase": "detention",
    "rights": ["6"],
}
CLEAR_WORDS = ("al-Haddad", "Schiphol", "PSEUDO-4711", "nine days")


@pytest.fixture
def keys() -> KeyRing:
    return KeyRing({"InspectieJenV": secrets.token_bytes(32), "CRM": secrets.token_bytes(32)})


@pytest.fixture
def register(empty_url: str, keys: KeyRing) -> Iterator[Register]:
    opened = Register.open(empty_url, keys)
    opened.clock = StepClock(datetime(2026, 12, 7, 8, 0))
    yield opened
    opened.engine.dispose()
