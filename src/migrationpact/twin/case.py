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
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import AnyEvent, parse_event
from migrationpact.cases.lapses import DeadlineLapsed
from migrationpact.cases.machine import decide, due_lapses
from migrationpact.cases.state import CaseState, initial_state
from migrationpact.law.law import Law

#: Called with (the day a deadline lapsed, its rule id, the consequence code).
LapseSink = Callable[[date, str, str], None]
#: Called with the type of an event the machine refused.
RefusalSink = Callable[[str], None]


class SimCase:
    """A case's state and the clock that places simulated days on the calendar."""

    __slots__ = ("decided", "history", "law", "on_lapse", "on_refusal", "origin", "state")

    def __init__(
        self,
        case_id: str,
        law: Law,
        origin: datetime,
        on_lapse: LapseSink,
        on_refusal: RefusalSink,
        keep_events: bool = False,
    ) -> None:
        self.state: CaseState = initial_state(case_id)
        #: The events decided, in order, when kept (the benchmark replays them alone).
        self.history: list[AnyEvent] | None = [] if keep_events else None
        self.law, self.origin = law, origin
        self.on_lapse, self.on_refusal = on_lapse, on_refusal
        self.decided = 0  # events decided, lapses included (the benchmark's unit)

    def moment(self, t: float) -> datetime:
        """Simulated day ``t`` on the calendar, to the second (as a state keeps moments)."""
        return (self.origin + timedelta(days=t)).replace(microsecond=0)

    def settle(self, until: date) -> None:
        """Record every deadline that lapsed up to the end of ``until``."""
        if self.state.seq == 0 or self.state.closed:
            return
        while found := due_lapses(self.state, as_of=until):
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
        if at < (self.state.last_event_at or at):
            at = self.state.last_event_at or at
        self.settle(at.date() - timedelta(days=1))
        if self.state.closed:
            return False
        event = parse_event({**data, "occurred_at": at.isoformat()})
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
