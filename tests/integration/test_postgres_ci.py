"""The PostgreSQL test server: reachable under CI, and the rules that make it required there."""

from __future__ import annotations

import psycopg
import pytest

from tests.support.databases import CI_DEFAULT_URL, postgres_requirement


def test_ci_requires_postgres_at_the_documented_address() -> None:
    requirement = postgres_requirement({"CI": "true"})
    assert requirement.required
    assert requirement.url == CI_DEFAULT_URL


def test_local_runs_may_skip_postgres_but_honour_an_explicit_url() -> None:
    assert not postgres_requirement({}).required
    assert not postgres_requirement({"CI": "false"}).required
    explicit = postgres_requirement({"MIGRATIONPACT_TEST_DATABASE_URL": "postgresql://x/y"})
    assert explicit.url == "postgresql://x/y"


@pytest.mark.postgres
def test_postgres_server_accepts_transactions(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None
        assert int(version[0]) >= 130000
        conn.execute("CREATE TEMPORARY TABLE probe (n integer)")
        conn.execute("INSERT INTO probe VALUES (1), (2)")
        total = conn.execute("SELECT sum(n) FROM probe").fetchone()
        assert total == (3,)
