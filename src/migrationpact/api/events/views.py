"""Routes of a case's events and deadlines: record an event, read the timeline and deadlines.

The routes read the HTTP parts (``If-Match``, ``Idempotency-Key``, ``X-Purpose``) and call the
use cases ``services.recording.record_event``, ``services.reading.read_timeline`` and
``read_deadlines``, which check the access policy and write the access log.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from migrationpact.api.cases.models import Appended
from migrationpact.api.cases.views import Found, IdempotencyKey, etag
from migrationpact.api.events.models import DeadlineOut, Deadlines, Timeline, TimelineEvent
from migrationpact.cases.events import AnyEvent
from migrationpact.cases.explain import derivation, summary
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.state import DeadlineEntry, due_day
from migrationpact.law.law import Law
from migrationpact.services.paths import CASE_ID
from migrationpact.services.problems import ProblemError, problem_responses
from migrationpact.services.reading import (
    changes_entry,
    read_changes,
    read_deadlines,
    read_timeline,
)
from migrationpact.services.recording import dutch_now, record_event
from migrationpact.services.security import CurrentPrincipal, asking

router = APIRouter(prefix="/cases/{case_id}", tags=["events"])
CaseId = Annotated[str, Path(pattern=CASE_ID)]
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def expected_seq(if_match: str | None) -> int:
    if if_match is None:
        raise ProblemError(
            428,
            'send If-Match with the case\'s current sequence (its ETag, e.g. "4")',
            kind="if-match-required",
        )
    found = _ETAG.match(if_match.strip())
    if not found:
        raise ProblemError(400, f'If-Match must be a sequence number like "4", got {if_match!r}')
    return int(found.group(1))


@router.post(
    "/events",
    status_code=201,
    response_model=Appended,
    responses=problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
    summary="Record an event on a case",
    description="The state machine checks the event against the case; a refused event names "
    "the rule it breaks and nothing is written. If-Match names the sequence you expect. The "
    "answer lists the deadlines the event changed, before and after (deadlines_changed).",
)
def append_event(
    case_id: CaseId,
    event: AnyEvent,
    request: Request,
    response: Response,
    found: Found,
    principal: CurrentPrincipal,
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=40)] = None,
    idempotency_key: IdempotencyKey = None,
) -> Appended:
    # The read of the deadlines the answer shows is logged in the append's own transaction.
    entry = changes_entry(
        store=found.store, principal=principal, case_id=case_id, asking=asking(request)
    )
    result = record_event(
        store=found.store,
        principal=principal,
        case_id=case_id,
        event=event,
        expected_seq=expected_seq(if_match),
        idempotency_key=idempotency_key,
        future_skew=found.settings.future_skew,
        logged=() if entry is None else (entry,),
    )
    response.headers["Location"] = f"/v1/cases/{case_id}/events/{result.seq}"
    response.headers["ETag"] = etag(result.seq)
    changes = None
    if entry is not None:
        changes = read_changes(
            store=found.store, principal=principal, case_id=case_id, seq=result.seq,
            appended=result, logged=entry,
        )  # fmt: skip
    return Appended.of(result, changes)


@router.get(
    "/events",
    response_model=Timeline,
    responses=problem_responses(400, 401, 403, 404),
    summary="The case's timeline; event contents only with access to the asylum account",
)
def timeline(
    case_id: CaseId, request: Request, found: Found, principal: CurrentPrincipal
) -> Timeline:
    read = read_timeline(
        store=found.store, principal=principal, case_id=case_id, asking=asking(request)
    )
    return Timeline(
        case_id=case_id,
        events=[
            TimelineEvent(
                seq=r.seq,
                type=r.type,
                occurred_at=r.occurred_at,
                recorded_at=r.recorded_at,
                actor=r.actor,
                organisation=r.organisation,
                rule_set_version=r.rule_set_version,
                hash=r.hash,
                payload=r.payload if read.with_payload else None,
            )
            for r in read.records
        ],
    )


def deadline_out(entry: DeadlineEntry, today: date, law: Law) -> DeadlineOut:
    about = summary(entry, law)
    late = entry_lateness(entry)
    return DeadlineOut(
        key=entry.key,
        rule_id=entry.rule_id,
        title=about.title,
        organisation=entry.organisation,
        status=entry.status,
        due=entry.due.isoformat(),
        days_left=(due_day(entry.due) - today).days,
        maximum=entry.maximum,
        verified=about.verified,
        rule_set_version=entry.rule_set_version,
        legal_basis=about.legal_basis,
        derivation=derivation(entry, law),
        consequence=about.consequence,
        closed_at=entry.closed_at,
        closed_reason=entry.closed_reason,
        late=late.late,
        days_late=late.days_late,
        hours_late=late.hours_late,
    )


@router.get(
    "/deadlines",
    response_model=Deadlines,
    responses=problem_responses(400, 401, 403, 404),
    summary="The case's deadlines with their legal basis and derivation",
)
def case_deadlines(
    case_id: CaseId,
    request: Request,
    found: Found,
    principal: CurrentPrincipal,
    status: Annotated[str | None, Query(pattern="^(open|met|suspended|lapsed|cancelled)$")] = None,
) -> Deadlines:
    deadlines = read_deadlines(
        store=found.store, principal=principal, case_id=case_id, asking=asking(request)
    )
    today = dutch_now(found.store).date()
    entries = [d for d in deadlines if status is None or d.status == status]
    return Deadlines(
        case_id=case_id,
        as_of=today.isoformat(),
        deadlines=[deadline_out(d, today, found.store.law) for d in entries],
    )
