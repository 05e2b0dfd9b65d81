"""Who may read the Dublin shelter phase-in plan: every organisation and role against a table
written by hand (a change of the policy not made here fails, on purpose)."""

from __future__ import annotations

import itertools

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import Action, decide

READERS = {
    ("COA", "planner"),
    ("COA", "supervisor"),
    ("ministry", "analyst"),
    ("InspectieJenV", "monitor"),
    ("CRM", "monitor"),
}


@pytest.mark.parametrize(("org", "role"), list(itertools.product(Organisation, Role)))
def test_the_plan_is_read_by_coa_planning_ministry_analysts_and_monitors(
    org: Organisation, role: Role
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    assert decide(who, Action.RECEPTION_PLAN).allowed == ((org.value, role.value) in READERS)
