"""When an authority's response to a recommendation is due, and whether it came on time.

The limit is dated data (``data``: ``INS-RESPONSE``, unverified), counted by the period engine
(``law.periods.compute_period``) from the day the recommendation was made, under the regime the
data names (default the Algemene termijnenwet, ``nl``: a limit that ends on a weekend or a public
holiday moves to the next working day); the edition in force on that day applies. A response is
*overdue* while it is missing after its due day; it was *late* when it came after it.

>>> from datetime import date, datetime
>>> from migrationpact.monitoring.inspections.state import Recommendation
>>> r = Recommendation(number=1, authority="KMar", text="Interpreters.", findings=(1,),
...     made_on=date(2026, 12, 14), at=datetime(2026, 12, 14, 10))
>>> found = response_due("INS-1", r, date(2027, 1, 26))
>>> found.due.isoformat(), found.overdue
('2027-01-25', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from migrationpact.law.periods import PeriodResult, compute_period
from migrationpact.monitoring.inspections.data import ResponseLimitsBook, default_response_limits
from migrationpact.monitoring.inspections.state import InspectionState, Recommendation
from migrationpact.monitoring.intake import Words


@dataclass(frozen=True)
class ResponseDue:
    """One recommendation's response: when it is due and where it stands."""

    reference: str
    recommendation: int
    authority: str
    limit: str
    title: Words
    made_on: date
    due: date
    received_on: date | None
    overdue: bool
    verified: bool
    note: str
    edition: date
    period: PeriodResult

    @property
    def late(self) -> bool:
        """The response came after its due day."""
        return self.received_on is not None and self.received_on > self.due


def response_due(
    reference: str,
    recommendation: Recommendation,
    today: date,
    book: ResponseLimitsBook | None = None,
) -> ResponseDue:
    """The response limit of ``recommendation`` as it stands on ``today``."""
    edition = (book or default_response_limits()).at(recommendation.made_on)
    limit = edition.limits[0]
    period = compute_period(start=recommendation.made_on, length=limit.length, regime=limit.regime)
    end = period.end
    due_day = end.date() if isinstance(end, datetime) else end
    received = recommendation.response.received_on if recommendation.response else None
    overdue = received > due_day if received is not None else today > due_day
    return ResponseDue(
        reference=reference,
        recommendation=recommendation.number,
        authority=recommendation.authority,
        limit=limit.id,
        title=limit.title,
        made_on=recommendation.made_on,
        due=due_day,
        received_on=received,
        overdue=overdue,
        verified=limit.verified and edition.verified,
        note=limit.note,
        edition=edition.edition,
        period=period,
    )


def responses_due(
    state: InspectionState, today: date, book: ResponseLimitsBook | None = None
) -> list[ResponseDue]:
    """Every recommendation's response limit, by due day."""
    found = [response_due(state.reference, r, today, book) for r in state.recommendations]
    return sorted(found, key=lambda d: (d.due, d.recommendation))
