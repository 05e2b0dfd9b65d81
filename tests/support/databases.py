"""Which databases the test run must use, decided from the environment.

Locally, a test that needs PostgreSQL is skipped when no server answers, so a newcomer can run
``make test`` anywhere. Under ``CI=true`` the same test is required: a missing server fails the
run instead of hiding behind a skip.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

ENV_URL = "MIGRATIONPACT_TEST_DATABASE_URL"
CI_DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class PostgresRequirement:
    """Where the PostgreSQL test server is expected, and whether it may be absent."""

    url: str | None
    required: bool


def postgres_requirement(env: Mapping[str, str]) -> PostgresRequirement:
    """Read the requirement from ``CI`` and ``MIGRATIONPACT_TEST_DATABASE_URL``.

    >>> postgres_requirement({"CI": "true"})
    PostgresRequirement(url='postgresql://postgres@127.0.0.1:5432/test', required=True)
    >>> postgres_requirement({})
    PostgresRequirement(url=None, required=False)
    """
    required = env.get("CI", "").lower() == "true"
    url = env.get(ENV_URL) or (CI_DEFAULT_URL if required else None)
    return PostgresRequirement(url=url, required=required)


def current_requirement() -> PostgresRequirement:
    return postgres_requirement(os.environ)
