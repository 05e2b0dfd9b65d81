"""The deadline ledger of one case, while one event is being applied.

``Draft`` collects what an event changes — state fields, deadlines started, met, lapsed,
cancelled, suspended, resumed or extended, consequences and notes — and turns them into the next
``CaseState`` in one step. Every period is computed by the rule book of the ``Law`` the case
is decided under (``law.rulebook.deadline``); this module never counts a day itself.

A recomputation (after a
suspension, a resumption or an extension) asks the rule book again with the deadline's start,
law date and whole ledger; ``cases.explain`` shows the same computation step by step.

A period counted in days (or weeks, months, years) ends on the same day whatever the hour it
starts, so a period started is remembered by the law per rule, start day, law date and crisis
decision (``started_period``): a replay of many cases counts each such period once.

Which law applies: by default the rule set in force on the day the period starts; a Dublin III
period uses the registration date, because applications registered before 1 July 2026 stay under
Dublin III (AMMR Art. 84(2)); a replay may impose another law date for every period it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.eventbase import Event
from migrationpact.cases.explain import explain
from migrationpact.cases.late import record_late_after_lapse
from migrationpact.cases.organisations import who
from migrationpact.cases.state import (
    RUNNING,
    CaseState,
    Consequence,
    DeadlineEntry,
    ExtensionRecord,
    SuspensionRecord,
    assemble,
    evolve,
    evolved,
    minute,
)
from migrationpact.law.crisis import CrisisDecision, CrisisError
from migrationpact.law.law import Law
from migrationpact.law.periods import PeriodError
from migrationpact.law.rulebook import RuleBookError, RuleDeadline, deadline
from migrationpact.law.rulebook.schema import Kind

MomentT = date | datetime

#: Rule kinds that are not periods: ``Draft.start`` starts nothing for them.
_NO_PERIOD = (Kind.NO_DAY_COUNT, Kind.APPLICABILITY, Kind.COMPOSITE)


def day_of(moment: MomentT) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class StartedPeriod:
    """What a new deadline entry takes from the rule book's answer."""

    rule_id: str
    requested_rule: str
    in_hours: bool
    due: MomentT
    nominal_end: MomentT
    alert_on: MomentT
    maximum: bool
    law_date: date
    rule_set_version: str
    crisis: str | None

    @classmethod
    def of(cls, computed: RuleDeadline) -> StartedPeriod:
        result = computed.result
        return cls(
            rule_id=computed.rule.id,
            requested_rule=computed.requested.id,
            in_hours=result.length.in_hours,
            due=result.end,
            nominal_end=result.nominal_end,
            alert_on=result.alert_on,
            maximum=result.maximum,
            law_date=computed.law_date,
            rule_set_version=computed.rule_set.version,
            crisis=computed.crisis.id if computed.crisis else None,
        )

    @cached_property
    def entry_fields(self) -> dict[str, Any]:
        """The fields of a ``DeadlineEntry`` this period gives (computed once: the law remembers
        a period, and every entry started on it reads them; not to be changed)."""
        return {name: self.__dict__[name] for name in _ENTRY_FIELDS}

    @cached_property
    def prototype(self) -> DeadlineEntry:
        """The open entry this period gives, with the organisation the responsibility table
        names. ``Draft.start`` copies it with the entry's key, start and event (the law date
        stands in for the start here): a copy costs half of building an entry anew."""
        fixed = {
            "key": self.rule_id,
            "organisation": who(self.rule_id)[0],
            "status": "open",
            "started_on": self.law_date,
            "opened_by_seq": 0,
        }
        return assemble(DeadlineEntry, self.entry_fields, fixed)


_ENTRY_FIELDS = tuple(f.name for f in fields(StartedPeriod) if f.name != "in_hours")


def started_period(
    law: Law, rule_id: str, start: MomentT, law_date: date, crisis: CrisisDecision | None
) -> StartedPeriod | None:
    """The period of ``rule_id`` started at ``start``; None when the rule in force is not a
    period. Errors of the rule book, crisis register and period engine propagate."""
    key = ("day", rule_id, day_of(start), isinstance(start, datetime), law_date, crisis)
    period = law.remembered("periods", key, lambda: _count(law, rule_id, start, law_date, crisis))
    if period is not None and period.in_hours:  # the end depends on the moment
        exact = ("moment", rule_id, start, law_date, crisis)
        period = law.remembered(
            "periods", exact, lambda: _count(law, rule_id, start, law_date, crisis)
        )
    return period


def _count(
    law: Law, rule_id: str, start: MomentT, law_date: date, crisis: CrisisDecision | None
) -> StartedPeriod | None:
    rule, _ = law.book.resolve(rule_id, law_date)
    if rule.kind in _NO_PERIOD:
        return None
    computed = deadline(
        rule_id, start=start, law_date=law_date, crisis=crisis, book=law.book,
        calendar=law.calendar,
    )  # fmt: skip
    return StartedPeriod.of(computed)


class Draft:
    """What one event changes; ``finish()`` gives the new state.

    ``seq`` (the event's number in the case), ``at`` (its moment) and ``kind`` (its type) are
    read by nearly every handler, so they are plain attributes. ``law_date``: replay under the
    rule set of this date for every period started.
    """

    __slots__ = (
        "_positions", "at", "consequences", "deadlines", "event", "kind", "law", "law_date",
        "notes", "seq", "state", "updates",
    )  # fmt: skip

    def __init__(
        self, state: CaseState, event: Event, law: Law, law_date: date | None = None
    ) -> None:
        self.state = state
        self.event = event
        self.law = law
        self.law_date = law_date
        self.seq: int = state.seq + 1
        self.at: datetime = event.occurred_at
        self.kind: str = event.type
        self.updates: dict[str, Any] = {}
        self.deadlines: list[DeadlineEntry] = list(state.deadlines)
        self.consequences: list[Consequence] = list(state.consequences)
        self.notes: list[str] = list(state.notes)
        #: Each deadline key's place in ``deadlines``, built when first asked for.
        self._positions: dict[str, int] | None = None

    # -- state fields ---------------------------------------------------------------------

    def get(self, name: str) -> Any:
        return self.updates[name] if name in self.updates else getattr(self.state, name)

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
        self.consequences.append(
            Consequence(
                code=code,
                text=text,
                seq=self.seq,
                on=on if on is not None else self.at,
                rule_id=rule_id,
                key=key,
                legal_basis=basis,
            )
        )

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

    def _key(self, rule_id: str) -> str:
        taken = self._places()
        if rule_id not in taken:
            return rule_id
        n = 2
        while f"{rule_id}#{n}" in taken:
            n += 1
        return f"{rule_id}#{n}"

    def _law_date(self, rule_id: str, start: MomentT, law_date: date | None) -> date:
        if self.law_date is not None:
            return self.law_date
        if law_date is not None:
            return law_date
        if rule_id.startswith("D3-"):
            registered = self.get("registered_at")
            if registered is not None:
                return day_of(registered)  # AMMR Art. 84(2): Dublin III by registration date
        return day_of(start)

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
        begin = start if start is not None else self.at
        law = self._law_date(rule_id, begin, law_date)
        decision = self.crisis(crisis_id) if crisis_applies else None
        if decision is not None and not decision.covers(day_of(begin)):
            decision = None
        try:
            period = started_period(self.law, rule_id, begin, law, decision)
        except (RuleBookError, CrisisError, PeriodError) as exc:
            if not quiet:
                self.note(f"{rule_id} not started: {exc}")
            return None
        if period is None:
            return None
        key = self._key(period.rule_id)
        prototype = period.prototype
        entry = evolve(prototype, key=key, started_on=begin, opened_by_seq=self.seq)
        if organisation is not None and organisation != prototype.organisation:
            reason = f"{organisation} must act in this case ({self.kind})"
            entry = evolve(entry, organisation=organisation, organisation_reason=reason)
        self._places()[key] = len(self.deadlines)
        self.deadlines.append(entry)
        return entry

    def close(self, entry: DeadlineEntry, status: str, reason: str) -> DeadlineEntry:
        """Close ``entry`` by this event; a lapse is dated the moment the period ran out."""
        at = entry.ends_at if status == "lapsed" else self.at
        closed = evolve(
            entry, status=status, closed_by_seq=self.seq, closed_reason=reason, closed_at=at
        )
        self._replace(entry, closed)
        return closed

    def meet(self, *rule_ids: str, reason: str | None = None) -> list[DeadlineEntry]:
        """Close the running deadlines of ``rule_ids`` as met by this event (one met after its
        end says so, and ``cases.lateness`` counts by how much); an act whose deadline the lapse
        job had already closed gets a ``late-step`` consequence (``cases.late``)."""
        done = []
        for entry in self.running(*rule_ids):
            why = reason or f"{self.kind} on {minute(self.at)}"
            if self.at >= entry.ends_at:
                why += f" — after the deadline ended ({entry.due})"
            done.append(self.close(entry, "met", why))
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

    # -- result ---------------------------------------------------------------------------

    def finish(self) -> CaseState:
        state, at, changes = self.state, self.at, dict(self.updates)
        last = state.last_event_at
        changes["seq"] = self.seq
        changes["first_event_at"] = state.first_event_at or at
        changes["last_event_at"] = at if last is None or at > last else last
        changes["deadlines"] = tuple(self.deadlines)
        # Consequences and notes are only ever added: the same count is the same tuple.
        if len(self.consequences) != len(state.consequences):
            changes["consequences"] = tuple(self.consequences)
        if len(self.notes) != len(state.notes):
            changes["notes"] = tuple(self.notes)
        return evolved(state, changes)
