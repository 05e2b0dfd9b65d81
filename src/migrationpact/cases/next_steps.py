"""What can be recorded on a case now, and which open deadline each step would meet.

The state machine alone knows whether it accepts an event: the preconditions are in each
event's handler (``machine.decide``), and the rule book says which period an event starts but
not which one it ends. So ``next_steps`` does not restate either; it *asks the machine*. For
every kind of event a person records (the catalogue's, without those only the system records),
it builds a few probe events from the kind's own model — each required field filled with a
value its type allows: every choice of a ``Literal``, yes and no, an empty nested form, the
key of each running deadline for a clock stop, a member state — all dated at the moment ``at``,
and lets ``decide`` apply them to the state. ``decide`` is pure, so a probe changes nothing.

A kind is *acceptable now* when at least one probe is accepted. The deadlines it would meet are
read off the machine's answer: those running before the probe and met after it
(``compare.changed_by``, the one comparison of a case's deadlines). The steps that meet a
deadline come first, the one meeting the most urgent deadline (the earliest end) first; the
others follow in the catalogue's order, the main steps of the procedure before the rest. Asked
for one organisation (``acting``), the steps that meet a deadline that organisation must act on
come first: the IND, which may record every event, is not sent to COA's reception information
before its own next step.

A refusal of every probe is an answer about the probes, not a proof that no event of that kind
could be recorded (a payload the probes do not try may be accepted): the pages therefore still
offer every form a person may use, the acceptable ones first.

>>> from datetime import datetime
>>> from migrationpact.cases.events import parse_event
>>> from migrationpact.cases.machine import replay
>>> state = replay("C-1", [parse_event({"type": "application_made",
...     "occurred_at": "2026-07-06T10:00", "entry": "in-territory",
...     "facts": {"nationality": "SYR", "age": 30}})])
>>> steps = next_steps(state, at=datetime(2026, 7, 7, 9, 0))
>>> [(s.type, [d.key for d in s.meets]) for s in steps[:3]]  # RCD-01: 3 days, APR-01: 5
[('reception_information_given', ['RCD-01']), ('application_registered', ['APR-01']), \
('vulnerability_assessed', ['APR-25', 'RCD-02'])]
>>> "decision_taken" in {s.type for s in steps}  # not before lodging (APR Art. 35)
False
>>> next_steps(state, at=datetime(2026, 7, 7, 9, 0), acting="IND")[0].type  # IND's own first
'application_registered'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice, product
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from migrationpact.cases.catalogue import Catalogue, EventKind
from migrationpact.cases.compare import changed_by
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.eventbase import Event
from migrationpact.cases.events import CATALOGUE
from migrationpact.cases.machine import decide
from migrationpact.cases.state import RUNNING, CaseState, DeadlineEntry
from migrationpact.law.law import Law

__all__ = ["NextStep", "next_steps", "probes"]

#: At most this many probes of one kind (the product of its fields' values is small today).
MAX_PROBES = 48

#: Values for required fields whose type alone says too little (free text, a code, a list of
#: deadline keys), by field name; each gives the values to try on ``state``.
_SAMPLES: dict[str, Callable[[CaseState], tuple[Any, ...]]] = {
    "member_state": lambda state: (state.dublin.partner_state or "DEU",),
    "basis": lambda state: ("AMMR Art. 16",),
    "reason": lambda state: ("-",),
    "deadlines": lambda state: tuple([d.key] for d in state.deadlines if d.is_running),
    "legal_basis": lambda state: ([{"instrument": "APR", "article": "1"}],),
}


@dataclass(frozen=True)
class NextStep:
    """An event type the machine would accept now, and the running deadlines it would meet
    (most urgent first)."""

    type: str
    meets: tuple[DeadlineEntry, ...] = ()

    @property
    def most_urgent(self) -> DeadlineEntry | None:
        return self.meets[0] if self.meets else None


def _values(name: str, annotation: Any, state: CaseState) -> tuple[Any, ...]:
    """The values a probe tries for one required field; () when none can be made."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if annotation is bool:
        return (True, False)
    if name in _SAMPLES:
        return _SAMPLES[name](state)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ({},)  # a nested form with nothing filled in, where the model allows it
    return ()


def probes(kind: EventKind, state: CaseState, at: datetime) -> Iterator[Event]:
    """Valid events of ``kind`` at ``at``: every combination of its required fields' values."""
    required = {
        name: field.annotation
        for name, field in kind.model.model_fields.items()
        if field.is_required() and name not in ("type", "occurred_at")
    }
    names = list(required)
    choices = [_values(name, required[name], state) for name in names]
    for combination in islice(product(*choices), MAX_PROBES):
        data = {"type": kind.type, "occurred_at": at, **dict(zip(names, combination, strict=True))}
        try:
            yield kind.model.model_validate(data)
        except ValidationError:
            continue


def _met(state: CaseState, after: CaseState) -> list[DeadlineEntry]:
    return [
        c.current
        for c in changed_by(state.deadlines, after.deadlines)
        if c.current is not None
        and c.current.status in RUNNING
        and c.replayed is not None
        and c.replayed.status == "met"
    ]


def _try(kind: EventKind, state: CaseState, at: datetime, law: Law) -> NextStep | None:
    accepted = False
    met: dict[str, DeadlineEntry] = {}
    for event in probes(kind, state, at):
        try:
            after = decide(state, event, law=law)
        except TransitionError:
            continue
        accepted = True
        met.update((entry.key, entry) for entry in _met(state, after))
    if not accepted:
        return None
    return NextStep(kind.type, tuple(sorted(met.values(), key=lambda d: (d.ends_at, d.key))))


def next_steps(
    state: CaseState,
    *,
    at: datetime,
    law: Law | None = None,
    acting: str | None = None,
    catalogue: Catalogue = CATALOGUE,
) -> list[NextStep]:
    """The event types the machine would accept on ``state`` at ``at``: those that meet a
    running deadline first, by the most urgent one, then the rest, main steps first.

    ``acting``: the organisation that asks (``"IND"``, ``"COA"``, …); the steps that meet a
    deadline it must act on itself come before those that meet only another's.
    """
    if state.closed or state.seq == 0:
        return []
    law = law or Law.default()
    order = {kind.type: (kind.form != "main", i) for i, kind in enumerate(catalogue)}
    steps = [
        step
        for kind in catalogue
        if kind.type not in catalogue.system_only
        and (step := _try(kind, state, at, law)) is not None
    ]

    def urgency(step: NextStep) -> tuple[Any, ...]:
        own = [d for d in step.meets if d.organisation == acting]
        if own:
            return (0, own[0].ends_at, order[step.type])
        if step.meets:
            return (1, step.meets[0].ends_at, order[step.type])
        return (2, datetime.max, order[step.type])

    return sorted(steps, key=urgency)
