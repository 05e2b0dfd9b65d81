"""The deadline ledger of one case, while one event is being applied.

``Draft`` collects what an event changes — state fields, deadlines started, met, lapsed,
cancelled, suspended, resumed or extended, consequences and notes — and turns them into the next
``CaseState`` in one step. Every period is computed by the rule book
(``law.rulebook.deadline``); this module never counts a day itself. A recomputation (after a
suspension, a resumption or an extension) asks the rule book again with the deadline's start,
law date and whole ledger, so the derivation always shows every entry with its legal basis.

Which law applies: by default the rule set in force on the day the period starts; a Dublin III
period uses the registration date, because applications registered before 1 July 2026 stay under
Dublin III (AMMR Art. 84(2)); a replay may impose another law date for every period it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import AnyEvent
from migrationpact.cases.memo import DeadlineParts, deadline_parts
from migrationpact.cases.normal import (
    CONSEQUENCE_PLAIN,
    construct,
    is_normal,
    normal_moment,
    normal_state,
    round_trip,
)
from migrationpact.cases.organisations import who
from migrationpact.cases.state import (
    ORGANISATIONS,
    CaseState,
    Consequence,
    DeadlineEntry,
    ExtensionRecord,
    SuspensionRecord,
)
from migrationpact.law.crisis import CrisisDecision, CrisisError, CrisisRegister
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods import PeriodError, Suspension
from migrationpact.law.rulebook import RuleBook, RuleBookError, RuleDeadline, deadline

MomentT = date | datetime


def day_of(moment: MomentT) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass
class Draft:
    """What one event changes; ``finish()`` gives the new state."""

    state: CaseState
    event: AnyEvent
    book: RuleBook
    law_date: date | None = None  # replay: the rule set of this date for every period started
    crises: CrisisRegister | None = None
    updates: dict[str, Any] = field(default_factory=dict)
    deadlines: list[DeadlineEntry] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Ids of the deadline entries known to be JSON-normal (``cases.normal``), all alive here.
    _normal: set[int] = field(default_factory=set, init=False)
    _from_normal: bool = field(default=False, init=False)  # the state is known to be normal

    def __post_init__(self) -> None:
        self.deadlines = list(self.state.deadlines)
        self.consequences = list(self.state.consequences)
        self.notes = list(self.state.notes)
        self._from_normal = is_normal(self.state)
        if self._from_normal:
            self._normal = {id(d) for d in self.deadlines}

    # -- state fields ---------------------------------------------------------------------

    @property
    def seq(self) -> int:
        return self.state.seq + 1

    @property
    def at(self) -> datetime:
        return self.event.occurred_at

    @property
    def kind(self) -> str:
        return self.event.type

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
        values = {
            "code": code,
            "text": text,
            "rule_id": rule_id,
            "key": key,
            "legal_basis": basis,
            "seq": self.seq,
            "on": normal_moment(on if on is not None else self.at),
        }
        item = construct(Consequence, values)
        if CONSEQUENCE_PLAIN is not None and CONSEQUENCE_PLAIN(item):
            self._normal.add(id(item))  # already what its JSON form reads back as
        else:
            raw = on if on is not None else self.at
            item = Consequence.model_validate({**values, "on": raw})
        self.consequences.append(item)

    def crisis(self, crisis_id: str | None = None) -> CrisisDecision | None:
        """The Council implementing decision the facts name, from the crisis register."""
        wanted = crisis_id if crisis_id is not None else self.get("facts").crisis
        if wanted is None:
            return None
        register = self.crises if self.crises is not None else CrisisRegister.load()
        try:
            return register.get(wanted)
        except CrisisError as exc:
            raise self.refuse("CFMR Art. 4(3)", str(exc)) from None

    # -- deadlines ------------------------------------------------------------------------

    def running(self, *rule_ids: str) -> list[DeadlineEntry]:
        return [d for d in self.deadlines if d.is_running and d.rule_id in rule_ids]

    def find(self, key: str) -> DeadlineEntry | None:
        return next((d for d in self.deadlines if d.key == key), None)

    def _replace(self, old: DeadlineEntry, new: DeadlineEntry) -> None:
        index = next(i for i, d in enumerate(self.deadlines) if d.key == old.key)
        self.deadlines[index] = new

    def _key(self, rule_id: str) -> str:
        taken = {d.key for d in self.deadlines}
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
        registered = self.get("registered_at")
        if rule_id.startswith("D3-") and registered is not None:
            return day_of(registered)  # AMMR Art. 84(2): Dublin III governs by registration date
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
    ) -> DeadlineEntry | None:
        """Start the period of ``rule_id``; a rule not in force is noted, not started."""
        begin = start if start is not None else self.at
        law = self._law_date(rule_id, begin, law_date)
        decision = self.crisis(crisis_id)
        if decision is not None and not decision.covers(day_of(begin)):
            decision = None
        try:
            parts = deadline_parts(
                rule_id, start=begin, law_date=law, crisis=decision, book=self.book
            )
        except (RuleBookError, CrisisError, PeriodError) as exc:
            if not quiet:
                self.note(f"{rule_id} not started: {exc}")
            return None
        if parts is None:
            return None
        org, reason = who(parts.rule_id)
        if organisation is not None and organisation != org:
            org, reason = organisation, f"{organisation} must act in this case ({self.kind})"
        entry = _new_entry(parts, self._key(parts.rule_id), begin, org, reason, self.seq)
        self.deadlines.append(entry)
        self._normal.add(id(entry))
        return entry

    def close(self, entry: DeadlineEntry, status: str, reason: str) -> DeadlineEntry:
        update = {"status": status, "closed_by_seq": self.seq, "closed_reason": reason}
        if id(entry) in self._normal and type(status) is str and type(reason) is str:
            # A normal entry has every field set; str and int values are their own JSON form.
            closed = construct(DeadlineEntry, {**entry.__dict__, **update})
            self._normal.add(id(closed))
        else:
            closed = entry.model_copy(update=update)
        self._replace(entry, closed)
        return closed

    def meet(self, *rule_ids: str, reason: str | None = None) -> list[DeadlineEntry]:
        """Close the running deadlines of ``rule_ids`` as met by this event (late ones say so)."""
        done = []
        for entry in self.running(*rule_ids):
            why = reason or f"{self.kind} on {self.at:%Y-%m-%d %H:%M}"
            if self.at >= entry.ends_at:
                why += f" — after the deadline ended ({entry.due})"
            done.append(self.close(entry, "met", why))
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
        computed = deadline(
            entry.requested_rule,
            start=entry.started_on,
            law_date=entry.law_date,
            crisis=self.crisis(entry.crisis) if entry.crisis else None,
            extensions=[(e.rule_id, e.ground) for e in entry.extensions],
            suspensions=[_suspension(s) for s in entry.suspensions],
            book=self.book,
        )
        fresh = _entry(
            key=entry.key,
            computed=computed,
            start=entry.started_on,
            organisation=entry.organisation,
            reason=entry.organisation_reason,
            seq=entry.opened_by_seq,
        )
        new = fresh.model_copy(
            update={
                "status": "open" if entry.status == "suspended" else entry.status,
                "extensions": entry.extensions,
                "suspensions": entry.suspensions,
                "recomputed_by_seq": (*entry.recomputed_by_seq, self.seq),
            }
        )
        self._replace(entry, new)
        return new

    def suspend(self, entry: DeadlineEntry, basis: list[dict[str, Any]], reason: str) -> None:
        record = SuspensionRecord(
            stopped_on=self.at.date(), legal_basis=basis, reason=reason, by_seq=self.seq
        )
        new = entry.model_copy(
            update={"status": "suspended", "suspensions": (*entry.suspensions, record)}
        )
        self._replace(entry, new)

    def resume(self, entry: DeadlineEntry) -> DeadlineEntry:
        *rest, last = entry.suspensions
        closed = last.model_copy(update={"resumed_on": self.at.date()})
        return self.recompute(entry.model_copy(update={"suspensions": (*rest, closed)}))

    def extend(self, entry: DeadlineEntry, rule_id: str, ground: str) -> DeadlineEntry:
        record = ExtensionRecord(rule_id=rule_id, ground=ground, by_seq=self.seq)
        new = entry.model_copy(update={"extensions": (*entry.extensions, record)})
        self._replace(entry, new)
        try:
            return self.recompute(new)
        except RuleBookError as exc:
            raise self.refuse(rule_id, str(exc)) from None

    def view(self) -> CaseState:
        """The state as changed so far (not validated; for reading only)."""
        values = {**self.updates, "deadlines": tuple(self.deadlines)}
        if self._from_normal:  # every field set, as ``model_copy`` would keep them
            return construct(CaseState, {**self.state.__dict__, **values})
        return self.state.model_copy(update=values)

    # -- result ---------------------------------------------------------------------------

    def finish(self) -> CaseState:
        first = self.state.first_event_at or self.at
        last = max(self.state.last_event_at or self.at, self.at)
        update = {
            **self.updates,
            "seq": self.seq,
            "first_event_at": first,
            "last_event_at": last,
            "deadlines": tuple(self.deadlines),
            "consequences": tuple(self.consequences),
            "notes": tuple(self.notes),
        }
        # The state exactly as a rebuild reads it back from its JSON (``cases.normal``): from a
        # normal state only what this event changed takes the round trip, else all of it.
        if not self._from_normal:
            return round_trip(self.state.model_copy(update=update))
        changes = {**self.updates, "seq": self.seq, "first_event_at": first, "last_event_at": last}
        return normal_state(
            self.state,
            changes,
            deadlines=self.deadlines,
            consequences=self.consequences,
            notes=self.notes,
            known=self._normal,
        )


def _suspension(record: SuspensionRecord) -> Suspension:
    basis = tuple(
        LegalBasis(
            b["instrument"], b["article"], b.get("paragraph"), b.get("point"), b.get("subparagraph")
        )
        for b in record.legal_basis
    )
    return Suspension(record.stopped_on, record.resumed_on, basis, record.reason)


def _new_entry(
    parts: DeadlineParts, key: str, start: MomentT, organisation: str, reason: str, seq: int
) -> DeadlineEntry:
    """A new open entry, built in its JSON-normal form (as ``_entry`` and a round trip give)."""
    values = {
        "key": key,
        "rule_id": parts.rule_id,
        "requested_rule": parts.values["requested_rule"],
        "title": parts.values["title"],
        "organisation": organisation,
        "organisation_reason": reason,
        "status": "open",
        "started_on": normal_moment(start),
        **{name: parts.values[name] for name in _PART_FIELDS},
        "derivation": parts.derivation_from(start),
        "consequence": parts.values["consequence"],
        "crisis": parts.values["crisis"],
        "extensions": (),
        "suspensions": (),
        "opened_by_seq": seq,
        "closed_by_seq": None,
        "closed_reason": None,
        "recomputed_by_seq": (),
    }
    if organisation not in ORGANISATIONS:  # validation refuses it, as it always did
        return DeadlineEntry.model_validate(values)
    return construct(DeadlineEntry, values)


_PART_FIELDS = ("due", "nominal_end", "alert_on", "maximum", "law_date", "rule_set_version",
                "verified", "legal_basis")  # fmt: skip


def _entry(
    *,
    key: str,
    computed: RuleDeadline,
    start: MomentT,
    organisation: str,
    reason: str,
    seq: int,
) -> DeadlineEntry:
    result = computed.result
    return DeadlineEntry.model_validate(
        {
            "key": key,
            "rule_id": computed.rule.id,
            "requested_rule": computed.requested.id,
            "title": computed.rule.title.en,
            "organisation": organisation,
            "organisation_reason": reason,
            "status": "open",
            "started_on": start,
            "due": result.end,
            "nominal_end": result.nominal_end,
            "alert_on": result.alert_on,
            "maximum": result.maximum,
            "law_date": computed.law_date,
            "rule_set_version": computed.rule_set.version,
            "verified": computed.verified,
            "legal_basis": computed.legal_basis(),
            "derivation": computed.to_dict(),
            "consequence": computed.rule.consequence or computed.requested.consequence,
            "crisis": computed.crisis.id if computed.crisis else None,
            "opened_by_seq": seq,
        }
    )
