"""The served OpenAPI document passes the NL GOV API Design Rules lint (Spectral).

Spectral comes from package.json (``make test`` runs ``npm ci``). Locally a missing Spectral
skips with the reason; under ``CI=true`` it fails, like the PostgreSQL tests.

The document is made from the routes and the settings, not from the database, so it is linted
on one backend (SQLite): the same text on PostgreSQL would cost two more Spectral runs (about
2 s each) to check nothing new. The PostgreSQL API is covered by the conformance test.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = Path(__file__).with_name("nlgov-adr.spectral.yaml")


@pytest.fixture
def backend() -> str:
    """One backend for the whole module (overrides the parametrised one): see above."""
    return "sqlite"


def lint(spec: dict[str, Any], tmp_path: Path) -> tuple[int, list[dict[str, Any]]]:
    if not SPECTRAL.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Spectral is missing at {SPECTRAL}: run `npm ci`")
        pytest.skip("Spectral is not installed: run `npm ci` (make test does)")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(spec), encoding="utf-8")
    done = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--quiet",
            "--fail-severity",
            "error",
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    findings = json.loads(done.stdout or "[]")
    return done.returncode, [f for f in findings if f["severity"] == 0]


def test_the_spec_follows_the_design_rules(api: TestClient, tmp_path: Path) -> None:
    code, errors = lint(api.get("/v1/openapi.json").json(), tmp_path)
    assert errors == []
    assert code == 0


def test_the_lint_catches_a_broken_spec(api: TestClient, tmp_path: Path) -> None:
    spec = api.get("/v1/openapi.json").json()
    spec["servers"] = [{"url": "https://example.org/api"}]
    spec["paths"]["/cases/"] = spec["paths"].pop("/cases")
    del spec["paths"]["/worklist"]["get"]["responses"]["200"]["headers"]
    code, errors = lint(spec, tmp_path)
    assert code != 0
    assert {e["code"] for e in errors} >= {
        "adr-uri-version",
        "adr-no-trailing-slash",
        "adr-version-header-declared",
    }
