"""Whose rows of the access log a reader does not see: the monitors', for everyone but them;
the sealed reads, for everyone."""

from __future__ import annotations

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import MONITORING_BODIES, hidden_in_access_log


@pytest.mark.parametrize("organisation", sorted(set(Organisation) - MONITORING_BODIES))
@pytest.mark.parametrize("role", list(Role))
def test_every_other_organisation_misses_the_monitors_rows(
    organisation: Organisation, role: Role
) -> None:
    reader = Principal("someone", "Someone", organisation, role)
    assert hidden_in_access_log(reader) == {"InspectieJenV", "CRM", "monitoring-body"}


@pytest.mark.parametrize("body", sorted(MONITORING_BODIES))
def test_the_bodies_see_the_log_but_the_sealed_reads(body: Organisation) -> None:
    # The sealed reads open in the register only (store.sealed_reads).
    assert hidden_in_access_log(Principal("m", "M", body, Role.MONITOR)) == {"monitoring-body"}
