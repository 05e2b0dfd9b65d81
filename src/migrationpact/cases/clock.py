"""The deadline ledger of one case while its events are being applied.

``Draft`` collects what an event changes — state fields, deadlines started, met, lapsed,
cancelled, suspended, resumed or extended, consequences and notes. Every period is computed by
the rule book of the ``Law`` the case is decided under (``law.rulebook.deadline``); this module
never counts a day itself.

One draft serves all the events of a replay: ``begin(event)`` starts an event, the handler
changes the draft, ``commit()`` folds the event's changes into the case, ``undo()`` drops them
(a recorded step kept without effect), and ``finish()`` gives the frozen ``CaseState`` once, at
the end. ``decide`` is the same with one event. A handler reads the case as it was before its
event through ``draft.state`` and as changed so far through ``draft.get`` and ``draft.view()``.

A recomputation (after a suspension, a resumption or an extension) asks the rule book again with
the deadline's start, law date and whole ledger; ``cases.explain`` shows the same computation
step by step. A period started is remembered by the law (``cases.started``): a replay of many
cases counts each period once.

Which law applies: by default the rule set in force on the day the period starts; a Dublin III
period uses the registration date, because applications registered before 1 July 2026 stay under
Dublin III (AMMR Art. 84(2)); a replay may impose another law date for every period it starts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.eventbase import Event
from migrationpact.cases.explain import explain
from migrationpact.cases.late import record_late_after_lapse
from migrationpact.cases.started import MomentT, StartedPeriod, day_of, started_period
from migrationpact.cases.state import (
    RUNNING,
    CaseState,
    Consequence,
    DeadlineEntry,
    ExtensionRecord,
    SuspensionRecord,
    built,
    evolve,
    evolved,
    minute,
)
from migrationpact.law.crisis import CrisisDecision, CrisisError
from migrationpact.law.law import Law
from migrationpact.law.periods import PeriodError
from migrationpact.law.rulebook import RuleBookError

#: What a law's cache gives for a key it does not hold (None is an answer: not a period).
_NONE: Any = object()


class Draft:
    """The case while its events are applied; ``finish()`` gives the frozen state.

    ``state`` is the case as it was before the current event. It is the draft's own
    ``CaseState``, whose fields ``commit`` updates in place between events (a new frozen state
    for every event was most of a replay's cost): read it during the event, never keep it.
    ``seq`` (the event's number in the case), ``at`` (its moment) and ``kind`` (its type) are
    read by nearly every handler, so they are plain attributes. ``law_date``: replay under the
    rule set of this date for every period started.
    """

    __slots__ = (
        "_changed", "_fields", "_periods", "_positions", "at", "consequences", "deadlines",
        "event", "kind", "law", "law_date", "notes", "seq", "state", "updates",
    )  # fmt: skip

    event: Event
    seq: int
    at: datetime
    kind: str

    def __init__(self, state: CaseState, law: Law, law_date: date | None = None) -> None:
        self.state = evolved(state, {})  # a copy: its fields change as the events are committed
        self._fields: dict[str, Any] = self.state.__dict__
        self.law = law
        self._periods = law.memory("periods")  # the periods it has counted (``cases.started``)
        self.law_date = law_date
        self.updates: dict[str, Any] = {}
        self.deadlines: list[DeadlineEntry] = list(state.deadlines)
        self.consequences: list[Consequence] = list(state.consequences)
        self.notes: list[str] = list(state.notes)
        #: Each deadline key's place in ``deadlines``, built when first asked for.
        self._positions: dict[str, int] | None = None
        #: Whether the current event changed ``deadlines``.
        self._changed = False

    # -- one event at a time --------------------------------------------------------------

    def begin(self, event: Event) -> None:
        """Start applying ``event`` to the case as committed so far."""
        self.event = event
        self.seq = self._fields["seq"] + 1
        self.at = event.occurred_at
        self.kind = event.type
        self.updates = {}

    def undo(self) -> None:
        """Drop what the current event changed so far; the event stays begun."""
        state = self.state
        self.updates = {}
        if self._changed:
            self.deadlines = list(state.deadlines)
            self._positions = None
            self._changed = False
        # Consequences and notes are only ever added: the count before is the list before.
        del self.consequences[len(state.consequences) :]
        del self.notes[len(state.notes) :]

    def commit(self) -> None:
        """Fold the current event's changes into ``state``: the next event reads them."""
        fields, at = self._fields, self.at
        if self.updates:
            fields.update(self.updates)
        fields["seq"] = self.seq
        if fields["first_event_at"] is None:
            fields["first_event_at"] = at
        last = fields["last_event_at"]
        if last is None or at > last:
            fields["last_event_at"] = at
        if self._changed:
            fields["deadlines"] = tuple(self.deadlines)
            self._changed = False
        if len(self.consequences) != len(fields["consequences"]):
            fields["consequences"] = tuple(self.consequences)
        if len(self.notes) != len(fields["notes"]):
            fields["notes"] = tuple(self.notes)

    def finish(self, *, last: bool = False) -> CaseState:
        """The case as its committed events made it, frozen. ``last``: the draft takes no more
        events, so its own state is given, not a copy (``decide`` makes a draft per event)."""
        if last:
            return self.state
        return evolved(self.state, {})  # a copy: the draft's own state may change further

    # -- state fields ---------------------------------------------------------------------

    def get(self, name: str) -> Any:
        updates = self.updates
        return updates[name] if name in updates else self._fields[name]

    def set(self, **values: Any) -> None:
        self.updates.update(values)

    def refuse(self, rule: str, reason: str, /, **params: str) -> TransitionError:
        """The refusal of this event: ``reason`` is an English template, ``params`` its values.

        Give the reason as a string literal (``%(name)s`` for each value) so the catalog
        extraction finds it and the web can show it in Dutch (``cases.errors``).
        """
        return TransitionError(rule, self.kind, reason, params)

    def note(self, text: str) -> None:
        self.notes.append(f"#{self.seq} {self.kind}: {text}")

    def consequence(
        self,
        code: str,
        text: str,
        *,
        rule_id: str | None = None,
        key: str | None = None,
        basis: str | None = None,
        on: MomentT | None = None,
    ) -> None:
        moment = on if on is not None else self.at
        values = {"code": code, "text": text, "seq": self.seq, "on": moment, "rule_id": rule_id,
                  "key": key, "legal_basis": basis}  # fmt: skip
        self.consequences.append(built(Consequence, values))  # checked parts: no __init__

    def crisis(self, crisis_id: str | None = None) -> CrisisDecision | None:
        """The Council implementing decision the facts name, from the crisis register."""
        wanted = crisis_id if crisis_id is not None else self.get("facts").crisis
        if wanted is None:
            return None
        try:
            return self.law.crisis(wanted)
        except CrisisError as exc:
            raise self.refuse("CFMR Art. 4(3)", str(exc)) from None

    # -- deadlines ------------------------------------------------------------------------

    def running(self, *rule_ids: str) -> list[DeadlineEntry]:
        # The rule first: most entries are of other rules, and it is the cheaper test.
        return [d for d in self.deadlines if d.rule_id in rule_ids and d.status in RUNNING]

    def _places(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {d.key: i for i, d in enumerate(self.deadlines)}
        return self._positions

    def find(self, key: str) -> DeadlineEntry | None:
        place = self._places().get(key)
        return None if place is None else self.deadlines[place]

    def _replace(self, old: DeadlineEntry, new: DeadlineEntry) -> None:
        self.deadlines[self._places()[old.key]] = new
        self._changed = True

    def _key(self, rule_id: str) -> str:
        taken = self._places()
        if rule_id not in taken:
            return rule_id
        n = 2
        while f"{rule_id}#{n}" in taken:
            n += 1
        return f"{rule_id}#{n}"

    def _law_date(self, rule_id: str, day: date, law_date: date | None) -> date:
        if self.law_date is not None:
            return self.law_date
        if law_date is not None:
            return law_date
        if rule_id[:3] == "D3-":
            registered = self.get("registered_at")
            if registered is not None:
                return day_of(registered)  # AMMR Art. 84(2): Dublin III by registration date
        return day

    def start(
        self,
        rule_id: str,
        start: MomentT | None = None,
        *,
        law_date: date | None = None,
        organisation: str | None = None,
        crisis_id: str | None = None,
        quiet: bool = False,
        crisis_applies: bool = True,
    ) -> DeadlineEntry | None:
        """Start the period of ``rule_id``; a rule not in force is noted, not started.

        ``crisis_applies=False``: a Council decision for the Netherlands does not change this
        period (another state's reply or confirmation, CFMR Art. 12(2); a transfer under
        Art. 12(4))."""
        # The common case read inline (a replay starts a period for most events): no crisis
        # named, the law date the start's own day.
        begin = start if start is not None else self.at
        moment = isinstance(begin, datetime)
        day = begin.date() if isinstance(begin, datetime) else begin  # narrowed for the checker
        if self.law_date is None and law_date is None and rule_id[:3] != "D3-":
            law = day  # what ``_law_date`` says of it
        else:
            law = self._law_date(rule_id, day, law_date)
        decision = None
        if crisis_applies and (crisis_id is not None or self.get("facts").crisis is not None):
            decision = self.crisis(crisis_id)
            if decision is not None and not decision.covers(day):
                decision = None
        # ``started_period``'s own key, looked up here first: nearly every period is known.
        period = self._periods.get(("day", rule_id, day, moment, law, decision), _NONE)
        if period is _NONE or (period is not None and period.in_hours):
            try:
                period = started_period(self.law, rule_id, begin, law, decision, day)
            except (RuleBookError, CrisisError, PeriodError) as exc:
                if not quiet:
                    self.note(f"{rule_id} not started: {exc}")
                return None
        if period is None:
            return None
        places = self._places()
        key = period.rule_id
        if key in places:
            key = self._key(key)
        # ``period.entry(key, begin, seq)``, inline: a replay starts a period for most events.
        values = period.prototype.__dict__.copy()
        values["key"], values["started_on"], values["opened_by_seq"] = key, begin, self.seq
        entry = built(DeadlineEntry, values)
        if organisation is not None and organisation != entry.organisation:
            reason = f"{organisation} must act in this case ({self.kind})"
            entry = evolve(entry, organisation=organisation, organisation_reason=reason)
        places[key] = len(self.deadlines)
        self.deadlines.append(entry)
        self._changed = True
        return entry

    def close(self, entry: DeadlineEntry, status: str, reason: str) -> DeadlineEntry:
        """Close ``entry`` by this event; a lapse is dated the moment the period ran out."""
        # ``evolved`` without its check of the field names: these four are the entry's own.
        values = entry.__dict__.copy()
        values["status"], values["closed_by_seq"] = status, self.seq
        values["closed_reason"] = reason
        values["closed_at"] = entry.ends_at if status == "lapsed" else self.at
        closed = built(DeadlineEntry, values)
        self._replace(entry, closed)
        return closed

    def meet(self, *rule_ids: str, reason: str | None = None) -> list[DeadlineEntry]:
        """Close the running deadlines of ``rule_ids`` as met by this event (one met after its
        end says so, and ``cases.lateness`` counts by how much); an act whose deadline the lapse
        job had already closed gets a ``late-step`` consequence (``cases.late``)."""
        done = []
        lapsed = False
        # One walk of the ledger finds both; closing replaces an entry in place (the list keeps
        # its length), and a closed entry is met, so it is not one of the lapsed ones.
        for entry in self.deadlines:
            if entry.rule_id not in rule_ids:
                continue
            status = entry.status
            if status in RUNNING:
                why = reason or f"{self.kind} on {minute(self.at)}"
                if self.at >= entry.ends_at:
                    why += f" — after the deadline ended ({entry.due})"
                done.append(self.close(entry, "met", why))
            elif status == "lapsed":
                lapsed = True
        if lapsed:
            record_late_after_lapse(self, *rule_ids)
        return done

    def cancel(self, *rule_ids: str, reason: str) -> None:
        for entry in self.running(*rule_ids):
            self.close(entry, "cancelled", reason)

    def cancel_all(self, reason: str) -> None:
        for entry in [d for d in self.deadlines if d.is_running]:
            self.close(entry, "cancelled", reason)

    def recompute(self, entry: DeadlineEntry) -> DeadlineEntry:
        """The entry computed afresh from its start, law date and whole ledger."""
        if any(s.resumed_on is None for s in entry.suspensions):
            return entry  # end unknown while the clock is stopped; keep the last computed one
        try:
            computed = explain(entry, self.law)
        except CrisisError as exc:
            raise self.refuse("CFMR Art. 4(3)", str(exc)) from None
        new = evolve(
            entry,
            **StartedPeriod.of(computed).entry_fields,
            status="open" if entry.status == "suspended" else entry.status,
            closed_by_seq=None,
            closed_reason=None,
            closed_at=None,
            recomputed_by_seq=(*entry.recomputed_by_seq, self.seq),
        )
        self._replace(entry, new)
        return new

    def suspend(self, entry: DeadlineEntry, basis: list[dict[str, Any]], reason: str) -> None:
        record = SuspensionRecord(
            stopped_on=self.at.date(), legal_basis=basis, reason=reason, by_seq=self.seq
        )
        new = evolve(entry, status="suspended", suspensions=(*entry.suspensions, record))
        self._replace(entry, new)

    def resume(self, entry: DeadlineEntry) -> DeadlineEntry:
        *rest, last = entry.suspensions
        closed = evolve(last, resumed_on=self.at.date())
        return self.recompute(evolve(entry, suspensions=(*rest, closed)))

    def extend(self, entry: DeadlineEntry, rule_id: str, ground: str) -> DeadlineEntry:
        record = ExtensionRecord(rule_id=rule_id, ground=ground, by_seq=self.seq)
        new = evolve(entry, extensions=(*entry.extensions, record))
        self._replace(entry, new)
        try:
            return self.recompute(new)
        except RuleBookError as exc:
            raise self.refuse(rule_id, str(exc)) from None

    def view(self) -> CaseState:
        """The state as changed so far (for reading only)."""
        return evolve(self.state, **self.updates, deadlines=tuple(self.deadlines))
