"""The state of a case: the facts its events add up to, including its deadlines.

``CaseState`` is a projection: it is never edited, only recomputed by folding the case's events
through ``machine.decide``. It holds where the case stands (``stage``), what routing decided
(procedure, examination, responsibility regime), the facts routing used, flags such as
``entry_authorised`` or ``detained``, the Dublin track, every deadline the case ever had and
every legal consequence recorded.

A ``DeadlineEntry`` holds one time limit's *facts*: the rule asked for and the rule that
counted, when it started, under which law date and rule-set version, the crisis decision,
extensions and stops of its clock, the dates that follow (due, nominal end, alert), who must
act, and its status:

* ``open`` — running;
* ``suspended`` — its clock is stopped (the due date shown is the one before the stop);
* ``met`` — the act it asks for was done (``closed_by_seq`` names the event, ``closed_at`` its
  moment; done at or after the end, it was met late: ``cases.lateness``);
* ``lapsed`` — it ran out (a ``deadline_lapsed`` event closed it, or the act came too late);
  ``closed_at`` is the moment it ran out, whenever the event that closed it was recorded;
* ``cancelled`` — it stopped mattering (the procedure changed, the case closed).

What a person is shown besides (title, legal basis, consequence, the derivation step by step)
follows from these facts and the law; ``cases.explain`` computes it on read. Deadlines are
never deleted or overwritten: a recomputation (after a suspension or extension) replaces the
entry's dates with those computed afresh from the start and the whole ledger.

Every value here is a frozen dataclass; ``evolve`` makes a changed copy, and ``cases.codec``
is the one way to and from JSON.

>>> s = initial_state("C-1")
>>> s.seq, s.stage, s.deadlines
(0, 'new', ())
>>> evolve(s, stage="made").stage, s.stage
('made', 'new')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Literal, TypeVar, get_args

from migrationpact.cases.models import FamilyGroup, Moment, Person, ReceptionNeeds, ScreeningForm
from migrationpact.law.routing import Facts
from migrationpact.law.routing.verdict import Verdict

Status = Literal["open", "met", "suspended", "lapsed", "cancelled"]
Organisation = Literal["IND", "KMar", "COA", "DTenV", "applicant", "court", "other-member-state"]
ORGANISATIONS: tuple[str, ...] = get_args(Organisation)
#: The statuses of a deadline whose clock has not ended: open, or stopped for a while.
RUNNING = frozenset({"open", "suspended"})

V = TypeVar("V")


def due_end(due: date | datetime) -> datetime:
    """The exact moment a deadline runs out: a day means 24:00 of that day (the next 00:00).

    >>> due_end(date(2026, 6, 29)), due_end(datetime(2026, 6, 18, 11, 0))
    (datetime.datetime(2026, 6, 30, 0, 0), datetime.datetime(2026, 6, 18, 11, 0))
    """
    if isinstance(due, datetime):
        return due
    return datetime.combine(due + _ONE_DAY, _MIDNIGHT)


_ONE_DAY, _MIDNIGHT = timedelta(days=1), time()  # made once: a replay asks for ends all the time


def minute(moment: datetime) -> str:
    """A moment as the ledger's texts give it, ``YYYY-MM-DD HH:MM`` (what ``%Y-%m-%d %H:%M``
    gives, five times faster: a replay writes one for nearly every deadline it closes).

    >>> minute(datetime(2026, 7, 6, 10, 0, 30))
    '2026-07-06 10:00'
    """
    return moment.isoformat(" ", "minutes")


def due_day(due: date | datetime) -> date:
    """The calendar day a deadline falls on."""
    return due.date() if isinstance(due, datetime) else due


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def evolve(value: V, **changes: Any) -> V:
    """A copy of the frozen dataclass ``value`` with ``changes`` applied.

    What ``dataclasses.replace`` does, without running ``__init__`` again: the values are
    already checked, and a replay makes millions of these copies (about six times cheaper).

    >>> evolve(SuspensionRecord(stopped_on=date(2026, 7, 1), by_seq=3), by_seq=4).by_seq
    4
    >>> evolve(SuspensionRecord(stopped_on=date(2026, 7, 1), by_seq=3), seq=4)
    Traceback (most recent call last):
    ...
    TypeError: SuspensionRecord has no field seq
    """
    return evolved(value, changes)


def evolved(value: V, changes: Mapping[str, Any]) -> V:
    """``evolve(value, **changes)`` for changes already gathered in a mapping."""
    names = _field_names(type(value))  # type: ignore[arg-type]
    if not names.issuperset(changes):
        unknown = ", ".join(sorted(set(changes) - names))
        raise TypeError(f"{type(value).__name__} has no field {unknown}")
    values = value.__dict__.copy()  # a copy of a whole dict is far cheaper than refilling one
    values.update(changes)
    new = object.__new__(type(value))
    _set(new, "__dict__", values)  # frozen: the dataclass's own setattr refuses
    return new


_set = object.__setattr__


@cache
def _defaults(cls: type) -> tuple[dict[str, Any], int]:
    """The plain defaults of ``cls``'s fields (a default factory's field has none here) and
    the number of fields."""
    plain = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    return plain, len(fields(cls))


def assemble(cls: type[V], *parts: Mapping[str, Any]) -> V:
    """A new frozen dataclass ``cls`` from ``parts`` (field values; a later part wins) and the
    defaults of the fields they leave out, without running ``__init__``.

    The fast way to build a value from parts already checked (``Draft.start`` builds every
    deadline entry so): ``assemble(cls, a, b) == cls(**a, **b)`` whenever the latter is valid.
    A field with a default factory must be given.

    >>> assemble(ExtensionRecord, {"rule_id": "APR-14", "ground": "complex"}, {"by_seq": 3})
    ExtensionRecord(rule_id='APR-14', ground='complex', by_seq=3)
    >>> assemble(ExtensionRecord, {"rule_id": "APR-14", "by_seq": 3})
    Traceback (most recent call last):
    ...
    TypeError: ExtensionRecord needs the fields ground
    """
    kind: Any = cls  # hashable, as every class is (the type checker doubts it of type[V])
    defaults, count = _defaults(kind)
    values = defaults.copy()
    for part in parts:
        values.update(part)
    if len(values) != count or not _field_names(kind).issuperset(values):
        names = _field_names(kind)
        unknown, missing = set(values) - names, names - set(values)
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        raise TypeError(f"{cls.__name__} needs the fields {', '.join(sorted(missing))}")
    new = object.__new__(cls)
    _set(new, "__dict__", values)
    return new


def built(cls: type[V], values: dict[str, Any]) -> V:
    """A value of ``cls`` whose fields are ``values``, taken as they are (the dict becomes the
    value's own): ``assemble`` without its check, for the few hot paths that write every field
    name out beside the class (a deadline started or closed, a consequence, a routing answer).
    ``tests/unit/cases/test_fast_values.py`` compares what they build with the constructors.
    """
    new = _new(cls)
    _set(new, "__dict__", values)
    return new


_new = object.__new__


@dataclass(frozen=True)
class SuspensionRecord:
    """One stop of a deadline's clock, with its legal basis (``resumed_on`` None: still stopped)."""

    stopped_on: date
    by_seq: int
    resumed_on: date | None = None
    legal_basis: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""


@dataclass(frozen=True)
class ExtensionRecord:
    """An extension rule applied on a recorded ground (e.g. APR-14, complex-issues)."""

    rule_id: str
    ground: str
    by_seq: int


@dataclass(frozen=True)
class DeadlineEntry:
    """One time limit of the case: the facts it was computed from and its lifecycle.

    ``organisation_reason`` is empty when the rule book's responsibility table says who must
    act (``cases.organisations``); it holds the reason when an event named another actor.
    """

    key: str
    rule_id: str
    requested_rule: str
    organisation: Organisation
    status: Status
    started_on: Moment
    due: Moment
    nominal_end: Moment
    alert_on: Moment
    maximum: bool
    law_date: date
    rule_set_version: str
    opened_by_seq: int
    organisation_reason: str = ""
    crisis: str | None = None
    extensions: tuple[ExtensionRecord, ...] = ()
    suspensions: tuple[SuspensionRecord, ...] = ()
    closed_by_seq: int | None = None
    closed_reason: str | None = None
    #: When it was closed: the closing event's moment, or for a lapse the moment it ran out.
    closed_at: datetime | None = None
    recomputed_by_seq: tuple[int, ...] = ()

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def ends_at(self) -> datetime:
        return due_end(self.due)


@dataclass(frozen=True)
class Consequence:
    """A legal consequence the system recorded (lapse of a deadline, late act, routing change)."""

    code: str
    text: str
    seq: int
    on: Moment
    rule_id: str | None = None
    key: str | None = None
    legal_basis: str | None = None


@dataclass(frozen=True)
class Decision:
    """The first-instance decision and what follows from it for appeal and right to remain."""

    outcome: str
    taken_at: datetime
    taken_seq: int
    notified_at: datetime | None = None
    inadmissibility_ground: str | None = None
    appeal_rule: str | None = None  # NL-APR-18 / NL-APR-19 / None (no appeal)
    right_to_remain: bool = True  # APR Art. 68(2); False in the Art. 68(3) cases
    final: bool = False


@dataclass(frozen=True)
class Appeal:
    against: str
    lodged_at: datetime
    seq: int
    late: bool = False
    suspensive: bool = False
    outcome: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class DublinTrack:
    """The responsibility procedure: requests, replies, transfer."""

    role: Literal["requesting", "requested"] | None = None
    partner_state: str | None = None
    request: Literal["take-charge", "take-back", "humanitarian"] | None = None
    #: The legal provision the request rests on (a code of ``statistics.codes.provisions``).
    legal_provision: str | None = None
    hit: Literal["take-charge", "take-back"] | None = None
    hit_based: bool = False
    sent_at: datetime | None = None
    received_at: datetime | None = None
    reply: Literal["pending", "accepted", "refused", "accepted-by-silence", "confirmed"] | None = (
        None
    )
    accepted_on: Moment | None = None
    #: When the reply was sent or received (or the request was accepted by silence).
    replied_at: datetime | None = None
    transfer_decision_at: datetime | None = None
    transfer_decision_notified_at: datetime | None = None
    suspensive_appeal_pending: bool = False
    transferred_at: datetime | None = None
    responsible_state: str | None = None
    responsibility_basis: str | None = None
    #: The crisis decision of the member state responsible that suspends transfers to it
    #: (CFMR Art. 12(4), ``cases.crisis_transfers``); None once it agreed to receive the person.
    transfer_suspended_by: str | None = None
    #: When the person another state transferred to the Netherlands arrived (the requested
    #: side of AMMR Art. 46(1), ``cases.dublin_arrivals``).
    arrived_at: datetime | None = None


@dataclass(frozen=True)
class Routing(Verdict):
    """What ``law.routing.route`` answered the last time the facts changed (the verdict a case
    keeps, ``law.routing.verdict``), and the event that asked."""

    by_seq: int


@dataclass(frozen=True)
class CaseState:
    """A case as its events made it (see the module text)."""

    case_id: str
    seq: int = 0
    stage: str = "new"
    first_event_at: datetime | None = None
    last_event_at: datetime | None = None
    person: Person | None = None
    family: FamilyGroup | None = None
    screening_form: ScreeningForm | None = None
    facts: Facts = Facts()  # noqa: RUF009  # a frozen value, shared safely
    routing: Routing | None = None
    procedure: str = "undetermined"
    examination: str = "undetermined"
    responsibility_regime: str = "undetermined"
    screening: str | None = None
    screening_started_at: datetime | None = None
    screening_completed_at: datetime | None = None
    made_at: datetime | None = None
    #: The application is a subsequent one (APR Art. 55), after the case ``previous_case_id``
    #: (None: not known).
    subsequent: bool = False
    previous_case_id: str | None = None
    registered_at: datetime | None = None
    lodged_at: datetime | None = None
    decision: Decision | None = None
    #: First-instance decisions annulled on appeal, oldest first (the statistics count them).
    annulled_decisions: tuple[Decision, ...] = ()
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
    reception_needs: ReceptionNeeds | None = None
    procedural_guarantees_signal: bool | None = None
    #: The IND office that handles the case (a code of ``cases.ind_offices``).
    ind_office: str | None = None
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
        return [d for d in self.deadlines if d.rule_id in rule_ids and d.status in RUNNING]


def initial_state(case_id: str) -> CaseState:
    """The state of a case before its first event (``CaseState(case_id=case_id)``).

    A copy of one blank state with the case's id: the constructor sets its 37 fields one by
    one, frozen, and cost about as much as replaying an event (every default is immutable, so
    the copies may share them).
    """
    return evolved(_BLANK, {"case_id": case_id})


_BLANK = CaseState(case_id="")
