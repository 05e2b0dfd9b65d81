"""The register's users file: the case system's format, holding the monitors of the two bodies
only; anyone else is refused at load, in one line naming the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.users import User, UserFileError
from migrationpact.demo.monitoring_users import REGISTER_USERS
from migrationpact.services.monitoring_serve import load_register_users, refusal
from tests.support.passwords import CHEAP

HASH = CHEAP.hash("a long enough password")


def _file(tmp_path: Path, *entries: tuple[str, str, str]) -> Path:
    lines = ["users:"]
    for username, organisation, role in entries:
        lines.append(
            f"  - {{username: {username}, name: Someone, organisation: {organisation}, "
            f"role: {role}, password_hash: '{HASH}'}}"
        )
    path = tmp_path / "register-users.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_monitors_of_both_bodies_are_loaded(tmp_path: Path) -> None:
    path = _file(tmp_path, ("lotte", "InspectieJenV", "monitor"), ("daan", "CRM", "monitor"))
    users = load_register_users(path)
    assert sorted(u.username for u in users) == ["daan", "lotte"]
    assert users.authenticate("daan", "a long enough password") is not None


def test_a_file_with_an_ind_user_is_refused_naming_the_entry(tmp_path: Path) -> None:
    path = _file(tmp_path, ("lotte", "InspectieJenV", "monitor"), ("ind-cw", "IND", "caseworker"))
    with pytest.raises(UserFileError) as refused:
        load_register_users(path)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: entry 2 (ind-cw): organisation 'IND'")
    assert "monitors of the two bodies only" in message


def test_a_bodys_member_in_another_role_is_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, ("daan", "CRM", "analyst"))
    with pytest.raises(UserFileError, match=r"entry 1 \(daan\): role 'analyst'"):
        load_register_users(path)


@pytest.mark.parametrize("organisation", list(Organisation))
def test_only_the_two_bodies_monitors_pass(organisation: Organisation) -> None:
    user = User("x", "X", organisation, Role.MONITOR)
    allowed = organisation in (Organisation.INSPECTIE, Organisation.CRM)
    assert (refusal(user) is None) is allowed


def test_the_demo_register_users_are_the_two_bodies_monitors() -> None:
    assert {u.organisation for u in REGISTER_USERS} == {Organisation.INSPECTIE, Organisation.CRM}
    for u in REGISTER_USERS:
        assert refusal(User(u.username, u.name, u.organisation, u.role)) is None
        assert u.password.startswith("demo-register-")  # not the case system's demo password


def test_the_example_register_users_file_loads_with_its_example_passwords() -> None:
    example = Path(__file__).resolve().parents[3] / "docs" / "examples" / "register-users.yaml"
    users = load_register_users(example)
    assert users.authenticate("crm-monitor", "example-only-4") is not None
    assert users.authenticate("inspectie-monitor", "example-only-4") is None
