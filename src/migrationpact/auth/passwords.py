"""Password hashes: argon2id, so a stolen users file does not give away the passwords.

A password is never stored, only its argon2id hash: a string that holds the algorithm, its
cost parameters, a random salt and the digest, e.g. ``$argon2id$v=19$m=65536,t=3,p=4$…``.
Checking a password recomputes the digest with the parameters and salt read from the hash, so
hashes made with older (cheaper) parameters keep working; ``needs_rehash`` says when a hash
should be replaced by one with today's parameters. The parameters are the RFC 9106
low-memory profile (64 MiB, three passes, four lanes), argon2-cffi's default.

>>> stored = hash_password("correct horse")
>>> stored.startswith("$argon2id$")
True
>>> verify_password(stored, "correct horse"), verify_password(stored, "wrong horse")
(True, False)
>>> verify_password("not a hash", "correct horse")
False
>>> needs_rehash(stored)
False
"""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters, profiles
from argon2.exceptions import VerificationError
from argon2.low_level import Type

#: The prefix every hash this package accepts starts with.
ARGON2ID_PREFIX = "$argon2id$"

_HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (with a fresh random salt); empty passwords refused."""
    if not password:
        raise ValueError("a password must not be empty")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    False, never an exception, when it does not match or when ``password_hash`` is not a
    well-formed argon2id hash.
    """
    if not is_argon2id_hash(password_hash):
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, ValueError):  # mismatch, corrupt hash, unencodable text
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (or is malformed)."""
    if not is_argon2id_hash(password_hash):
        return True
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except ValueError:
        return True


def is_argon2id_hash(password_hash: str) -> bool:
    """Whether ``password_hash`` is a well-formed argon2id hash (its digest is not checked).

    >>> is_argon2id_hash("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$ZGlnZXN0ZGlnZXN0")
    True
    >>> is_argon2id_hash("$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$ZGlnZXN0ZGlnZXN0")
    False
    """
    if not password_hash.startswith(ARGON2ID_PREFIX):
        return False
    try:
        return extract_parameters(password_hash).type is Type.ID
    except ValueError:
        return False
