"""Crisis and force-majeure overlays: which Council implementing decisions are in force.

Under the Crisis and Force Majeure Regulation (EU) 2024/1359 (CFMR) a member state may derogate
from the normal time limits only when the Council has adopted an implementing decision for it,
for a stated situation and period. This package keeps those decisions as data, one register file,
so that every derogated deadline can say which decision and which derogation produced it.

No such decision exists for the Netherlands, so the shipped register is empty. A fictional example
for tests and documentation lives in ``docs/examples/crisis-example.yaml``.

>>> from datetime import date
>>> d = CrisisDecision("EX-1", "Example", "mass-arrival", "NL", date(2026, 9, 1),
...                    date(2026, 12, 31), ("CFMR Art 10",), "fictional", False)
>>> d.covers(date(2026, 9, 1)), d.covers(date(2027, 1, 1))
(True, False)
>>> CrisisRegister.load().ids()
[]
"""

from migrationpact.law.crisis.register import (
    DEFAULT_REGISTER,
    ENV_VAR,
    CrisisDecision,
    CrisisError,
    CrisisRegister,
    Situation,
)

__all__ = [
    "DEFAULT_REGISTER",
    "ENV_VAR",
    "CrisisDecision",
    "CrisisError",
    "CrisisRegister",
    "Situation",
]
