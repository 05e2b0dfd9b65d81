"""Who may read and who may change the reception sites, and who may read the Dublin shelter
phase-in plan: every organisation and role, against a table written by hand (a change of the
policy not made here fails, on purpose)."""

from __future__ import annotations

import itertools

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import Action, decide

WRITERS = {("COA", "planner"), ("COA", "supervisor")}
READERS = WRITERS | {("COA", "caseworker"), ("InspectieJenV", "monitor"), ("CRM", "monitor")}
PLAN_READERS = WRITERS | {("ministry", "analyst"), ("InspectieJenV", "monitor"), ("CRM", "monitor")}


@pytest.mark.parametrize(("org", "role"), list(itertools.product(Organisation, Role)))
def test_sites_are_read_by_coa_and_the_monitors_and_changed_by_coa_planning(
    org: Organisation, role: Role
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    assert decide(who, Action.RECEPTION_SITES_READ).allowed == ((org.value, role.value) in READERS)
    assert decide(who, Action.RECEPTION_SITES_WRITE).allowed == ((org.value, role.value) in WRITERS)
    assert decide(who, Action.RECEPTION_PLAN).allowed == ((org.value, role.value) in PLAN_READERS)


NEED_READERS = WRITERS | {("ministry", "analyst"), ("InspectieJenV", "monitor"), ("CRM", "monitor")}


@pytest.mark.parametrize(("org", "role"), list(itertools.product(Organisation, Role)))
def test_the_expected_need_is_read_by_coa_planning_the_ministrys_analysts_and_the_monitors(
    org: Organisation, role: Role
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    allowed = (org.value, role.value) in NEED_READERS
    assert decide(who, Action.RECEPTION_NEED_READ).allowed == allowed
