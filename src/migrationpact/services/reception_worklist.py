"""The reception worklist: who waits for COA, and for what, soonest first, for every front end.

COA owes each applicant three things this list follows:

- **information** on reception (RCD Art. 5(1)): the case's open deadline of ``RCD-01``;
- an **assessment** of special reception needs (RCD Art. 25(1)): its open deadline of
  ``RCD-02``;
- a **place**: every open case whose application has been made and that has no place yet;
- a **move**: a case with a place in a location type its phase does not allow (a transfer
  decision notified → a Dublin shelter location; the border procedure → a border location; no
  right to remain → a freedom-restricting location). Both are the cases placement proposes a
  unit for (``reception.placement.from_cases.waiting``, with where each case lives from
  ``reception_residents``).

The two deadlines come from the store's worklist query (``store.worklist.worklist_page``, one
rule at a time, with no window: every open one); a place has no deadline of its own, so a case
waiting for one (or a move) is dated by the day its application was made. The items are sorted
by that day (the due day of a deadline, the day of application for a place), then by case id.

``reception_worklist`` asks the policy (``reception.worklist``: COA planners and supervisors),
and writes one access-log row per case whose person it shows before anything leaves the
service; with a ``limit`` only the first items are shown (and logged), with the number of all.
Refusals: ``Forbidden`` (the policy's reason), ``Invalid`` (an unknown need, a limit below 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.access.views import shown_stage
from migrationpact.cases.state import CaseState
from migrationpact.reception.placement.from_cases import Lodging, waiting
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.finding import log_people_shown, sees_names
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.services.reception_placement import lodgings
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.states import read_open_states
from migrationpact.store.worklist import WorkFilter, worklist_page

Need = Literal["information", "assessment", "place", "move"]
#: The needs, in the order the list names them, and the rule of those that have a deadline.
NEEDS: tuple[Need, ...] = ("information", "assessment", "place", "move")
RULES: dict[Need, str] = {"information": "RCD-01", "assessment": "RCD-02"}
#: A window wide enough for every open deadline (the store's query counts from ``as_of``).
_EVERY_OPEN = 36_500
#: What of each case the list shows (written on its access-log row).
SHOWN_FIELDS = ("person.pseudonym", "person.names", "stage", "deadlines", "made_at")


@dataclass(frozen=True)
class ReceptionItem:
    """One thing COA owes one case: the ``need``, the day it is due (a deadline) or the day the
    application was made (a place: ``since``), and what the list shows of the case."""

    need: Need
    case_id: str
    stage: str
    day: date
    due: date | datetime | None
    days_left: int | None
    rule_id: str | None
    title: str | None
    legal_basis: str | None
    verified: bool
    pseudonym: str | None
    person_name: str | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class ReceptionWorklist:
    """The items shown (the first ``limit``) and how many there are in all."""

    items: tuple[ReceptionItem, ...]
    total: int


def needs_place(
    states: Iterable[CaseState], placed: Mapping[str, Lodging]
) -> list[tuple[Need, CaseState]]:
    """The open cases with an application made that have no place (``place``) or live where
    their phase does not allow (``move``); ``placed``: where each case with a place lives."""
    return [("move" if s.case_id in placed else "place", s) for s in waiting(states, placed)]


def reception_worklist(
    *,
    store: EventStore,
    principal: Principal,
    as_of: date,
    need: str | None = None,
    overdue: bool = False,
    limit: int | None = None,
    asking: Asking = UNSTATED,
) -> ReceptionWorklist:
    """What COA owes whom (of ``need``; ``overdue``: only deadlines past their day), sorted by
    day (see the module text); the first ``limit`` items, and whether there are more."""
    refuse_unless(principal, Action.RECEPTION_WORKLIST)
    if limit is not None and limit < 1:
        raise Invalid(f"the limit must be 1 or more, not {limit}")
    if need is not None and need not in NEEDS:
        raise Invalid(f"unknown need {need!r}; known: {', '.join(NEEDS)}", kind="unknown-filter")
    names = sees_names(principal)
    wanted = NEEDS if need is None else tuple(n for n in NEEDS if n == need)
    items = [
        item
        for kind in wanted
        if kind in RULES
        for item in _deadlines(store, principal, kind, as_of, overdue=overdue, names=names)
    ]
    if {"place", "move"} & set(wanted) and not overdue:
        items += [
            _waiting(kind, s, principal, names)
            for kind, s in needs_place(_open(store), lodgings(store))
            if kind in wanted
        ]
    items.sort(key=lambda i: (i.day, i.case_id, NEEDS.index(i.need)))
    shown = items if limit is None else items[:limit]
    log_people_shown(
        store, principal, [i.case_id for i in shown], action=Action.RECEPTION_WORKLIST.value,
        asking=asking, fields=SHOWN_FIELDS if names else ("stage", "deadlines", "made_at"),
    )  # fmt: skip
    return ReceptionWorklist(tuple(shown), total=len(items))


def _open(store: EventStore) -> list[CaseState]:
    return list(read_open_states(store.engine).values())


def _deadlines(
    store: EventStore, principal: Principal, need: Need, as_of: date, *, overdue: bool, names: bool
) -> list[ReceptionItem]:
    with read_transaction(store.engine) as conn:
        page = worklist_page(
            conn, organisation=principal.organisation.value, as_of=as_of,
            within_days=_EVERY_OPEN, limit=100_000, found=WorkFilter(rule=RULES[need],
            overdue=overdue), people=names,
        )  # fmt: skip
    return [
        ReceptionItem(
            need=need,
            case_id=i.case_id,
            stage=shown_stage(principal, i.stage),
            day=i.due.date() if isinstance(i.due, datetime) else i.due,
            due=i.due,
            days_left=i.days_left,
            rule_id=i.rule_id,
            title=i.title,
            legal_basis=i.legal_basis,
            verified=i.verified,
            pseudonym=i.pseudonym,
            person_name=i.person_name,
        )
        for i in page.items
    ]


def _waiting(need: Need, state: CaseState, principal: Principal, names: bool) -> ReceptionItem:
    made = state.made_at
    assert made is not None  # ``waiting`` keeps only cases with an application made
    person = state.person
    return ReceptionItem(
        need=need, case_id=state.case_id, stage=shown_stage(principal, state.stage),
        day=made.date() if isinstance(made, datetime) else made, due=None, days_left=None,
        rule_id=None, title=None, legal_basis=None, verified=True,
        pseudonym=person.pseudonym if names and person else None,
        person_name=" ".join(person.names) or None if names and person else None,
    )  # fmt: skip
