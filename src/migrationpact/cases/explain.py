"""Why a deadline ends when it does: its title, legal basis, consequence and derivation, on read.

A deadline entry (``cases.state.DeadlineEntry``) keeps only facts: the rule asked for, the start,
the law date, the crisis decision and the ledger of extensions and stops. Everything a person is
shown besides follows from those facts and the law, so it is computed when it is read, never
stored: ``explain`` asks the rule book (``law.rulebook.deadline``) again with exactly the inputs
the entry's dates were computed from, and gives the full ``RuleDeadline`` (every step with its
article). While the clock is stopped, the dates are the ones computed before the stop, so the
stop that is still open, and any extension recorded after it, are left out until it resumes.

``summary`` gives the parts a list needs (title, verification, consequence, legal basis): they
depend on the rules involved, not on the start, so one answer serves every entry of the same
rule, law date, crisis and extensions. ``entry_document`` and ``case_document`` give the JSON a
person or another system is shown: the facts with the explanation beside them.

Answers are remembered by the ``Law`` they were computed under (``Law.remembered``).

>>> from datetime import date
>>> from migrationpact.cases.state import DeadlineEntry
>>> law = Law.default()
>>> entry = DeadlineEntry(key="APR-01", rule_id="APR-01", requested_rule="APR-01",
...     organisation="IND", status="open", started_on=date(2026, 7, 6), due=date(2026, 7, 13),
...     nominal_end=date(2026, 7, 11), alert_on=date(2026, 7, 10), maximum=False,
...     law_date=date(2026, 7, 6), rule_set_version="sha256:…", opened_by_seq=1)
>>> explain(entry, law).result.end
datetime.date(2026, 7, 13)
>>> summary(entry, law).citations
'APR Art. 27(1)'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter

from migrationpact.cases.codec import entry_data, to_document
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.organisations import who
from migrationpact.cases.state import CaseState, DeadlineEntry, SuspensionRecord
from migrationpact.law.law import Law
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods import Suspension
from migrationpact.law.rulebook import RuleDeadline, deadline

#: JSON-mode serializers of the legal basis and the derivation (dates become text).
_LEGAL_BASIS = TypeAdapter(list[dict[str, Any]])
_DERIVATION = TypeAdapter(dict[str, Any])


@dataclass(frozen=True)
class DeadlineSummary:
    """What a list shows of a deadline besides its dates."""

    title: str
    verified: bool
    consequence: str | None
    legal_basis: list[dict[str, Any]]  # JSON data, one citation each, tagged with its rule

    @cached_property  # the law remembers a summary, and every row of its rule reads this
    def citations(self) -> str:
        """The citations, one after another (``APR Art. 27(1); …``)."""
        return "; ".join(str(b.get("citation", "")) for b in self.legal_basis)


def _ledger(entry: DeadlineEntry) -> tuple[tuple[Any, ...], tuple[SuspensionRecord, ...]]:
    """The extensions (rule, ground) and stops the entry's dates were computed with."""
    extensions = entry.extensions
    suspensions = entry.suspensions
    if suspensions and suspensions[-1].resumed_on is None:
        stopped = suspensions[-1]
        suspensions = suspensions[:-1]
        extensions = tuple(e for e in extensions if e.by_seq < stopped.by_seq)
    return tuple((e.rule_id, e.ground) for e in extensions), suspensions


def _suspension(record: SuspensionRecord) -> Suspension:
    basis = tuple(
        LegalBasis(
            b["instrument"], b["article"], b.get("paragraph"), b.get("point"), b.get("subparagraph")
        )
        for b in record.legal_basis
    )
    return Suspension(record.stopped_on, record.resumed_on, basis, record.reason)


def _suspension_key(record: SuspensionRecord) -> tuple[Any, ...]:
    basis = tuple(tuple(sorted(b.items())) for b in record.legal_basis)
    return (record.stopped_on, record.resumed_on, record.reason, basis)


def explain(entry: DeadlineEntry, law: Law) -> RuleDeadline:
    """The rule book's computation behind the entry's dates (see the module text).

    ``CrisisError`` when the entry names a crisis decision the law's register does not hold.
    """
    extensions, suspensions = _ledger(entry)
    key = (
        entry.requested_rule,
        entry.started_on,
        entry.law_date,
        entry.crisis,
        extensions,
        tuple(_suspension_key(s) for s in suspensions),
    )

    def compute() -> RuleDeadline:
        return deadline(
            entry.requested_rule,
            start=entry.started_on,
            law_date=entry.law_date,
            crisis=law.crisis(entry.crisis) if entry.crisis else None,
            extensions=extensions,
            suspensions=[_suspension(s) for s in suspensions],
            book=law.book,
            calendar=law.calendar,
        )

    return law.remembered("explanations", key, compute)


def summary(entry: DeadlineEntry, law: Law) -> DeadlineSummary:
    """Title, verification, consequence and legal basis of the entry's rules."""
    extensions, _ = _ledger(entry)
    key = (entry.requested_rule, entry.law_date, entry.crisis, extensions)

    def compute() -> DeadlineSummary:
        computed = explain(entry, law)
        return DeadlineSummary(
            title=computed.rule.title.en,
            verified=computed.verified,
            consequence=computed.rule.consequence or computed.requested.consequence,
            legal_basis=_LEGAL_BASIS.dump_python(computed.legal_basis(), mode="json"),
        )

    return law.remembered("summaries", key, compute)


def derivation(entry: DeadlineEntry, law: Law) -> dict[str, Any]:
    """The derivation as JSON data: every step with its legal basis, title, verification."""
    data: dict[str, Any] = _DERIVATION.dump_python(explain(entry, law).to_dict(), mode="json")
    return data


def organisation_reason(entry: DeadlineEntry) -> str:
    """Why ``entry.organisation`` must act: recorded when an event named it, else the table's."""
    return entry.organisation_reason or who(entry.rule_id)[1]


def entry_document(
    entry: DeadlineEntry, law: Law, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON a person is shown of one entry: its facts (``data``, the codec's JSON of it, if
    already made) and their explanation (title, who and why, verification, legal basis,
    consequence, derivation, whether and how late it was met: ``cases.lateness``)."""
    about = summary(entry, law)
    late = entry_lateness(entry)
    return {
        **(entry_data(entry) if data is None else data),
        "title": about.title,
        "organisation_reason": organisation_reason(entry),
        "verified": about.verified,
        "legal_basis": about.legal_basis,
        "derivation": derivation(entry, law),
        "consequence": about.consequence,
        "late": late.late,
        "days_late": late.days_late,
        "hours_late": late.hours_late,
    }


def case_document(state: CaseState, law: Law) -> dict[str, Any]:
    """The JSON of the whole case as a person is shown it: every deadline explained."""
    document = to_document(state)
    document["deadlines"] = [
        entry_document(entry, law, data)
        for entry, data in zip(state.deadlines, document["deadlines"], strict=True)
    ]
    return document
