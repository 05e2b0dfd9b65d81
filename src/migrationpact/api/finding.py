"""The query keys that narrow a list, shared by ``GET /v1/cases`` and ``GET /v1/worklist``.

Each key is a lower camelCase word (the NL GOV API design rules); codes the service does not
know are refused by the use case with a 400 problem (``unknown-filter``), not answered with an
empty list.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from migrationpact.services.finding import MAX_QUERY, Filters


def list_filters(
    rule: Annotated[
        str | None,
        Query(
            max_length=32,
            description="Only deadlines (or cases with a running deadline) of this rule: AMMR-01.",
        ),
    ] = None,
    procedure: Annotated[
        str | None,
        Query(
            max_length=32,
            description="Only cases in this procedure: undetermined, border, regular.",
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        Query(
            max_length=32,
            description="Only cases where this organisation must act on a running deadline: IND, "
            "KMar, COA, DTenV, applicant, court, other-member-state.",
        ),
    ] = None,
    overdue: Annotated[
        bool, Query(description="Only what has an open deadline past its last day.")
    ] = False,
    mine: Annotated[
        bool, Query(description="Only the cases assigned to you (a counsellor's list always is).")
    ] = False,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_QUERY,
            description="Search: a case id (or its start), a V-number, a pseudonym, or names "
            "(names only for those who may see them; each word matches the start of a name).",
        ),
    ] = None,
) -> Filters:
    return Filters(
        rule=rule, procedure=procedure, organisation=organisation, overdue=overdue, mine=mine,
        q=q or None,
    )  # fmt: skip


ListFilters = Annotated[Filters, Depends(list_filters)]
