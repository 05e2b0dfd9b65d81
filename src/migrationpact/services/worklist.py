"""The worklist: the open deadlines the principal's organisation must act on, soonest first.

The use case of ``GET /v1/worklist`` and the web worklist page. Who has a worklist at all is the
policy's answer (``Action.WORKLIST_READ``); the items are always those of the principal's own
organisation, never another's. The store computes the page (overdue deadlines and those due
within ``within_days`` of ``as_of``); the cursor is the store's. A window that runs past the last
day the calendar has (``date.max``) is refused (``Invalid``), not left to overflow.
"""

from __future__ import annotations

from datetime import date, timedelta

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.worklist import WorklistPage


def worklist(
    *,
    store: EventStore,
    principal: Principal,
    as_of: date,
    within_days: int,
    cursor: str | None = None,
    limit: int,
) -> WorklistPage:
    """One page of the worklist of the principal's organisation (``Forbidden`` without one)."""
    decision = decide(principal, Action.WORKLIST_READ)
    if not decision:
        raise Forbidden(decision.reason)
    if within_days < 0 or date.max - as_of < timedelta(days=within_days):
        raise Invalid(
            f"as_of plus within_days runs past {date.max.isoformat()}", kind="invalid-window"
        )
    return service.worklist(
        store=store,
        organisation=principal.organisation.value,
        as_of=as_of,
        within_days=within_days,
        cursor=cursor,
        limit=limit,
    )
