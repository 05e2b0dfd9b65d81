"""Deadlines by rule id: the rule book picks the law, the period engine counts.

``deadline("AMMR-01", start=...)`` looks the rule up in the rule set in force on the *law date*
(by default the start date; for a Dublin III case the registration date, since Dublin III keeps
governing applications registered before 1 July 2026), computes its period with the rule's
counting regime, and returns the period result together with the rule's title, legal basis,
rule-set version and verification status.

Three things can change the period, and each is recorded in the result:

- a **national choice**: where the EU sets a range (APR-18 appeal: 5–10 days), the Dutch rule
  implementing it (NL-APR-18) is used — provisional and unverified until the Dutch text is read;
- an **extension** whose condition is recorded, e.g. ``extensions=[("APR-14", "complex-issues")]``
  (a ground not listed in the law is refused);
- a **crisis decision** (``law.crisis``) covering the start date: CFMR rules then replace or
  extend the normal rule, and the result names the decision and the derogation.

>>> from datetime import date
>>> d = deadline("AMMR-01", start=date(2026, 8, 31))
>>> d.result.end, d.rule.id, d.verified
(datetime.date(2026, 11, 2), 'AMMR-01', True)
>>> d = deadline("APR-13", start=date(2026, 7, 1), extensions=[("APR-14", "complex-issues")])
>>> d.result.end
datetime.date(2027, 7, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from migrationpact.law.calendars import HolidayCalendar
from migrationpact.law.crisis import CrisisDecision, CrisisError
from migrationpact.law.periods import Deadline, Length, Moment, PeriodResult, Regime, Suspension
from migrationpact.law.rulebook.book import RuleBook, RuleSet, default_book
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.schema import Condition, Kind, Rule
from migrationpact.law.rulebook.situations import (
    check_situation,
    not_in_situation,
    situation_allows,
)
from migrationpact.law.text import Text


@dataclass(frozen=True)
class AppliedExtension:
    """An extension entered in the ledger, with the ground or derogation that allowed it."""

    rule: Rule
    ground: Condition | None
    derogation: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "length": self.rule.length,
            "ground": self.ground.key if self.ground else None,
            "ground_text": self.ground.text if self.ground else None,
            "derogation": self.derogation,
            "legal_basis": [c.to_dict() for c in self.rule.legal_basis],
        }


@dataclass(frozen=True)
class RuleDeadline:
    """A computed period plus the rule metadata that produced it."""

    requested: Rule
    rule: Rule  # the rule whose period was counted (a national or crisis rule may stand in)
    rule_set: RuleSet
    law_date: date
    result: PeriodResult
    crisis: CrisisDecision | None = None
    derogation: str | None = None
    extensions: tuple[AppliedExtension, ...] = ()
    notes: tuple[str, ...] = ()

    def rules(self) -> list[Rule]:
        found = {self.requested.id: self.requested, self.rule.id: self.rule}
        found.update({e.rule.id: e.rule for e in self.extensions})
        return list(found.values())

    @property
    def verified(self) -> bool:
        """True only when every rule involved, its counting and any crisis decision are checked."""
        return not self.unverified_reasons()

    def unverified_reasons(self) -> list[str]:
        """Why the deadline is not verified, one ``Text`` a reason (the rule book's notes are
        message ids of the catalog, like every text shown)."""
        reasons: list[str] = []
        for rule in self.rules():
            if not rule.verified:
                why = rule.verification.note or rule.verification.source
                reasons.append(Text("%(rule)s is UNVERIFIED: %(why)s", rule=rule.id, why=why))
            if rule.counting is not None and not rule.counting.verified:
                reasons.append(
                    Text(
                        "%(rule)s: counting rule UNVERIFIED: %(why)s",
                        rule=rule.id,
                        why=rule.counting.note,
                    )
                    if rule.counting.note
                    else Text("%(rule)s: counting rule UNVERIFIED", rule=rule.id)
                )
        if self.crisis is not None and not self.crisis.verified:
            reasons.append(Text("crisis decision %(id)s is UNVERIFIED", id=self.crisis.id))
        return reasons

    def legal_basis(self) -> list[dict[str, Any]]:
        """Every citation of every rule involved, once each, tagged with its rule."""
        seen: set[str] = set()
        out = []
        for rule in self.rules():
            for citation in rule.legal_basis:
                if citation.cite() not in seen:
                    seen.add(citation.cite())
                    out.append({**citation.to_dict(), "rule": rule.id})
        return out

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        data.update(
            {
                "rule": self.requested.id,
                "applied_rule": self.rule.id,
                "title": self.rule.title.model_dump(),
                "legal_basis": self.legal_basis(),
                "rule_set_version": self.rule_set.version,
                "law_date": self.law_date.isoformat(),
                "verified": self.verified,
                "unverified_reasons": self.unverified_reasons(),
                "consequence": self.rule.consequence or self.requested.consequence,
                "conditions": [c.model_dump() for c in self.rule.conditions],
                "crisis": None
                if self.crisis is None
                else {**self.crisis.to_dict(), "derogation_applied": self.derogation},
                "extensions": [e.to_dict() for e in self.extensions],
                "notes": list(self.notes),
            }
        )
        return data

    def explain(self) -> str:
        """Rule, basis, version, derivation and warnings, for a person to check."""
        rule = self.rule
        head = f"{self.requested.id}"
        if rule.id != self.requested.id:
            head += f" → {rule.id}"
        lines = [
            f"{head} — {rule.title.en} / {rule.title.nl}",
            "Legal basis: " + "; ".join(c["citation"] for c in self.legal_basis()),
            f"Rule set: {self.rule_set.short_version} (law in force on {self.law_date.isoformat()};"
            f" {self.rule_set.version})",
        ]
        if not self.verified:
            lines.insert(0, "UNVERIFIED — check the legal text before relying on this deadline.")
        lines.append(self.result.explain())
        for ext in self.extensions:
            why = f"ground: {ext.ground.text}" if ext.ground else f"derogation {ext.derogation}"
            cite = "; ".join(c.cite() for c in ext.rule.legal_basis)
            lines.append(f"Extension {ext.rule.id} (+{ext.rule.length}) applied, {why} [{cite}]")
        if self.crisis is not None:
            lines.append(
                f"Crisis decision {self.crisis.id} ({self.crisis.situation}, "
                f"{self.crisis.valid_from.isoformat()} – {self.crisis.valid_to.isoformat()}): "
                + (f"derogation {self.derogation} applied" if self.derogation else "no derogation")
            )
        if self.rule.conditions and self.rule.kind != Kind.EXTENSION:
            grounds = "; ".join(c.text for c in self.rule.conditions)
            lines.append(f"Applies only where: {grounds}")
        consequence = self.rule.consequence or self.requested.consequence
        if consequence:
            lines.append(f"If missed: {consequence}")
        lines.extend(f"Note: {n}" for n in self.notes)
        lines.extend(f"UNVERIFIED: {r}" for r in self.unverified_reasons())
        return "\n".join(lines)


def _day(moment: Moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _match_ground(rule: Rule, ground: str) -> Condition:
    wanted = " ".join(ground.lower().replace("_", "-").split())
    for condition in rule.conditions:
        if wanted in (condition.key, condition.text.lower()):
            return condition
    listed = "; ".join(f"{c.key} ({c.text})" for c in rule.conditions) or "none"
    raise RuleBookError(
        f"{rule.id} cannot be applied on the ground {ground!r}; the law allows only: {listed}"
    )


def _book_id(rule_set: RuleSet, text: str) -> str:
    for rule_id in rule_set.rules:
        if rule_id.lower() == text.strip().lower():
            return rule_id
    return text


def _check_crisis(decision: CrisisDecision, start: date) -> None:
    if not decision.covers(start):
        raise CrisisError(
            f"crisis decision {decision.id} covers {decision.valid_from.isoformat()} – "
            f"{decision.valid_to.isoformat()}, not the start date {start.isoformat()}"
        )


def _effective_rule(
    book: RuleBook, rule: Rule, rule_set: RuleSet, crisis: CrisisDecision | None
) -> tuple[Rule, str | None, list[str]]:
    """The rule whose period is counted, the derogation that chose it, and notes."""
    notes: list[str] = []
    if rule.derogation is not None:
        if crisis is None:
            raise RuleBookError(
                f"{rule.id} is a crisis derogation ({rule.derogation}): it applies only to cases "
                "covered by a recorded Council implementing decision (give --crisis ID)"
            )
        if rule.derogation not in crisis.derogations:
            raise CrisisError(f"crisis decision {crisis.id} does not authorise {rule.derogation}")
        check_situation(rule, crisis)
        return rule, rule.derogation, notes
    if crisis is not None:
        for other in rule_set:
            if rule.id in other.replaces and other.derogation in crisis.derogations:
                if not situation_allows(other, crisis):
                    notes.append(not_in_situation(other, crisis))
                    continue
                notes.append(
                    Text(
                        "%(other)s replaces %(rule)s under %(derogation)s",
                        other=other.id,
                        rule=rule.id,
                        derogation=other.derogation,
                    )
                )
                return other, other.derogation, notes
    if rule.kind == Kind.NATIONAL_CHOICE:
        chosen = book.national_choice(rule.id, rule_set)
        if chosen is None:
            raise RuleBookError(
                f"{rule.id} leaves the period to national law and no Dutch period is recorded "
                f"for it: {rule.note or 'no deadline can be computed'}"
            )
        notes.append(
            Text(
                "%(rule)s is a national choice; the Dutch period %(chosen)s is used",
                rule=rule.id,
                chosen=chosen.id,
            )
        )
        return chosen, None, notes
    if rule.kind == Kind.NO_DAY_COUNT:
        raise RuleBookError(
            f"{rule.id} sets no day count ({rule.note or 'without delay'}): track it as a "
            "service-level target, not as a deadline"
        )
    if rule.kind == Kind.COMPOSITE:
        raise RuleBookError(f"{rule.id} groups several periods: ask for {', '.join(rule.parts)}")
    if rule.kind == Kind.APPLICABILITY or rule.length is None:
        raise RuleBookError(f"{rule.id} is not a period and has no deadline")
    return rule, None, notes


def deadline(
    rule_id: str,
    *,
    start: Moment,
    law_date: date | None = None,
    crisis: CrisisDecision | None = None,
    extensions: Sequence[tuple[str, str]] = (),
    calendar: HolidayCalendar | str = "NL",
    book: RuleBook | None = None,
    suspensions: Sequence[Suspension] = (),
) -> RuleDeadline:
    """Compute the deadline of ``rule_id`` from ``start`` under the law of ``law_date``.

    ``suspensions`` are entered in the period's ledger (``law.periods.Deadline``): the end is
    computed afresh from the start and every stop of the clock, each with its own legal basis.
    """
    book = book or default_book()
    law_date = law_date or _day(start)
    requested, rule_set = book.resolve(rule_id, law_date)
    if crisis is not None:
        _check_crisis(crisis, _day(start))
    rule, derogation, notes = _effective_rule(book, requested, rule_set, crisis)
    if rule.kind == Kind.EXTENSION:
        raise RuleBookError(
            f"{rule.id} extends {rule.extends}: ask for {rule.extends} with the extension"
        )
    assert rule.length is not None
    assert rule.counting is not None
    applied = _extensions(rule, requested, rule_set, extensions, crisis, notes)
    if crisis is not None and derogation is None and not any(a.derogation for a in applied):
        notes.append(
            Text(
                "crisis decision %(id)s changes no period of %(rule)s",
                id=crisis.id,
                rule=requested.id,
            )
        )
    counting = rule.counting
    period = Deadline(
        start=start,
        length=Length.parse(rule.length),
        regime=Regime(counting.regime),
        calendar=calendar,
        maximum=rule.maximum,
        instrument=counting.instrument,
    )
    if suspensions:
        period = replace(period, suspensions=tuple(suspensions))
    for ext in applied:
        assert ext.rule.length is not None
        reason = (
            Text("%(rule)s: %(ground)s", rule=ext.rule.id, ground=ext.ground.text)
            if ext.ground
            else Text(
                "%(rule)s: %(derogation)s (%(crisis)s)",
                rule=ext.rule.id,
                derogation=ext.derogation,
                crisis=crisis.id if crisis else None,
            )
        )
        period = period.extend(
            Length.parse(ext.rule.length),
            basis=tuple(c.basis() for c in ext.rule.legal_basis),
            reason=reason,
        )
    return RuleDeadline(
        requested=requested,
        rule=rule,
        rule_set=rule_set,
        law_date=law_date,
        result=period.result(),
        crisis=crisis,
        derogation=derogation or (applied[0].derogation if applied else None),
        extensions=tuple(applied),
        notes=tuple(notes),
    )


def _extensions(
    rule: Rule,
    requested: Rule,
    rule_set: RuleSet,
    asked: Sequence[tuple[str, str]],
    crisis: CrisisDecision | None,
    notes: list[str],
) -> list[AppliedExtension]:
    applied: list[AppliedExtension] = []
    targets = {rule.id, requested.id}
    for ext_id, ground in asked:
        ext = rule_set.get(_book_id(rule_set, ext_id))
        if ext.kind != Kind.EXTENSION or ext.extends not in targets:
            raise RuleBookError(f"{ext_id} is not an extension of {requested.id}")
        if ext.derogation is not None:
            raise RuleBookError(
                f"{ext_id} is a crisis derogation ({ext.derogation}); it follows from --crisis"
            )
        if any(a.rule.id == ext_id for a in applied):
            raise RuleBookError(f"{ext_id} is given twice; the law allows it once")
        check_situation(ext, crisis)
        applied.append(AppliedExtension(ext, _match_ground(ext, ground), None))
    if crisis is not None:
        for ext in rule_set:
            if (
                ext.kind == Kind.EXTENSION
                and ext.extends in targets
                and ext.derogation in crisis.derogations
            ):
                if situation_allows(ext, crisis):
                    applied.append(AppliedExtension(ext, None, ext.derogation))
                else:
                    notes.append(not_in_situation(ext, crisis))
    return applied
