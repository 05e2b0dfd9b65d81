"""The served OpenAPI document passes the NL GOV API Design Rules lint (Spectral).

Spectral comes from package.json (``make test`` runs ``npm ci``). Locally a missing Spectral
skips with the reason; under ``CI=true`` it fails, like the PostgreSQL tests.

The ruleset is ``nlgov-adr.spectral.yaml`` beside this file: every rule of the official ADR
linter that an OpenAPI document can show, in rules of its own (the official ruleset is
published only on a web site that CI cannot reach; see docs/api.md). ``make adr-official
RULESET=<file or URL>`` lints against a copy of the official ruleset as well
(``official_adr_check.py``, not part of the suite, so that the suite never skips it).

One kind of finding is tolerated: a snake_case query key that is marked ``deprecated`` and has
its lower camelCase successor beside it on the same operation. Such a key is still accepted for
the deprecation period (``api.params``), so the document must list it, and the camelCase rule
reports it until it is removed.

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

from tests.integration.api.conftest import auth, problem

ROOT = Path(__file__).resolve().parents[3]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = Path(__file__).with_name("nlgov-adr.spectral.yaml")

Finding = dict[str, Any]


@pytest.fixture
def backend() -> str:
    """One backend for the whole module (overrides the parametrised one): see above."""
    return "sqlite"


def lint(spec: dict[str, Any], tmp_path: Path, ruleset: str | Path = RULESET) -> list[Finding]:
    """The errors Spectral finds in ``spec`` (warnings left out)."""
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
            str(ruleset),
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
    findings: list[Finding] = json.loads(done.stdout or "[]")
    errors = [f for f in findings if f["severity"] == 0]
    assert (done.returncode != 0) == bool(errors), done.stderr
    return errors


def camel(key: str) -> str:
    """A snake_case key in lower camelCase: ``within_days`` → ``withinDays``."""
    first, *rest = key.split("_")
    return first + "".join(word.capitalize() for word in rest)


def renamed_key(spec: dict[str, Any], error: Finding) -> bool:
    """Whether ``error`` is the camelCase rule on a deprecated key beside its successor."""
    if not error["code"].endswith("query-keys-camel-case"):
        return False
    _, path, method, _, index, *_ = error["path"]
    parameters = spec["paths"][path][method]["parameters"]
    key = parameters[int(index)]
    successors = {p["name"] for p in parameters if not p.get("deprecated")}
    return bool(key.get("deprecated")) and camel(key["name"]) in successors


def untolerated(spec: dict[str, Any], errors: list[Finding]) -> list[Finding]:
    return [e for e in errors if not renamed_key(spec, e)]


def test_the_spec_follows_the_design_rules(api: TestClient, tmp_path: Path) -> None:
    spec = api.get("/v1/openapi.json").json()
    assert untolerated(spec, lint(spec, tmp_path)) == []


def test_the_lint_catches_a_broken_spec(api: TestClient, tmp_path: Path) -> None:
    spec = api.get("/v1/openapi.json").json()
    spec["servers"] = [{"url": "https://example.org/api"}]
    spec["paths"]["/cases/"] = spec["paths"].pop("/cases")
    del spec["paths"]["/worklist"]["get"]["responses"]["200"]["headers"]
    del spec["paths"]["/rules/{rule_id}"]["get"]["responses"]["400"]
    errors = untolerated(spec, lint(spec, tmp_path))
    assert {e["code"] for e in errors} >= {
        "adr-uri-version",
        "adr-no-trailing-slash",
        "adr-version-header-declared",
        "adr-invalid-input-declared",
    }


def keys(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in spec["paths"][path][method]["parameters"]}


def test_only_a_deprecated_key_beside_its_successor_is_tolerated(
    api: TestClient, tmp_path: Path
) -> None:
    spec = api.get("/v1/openapi.json").json()
    access_log = keys(spec, "/access-log")
    assert access_log["case_id"]["deprecated"] is True
    assert "deprecated" not in access_log["caseId"]
    access_log["case_id"]["deprecated"] = False  # a snake_case key that is not on its way out
    keys(spec, "/cases")["limit"]["name"] = "page_size"  # a new snake_case key
    worklist = keys(spec, "/worklist")
    worklist["asOf"]["name"] = "asOfDay"  # a deprecated key whose successor is gone
    errors = untolerated(spec, lint(spec, tmp_path))
    named = sorted(e["message"].split()[0] for e in errors)
    assert named == ["as_of", "case_id", "page_size"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/cases/-bad-id"),
        ("GET", "/v1/cases/-bad-id/events"),
        ("GET", "/v1/cases/-bad-id/deadlines"),
        ("GET", "/v1/cases/C-1/deadlines?status=late"),
        ("PUT", "/v1/cases/-bad-id/assignments/counsel"),
        ("GET", "/v1/rules/" + "R" * 33),
    ],
)
def test_a_declared_400_is_what_bad_input_gets(
    method: str, path: str, api: TestClient, tokens: dict[str, str]
) -> None:
    problem(api.request(method, path, headers=auth(tokens, "ind-lead")), 400)
