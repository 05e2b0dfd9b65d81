"""Deadlines with a ledger: a period whose end is recomputed from its start and every entry.

A ``Deadline`` is the period as the law sets it (start event, length, regime, calendar) plus an
append-only ledger of suspensions and extensions. Adding an entry returns a new deadline; the
end is always computed afresh from the start and the whole ledger, never overwritten, so the
derivation shows each entry with its own legal basis.

>>> from datetime import date
>>> d = Deadline(start=date(2026, 6, 22), length=Length.parse("5 days"), regime=Regime.PACT)
>>> d.result().end
datetime.date(2026, 6, 29)
>>> d2 = d.suspend(date(2026, 6, 24), date(2026, 6, 26), basis=(), reason="interpreter")
>>> d2.result().end, d.result().end
(datetime.date(2026, 6, 29), datetime.date(2026, 6, 29))
>>> d2.result().nominal_end
datetime.date(2026, 6, 29)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from migrationpact.law.calendars import HolidayCalendar
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods.adjustments import Extension, Suspension
from migrationpact.law.periods.engine import compute_period
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.lengths import Length
from migrationpact.law.periods.regimes import Regime
from migrationpact.law.periods.result import Moment, PeriodResult


@dataclass(frozen=True)
class Deadline:
    """A period as the law sets it, with its ledger of suspensions and extensions."""

    start: Moment
    length: Length
    regime: Regime = Regime.EU
    calendar: HolidayCalendar | str = "NL"
    maximum: bool = False
    instrument: str | None = None
    suspensions: tuple[Suspension, ...] = ()
    extensions: tuple[Extension, ...] = ()

    def suspend(
        self,
        stopped_on: date,
        resumed_on: date | None,
        *,
        basis: tuple[LegalBasis, ...],
        reason: str = "",
    ) -> Deadline:
        """A copy with the clock stopped from ``stopped_on`` until ``resumed_on`` (exclusive)."""
        if any(s.resumed_on is None for s in self.suspensions):
            raise PeriodError("the clock is already stopped; resume it before stopping it again")
        entry = Suspension(stopped_on, resumed_on, basis, reason)
        return replace(self, suspensions=(*self.suspensions, entry))

    def resume(self, resumed_on: date) -> Deadline:
        """A copy whose open suspension ends on ``resumed_on``."""
        open_ = [s for s in self.suspensions if s.resumed_on is None]
        if not open_:
            raise PeriodError("the clock is not stopped")
        closed = replace(open_[0], resumed_on=resumed_on)
        if resumed_on < closed.stopped_on:
            raise PeriodError("a suspension cannot resume before it stops")
        rest = tuple(s for s in self.suspensions if s is not open_[0])
        return replace(self, suspensions=(*rest, closed))

    def extend(
        self, length: Length, *, basis: tuple[LegalBasis, ...], reason: str = ""
    ) -> Deadline:
        """A copy lengthened by ``length``, counted on from the end reached so far."""
        return replace(self, extensions=(*self.extensions, Extension(length, basis, reason)))

    @property
    def is_suspended(self) -> bool:
        return any(s.resumed_on is None for s in self.suspensions)

    def result(self) -> PeriodResult:
        """The end as computed from the start and the whole ledger."""
        return compute_period(
            start=self.start,
            length=self.length,
            regime=self.regime,
            calendar=self.calendar,
            maximum=self.maximum,
            instrument=self.instrument,
            suspensions=self.suspensions,
            extensions=self.extensions,
        )
