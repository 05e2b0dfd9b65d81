"""``cases create`` and ``cases append`` record through the use cases, as the operator's
principal: the access policy decides what ``--org`` may record, and a refusal writes nothing.
"""

from __future__ import annotations

import json

from migrationpact.access.model import Organisation
from migrationpact.cli.operator import OPERATOR_ROLES
from tests.integration.store.flows import TO_DECISION
from tests.integration.store.test_cli_cases import Run, cli_here, ok, refused, rows

__all__ = ["cli_here"]  # the fixture, used by name


def test_every_organisation_has_an_operator_role() -> None:
    assert set(OPERATOR_ROLES) == {o.value for o in Organisation}


def test_the_policy_decides_what_an_operator_records(cli_here: Run, empty_url: str) -> None:
    ok(cli_here("db", "upgrade"))
    screening = json.dumps(TO_DECISION[0])
    create = ("cases", "create", "--case-id", "C-1", "--event", screening)
    refused(cli_here(*create, "--org", "COA"), "COA planner may not case.create")
    assert rows(empty_url)["events"] == 0
    assert ok(cli_here(*create, "--org", "KMar", "--json"))["stage"] == "screening"

    append = ("cases", "append", "C-1", "--event", json.dumps(TO_DECISION[1]))
    refused(cli_here(*append, "--org", "DTenV"), "DTenV may not record screening_completed")
    refused(cli_here(*append, "--org", "other-member-state"), "--org must be one of IND, KMar")
    assert rows(empty_url)["events"] == 1
