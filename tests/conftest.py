"""Shared fixtures: the PostgreSQL server for tests marked ``postgres``.

Locally the default is ``postgresql://postgres@127.0.0.1:5432/test`` when a server answers there;
set ``MIGRATIONPACT_TEST_DATABASE_URL`` to use another. Under ``CI=true`` a server is required.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.support.databases import CI_DEFAULT_URL, current_requirement
from tests.support.read_keys import public_settings


@pytest.fixture(scope="session", autouse=True)
def monitor_read_keys() -> Iterator[None]:
    """The bodies' public keys for sealing their reads, as a configured case system has them
    (``store.sealed_reads``; the private halves: ``tests.support.read_keys``)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in public_settings().items():
            patch.setenv(name, value)
        yield


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of a reachable PostgreSQL test database; fails under CI=true when none answers."""
    requirement = current_requirement()
    url = requirement.url or CI_DEFAULT_URL
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        message = f"PostgreSQL at {url} does not answer: {exc}".splitlines()[0]
        if requirement.required:
            pytest.fail(f"CI=true requires PostgreSQL. {message}")
        pytest.skip(message)
    return url
