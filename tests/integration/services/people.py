"""The principals the use-case tests act as: one per organisation and role they need."""

from __future__ import annotations

from migrationpact.access.model import Organisation, Principal, Role


def person(subject: str, organisation: Organisation, role: Role) -> Principal:
    return Principal(subject=subject, name=subject.title(), organisation=organisation, role=role)


IND = person("ind-1", Organisation.IND, Role.CASEWORKER)
KMAR = person("kmar-1", Organisation.KMAR, Role.CASEWORKER)
COA = person("coa-1", Organisation.COA, Role.PLANNER)
COUNSEL = person("counsel-1", Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR)
ANALYST = person("analyst-1", Organisation.MINISTRY, Role.ANALYST)
