"""Suspensions and extensions: the ledger that lengthens a running deadline.

The law lets some clocks stop (a suspension, e.g. while an applicant is asked to explain under
APR Art. 41(4)) and some periods be extended (e.g. APR-14, six more months under APR Art. 35(5)).
Neither ever overwrites the original computation: each is an entry with its own legal basis, and
the end of the deadline is computed again from the start event and the whole ledger.

>>> from datetime import date
>>> Suspension(date(2026, 7, 1), date(2026, 7, 11), basis=()).days
10
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.lengths import Length
from migrationpact.law.text import Text


@dataclass(frozen=True)
class Suspension:
    """The clock stands still from ``stopped_on`` (inclusive) until ``resumed_on`` (exclusive).

    ``resumed_on`` is ``None`` while the clock is still stopped.
    """

    stopped_on: date
    resumed_on: date | None
    basis: tuple[LegalBasis, ...]
    reason: str = ""

    def __post_init__(self) -> None:
        if self.resumed_on is not None and self.resumed_on < self.stopped_on:
            raise PeriodError("a suspension cannot resume before it stops")

    @property
    def days(self) -> int:
        if self.resumed_on is None:
            raise PeriodError(f"the clock is still stopped since {self.stopped_on.isoformat()}")
        return (self.resumed_on - self.stopped_on).days


@dataclass(frozen=True)
class Extension:
    """The period is lengthened by ``length``, counted on from the end reached so far."""

    length: Length
    basis: tuple[LegalBasis, ...]
    reason: str = ""

    def describe(self, before: object, after: object) -> Text:
        """The derivation's words for this extension taking the end from ``before`` to ``after``."""
        if self.reason:
            return Text(
                "Extended by %(length)s (%(reason)s): %(before)s → %(after)s",
                length=self.length,
                reason=self.reason,
                before=before,
                after=after,
            )
        return Text(
            "Extended by %(length)s: %(before)s → %(after)s",
            length=self.length,
            before=before,
            after=after,
        )
