"""Who may read and who may change the reception sites, and who may read the Dublin shelter
phase-in plan: every organisation and role, against a table written by hand (a change of the
policy not made here fails, on purpose)."""

from __future__ import annotations

import itertools

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import Action, decide

WRITERS = {("COA", "planner"), ("COA", "supervisor")}
MANAGER = ("COA", "site-manager")
MONITORS = {("InspectieJenV", "monitor"), ("CRM", "monitor")}
READERS = WRITERS | {("COA", "caseworker"), MANAGER} | MONITORS
PLAN_READERS = WRITERS | {("ministry", "analyst"), ("InspectieJenV", "monitor"), ("CRM", "monitor")}


@pytest.mark.parametrize(("org", "role"), list(itertools.product(Organisation, Role)))
def test_sites_are_read_by_coa_and_the_monitors_and_changed_by_coa_planning(
    org: Organisation, role: Role
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    assert decide(who, Action.RECEPTION_SITES_READ).allowed == ((org.value, role.value) in READERS)
    site_writers = WRITERS | {MANAGER}  # a site manager: their own sites (below)
    assert decide(who, Action.RECEPTION_SITES_WRITE).allowed == (
        (org.value, role.value) in site_writers
    )
    assert decide(who, Action.RECEPTION_PLAN).allowed == ((org.value, role.value) in PLAN_READERS)


NEED_READERS = WRITERS | {("ministry", "analyst"), ("InspectieJenV", "monitor"), ("CRM", "monitor")}


@pytest.mark.parametrize(("org", "role"), list(itertools.product(Organisation, Role)))
def test_the_expected_need_is_read_by_coa_planning_the_ministrys_analysts_and_the_monitors(
    org: Organisation, role: Role
) -> None:
    who = Principal(subject="x", name="X", organisation=org, role=role)
    allowed = (org.value, role.value) in NEED_READERS
    assert decide(who, Action.RECEPTION_NEED_READ).allowed == allowed


def test_a_site_manager_changes_only_the_sites_they_manage() -> None:
    manager = Principal(subject="m", name="M", organisation=Organisation.COA,
                        role=Role.SITE_MANAGER, sites=frozenset({"TER-APEL-COL"}))  # fmt: skip
    assert decide(manager, Action.RECEPTION_SITES_WRITE, site="TER-APEL-COL")
    refused = decide(manager, Action.RECEPTION_SITES_WRITE, site="BUDEL-COL")
    assert not refused
    assert "does not manage site" in str(refused.reason)
    assert decide(manager, Action.RECEPTION_SITES_READ)
    planner = Principal(subject="p", name="P", organisation=Organisation.COA, role=Role.PLANNER)
    assert decide(planner, Action.RECEPTION_SITES_WRITE, site="BUDEL-COL")  # every site
    for action in (Action.RECEPTION_PLACE, Action.RECEPTION_WORKLIST, Action.CASE_READ):
        assert not decide(manager, action)  # no cases, no placing
