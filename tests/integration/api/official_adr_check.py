"""Lint the served OpenAPI document against a copy of the official NL GOV ADR ruleset.

Not part of the suite (its name does not start with ``test_``): the official ruleset is
published only on a web site that CI cannot reach. Run it with
``make adr-official RULESET=<file or URL>``, which sets ``MIGRATIONPACT_ADR_RULESET``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.integration.api.test_api_design_rules import backend, lint, untolerated

__all__ = ["backend"]  # the one-backend fixture, shared with the suite's lint


def test_the_spec_follows_the_official_ruleset(api: TestClient, tmp_path: Path) -> None:
    official = os.environ.get("MIGRATIONPACT_ADR_RULESET", "")
    if not official:
        pytest.fail("set MIGRATIONPACT_ADR_RULESET (make adr-official RULESET=…)")
    spec = api.get("/v1/openapi.json").json()
    assert untolerated(spec, lint(spec, tmp_path, official)) == []
