"""The state of a case: everything the events so far add up to, including its deadlines.

``CaseState`` is a projection: it is never edited, only recomputed by folding the case's events
through ``machine.decide``. It holds where the case stands (``stage``), what routing decided
(procedure, examination, responsibility regime), the facts routing used, flags such as
``entry_authorised`` or ``detained``, the Dublin track, every deadline the case ever had and
every legal consequence recorded.

A ``DeadlineEntry`` is one time limit as the rule book computed it: rule id, the rule-set
version that produced it, the legal basis and the full derivation, who must act, and its status:

* ``open`` — running;
* ``suspended`` — its clock is stopped (the due date shown is the one before the stop);
* ``met`` — the act it asks for was done (``closed_by_seq`` names the event);
* ``lapsed`` — it ran out (a ``deadline_lapsed`` event closed it, or the act came too late);
* ``cancelled`` — it stopped mattering (the procedure changed, the case closed).

Deadlines are never deleted or overwritten: a recomputation (after a suspension or extension)
replaces the entry's derivation with one computed afresh from the start and the whole ledger.

>>> s = initial_state("C-1")
>>> s.seq, s.stage, s.deadlines
(0, 'new', ())
>>> CaseState.model_validate(s.model_dump(mode="json")) == s
True
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from migrationpact.cases.models import FamilyGroup, Moment, Person, ScreeningForm
from migrationpact.law.routing import Facts

Status = Literal["open", "met", "suspended", "lapsed", "cancelled"]
Organisation = Literal["IND", "KMar", "COA", "DTenV", "applicant", "court", "other-member-state"]
ORGANISATIONS: tuple[str, ...] = get_args(Organisation)


def due_end(due: date | datetime) -> datetime:
    """The exact moment a deadline runs out: a day means 24:00 of that day (the next 00:00).

    >>> due_end(date(2026, 6, 29)), due_end(datetime(2026, 6, 18, 11, 0))
    (datetime.datetime(2026, 6, 30, 0, 0), datetime.datetime(2026, 6, 18, 11, 0))
    """
    if isinstance(due, datetime):
        return due
    return datetime.combine(due + timedelta(days=1), time())


def due_day(due: date | datetime) -> date:
    """The calendar day a deadline falls on."""
    return due.date() if isinstance(due, datetime) else due


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuspensionRecord(_Frozen):
    """One stop of a deadline's clock, with its legal basis (``resumed_on`` None: still stopped)."""

    stopped_on: date
    resumed_on: date | None = None
    legal_basis: list[dict[str, Any]] = Field(default_factory=list)
    reason: str = ""
    by_seq: int


class ExtensionRecord(_Frozen):
    """An extension rule applied on a recorded ground (e.g. APR-14, complex-issues)."""

    rule_id: str
    ground: str
    by_seq: int


class DeadlineEntry(_Frozen):
    """One time limit of the case, as computed by the rule book, with its lifecycle."""

    key: str
    rule_id: str
    requested_rule: str
    title: str
    organisation: Organisation
    organisation_reason: str = ""
    status: Status
    started_on: Moment
    due: Moment
    nominal_end: Moment
    alert_on: Moment
    maximum: bool
    law_date: date
    rule_set_version: str
    verified: bool
    legal_basis: list[dict[str, Any]]
    derivation: dict[str, Any]
    consequence: str | None = None
    crisis: str | None = None
    extensions: tuple[ExtensionRecord, ...] = ()
    suspensions: tuple[SuspensionRecord, ...] = ()
    opened_by_seq: int
    closed_by_seq: int | None = None
    closed_reason: str | None = None
    recomputed_by_seq: tuple[int, ...] = ()

    @property
    def is_running(self) -> bool:
        return self.status in ("open", "suspended")

    @property
    def ends_at(self) -> datetime:
        return due_end(self.due)


class Consequence(_Frozen):
    """A legal consequence the system recorded (lapse of a deadline, late act, routing change)."""

    code: str
    text: str
    rule_id: str | None = None
    key: str | None = None
    legal_basis: str | None = None
    seq: int
    on: Moment


class Decision(_Frozen):
    """The first-instance decision and what follows from it for appeal and right to remain."""

    outcome: str
    taken_at: datetime
    taken_seq: int
    notified_at: datetime | None = None
    inadmissibility_ground: str | None = None
    appeal_rule: str | None = None  # NL-APR-18 / NL-APR-19 / None (no appeal)
    right_to_remain: bool = True  # APR Art. 68(2); False in the Art. 68(3) cases
    final: bool = False


class Appeal(_Frozen):
    against: str
    lodged_at: datetime
    seq: int
    late: bool = False
    suspensive: bool = False
    outcome: str | None = None
    decided_at: datetime | None = None


class DublinTrack(_Frozen):
    """The responsibility procedure: requests, replies, transfer."""

    role: Literal["requesting", "requested"] | None = None
    partner_state: str | None = None
    request: Literal["take-charge", "take-back"] | None = None
    hit: Literal["take-charge", "take-back"] | None = None
    hit_based: bool = False
    sent_at: datetime | None = None
    received_at: datetime | None = None
    reply: Literal["pending", "accepted", "refused", "accepted-by-silence", "confirmed"] | None = (
        None
    )
    accepted_on: Moment | None = None
    transfer_decision_at: datetime | None = None
    transfer_decision_notified_at: datetime | None = None
    suspensive_appeal_pending: bool = False
    transferred_at: datetime | None = None
    responsible_state: str | None = None
    responsibility_basis: str | None = None


class Routing(_Frozen):
    """What ``law.routing.route`` answered the last time the facts changed."""

    screening: str
    procedure: str
    examination: str
    border_mandatory: bool | None
    responsibility_regime: str
    deadlines: tuple[str, ...]
    missing_facts: tuple[str, ...]
    rule_set_version: str | None
    routing_data_version: str
    by_seq: int


class CaseState(_Frozen):
    """A case as its events made it (see the module text)."""

    case_id: str
    seq: int = 0
    stage: str = "new"
    first_event_at: datetime | None = None
    last_event_at: datetime | None = None
    person: Person | None = None
    family: FamilyGroup | None = None
    screening_form: ScreeningForm | None = None
    facts: Facts = Facts()
    routing: Routing | None = None
    procedure: str = "undetermined"
    examination: str = "undetermined"
    responsibility_regime: str = "undetermined"
    screening: str | None = None
    screening_started_at: datetime | None = None
    screening_completed_at: datetime | None = None
    made_at: datetime | None = None
    registered_at: datetime | None = None
    lodged_at: datetime | None = None
    decision: Decision | None = None
    appeals: tuple[Appeal, ...] = ()
    request_to_remain: Literal["lodged", "granted", "refused"] | None = None
    dublin: DublinTrack = DublinTrack()
    entry_authorised: bool = False
    detained: bool = False
    detention_ground: str | None = None
    absconded: bool = False
    biometrics_taken: bool = False
    legal_counselling_requested: bool = False
    legal_counselling_provided: bool = False
    interviewed: bool = False
    return_border_procedure: bool = False
    closed: bool = False
    closed_reason: str | None = None
    deadlines: tuple[DeadlineEntry, ...] = ()
    consequences: tuple[Consequence, ...] = ()
    notes: tuple[str, ...] = ()

    def open_deadlines(self) -> list[DeadlineEntry]:
        """Deadlines still running (open or suspended), in the stored order."""
        return [d for d in self.deadlines if d.is_running]

    def deadline(self, key: str) -> DeadlineEntry | None:
        return next((d for d in self.deadlines if d.key == key), None)

    def running(self, *rule_ids: str) -> list[DeadlineEntry]:
        """Running deadlines of any of ``rule_ids``."""
        return [d for d in self.deadlines if d.is_running and d.rule_id in rule_ids]


def initial_state(case_id: str) -> CaseState:
    """The state of a case before its first event."""
    return CaseState(case_id=case_id)
