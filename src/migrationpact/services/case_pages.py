"""Listing cases, a page at a time: the use case of ``GET /v1/cases`` and the web case list.

Who may list cases at all is the policy's answer (``Action.CASE_LIST``). A legal counsellor's
list holds only their assigned cases ("my clients"); anyone may ask for their own ("mine").
The list is narrowed by the filters of ``services.finding`` (a code it does not know is refused,
``Invalid``), searched by ``q`` (case id, V-number, pseudonym; names only for who may see them)
and sorted by case id, next due day or stage (``store.caselist.SORTS``). The cursor is the
service's opaque one (``services.pagination``) and names the order and the position after the
last case of the previous page; one the service did not make, or made for another order, is
refused (``Invalid``), never read as the first page.

Each case comes with its summary (stage, procedure, open deadlines) and, for who may see names
(``finding.sees_names``), its person: then every case shown is written to the access log first.
The stage is the one the principal may see (``access.views.shown_stage``): who may not see the
decision's outcome sees its stages as ``decided``, and may not filter by them (``Invalid``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.access.views import shown_stage
from migrationpact.services import pagination
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.finding import (
    Filters,
    check,
    log_people_shown,
    only_cases,
    sees_names,
    stage_ranks,
)
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.services.recording import dutch_now
from migrationpact.store import service
from migrationpact.store.caselist import NO_DUE, SORTS, CaseFilter
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import CaseSummary


@dataclass(frozen=True)
class CasePage:
    """One page of cases and the cursor of the next (None: this is the last page)."""

    items: list[CaseSummary]
    next_cursor: str | None


def _position(cursor: str | None, sort: str) -> tuple[Any, str] | None:
    """The keyset position a cursor names, for the order ``sort``."""
    if cursor is None:
        return None
    position = pagination.decode(cursor)
    after, key = position.get("after"), position.get("key")
    if not isinstance(after, str) or position.get("sort", "caseId") != sort:
        raise Invalid(pagination.UNKNOWN_CURSOR, kind="bad-cursor")
    if sort == "nextDue":
        try:
            return date.fromisoformat(str(key)), after
        except ValueError:
            raise Invalid(pagination.UNKNOWN_CURSOR, kind="bad-cursor") from None
    if sort == "stage":
        if isinstance(key, bool) or not isinstance(key, int):
            raise Invalid(pagination.UNKNOWN_CURSOR, kind="bad-cursor")
        return key, after
    return None, after


def _cursor(last: CaseSummary, sort: str, ranks: dict[str, int]) -> str:
    if sort == "nextDue":
        return pagination.encode(
            {"sort": sort, "after": last.case_id, "key": (last.next_due or NO_DUE).isoformat()}
        )
    if sort == "stage":
        key = ranks.get(last.stage, len(ranks))
        return pagination.encode({"sort": sort, "after": last.case_id, "key": key})
    return pagination.encode({"after": last.case_id})


def list_cases(
    *,
    store: EventStore,
    principal: Principal,
    stage: str | None = None,
    cursor: str | None = None,
    limit: int,
    filters: Filters | None = None,
    sort: str = "caseId",
    as_of: date | None = None,
    asking: Asking = UNSTATED,
    action: str = "case.list",
) -> CasePage:
    """One page of the cases ``principal`` may list (``Forbidden``; ``Invalid`` filter, order
    or cursor); ``as_of`` is the day an overdue deadline is past (default: today)."""
    refuse_unless(principal, Action.CASE_LIST)
    filters = filters or Filters()
    if stage is not None:
        filters = replace(filters, stage=stage)
    check(principal, filters, law=store.law, sort=sort, sorts=SORTS)
    position = _position(cursor, sort)
    names = sees_names(principal)
    ranks = stage_ranks(principal)
    found = CaseFilter(
        stage=filters.stage, procedure=filters.procedure, rule=filters.rule,
        organisation=filters.organisation,
        overdue_on=(as_of or dutch_now(store).date()) if filters.overdue else None,
        only=only_cases(store, principal, filters), q=filters.q, by_name=names,
    )  # fmt: skip
    summaries = service.list_cases(
        store=store, found=found, sort=sort, position=position, limit=limit + 1,
        stage_ranks=ranks,
    )  # fmt: skip
    shown = summaries[:limit]
    more = len(summaries) > limit
    next_cursor = _cursor(shown[-1], sort, ranks) if more else None
    if names:
        log_people_shown(
            store, principal, [s.case_id for s in shown if s.person], action=action, asking=asking
        )
    page = [
        replace(s, stage=shown_stage(principal, s.stage), person=s.person if names else None)
        for s in shown
    ]
    return CasePage(page, next_cursor)
