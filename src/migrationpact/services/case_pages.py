"""Listing cases, a page at a time: the use case of ``GET /v1/cases`` and the web case list.

Who may list cases at all is the policy's answer (``Action.CASE_LIST``). A legal counsellor's
list holds only their assigned cases. The cursor is the service's opaque one
(``services.pagination``) and names the last case id of the previous page; one the service did
not make is refused (``Invalid``), never read as the first page. The list shows the summary of
each case only (stage, procedure, open deadlines), no person, so it writes no access-log row.
The stage is the one the principal may see (``access.policy.shown_stage``): who may not see the
decision's outcome sees its stages as ``decided``, and may not filter by them (``Invalid``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from migrationpact.access.model import Principal
from migrationpact.access.policy import (
    DECISION_STAGES,
    Action,
    decide,
    needs_assignment,
    sees_outcome,
    shown_stage,
)
from migrationpact.services import pagination
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.store import service
from migrationpact.store.assignments import assigned_cases
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import CaseSummary


@dataclass(frozen=True)
class CasePage:
    """One page of cases and the cursor of the next (None: this is the last page)."""

    items: list[CaseSummary]
    next_cursor: str | None


def list_cases(
    *,
    store: EventStore,
    principal: Principal,
    stage: str | None,
    cursor: str | None,
    limit: int,
) -> CasePage:
    """One page of the cases ``principal`` may list (``Forbidden``, ``Invalid`` cursor)."""
    decision = decide(principal, Action.CASE_LIST)
    if not decision:
        raise Forbidden(decision.reason)
    if stage in DECISION_STAGES and not sees_outcome(principal):
        raise Invalid(
            f"{principal.organisation.value} may not list cases by the stage of their decision",
            kind="stage-not-shown",
        )
    after = pagination.decode(cursor).get("after") if cursor else None
    if after is not None and not isinstance(after, str):
        raise Invalid(pagination.UNKNOWN_CURSOR, kind="bad-cursor")
    only = None
    if needs_assignment(principal):
        only = assigned_cases(store.engine, assignee=principal.subject)
    summaries = service.list_cases(
        store=store, stage=stage, after=after, limit=limit + 1, only=only
    )
    page = [replace(s, stage=shown_stage(principal, s.stage)) for s in summaries[:limit]]
    more = len(summaries) > limit
    return CasePage(page, pagination.encode({"after": page[-1].case_id}) if more else None)
