"""Period arithmetic: the exact end of every time limit, and how it was reached.

The Pact counts time in four ways (see ``regimes``): Reg. 1182/71 for EU acts without their own
rule, the Pact's own counting articles (APR Art. 73, AMMR Art. 75, RBPR Art. 11), Dublin III
Art. 42 for older cases, and the Algemene termijnenwet for periods in Dutch law. Each result is
an immutable ``PeriodResult`` whose ``steps`` cite the article behind every move of the date.

>>> from datetime import date
>>> r = compute_period(start=date(2026, 12, 4), length="21 days", regime="pact")
>>> r.nominal_end.isoformat(), r.end.isoformat()
('2026-12-25', '2026-12-28')

The batch engine (``compute_batch``, on numpy) is imported when first asked for, so that one
period computed at the command line does not wait for numpy to load.
"""

from typing import TYPE_CHECKING, Any

from migrationpact.law.periods.adjustments import Extension, Suspension
from migrationpact.law.periods.deadline import Deadline
from migrationpact.law.periods.engine import add_months, compute_period
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.lengths import Length, Unit
from migrationpact.law.periods.moments import parse_moment
from migrationpact.law.periods.regimes import Regime
from migrationpact.law.periods.result import Moment, PeriodResult, Step, iso
from migrationpact.law.text import show

if TYPE_CHECKING:
    from migrationpact.law.periods.batch import BatchResult, compute_batch

_BATCH_NAMES = frozenset({"BatchResult", "compute_batch"})


def __getattr__(name: str) -> Any:
    if name in _BATCH_NAMES:
        from migrationpact.law.periods import batch

        return getattr(batch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BatchResult",
    "Deadline",
    "Extension",
    "Length",
    "Moment",
    "PeriodError",
    "PeriodResult",
    "Regime",
    "Step",
    "Suspension",
    "Unit",
    "add_months",
    "compute_batch",
    "compute_period",
    "iso",
    "parse_moment",
    "show",
]
