"""A cheap argon2id hasher for tests: real hashes, made in a millisecond.

Verification reads the cost parameters from the hash itself, so ``verify_password`` accepts
these hashes as it accepts the production ones; only making them is cheaper.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.low_level import Type

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
