"""Routing inside a case: asking ``law.routing`` which procedure applies, and keeping the
procedure's deadlines in step with the answer.

The case keeps the routing facts (``law.routing.Facts``) gathered from its events: how the
person came (screening or application), nationality and age, the officer's findings, the dates of
making and registration. Routing is asked again whenever those facts change. Its answer decides
the procedure (border or regular), the examination (accelerated or regular) and the
responsibility regime (AMMR or Dublin III), and which time limits the events start.

When a new answer changes the procedure of a registered case, the deadlines follow: a case that
leaves the border procedure (APR Art. 53(2)) loses APR-06 and APR-16 and gets the ordinary
lodging period APR-04 (if not yet lodged); once entry has been authorised the border procedure
cannot start again (APR Art. 43(1)).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import FactsUpdate
from migrationpact.cases.state import RUNNING, Routing, built
from migrationpact.law.codes import STORED
from migrationpact.law.law import Law
from migrationpact.law.routing import Facts
from migrationpact.law.routing.verdict import Verdict
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.schema import StartEvent

BORDER_RULES = ("APR-06", "APR-16", "APR-17")
LODGING_RULES = ("APR-04", "APR-06", "APR-06b", "APR-05")
EXAMINATION_RULES = ("APR-09", "APR-10", "APR-12", "APR-13", "APR-15")


def merge_facts(draft: Draft, update: FactsUpdate | None, **more: Any) -> None:
    """Record the non-empty fields of ``update`` (and ``more``) in the case's routing facts."""
    facts: Facts = draft.get("facts")
    values = {**facts.__dict__, **more}  # a model's __dict__ holds its fields, all plain values
    if update is not None:
        values.update({k: v for k, v in update.__dict__.items() if v is not None})
    person = draft.get("person")
    if values.get("nationality") is None and person is not None and person.nationality:
        values["nationality"] = person.nationality
    made = draft.get("made_at") or draft.get("screening_started_at") or draft.at
    if values.get("age") is None and person is not None:
        values["age"] = person.age_on(made.date())
    try:
        draft.set(facts=checked_facts(draft.law, values))
    except ValueError as exc:
        first = str(exc).splitlines()
        raise draft.refuse("routing facts", first[-1].strip() if first else str(exc)) from None


def checked_facts(law: Law, values: dict[str, Any]) -> Facts:
    """``Facts`` of ``values``, checked once for each set of values ``law`` meets (many cases
    share them); the same facts are then the same object, which routing finds at once.

    The codes were checked when the events were recorded (``law.codes.STORED``). The key holds
    each value's type too, so ``1`` and ``True`` (equal in Python) are told apart.
    """
    # Names, values and types side by side: no pair built for each field.
    key = (tuple(values), tuple(values.values()), tuple(map(type, values.values())))
    try:
        found: Facts | None = law.memory("facts").get(key)  # without a closure: nearly always
    except TypeError:  # a value that cannot be a key: ``remembered`` checks it every time
        found = None
    if found is not None:
        return found
    return law.remembered("facts", key, lambda: Facts.model_validate(values, context=STORED))


def ask_routing(draft: Draft) -> Verdict:
    """Route the facts as they stand and store the answer in the case (what it keeps of it,
    ``law.routing.verdict``)."""
    facts: Facts = draft.get("facts")
    crisis = draft.crisis() if facts.crisis is not None else None  # what it says of no crisis
    result = draft.law.verdict(facts, crisis=crisis)
    procedure = result.procedure
    if draft.get("entry_authorised") and procedure == "border":
        procedure = "regular"  # APR Art. 43(1): the border procedure needs no entry authorised
    routing = {**result.__dict__, "by_seq": draft.seq}  # a verdict's fields, and the event
    draft.set(
        routing=built(Routing, routing),  # checked parts, every field: no __init__
        procedure=procedure,
        examination=result.examination,
        responsibility_regime=result.responsibility_regime,
        screening=result.screening,
    )
    return result


def start_routed(draft: Draft, result: Verdict, event: StartEvent, **kw: Any) -> None:
    """Start the time limits routing lists whose rule starts on ``event``."""
    day = draft.law_date or draft.at.date()
    key = (result.deadlines, day, event)
    starting = draft.law.memory("routed").get(key)  # found without a closure nearly always
    if starting is None:
        starting = draft.law.remembered(
            "routed", key, lambda: _starting_on(draft.law.book, result.deadlines, day, event)
        )
    if not starting:
        return
    # What ``draft.running(rule_id)`` would say for each, the ledger walked once.
    running = {d.rule_id for d in draft.deadlines if d.status in RUNNING}
    for rule_id in starting:
        if rule_id not in running:
            entry = draft.start(rule_id, **kw)
            if entry is not None:
                running.add(entry.rule_id)


def _starting_on(
    book: RuleBook, rule_ids: tuple[str, ...], day: date, event: StartEvent
) -> tuple[str, ...]:
    """Those of ``rule_ids`` whose rule in force on ``day`` starts on ``event``."""
    versions = [(rule_id, book.version_on(rule_id, day)) for rule_id in rule_ids]
    return tuple(r for r, v in versions if v is not None and v.rule.start_event == event)


def start_procedure(draft: Draft) -> None:
    """At registration (or when routing first decides): the lodging and border periods."""
    registered = draft.get("registered_at")
    procedure = draft.get("procedure")
    relocated = draft.get("facts").entry == "relocation"
    if procedure == "border":
        if draft.get("lodged_at") is None:
            draft.start("APR-06", registered)
        draft.start("APR-17" if relocated else "APR-16", registered)
    elif procedure == "regular" and draft.get("lodged_at") is None:
        draft.start("APR-04", registered)
    elif procedure == "undetermined":
        missing = ", ".join(draft.get("routing").missing_facts) or "unknown"
        draft.note(f"procedure undetermined (missing facts: {missing}); no lodging period started")


def start_examination(draft: Draft, start: Any = None) -> None:
    """On lodging: the examination period for the examination routing decided."""
    exam = draft.get("examination")
    if exam == "accelerated":
        draft.start("APR-12", start)
    elif exam == "regular":
        draft.start("APR-13", start)
    else:
        draft.note(f"examination {exam}: no examination period started until facts decide it")


def sync_procedure(draft: Draft, before: str, before_exam: str) -> None:
    """After re-routing a registered case: follow a change of procedure or examination."""
    after = draft.get("procedure")
    if draft.get("registered_at") is None:
        return
    if after != before:
        if before == "border":
            draft.cancel(
                *BORDER_RULES,
                reason=f"procedure changed from border to {after} (APR Art. 53(2), 43(1))",
            )
        if before == "regular":
            draft.cancel("APR-04", reason=f"procedure changed to {after}")
        draft.consequence(
            "procedure-changed",
            f"routing changed the procedure from {before} to {after}",
            basis="APR Art. 43-53",
        )
        start_procedure(draft)
    lodged = draft.get("lodged_at")
    exam = draft.get("examination")
    if lodged is not None and exam != before_exam and draft.get("decision") is None:
        draft.cancel("APR-12", "APR-13", reason=f"examination changed to {exam} (APR Art. 42)")
        start_examination(draft, lodged)


def registration_day(draft: Draft) -> date | None:
    registered = draft.get("registered_at")
    return registered.date() if registered is not None else None
