"""Users: password checks that do not reveal which usernames exist, lockout, the users file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.low_level import Type

from migrationpact.access.model import Organisation, Role
from migrationpact.auth import passwords
from migrationpact.auth import users as users_module
from migrationpact.auth.users import User, UserDirectory, UserFileError, load_users
from tests.support.clocks import SettableClock
from tests.support.lockout import check_five_failures_lock_until_the_window_passes
from tests.support.passwords import CHEAP

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "users.yaml"
ANN_HASH = CHEAP.hash("ann-password")
ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, ANN_HASH)
TOKEN_ONLY = User("bot", "Batch job", Organisation.MINISTRY, Role.ANALYST)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def directory(clock: SettableClock) -> UserDirectory:
    return UserDirectory([ANN, TOKEN_ONLY], clock=clock)


def test_the_right_password_gives_the_user(directory: UserDirectory) -> None:
    assert directory.authenticate("ann", "ann-password") == ANN


@pytest.mark.parametrize(
    ("username", "password"),
    [("ann", "wrong"), ("ann", ""), ("nobody", "ann-password"), ("bot", ""), ("bot", "x")],
)
def test_wrong_unknown_or_passwordless_gives_none(
    directory: UserDirectory, username: str, password: str
) -> None:
    assert directory.authenticate(username, password) is None


def test_unknown_and_passwordless_users_are_checked_against_the_dummy_hash(
    directory: UserDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = passwords.verify_password

    def spy(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(users_module, "verify_password", spy)
    directory.authenticate("nobody", "x")
    directory.authenticate("bot", "x")
    directory.authenticate("ann", "x")
    dummy = users_module._dummy_hash()
    assert checked == [dummy, dummy, ANN_HASH]
    assert dummy.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # as costly as a real hash


def test_five_failures_lock_the_username_until_the_window_passes(
    directory: UserDirectory, clock: SettableClock
) -> None:
    check_five_failures_lock_until_the_window_passes(directory, clock, ANN, "ann-password")


def test_failures_spread_over_more_than_the_window_do_not_lock(
    directory: UserDirectory, clock: SettableClock
) -> None:
    for _ in range(10):
        directory.authenticate("ann", "wrong")
        clock.advance(minutes=4)
    assert not directory.locked("ann")
    assert directory.authenticate("ann", "ann-password") == ANN


def test_the_lock_is_per_username(directory: UserDirectory) -> None:
    for _ in range(5):
        directory.authenticate("ann", "wrong")
    assert directory.locked("ann")
    assert not directory.locked("bot")


def test_unknown_usernames_lock_like_known_ones(directory: UserDirectory) -> None:
    for _ in range(5):
        directory.authenticate("nobody", "guess")
    assert directory.locked("nobody")


def test_concurrent_failures_are_all_counted(clock: SettableClock) -> None:
    directory = UserDirectory([ANN], clock=clock, max_failures=1000)
    threads = [
        threading.Thread(target=directory.authenticate, args=("ann", "wrong")) for _ in range(16)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert directory.failures("ann") == 16


def test_directory_basics() -> None:
    directory = UserDirectory([ANN, TOKEN_ONLY])
    assert len(directory) == 2
    assert [u.username for u in directory] == ["ann", "bot"]
    assert directory.get("ann") == ANN
    assert directory.get("nobody") is None
    with pytest.raises(ValueError, match="duplicate"):
        UserDirectory([ANN, ANN])


def test_a_user_becomes_a_principal_without_leaking_the_hash() -> None:
    principal = ANN.principal(via="session")
    assert (principal.subject, principal.name, principal.via) == ("ann", "Ann de Vries", "session")
    assert (principal.organisation, principal.role) == (Organisation.IND, Role.CASEWORKER)
    assert ANN_HASH not in repr(ANN)


# --- the users file -----------------------------------------------------------------------


def test_the_example_file_loads_and_its_passwords_work() -> None:
    directory = load_users(EXAMPLE)
    assert len(directory) == 2
    ind = directory.authenticate("ind-caseworker", "example-only-1")
    kmar = directory.authenticate("kmar-supervisor", "example-only-2")
    assert ind is not None
    assert (ind.organisation, ind.role, ind.language) == (
        Organisation.IND,
        Role.CASEWORKER,
        "nl",
    )
    assert kmar is not None
    assert (kmar.organisation, kmar.role, kmar.language) == (
        Organisation.KMAR,
        Role.SUPERVISOR,
        "en",
    )


Write = Callable[[str], Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def write(text: str) -> Path:
        path = tmp_path / "users.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def entry(username: str = "ann", **fields: str) -> str:
    values = {"name": "Ann de Vries", "organisation": "IND", "role": "caseworker", **fields}
    lines = [f"  - username: {username}"] + [f"    {k}: '{v}'" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def test_a_minimal_file_loads_with_defaults(write: Write) -> None:
    directory = load_users(write("users:\n" + entry(password_hash=ANN_HASH)))
    user = directory.get("ann")
    assert user == ANN
    assert user is not None
    assert user.language == "nl"


def test_the_hash_may_be_left_out(write: Write) -> None:
    user = load_users(write("users:\n" + entry())).get("ann")
    assert user is not None
    assert user.password_hash is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("users:\n" + entry(organisation="Interpol"), r"entry 1 \(ann\): unknown organisation"),
        ("users:\n" + entry(role="king"), r"entry 1 \(ann\): unknown role 'king'"),
        ("users:\n" + entry() + entry(), r"entry 2: duplicate username 'ann'"),
        (
            "users:\n" + entry(password_hash="$2b$12$abcdefghijklmnopqrstuv"),
            r"entry 1 \(ann\): password_hash is not an argon2id hash",
        ),
        (
            "users:\n" + entry(password_hash=PasswordHasher(type=Type.I).hash("x")),
            "not an argon2id hash",
        ),
        ("users:\n" + entry(language="Nederlands"), "language"),
        (
            "users:\n  - username: ann\n    name: Ann de Vries\n",
            r"entry 1 \(ann\): organisation: Field",
        ),
        ("users:\n" + entry(colour="blue"), r"entry 1 \(ann\): colour: Extra"),
        ("users:\n  - just a string\n", "entry 1: expected a mapping"),
        (
            "users:\n" + entry(organisation="COA", role="site-manager"),
            r"entry 1 \(ann\): a site manager \(and only a site manager\) names the sites",
        ),
        ("users:\n" + entry() + "    sites: [S1]\n", "only a site manager"),
        (
            "users:\n" + entry(organisation="COA", role="site-manager") + "    sites: ['a b']\n",
            "sites: 'a b' is not a site id",
        ),
        ("people: []\n", "expected a mapping with a list 'users'"),
        ("users: [\n", r"not valid YAML \(line"),
    ],
)
def test_a_bad_file_names_the_file_and_the_entry(write: Write, text: str, expected: str) -> None:
    path = write(text)
    with pytest.raises(UserFileError, match=expected) as caught:
        load_users(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message


def test_a_missing_file_is_a_user_file_error(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="cannot read"):
        load_users(tmp_path / "absent.yaml")


def test_user_file_error_is_a_value_error() -> None:
    assert issubclass(UserFileError, ValueError)


def test_an_attempt_says_when_the_username_is_locked(directory: UserDirectory) -> None:
    seen = [directory.attempt("ann", "wrong").locked for _ in range(5)]
    assert seen == [False, False, False, False, True]  # the fifth failure locks it
    locked = directory.attempt("ann", "ann-password")
    assert (locked.user, locked.locked) == (None, True)
    assert directory.failures("ann") == 5  # an attempt while locked is not counted


def test_a_site_manager_brings_their_sites_to_the_principal(write: Write) -> None:
    text = "users:\n" + entry(organisation="COA", role="site-manager") + "    sites: [S1, S2]\n"
    user = load_users(write(text)).get("ann")
    assert user is not None
    assert user.sites == ("S1", "S2")
    assert user.principal(via="session").sites == frozenset({"S1", "S2"})
