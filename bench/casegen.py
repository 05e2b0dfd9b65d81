"""Realistic case histories for the store benchmark, every one of them decided by the real machine.

A *template* is one case history built from a seeded story (border procedure, regular procedure
in the territory, Dublin take charge / take back with transfer, a request received from another
state), driven event by event through ``machine.decide``. Between two events the daily lapse job
is played as the store plays it (``machine.due_lapses`` up to the day before, ``deadline_lapsed``
recorded by the system actor with the store's idempotency key), so every open deadline left at
the end has not ended yet. An event the machine refuses (e.g. a reply that came after acceptance
by silence) is left out, as a caseworker's refused request would be. The events happen between
2026-07-01 and 2027-06-30; the data set stands on ``TODAY`` (2027-07-01), the day the worklist is
asked for. The story's first event on or after ``TODAY`` (else a harmless routine event) is kept
as the case's *next event*, for the append benchmark, when ``decide`` accepts it.

``bench.caseload`` replicates the templates to many cases under fresh case ids (same dates, same
projections except the case id, the hash chain recomputed with the store's own function).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import AnyEvent, parse_event
from migrationpact.cases.machine import decide, due_lapses
from migrationpact.cases.state import CaseState, initial_state
from migrationpact.jsontext import dumps
from migrationpact.law.law import Law
from migrationpact.store.eventstore import SYSTEM_ACTOR, SYSTEM_ORGANISATION
from migrationpact.store.projections import deadline_rows, state_row
from migrationpact.store.records import split_event
from migrationpact.store.tables import deadlines, json_columns

FIRST_DAY = datetime(2026, 7, 1, 8, 0)
LAST_START = datetime(2027, 6, 28, 8, 0)
TODAY = date(2027, 7, 1)
NOW = datetime.combine(TODAY, time())
JSON_COLUMNS = json_columns(deadlines)

HIGH_RATE = ["SYR", "AFG", "ERI", "YEM", "SOM", "SDN", "IRN", "IRQ", "TUR", "XXA"]
LOW_RATE = ["BGD", "MAR", "TUN", "DZA", "PAK", "GEO", "ALB", "EGY", "NGA", "IND"]
PARTNERS = ["DEU", "ITA", "ESP", "GRC", "BEL", "FRA", "AUT", "POL", "BGR", "HRV"]
PROVIDERS = ["VluchtelingenWerk", "Raad voor Rechtsbijstand", "Stichting Rechtsbijstand Asiel"]

#: One planned event: its JSON data (with ``occurred_at``) and the organisation recording it.
Step = tuple[dict[str, Any], str]


@dataclass(frozen=True)
class TemplateEvent:
    """One event of a template as the store records it (case id left to the replica)."""

    seq: int
    type: str
    payload: dict[str, Any]
    payload_json: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    organisation: str
    rule_set_version: str
    key_suffix: str | None  # idempotency key = ``prefix + case_id + suffix``; None: no key
    key_prefix: str


@dataclass(frozen=True)
class Template:
    """A decided case history with its projection rows, ready to be replicated."""

    case_id: str
    kind: str
    events: list[TemplateEvent]
    state: CaseState
    state_json: str
    state_columns: dict[str, Any]
    deadline_rows: list[dict[str, Any]]
    next_event: AnyEvent | None
    next_organisation: str


def _plain_facts(rng: random.Random, nationality: str) -> dict[str, Any]:
    return {
        "nationality": nationality,
        "age": rng.randint(18, 55),
        "unaccompanied": False,
        "security_risk": rng.random() < 0.02,
        "misled_authorities": rng.random() < 0.05,
        "special_needs_unsupported": False,
        "medical_grounds": False,
        "detention_guarantees_unmet": False,
        "border_capacity_reached": False,
        "annual_maximum_reached": False,
    }


class _Planner:
    """Builds a story's steps with a running clock (working hours, realistic gaps)."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.at = start
        self.steps: list[Step] = []

    def after(self, days: float, hours: float = 0.0) -> None:
        moment = self.at + timedelta(days=days, hours=hours)
        if moment.hour > 17:  # office hours: the next morning
            moment = (moment + timedelta(days=1)).replace(hour=self.rng.randint(8, 11))
        elif moment.hour < 8:
            moment = moment.replace(hour=self.rng.randint(8, 11))
        self.at = moment.replace(minute=self.rng.choice((0, 15, 30, 45)), second=0)

    def add(self, type_: str, org: str = "IND", **fields: Any) -> None:
        self.steps.append(({"type": type_, "occurred_at": self.at.isoformat(), **fields}, org))

    def days(self, low: int, high: int) -> None:
        self.after(self.rng.randint(low, high))


def _decision_part(p: _Planner, *, border: bool) -> None:
    """Lodging, interview, decision, notification and what may follow."""
    rng = p.rng
    p.days(*((2, 6) if border else (5, 16)))
    p.add("application_lodged")
    if rng.random() < 0.6:
        p.days(1, 4)
        p.add("responsibility_determined", basis="AMMR Art. 16(2) first state")
    p.days(*((7, 20) if border else (20, 60)))
    p.add("interview_held", kind="substantive")
    if not border and rng.random() < 0.1:
        p.days(60, 120)
        p.add("examination_extended", extension="APR-14", ground="complex-issues")
    p.days(*((7, 30) if border else (20, 120)))
    weights = (40, 30, 20, 10) if border else (10, 25, 45, 20)
    outcome = rng.choices(
        ["manifestly-unfounded", "unfounded", "refugee-status", "subsidiary-protection"], weights
    )[0]
    p.add("decision_taken", outcome=outcome)
    p.days(1, 3)
    p.add("decision_notified")
    if outcome in ("refugee-status", "subsidiary-protection"):
        p.days(14, 45)
        p.add("case_closed", reason="protection-granted")
    elif rng.random() < 0.35:
        p.days(2, 8)
        p.add("appeal_lodged", "court", against="decision", suspension_requested=border)
        p.days(20, 70)
        p.add("appeal_decided", "court", against="decision", outcome="dismissed")
    elif border:
        p.days(12, 20)
        p.add("return_border_procedure_started", "DTenV")


def _application(p: _Planner, entry: str, nationality: str, *, org: str) -> None:
    rng = p.rng
    p.add("application_made", org, entry=entry, facts=_plain_facts(rng, nationality))
    p.days(1, 3)
    p.add("application_registered", v_number=f"{rng.randrange(10**10):010d}")
    p.after(0, 1)
    p.add("biometrics_taken", "KMar")
    if rng.random() < 0.6:
        p.after(0, 3)
        p.add("legal_counselling_requested")
        p.days(1, 5)
        p.add("legal_counselling_provided", "other", provider=rng.choice(PROVIDERS))


def _assessment(p: _Planner) -> None:
    if p.rng.random() < 0.6:
        p.days(2, 8)
        needs = p.rng.choice(([], ["medical care"], ["adapted interview"]))
        p.add("vulnerability_assessed", "COA", assessment="both", needs=needs)


def border_story(p: _Planner) -> None:
    rng = p.rng
    nationality = rng.choice(LOW_RATE if rng.random() < 0.7 else HIGH_RATE)
    entry = rng.choice(("border-crossing", "sar-disembarkation", "border-crossing-point"))
    p.add("screening_started", "KMar", entry=entry, location=rng.choice(("Schiphol", "Ter Apel")))
    p.after(0, rng.randint(2, 8))
    p.add("application_made", "KMar", facts=_plain_facts(rng, nationality))
    p.days(1, 4)
    p.add(
        "screening_completed",
        "KMar",
        referral="registration-authority",
        form={"applied_for_asylum": True, "nationality": nationality},
    )
    p.days(0, 2)
    p.add("application_registered", v_number=f"{rng.randrange(10**10):010d}")
    p.after(0, 1)
    p.add("biometrics_taken", "KMar")
    _assessment(p)
    _decision_part(p, border=True)


def regular_story(p: _Planner) -> None:
    rng = p.rng
    _application(p, "in-territory", rng.choice(HIGH_RATE + LOW_RATE[:3]), org="IND")
    _assessment(p)
    _decision_part(p, border=False)


def dublin_story(p: _Planner) -> None:
    rng = p.rng
    _application(p, "in-territory", rng.choice(HIGH_RATE + LOW_RATE), org="IND")
    partner = rng.choice(PARTNERS)
    take_back = rng.random() < 0.3
    p.after(0, 4)
    purpose = "take-back" if take_back else "take-charge"
    p.add("eurodac_hit_received", purpose=purpose, member_state=partner)
    p.days(5, 20)
    if take_back:
        p.add("take_back_notification_sent", member_state=partner)
        p.days(3, 12)
        p.add("take_back_notification_confirmed", "other-member-state")
    else:
        p.add("take_charge_request_sent", member_state=partner, hit_based=True)
        p.days(3, 12)
        reply = rng.choices(["accepted", "refused", "silence"], (70, 15, 15))[0]
        if reply == "refused":
            p.add("reply_received", "other-member-state", outcome="refused")
            _decision_part(p, border=False)
            return
        if reply == "accepted":
            p.add("reply_received", "other-member-state", outcome="accepted")
        else:
            p.days(25, 35)  # nothing comes: acceptance by silence lapses in between
    p.days(5, 14)
    p.add("transfer_decision_taken")
    p.days(1, 2)
    p.add("transfer_decision_notified")
    if rng.random() < 0.1:
        p.days(2, 10)
        p.add("appeal_lodged", "court", against="transfer-decision", suspension_requested=False)
    if rng.random() < 0.1:
        p.days(10, 40)
        p.add("absconded", "COA")
        return
    p.days(20, 70)
    p.add("transfer_carried_out", "DTenV")
    p.days(1, 3)
    p.add("case_closed", reason="transferred")


def incoming_story(p: _Planner) -> None:
    rng = p.rng
    registered = p.at.date() - timedelta(days=rng.randint(10, 40))
    p.add(
        "take_charge_request_received",
        member_state=rng.choice(PARTNERS),
        hit_based=rng.random() < 0.5,
        registered_on=registered.isoformat(),
    )
    p.days(3, 12)
    p.add("reply_sent", outcome="accepted" if rng.random() < 0.8 else "refused")


STORIES: dict[str, tuple[Callable[[_Planner], None], int]] = {
    "border": (border_story, 30),
    "regular": (regular_story, 35),
    "dublin": (dublin_story, 25),
    "incoming": (incoming_story, 10),
}

#: Routine events that fit most open cases: the append benchmark's fallback.
ROUTINE: list[Step] = [
    ({"type": "interview_held", "kind": "substantive"}, "IND"),
    ({"type": "legal_counselling_requested"}, "IND"),
    ({"type": "facts_recorded", "facts": {"misled_authorities": False}}, "IND"),
]


def _recorded_at(occurred_at: datetime, rng: random.Random) -> datetime:
    """Naive UTC: local time minus two hours, plus a delay of a few minutes to a few hours."""
    return occurred_at - timedelta(hours=2) + timedelta(seconds=rng.randint(60, 4 * 3600))


class _Builder:
    """Drives one story through ``decide``, playing the daily lapse job in between."""

    def __init__(self, case_id: str, rng: random.Random, law: Law) -> None:
        self.case_id, self.rng, self.law = case_id, rng, law
        self.state = initial_state(case_id)
        self.events: list[TemplateEvent] = []

    def record(self, event: AnyEvent, org: str, recorded_at: datetime, system: bool) -> None:
        type_, occurred_at, payload = split_event(event)
        if system:
            key = getattr(event, "key", type_)
            due = getattr(event, "due", occurred_at)
            prefix, suffix, actor = "lapse:", f":{key}:{due.isoformat()}", SYSTEM_ACTOR
        else:
            prefix, suffix = "req:", f":{self.state.seq}"
            actor = f"{org.lower()}-{self.rng.randint(1, 40):02d}"
        payload_json = dumps(payload)
        if self.case_id in payload_json:
            raise ValueError(f"{self.case_id}: a payload names the case id")
        self.events.append(
            TemplateEvent(
                seq=self.state.seq,
                type=type_,
                payload=payload,
                payload_json=payload_json,
                occurred_at=occurred_at,
                recorded_at=recorded_at,
                actor=actor,
                organisation=SYSTEM_ORGANISATION if system else org,
                rule_set_version=self.law.book.at(occurred_at.date()).version,
                key_suffix=suffix,
                key_prefix=prefix,
            )
        )

    def lapses(self, as_of: date) -> None:
        job = datetime.combine(as_of + timedelta(days=1), time(0, 30)) - timedelta(hours=2)
        while found := due_lapses(self.state, as_of=as_of):
            self.state = decide(self.state, found[0], law=self.law)
            self.record(found[0], SYSTEM_ORGANISATION, job, system=True)

    def apply(self, data: dict[str, Any], org: str) -> bool:
        event = parse_event(data)
        if self.state.seq:
            self.lapses(event.occurred_at.date() - timedelta(days=1))
        try:
            self.state = decide(self.state, event, law=self.law)
        except TransitionError:
            return False
        self.record(event, org, _recorded_at(event.occurred_at, self.rng), system=False)
        return True

    def try_next(self, steps: list[Step]) -> tuple[AnyEvent | None, str]:
        story = [(d, o) for d, o in steps if d["occurred_at"] >= NOW.isoformat()][:1]
        later = NOW + timedelta(hours=9)
        routine = [({**d, "occurred_at": later.isoformat()}, o) for d, o in ROUTINE]
        for data, org in story + routine:
            event = parse_event(data)
            try:
                decide(self.state, event, law=self.law)
            except TransitionError:
                continue
            return event, org
        return None, "IND"


def build_template(case_id: str, rng: random.Random, law: Law | None = None) -> Template:
    """One story, decided event by event; the template holds the rows the store would hold."""
    law = law or Law.default()
    kind = rng.choices(list(STORIES), [w for _, w in STORIES.values()])[0]
    span = (LAST_START - FIRST_DAY).total_seconds()
    start = FIRST_DAY + timedelta(seconds=rng.uniform(0, span))
    planner = _Planner(rng, start.replace(minute=0, second=0, microsecond=0))
    STORIES[kind][0](planner)
    builder = _Builder(case_id, rng, law)
    for data, org in planner.steps:
        if data["occurred_at"] >= NOW.isoformat():
            break
        builder.apply(data, org)
    if builder.state.seq == 0:
        raise ValueError(f"{case_id}: the story's first event was refused")
    builder.lapses(TODAY - timedelta(days=1))
    next_event, next_org = (None, "IND")
    if not builder.state.closed:
        next_event, next_org = builder.try_next(planner.steps)
    state = builder.state
    row = state_row(state, updated_at=builder.events[-1].recorded_at)
    columns = {k: v for k, v in row.items() if k not in ("case_id", "state")}
    dl_rows = []
    for dl in deadline_rows(state, law):
        dl_rows.append({k: dumps(v) if k in JSON_COLUMNS else v for k, v in dl.items()})
    return Template(
        case_id=case_id,
        kind=kind,
        events=builder.events,
        state=state,
        state_json=dumps(row["state"]),
        state_columns=columns,
        deadline_rows=dl_rows,
        next_event=next_event,
        next_organisation=next_org,
    )


def template_ids(count: int, rng: random.Random) -> Iterator[str]:
    """Template case ids: ``C-`` and 12 upper-case hex digits, like ``service.new_case_id``."""
    seen: set[str] = set()
    while len(seen) < count:
        case_id = f"C-{rng.getrandbits(48):012X}"
        if case_id not in seen:
            seen.add(case_id)
            yield case_id


def build_templates(count: int, seed: int) -> list[Template]:
    """``count`` templates from a seeded RNG (the same seed gives the same histories)."""
    rng = random.Random(seed)
    law = Law.default()
    return [build_template(cid, rng, law) for cid in template_ids(count, random.Random(~seed))]
