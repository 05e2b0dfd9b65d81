"""The case histories the load generator drives through the API, dated in the recent past.

Two real sequences the state machine accepts (the same as ``tests/integration/store/flows.py``):
a border screening that ends in a decision (``TO_DECISION``, opened by KMar, the rest by IND)
and a Dublin take charge that ends in a transfer (``TO_TRANSFER``, all IND). Each case starts on
a day between about five months and two and a half months ago, so every event lies in the past
and the open deadlines of a half-driven case are overdue or due soon: the worklist has work in it.
A pool of such plans is built before the load, each checked with ``machine.replay``; a plan the
machine would refuse (none expected) is left out and counted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import parse_event
from migrationpact.cases.machine import replay

#: One step: days after the start, the hour, the organisation recording it, the event's fields.
Step = tuple[int, int, str, dict[str, Any]]

TO_DECISION: list[Step] = [
    (0, 10, "KMar", {"type": "screening_started", "entry": "border-crossing",
                     "location": "Ter Apel"}),
    (2, 16, "IND", {"type": "screening_completed", "referral": "registration-authority",
                    "form": {"names": ["Amal", "Haddad"], "nationality": "{nationality}",
                             "applied_for_asylum": True,
                             "reason_for_screening": "border-crossing"}}),
    (2, 17, "IND", {"type": "application_made",
                    "facts": {"nationality": "{nationality}", "age": "{age}"}}),
    (3, 9, "IND", {"type": "application_registered"}),
    (9, 10, "IND", {"type": "application_lodged"}),
    (28, 10, "IND", {"type": "interview_held"}),
    (57, 10, "IND", {"type": "decision_taken", "outcome": "refugee-status"}),
    (58, 10, "IND", {"type": "decision_notified"}),
]  # fmt: skip

TO_TRANSFER: list[Step] = [
    (0, 10, "IND", {"type": "application_made", "entry": "in-territory",
                    "facts": {"nationality": "{nationality}", "age": "{age}"}}),
    (2, 9, "IND", {"type": "application_registered"}),
    (2, 12, "IND", {"type": "eurodac_hit_received", "purpose": "take-charge",
                    "member_state": "DEU"}),
    (14, 10, "IND", {"type": "take_charge_request_sent", "member_state": "DEU",
                     "hit_based": True}),
    (28, 10, "IND", {"type": "reply_received", "outcome": "accepted"}),
    (35, 10, "IND", {"type": "transfer_decision_taken"}),
    (36, 10, "IND", {"type": "transfer_decision_notified"}),
    (71, 10, "IND", {"type": "transfer_carried_out"}),
]  # fmt: skip

FLOWS: dict[str, list[Step]] = {"to-decision": TO_DECISION, "to-transfer": TO_TRANSFER}
NATIONALITIES = ["SYR", "AFG", "ERI", "YEM", "TUR", "IRQ"]


@dataclass(frozen=True)
class PlannedEvent:
    """One event of a planned case: its JSON body and the organisation that records it."""

    body: dict[str, Any]
    organisation: str


def _fill(value: Any, facts: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, facts) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, facts) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return facts[value[1:-1]]
    return value


def plan(flow: list[Step], start: date, facts: dict[str, Any]) -> list[PlannedEvent]:
    """The flow's events dated from ``start``, with ``facts`` (nationality, age) filled in."""
    out = []
    for days, hour, org, fields in flow:
        moment = datetime.combine(start + timedelta(days=days), time(hour))
        body = {"type": fields["type"], "occurred_at": moment.strftime("%Y-%m-%dT%H:%M")}
        body.update(_fill({k: v for k, v in fields.items() if k != "type"}, facts))
        out.append(PlannedEvent(body, org))
    return out


def accepted(case_id: str, events: list[PlannedEvent]) -> bool:
    """Whether the state machine accepts the whole sequence."""
    try:
        replay(case_id, [parse_event(e.body) for e in events])
    except (TransitionError, ValueError):
        return False
    return True


class Planner:
    """A pool of dated case plans (flow, start day, facts), each accepted by the machine."""

    def __init__(self, today: date, seed: int, size: int = 60) -> None:
        rng = random.Random(seed)
        self.pool: list[tuple[str, list[PlannedEvent]]] = []
        self.refused = 0
        names = list(FLOWS)
        while len(self.pool) < size:
            name = names[len(self.pool) % len(names)]
            flow = FLOWS[name]
            start = today - timedelta(days=flow[-1][0] + 7 + rng.randrange(90))
            facts = {"nationality": rng.choice(NATIONALITIES), "age": rng.randint(18, 60)}
            events = plan(flow, start, facts)
            if accepted("C-PROBE", events):
                self.pool.append((name, events))
            else:
                self.refused += 1
                if self.refused > size:
                    raise RuntimeError("the state machine refuses most planned cases")

    def next(self, rng: random.Random) -> tuple[str, list[PlannedEvent]]:
        """A plan from the pool: (flow name, events)."""
        return rng.choice(self.pool)
