"""Finding work: the filters, orders and names of the case list and the worklist.

A list is narrowed by codes: a rule of the rule book, a stage or a procedure of the case domain
(``cases.stages``), an organisation that must act on a deadline. A code the service does not
know is refused (``Invalid``, kind ``unknown-filter``, naming the codes it knows) rather than
answered with an empty list that looks like "nothing to do". "Mine" is the cases assigned to
the principal (``case_assignments``): a counsellor's clients, or a caseworker's own cases.

Names are personal data of the identity section: a list shows a case's person (pseudonym,
V-number, names) only to those whose organisation may see that section (``sees_names``), and
a search compares names only for them; everyone else finds cases by case id, V-number or
pseudonym alone. Every list that shows people writes one access-log row per case shown, with
the fields that left the service (``log_people_shown``), in one transaction before the list is
handed back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from migrationpact.access.model import Principal
from migrationpact.access.policy import Section, needs_assignment, purpose, referred_only, sections
from migrationpact.access.views import DECISION_STAGES, sees_outcome
from migrationpact.cases.stages import PROCEDURES, RANKS, STAGES
from migrationpact.cases.state import ORGANISATIONS
from migrationpact.law.law import Law
from migrationpact.services.errors import Invalid
from migrationpact.services.reading import BAD_PURPOSE, UNSTATED, Asking
from migrationpact.store.accesslog import AccessEntry, write_entries
from migrationpact.store.assignments import assigned_cases
from migrationpact.store.eventstore import EventStore, utc_now
from migrationpact.store.people import referred_cases

#: The fields of a case's person a list shows (the access log names them).
PERSON_FIELDS = ("person.pseudonym", "person.v_number", "person.names")
#: The longest search text.
MAX_QUERY = 100


@dataclass(frozen=True)
class Filters:
    """What a person narrowed a list to, as they asked (checked by ``check``)."""

    rule: str | None = None
    stage: str | None = None
    procedure: str | None = None
    organisation: str | None = None
    overdue: bool = False
    mine: bool = False
    q: str | None = None


def _known(kind: str, value: str | None, known: Iterable[str]) -> None:
    codes = list(known)
    if value is not None and value not in codes:
        raise Invalid(f"unknown {kind} {value!r}; known: {', '.join(codes)}", kind="unknown-filter")


def check(
    principal: Principal, filters: Filters, *, law: Law, sort: str, sorts: Sequence[str]
) -> None:
    """Refuse (``Invalid``) a filter or order the service does not know, a stage of the decision
    to who may not see its outcome, and a search text too long to be one."""
    _known("rule", filters.rule, law.book.ids())
    _known("stage", filters.stage, STAGES)
    _known("procedure", filters.procedure, PROCEDURES)
    _known("organisation", filters.organisation, ORGANISATIONS)
    _known("order", sort, sorts)
    if filters.stage in DECISION_STAGES and not sees_outcome(principal):
        raise Invalid(
            f"{principal.organisation.value} may not list cases by the stage of their decision",
            kind="stage-not-shown",
        )
    if filters.q is not None and len(filters.q) > MAX_QUERY:
        raise Invalid(f"a search text is at most {MAX_QUERY} characters", kind="invalid-query")


def sees_names(principal: Principal) -> bool:
    """Whether the principal may see who a case is about (the identity section)."""
    return Section.IDENTITY in sections(principal)


def stage_ranks(principal: Principal) -> dict[str, int]:
    """The order of the stages as the principal may see them: the decision's stages are one
    (``decided``) to who may not see its outcome, so the order gives nothing away."""
    if sees_outcome(principal):
        return RANKS
    return {s: RANKS["decided"] if s in DECISION_STAGES else r for s, r in RANKS.items()}


def only_cases(store: EventStore, principal: Principal, filters: Filters) -> list[str] | None:
    """The case ids a list is limited to (None: not limited): a counsellor's always, the
    health partner's to the people COA referred to it, and anyone's own cases when they asked
    for "mine"."""
    if referred_only(principal):
        return referred_cases(store.engine)
    if needs_assignment(principal) or filters.mine:
        return assigned_cases(store.engine, assignee=principal.subject)
    return None


def log_people_shown(
    store: EventStore,
    principal: Principal,
    case_ids: Sequence[str],
    *,
    action: str,
    asking: Asking = UNSTATED,
    fields: Sequence[str] = PERSON_FIELDS,
) -> None:
    """One granted access-log row per case whose person a list shows (``fields``: what of it
    leaves the service), written before it does."""
    if asking.bad_purpose:
        raise Invalid(BAD_PURPOSE, kind="invalid-purpose")
    if not case_ids:
        return
    at = utc_now()
    write_entries(
        store.engine,
        [
            AccessEntry(
                at=at, actor=principal.actor, organisation=principal.organisation.value,
                role=principal.role.value, action=action, resource=f"case:{case_id}",
                case_id=case_id, fields=tuple(fields),
                purpose=asking.purpose or purpose(principal), outcome="granted",
                channel=principal.via, request_id=asking.request_id,
            )
            for case_id in dict.fromkeys(case_ids)
        ],
    )  # fmt: skip
