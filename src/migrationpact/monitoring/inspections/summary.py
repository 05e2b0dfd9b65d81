"""A body's inspections of one year in numbers, for the annual report.

``summarise`` counts, over the inspections a body keeps: the visits planned for the year (and
how many of them were to be unannounced), the visits carried out in the year (and how many
unannounced), the recommendations made in the year by authority, and of those how many were
answered on time, answered late, or are still open (on ``as_of``: the report's day; a response
that has not come and is not yet due is open too, not late). Cancelled visits are counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from migrationpact.monitoring.inspections.data import ResponseLimitsBook
from migrationpact.monitoring.inspections.limits import response_due
from migrationpact.monitoring.inspections.state import InspectionState


@dataclass(frozen=True)
class InspectionSummary:
    body: str
    year: int
    as_of: date
    planned: int = 0
    planned_unannounced: int = 0
    cancelled: int = 0
    carried_out: int = 0
    carried_out_unannounced: int = 0
    recommendations: int = 0
    #: Recommendations made in the year, by the authority they are addressed to.
    by_authority: Mapping[str, int] = field(default_factory=dict)
    responded_on_time: int = 0
    responded_late: int = 0
    #: No response yet on ``as_of`` (overdue or not).
    open: int = 0
    #: Of the open ones: past their due day on ``as_of``.
    overdue: int = 0


def summarise(
    body: str,
    year: int,
    inspections: Iterable[InspectionState],
    as_of: date,
    book: ResponseLimitsBook | None = None,
) -> InspectionSummary:
    """The counts of ``year`` over the ``inspections`` ``body`` keeps (others are left out)."""
    counts: Counter[str] = Counter()
    authorities: Counter[str] = Counter()
    for state in inspections:
        plan = state.plan
        if plan is None or plan.body != body:
            continue
        if plan.planned_for.year == year:
            counts["planned"] += 1
            counts["planned_unannounced"] += not plan.announced
            counts["cancelled"] += state.close_reason == "cancelled"
        if state.visit is not None and state.visit.visited_on.year == year:
            counts["carried_out"] += 1
            counts["carried_out_unannounced"] += not state.visit.announced
        for made in state.recommendations:
            if made.made_on.year != year:
                continue
            authorities[made.authority] += 1
            due = response_due(state.reference, made, as_of, book)
            if due.received_on is None or due.received_on > as_of:
                counts["open"] += 1
                counts["overdue"] += as_of > due.due
            elif due.late:
                counts["responded_late"] += 1
            else:
                counts["responded_on_time"] += 1
    return InspectionSummary(
        body=body,
        year=year,
        as_of=as_of,
        recommendations=sum(authorities.values()),
        by_authority=dict(sorted(authorities.items())),
        **counts,
    )
