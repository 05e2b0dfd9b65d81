"""A person's history across cases: every case about one person, with its stage and dates.

A person is named by their V-number or by the pseudonym the system gave them; both are kept per
case in ``case_people``, so the cases of one person are found however many there are (a second
application, a take-back, a family member's case that names them is *not* theirs). Who may see
a person's history is who may list cases and see names (``finding.sees_names``); a counsellor
sees only the cases assigned to them. Every case shown is written to the access log first, and
a person with no case the principal may see is ``NotFound``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.access.views import shown_stage
from migrationpact.services.errors import Forbidden, Invalid, NotFound, refuse_unless
from migrationpact.services.finding import Filters, log_people_shown, only_cases, sees_names
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.store import service
from migrationpact.store.caselist import CaseFilter, PersonLabel
from migrationpact.store.eventstore import EventStore

#: The most cases a history lists (far more than one person ever has).
MAX_CASES = 200
#: The longest person id: a pseudonym is at most this long.
MAX_PERSON_ID = 200


@dataclass(frozen=True)
class PersonCase:
    """One case of a person, with where it stands and when it moved."""

    case_id: str
    stage: str
    procedure: str
    first_event_at: datetime | None
    registered_at: datetime | None
    lodged_at: datetime | None
    last_event_at: datetime | None
    closed: bool
    next_due: date | None


@dataclass(frozen=True)
class PersonHistory:
    person_id: str
    person: PersonLabel | None  # as the newest case names them
    cases: list[PersonCase]


def person_history(
    *, store: EventStore, principal: Principal, person_id: str, asking: Asking = UNSTATED
) -> PersonHistory:
    """Every case of the person ``person_id`` (V-number or pseudonym) the principal may see,
    oldest first (``Forbidden``, ``Invalid``, ``NotFound``)."""
    refuse_unless(principal, Action.CASE_LIST)
    if not sees_names(principal):
        raise Forbidden(f"{principal.organisation.value} may not see who a case is about")
    wanted = person_id.strip()
    if not wanted or len(wanted) > MAX_PERSON_ID or not wanted.isprintable():
        raise Invalid("a person is named by their V-number or pseudonym", kind="invalid-person")
    found = CaseFilter(person=wanted, only=only_cases(store, principal, Filters()))
    summaries = service.list_cases(store=store, found=found, limit=MAX_CASES)
    if not summaries:
        raise NotFound(
            f"no case of the person {wanted!r} that you may see", kind="person-not-found"
        )
    log_people_shown(
        store, principal, [s.case_id for s in summaries], action="person.history", asking=asking
    )
    cases = []
    for summary in summaries:
        state = service.get_case(store=store, case_id=summary.case_id)
        cases.append(
            PersonCase(
                case_id=state.case_id, stage=shown_stage(principal, state.stage),
                procedure=state.procedure, first_event_at=state.first_event_at,
                registered_at=state.registered_at, lodged_at=state.lodged_at,
                last_event_at=state.last_event_at, closed=state.closed,
                next_due=summary.next_due,
            )
        )  # fmt: skip
    cases.sort(key=lambda c: (c.first_event_at or datetime.min, c.case_id))
    newest = max(summaries, key=lambda s: s.updated_at)
    return PersonHistory(person_id=wanted, person=newest.person, cases=cases)
