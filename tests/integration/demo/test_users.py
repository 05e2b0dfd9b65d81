"""The demo users: every organisation and role, and every password signs in.

The directory is built with the cheap test hasher (real argon2id hashes, made in a millisecond);
the production cost of ``hash_password`` is tested in ``tests/unit/auth/test_passwords.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.users import UserDirectory
from migrationpact.demo import DEMO_USERS, demo_directory, demo_logins_text
from migrationpact.demo import users as demo_users
from tests.support.passwords import CHEAP

REQUIRED = {
    "ind-caseworker": (Organisation.IND, Role.CASEWORKER),
    "ind-supervisor": (Organisation.IND, Role.SUPERVISOR),
    "kmar-officer": (Organisation.KMAR, Role.CASEWORKER),
    "coa-planner": (Organisation.COA, Role.PLANNER),
    "dtenv-officer": (Organisation.DTENV, Role.CASEWORKER),
    "counsellor": (Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR),
    "inspectie-monitor": (Organisation.INSPECTIE, Role.MONITOR),
    "crm-monitor": (Organisation.CRM, Role.MONITOR),
    "analyst": (Organisation.MINISTRY, Role.ANALYST),
}


def test_the_required_users_exist_with_their_organisation_and_role() -> None:
    users = {u.username: u for u in DEMO_USERS}
    assert len(users) == len(DEMO_USERS)
    for username, (organisation, role) in REQUIRED.items():
        assert (users[username].organisation, users[username].role) == (organisation, role)
    assert {u.organisation for u in DEMO_USERS} == set(Organisation)
    assert {u.role for u in DEMO_USERS} == set(Role)
    assert {u.language for u in DEMO_USERS} == {"nl", "en"}
    assert all(u.name and u.password for u in DEMO_USERS)


@pytest.fixture(scope="module")
def directory() -> Iterator[UserDirectory]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_users, "hash_password", CHEAP.hash)  # the demo's real cost is slow
        yield demo_directory()


def test_every_demo_password_authenticates_and_a_wrong_one_does_not(
    directory: UserDirectory,
) -> None:
    for demo in DEMO_USERS:
        user = directory.authenticate(demo.username, demo.password)
        assert user is not None, demo.username
        assert (user.name, user.organisation, user.role, user.language) == (
            demo.name, demo.organisation, demo.role, demo.language,
        )  # fmt: skip
        assert user.password_hash
        assert demo.password not in user.password_hash
    assert directory.authenticate("ind-caseworker", "demo-kmar-officer-2026") is None
    assert len(directory) == len(DEMO_USERS)


def test_the_logins_table_names_every_user_with_organisation_role_and_password() -> None:
    lines = demo_logins_text().splitlines()
    assert lines[0].split() == ["username", "organisation", "role", "language", "password"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    for demo in DEMO_USERS:
        assert rows[demo.username] == [
            demo.username, demo.organisation.value, demo.role.value, demo.language, demo.password,
        ]  # fmt: skip
