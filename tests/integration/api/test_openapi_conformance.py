"""Schemathesis against the served OpenAPI spec: no 5xx, and every response matches the spec.

The check that every schema-valid request is accepted is left out: the state machine refuses
(422) events that are well-formed but not allowed in the case's state, as it must.

Requests are generated from the spec and sent, signed in as an IND caseworker (who may call
every case endpoint), to an app on a store holding one driven case, so generated paths and
bodies meet both missing and existing cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import positive_data_acceptance

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import BASE
from tests.integration.store.flows import TO_DECISION, drive
from tests.support.register import scratch_register


@pytest.fixture
def served_app(
    store: EventStore, users: UserDirectory, issuer: DevIssuer, tmp_path: Path
) -> FastAPI:
    drive(store, "C-SPEC", TO_DECISION[:4])
    settings_ = ServiceSettings(public_url=BASE)
    register = scratch_register(f"sqlite:///{tmp_path / 'register.db'}")
    built = Services.build(settings_, store=store, users=users, issuer=issuer, register=register)
    return create_app(settings_, services=built)


def test_the_api_keeps_its_spec(served_app: FastAPI, tokens: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/v1/openapi.json", served_app)
    headers = {"Authorization": f"Bearer {tokens['ind']}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Case) -> None:  # type: ignore[type-arg]
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
