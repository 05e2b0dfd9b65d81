"""The cases a person may list, a page at a time: shared by ``GET /v1/cases`` and the web list.

A legal counsellor's list holds only their assigned cases; the cursor is the API's opaque one
(``services.pagination``) and names the last case id of the previous page.
"""

from __future__ import annotations

from migrationpact.access.model import Principal
from migrationpact.access.policy import needs_assignment
from migrationpact.services import pagination
from migrationpact.services.container import Services
from migrationpact.services.problems import ProblemError
from migrationpact.store import service
from migrationpact.store.assignments import assigned_cases
from migrationpact.store.service import CaseSummary


def case_page(
    found: Services, principal: Principal, *, stage: str | None, cursor: str | None, limit: int
) -> tuple[list[CaseSummary], str | None]:
    """One page of the cases ``principal`` may list, and the cursor of the next (None: last)."""
    after = pagination.decode(cursor).get("after") if cursor else None
    if after is not None and not isinstance(after, str):
        raise ProblemError(400, "cursor is not one this service gave out", kind="bad-cursor")
    only = None
    if needs_assignment(principal):
        only = assigned_cases(found.engine, assignee=principal.subject)
    summaries = service.list_cases(
        store=found.store, stage=stage, after=after, limit=limit + 1, only=only
    )
    page = summaries[:limit]
    more = len(summaries) > limit
    return page, pagination.encode({"after": page[-1].case_id}) if more else None
