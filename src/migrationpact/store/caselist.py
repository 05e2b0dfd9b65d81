"""The case list in SQL: cases filtered, searched, sorted and paged, with their next due day.

One row per case (``case_states``), with the number of its running deadlines and the first day
one of them ends, and its person (``case_people``). ``CaseFilter`` narrows the list: by stage,
procedure, a rule or an organisation with a running deadline in the case, an open deadline past
its last day (overdue), a set of case ids (a counsellor's clients, someone's "mine"), one
person (their V-number or pseudonym), or a search text (``people.matching``). The list is sorted
by case id, by next due day (cases without one last) or by stage in the order of the procedure
(``stage_ranks``), each time with the case id as the tie-break, and paged with a keyset
position after the last row of the previous page (the sort value and the case id): page N costs
what page 1 costs, and a case added in between does not shift the pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)

from migrationpact.cases.stages import RANKS
from migrationpact.cases.state import RUNNING
from migrationpact.store.people import matching
from migrationpact.store.tables import case_people, case_states, deadlines

_c, _p = case_states.c, case_people.c
#: The columns of a row of the list besides its deadline counts.
COLUMNS = (_c.case_id, _c.seq, _c.stage, _c.procedure, _c.examination, _c.responsibility_regime,
           _c.updated_at, _p.pseudonym, _p.v_number, _p.names)  # fmt: skip
#: The ways a case list can be sorted (the API's ``sort`` values).
SORTS = ("caseId", "nextDue", "stage")
#: Where a case without a running deadline sorts by next due day: after every real one.
NO_DUE = date(9999, 12, 31)


@dataclass(frozen=True)
class CaseFilter:
    """What a case list is narrowed to (None: not narrowed by that)."""

    stage: str | None = None
    procedure: str | None = None
    rule: str | None = None
    organisation: str | None = None
    overdue_on: date | None = None  # an open deadline whose last day is before this day
    only: Sequence[str] | None = None
    person: str | None = None  # a V-number or a pseudonym
    q: str | None = None
    by_name: bool = False  # whether ``q`` may match names


@dataclass(frozen=True)
class PersonLabel:
    """How a case's person is named in a list: pseudonym, V-number, names as recorded."""

    pseudonym: str | None
    v_number: str | None
    names: str


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    seq: int
    stage: str
    procedure: str
    examination: str
    responsibility_regime: str
    updated_at: datetime
    open_deadlines: int
    next_due: date | None
    person: PersonLabel | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "stage": self.stage,
            "procedure": self.procedure,
            "examination": self.examination,
            "responsibility_regime": self.responsibility_regime,
            "updated_at": self.updated_at.isoformat() + "Z",
            "open_deadlines": self.open_deadlines,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


def _deadline_in_case(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    d = deadlines.c
    return exists().where(d.case_id == case_states.c.case_id, *conditions)


def conditions(found: CaseFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter (on ``case_states`` joined to ``case_people``)."""
    c, d, p = case_states.c, deadlines.c, case_people.c
    where: list[ColumnElement[bool]] = []
    if found.stage is not None:
        where.append(c.stage == found.stage)
    if found.procedure is not None:
        where.append(c.procedure == found.procedure)
    if found.rule is not None:
        where.append(_deadline_in_case(d.rule_id == found.rule, d.status.in_(RUNNING)))
    if found.organisation is not None:
        where.append(_deadline_in_case(d.organisation == found.organisation, d.status.in_(RUNNING)))
    if found.overdue_on is not None:
        where.append(_deadline_in_case(d.status == "open", d.due_on < found.overdue_on))
    if found.only is not None:
        where.append(c.case_id.in_(list(found.only)))
    if found.person is not None:
        where.append(or_(p.v_number == found.person, p.pseudonym == found.person))
    if found.q is not None:
        where.append(matching(found.q, by_name=found.by_name))
    return where


def sort_key(sort: str, next_due: Any, stage_ranks: Mapping[str, int]) -> Any:
    """The first sort column of ``sort`` (None: the case id alone)."""
    if sort == "nextDue":
        return func.coalesce(next_due, literal(NO_DUE, Date))
    if sort == "stage":
        ranks = [(case_states.c.stage == stage, rank) for stage, rank in stage_ranks.items()]
        return case(*ranks, else_=len(stage_ranks))
    return None


def case_page(
    conn: Connection,
    *,
    found: CaseFilter,
    sort: str = "caseId",
    after: tuple[Any, str] | None = None,
    limit: int = 100,
    stage_ranks: Mapping[str, int] | None = None,
) -> list[CaseSummary]:
    """Up to ``limit`` cases of the filter in the order of ``sort``, after the position
    ``after`` (the sort value, None for ``caseId``, and the case id of the last row shown)."""
    d = deadlines.c
    running = (
        select(d.case_id, func.count().label("n"), func.min(d.due_on).label("next_due"))
        .where(d.status.in_(RUNNING))
        .group_by(d.case_id)
        .subquery()
    )
    c, p = case_states.c, case_people.c
    key = sort_key(sort, running.c.next_due, stage_ranks or RANKS)
    query = (
        select(*COLUMNS, running.c.n, running.c.next_due)
        .outerjoin(running, running.c.case_id == c.case_id)
        .outerjoin(case_people, p.case_id == c.case_id)
        .where(*conditions(found))
        .order_by(*([] if key is None else [key]), c.case_id)
        .limit(limit)
    )
    if after is not None:
        value, last_id = after
        if key is None:
            query = query.where(c.case_id > last_id)
        else:
            query = query.where(
                tuple_(key, c.case_id) > tuple_(literal(value, key.type), literal(last_id))
            )
    return [_summary(r) for r in conn.execute(query)]


def _summary(r: Any) -> CaseSummary:
    person = None
    if r.pseudonym is not None or r.v_number is not None or r.names:
        person = PersonLabel(pseudonym=r.pseudonym, v_number=r.v_number, names=r.names or "")
    return CaseSummary(
        case_id=r.case_id,
        seq=r.seq,
        stage=r.stage,
        procedure=r.procedure,
        examination=r.examination,
        responsibility_regime=r.responsibility_regime,
        updated_at=r.updated_at,
        open_deadlines=r.n or 0,
        next_due=r.next_due,
        person=person,
    )
