"""Password hashes: argon2id round trips, mismatches and malformed hashes are a plain False."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from argon2.low_level import Type
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from migrationpact.auth.passwords import (
    hash_password,
    is_argon2id_hash,
    needs_rehash,
    verify_password,
)
from tests.support.passwords import CHEAP

# argon2 at the production cost is slow on purpose (about 0.1 s a hash): the properties make
# their hashes with the cheap test hasher (verification reads the cost from the hash itself, so
# verify_password treats them as it treats production ones); the examples below use the
# production parameters.
PASSWORDS = st.text(min_size=1, max_size=24)
FEW = settings(max_examples=40, deadline=None)


@FEW
@given(password=PASSWORDS)
def test_any_password_round_trips(password: str) -> None:
    stored = CHEAP.hash(password)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, password)


@FEW
@given(password=PASSWORDS, other=PASSWORDS)
def test_any_other_password_fails(password: str, other: str) -> None:
    assume(password != other)
    assert not verify_password(CHEAP.hash(password), other)


def test_the_same_password_hashes_differently_each_time() -> None:
    same = "Ünïcødé wachtwoord 😀"
    first, second = hash_password(same), hash_password(same)
    assert first != second
    assert verify_password(first, same)
    assert verify_password(second, same)
    assert not verify_password(first, same + " ")


def test_an_empty_password_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "secret",
        "$argon2id$",
        "$argon2id$v=19$m=65536,t=3,p=4$not-base64!$also-not",
        "$2b$12$KIXQJ5Qn0bq2r0y6mO6Sae6cZr7fV9cU8y0kQn1lD5rG9xXK3b5Ee",  # bcrypt
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$ZGlnZXN0ZGlnZXN0\u00e9",
    ],
)
def test_a_malformed_hash_is_false_not_an_exception(malformed: str) -> None:
    assert verify_password(malformed, "secret") is False
    assert needs_rehash(malformed) is True


def test_only_argon2id_hashes_are_accepted() -> None:
    argon2i = PasswordHasher(type=Type.I).hash("secret")
    assert not is_argon2id_hash(argon2i)
    assert verify_password(argon2i, "secret") is False


def test_a_hash_with_old_parameters_still_verifies_but_needs_rehash() -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    old = cheap.hash("secret")
    assert verify_password(old, "secret")
    assert needs_rehash(old)
    assert not needs_rehash(hash_password("secret"))
