"""One simulated person's case, decided by the real state machine, in memory.

``SimCase.record(t, data)`` turns a step of the simulation (at ``t`` days after the scenario's
start) into the real case event (``cases.events.parse_event``) and decides it with
``cases.machine.decide`` under the scenario's ``Law``. Before it, the daily lapse job is played
up to the day before, one lapse at a time as the store does (``due_lapses`` computes each
lapse's consequence from the state, so a later one may change once an earlier one is applied):
every deadline the rule book set that ran out is recorded as ``deadline_lapsed`` with the
consequence the law attaches, and counted by the kernel. An event the machine refuses (an
appeal after the appeal period lapsed, a transfer after the transfer period) is counted by its
type and left out, as a caseworker's refused request would be; the person's path goes on.

Two short cuts keep the simulation's own cost below the domain's, neither changing an answer:

* **Events read once per kind** (``Events``): the simulated steps repeat the same few contents
  (a type, a reply's outcome, a person's facts), only the moment differs. Each content is read
  through ``parse_event`` (every field validated) the first time; later events of that content
  are copies of it with their own moment (what ``model_copy`` would give, made directly). The
  moment is the only value not validated again, and it is valid by construction: a naive
  ``datetime`` to the second that the case itself computes from the simulated day
  (``SimCase.moment``), which is exactly what ``parse_event`` makes of its ISO text.
* **The next lapse known per ledger**: the lapse job is played before every event, but a
  deadline can only have run out when the earliest end of the open deadlines has passed. That
  end is computed once for each ledger (a case's ``deadlines`` tuple is replaced whenever a
  deadline changes), so on most days the job is one comparison instead of a walk of the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import AnyEvent, parse_event
from migrationpact.cases.lapses import DeadlineLapsed, lapse_horizon, lapse_moment
from migrationpact.cases.machine import decide, due_lapses
from migrationpact.cases.state import CaseState, DeadlineEntry, initial_state
from migrationpact.law.law import Law

#: Called with (the day a deadline lapsed, its rule id, the consequence code).
LapseSink = Callable[[date, str, str], None]
#: Called with the type of an event the machine refused.
RefusalSink = Callable[[str], None]


#: How many contents ``Events`` keeps before it starts afresh (a year's steps have a few hundred).
EVENT_KINDS = 4096
_MIDNIGHT = time()


def _content(value: Any) -> Hashable:
    """A key for an event's data: equal only for equal values of equal types (``True`` and
    ``1`` are equal in Python, not as facts), dictionaries and lists taken apart. Exact types
    are tested (cheaper than ``isinstance``): another mapping gives an unhashable key, and its
    event is read in full."""
    kind = type(value)
    if kind is dict:
        return (dict, tuple([(k, _content(v)) for k, v in value.items()]))
    if kind is list or kind is tuple:
        return (kind, tuple([_content(v) for v in value]))
    return (kind, value)


class Events:
    """The events of simulated steps, each content validated once (see the module text)."""

    __slots__ = ("_read",)

    def __init__(self) -> None:
        self._read: dict[Hashable, AnyEvent] = {}

    def make(self, data: Mapping[str, Any], at: datetime) -> AnyEvent:
        """The event ``data`` (without ``occurred_at``) at ``at``, a naive moment to the second;
        ``EventError`` as ``parse_event`` gives it."""
        key = _content(data)
        try:
            read = self._read.get(key)
        except TypeError:  # a value that cannot be a key: read in full every time
            return parse_event({**data, "occurred_at": at.isoformat()})
        if read is None:
            event = parse_event({**data, "occurred_at": at.isoformat()})
            if len(self._read) >= EVENT_KINDS:
                self._read.clear()
            self._read[key] = event
            return event
        return _at(read, at)


_new, _set = object.__new__, object.__setattr__


def _at(read: AnyEvent, at: datetime) -> AnyEvent:
    """``read.model_copy(update={"occurred_at": at})``, without pydantic's generic copy: an
    event has no extra and no private values (``extra="forbid"``; a test compares the two), so
    the copy is its fields with the moment replaced and the same fields set (the moment among
    them already, as it was read)."""
    values = read.__dict__.copy()
    values["occurred_at"] = at
    copied = _new(type(read))
    _set(copied, "__dict__", values)
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_fields_set__", set(read.__pydantic_fields_set__))
    _set(copied, "__pydantic_private__", None)
    return copied


class SimCase:
    """A case's state and the clock that places simulated days on the calendar.

    ``events``: the reader of events shared by the cases of a replication (a case of its own
    without it)."""

    __slots__ = (
        "_ledger", "_next_lapse", "decided", "events", "history", "law", "on_lapse",
        "on_refusal", "origin", "state",
    )  # fmt: skip

    def __init__(
        self,
        case_id: str,
        law: Law,
        origin: datetime,
        on_lapse: LapseSink,
        on_refusal: RefusalSink,
        keep_events: bool = False,
        events: Events | None = None,
    ) -> None:
        self.state: CaseState = initial_state(case_id)
        #: The events decided, in order, when kept (the benchmark replays them alone).
        self.history: list[AnyEvent] | None = [] if keep_events else None
        self.law, self.origin = law, origin
        self.on_lapse, self.on_refusal = on_lapse, on_refusal
        self.events = events if events is not None else Events()
        self.decided = 0  # events decided, lapses included (the benchmark's unit)
        #: The ledger ``_next_lapse`` was computed for, and the moment its first open deadline
        #: runs out (None: none open).
        self._ledger: tuple[DeadlineEntry, ...] | None = None
        self._next_lapse: datetime | None = None

    def moment(self, t: float) -> datetime:
        """Simulated day ``t`` on the calendar, to the second (as a state keeps moments)."""
        return (self.origin + timedelta(days=t)).replace(microsecond=0)

    def next_lapse(self) -> datetime | None:
        """The moment the first open deadline runs out (None: none is open)."""
        ledger = self.state.deadlines
        if ledger is not self._ledger:  # a new tuple whenever a deadline changed
            ends = [lapse_moment(d.due) for d in ledger if d.status == "open"]
            self._ledger, self._next_lapse = ledger, min(ends, default=None)
        return self._next_lapse

    def settle(self, until: date) -> None:
        """Record every deadline that lapsed up to the end of ``until``."""
        self._settle(lapse_horizon(as_of=until))

    def _settle(self, horizon: datetime) -> None:
        """Record every deadline that lapsed by ``horizon`` (``due_lapses(until=horizon)``)."""
        if self.state.seq == 0 or self.state.closed:
            return
        first = self.next_lapse()
        if first is None or first > horizon:
            return  # what ``due_lapses`` would find: nothing
        while found := due_lapses(self.state, until=horizon):
            lapse = found[0]
            assert isinstance(lapse, DeadlineLapsed)
            self.state = decide(self.state, lapse, law=self.law)
            self.decided += 1
            if self.history is not None:
                self.history.append(lapse)
            due = lapse.due
            day = due.date() if isinstance(due, datetime) else due
            self.on_lapse(day, lapse.rule_id, lapse.consequence)
            if self.state.closed:
                return

    def record(self, t: float, data: dict[str, Any]) -> bool:
        """Decide the event ``data`` at day ``t``; False when the machine refused it."""
        if self.state.closed:
            return False
        at = self.moment(t)
        last = self.state.last_event_at
        if last is not None and at < last:
            at = last
        # The lapse job up to the day before: every deadline ended by 00:00 of ``at``'s day.
        self._settle(datetime.combine(at.date(), _MIDNIGHT))
        if self.state.closed:
            return False
        event = self.events.make(data, at)
        try:
            self.state = decide(self.state, event, law=self.law)
        except TransitionError:
            self.on_refusal(str(data["type"]))
            return False
        self.decided += 1
        if self.history is not None:
            self.history.append(event)
        return True

    def deadline_due(self, rule_id: str) -> date | None:
        """The day an open deadline of ``rule_id`` ends, if the case has one open."""
        for entry in self.state.deadlines:
            if entry.key == rule_id and entry.status == "open" and entry.due is not None:
                due = entry.due
                return due.date() if isinstance(due, datetime) else due
        return None
