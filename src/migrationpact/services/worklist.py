"""The worklist: the open deadlines the principal's organisation must act on, soonest first.

The use case of ``GET /v1/worklist`` and the web worklist page. Who has a worklist at all is the
policy's answer (``Action.WORKLIST_READ``); the items are always those of the principal's own
organisation, never another's. The store computes the page (overdue deadlines and those due
within ``within_days`` of ``as_of``); the cursor is the store's. A window that runs past the last
day the calendar has (``date.max``) is refused (``Invalid``), not left to overflow.

The worklist is narrowed by the filters of ``services.finding`` (rule, the case's stage or
procedure, overdue only, "mine": the cases assigned to the principal), a code the service does
not know refused (``Invalid``), and sorted by due moment, case id or stage
(``store.worklist.SORTS``). An organisation other than the principal's own is refused: the
worklist is theirs. Each item names its case's person for who may see names, and every case
so shown is written to the access log first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.access.views import shown_stage
from migrationpact.services.errors import Forbidden, Invalid, refuse_unless
from migrationpact.services.finding import (
    Filters,
    check,
    log_people_shown,
    only_cases,
    sees_names,
    stage_ranks,
)
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.worklist import SORTS, WorkFilter, WorklistPage, worklist_page


def worklist(
    *,
    store: EventStore,
    principal: Principal,
    as_of: date,
    within_days: int,
    cursor: str | None = None,
    limit: int,
    filters: Filters | None = None,
    sort: str = "due",
    asking: Asking = UNSTATED,
    action: str = "worklist.read",
) -> WorklistPage:
    """One page of the worklist of the principal's organisation (``Forbidden`` without one;
    ``Invalid`` filter, order or window)."""
    refuse_unless(principal, Action.WORKLIST_READ)
    if within_days < 0 or date.max - as_of < timedelta(days=within_days):
        raise Invalid(
            f"as_of plus within_days runs past {date.max.isoformat()}", kind="invalid-window"
        )
    filters = filters or Filters()
    check(principal, filters, law=store.law, sort=sort, sorts=SORTS)
    own = principal.organisation.value
    if filters.organisation is not None and filters.organisation != own:
        raise Forbidden(f"the worklist of {own} holds only the deadlines of {own}")
    names = sees_names(principal)
    found = WorkFilter(
        rule=filters.rule, stage=filters.stage, procedure=filters.procedure,
        overdue=filters.overdue, only=only_cases(store, principal, filters),
    )  # fmt: skip
    with read_transaction(store.engine) as conn:
        page = worklist_page(
            conn, organisation=own, as_of=as_of, within_days=within_days, cursor=cursor,
            limit=limit, found=found, sort=sort, stage_ranks=stage_ranks(principal), people=names,
        )  # fmt: skip
    if names:
        shown = [i.case_id for i in page.items if i.pseudonym or i.person_name]
        log_people_shown(store, principal, shown, action=action, asking=asking)
    # The policy is asked once per stage on the page, not once per item.
    seen = {stage: shown_stage(principal, stage) for stage in {i.stage for i in page.items}}
    items = [
        i if seen[i.stage] == i.stage else i.model_copy(update={"stage": seen[i.stage]})
        for i in page.items
    ]
    return replace(page, items=items)
