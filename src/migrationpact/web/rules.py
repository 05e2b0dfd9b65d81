"""The rule-book explorer: the time limits in force on a day, and every version of one rule.

``/rules`` lists the rules in force on a chosen day (today by default) with the rule-set
version that day's answers carry, filterable by text (id, title, article), instrument and
"only unverified". ``/rules/{id}`` shows each dated version of one rule: its period, when it
starts, how it is counted, its validity, its legal basis with CELEX number and ELI link, and
whether its source was verified (and why not). The data come from ``law.rulebook.present``,
shared with the API and the command line; every signed-in person may read them.

The rule book's own texts (consequences, the grounds of an extension, verification notes) are
English message ids like every other text of the pages: ``rule_book_texts`` lists them, and a
test checks that the Dutch catalog translates each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.law.rulebook import default_book
from migrationpact.law.rulebook.present import rule_summary, version_detail
from migrationpact.law.rulebook.schema import Rule
from migrationpact.services.container import services
from migrationpact.services.recording import dutch_now
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import say_length, translations
from migrationpact.web.labels import CHOICE_LABELS, EVENT_LABELS
from migrationpact.web.rule_labels import COUNTING_LABELS, KIND_LABELS, START_LABELS
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)


def _title(title: dict[str, str], language: str) -> str:
    return title.get(language) or title.get("en") or next(iter(title.values()), "")


@dataclass(frozen=True)
class RuleBookTexts:
    """The texts of the rule book a page shows, each an English message id."""

    consequences: frozenset[str]
    conditions: frozenset[tuple[str, str]]  # (key, text) of each ground
    notes: frozenset[str]  # verification and counting notes

    def all(self) -> set[str]:
        return {*self.consequences, *(text for _, text in self.conditions), *self.notes}


@cache
def rule_book_texts() -> RuleBookTexts:
    """Every consequence, ground and verification note of every version of every rule."""
    book = default_book()
    rules = [v.rule for rule_id in book.ids() for v in book.versions(rule_id)]
    notes = {r.verification.note or r.verification.source for r in rules if not r.verified}
    notes |= {r.counting.note for r in rules if r.counting and r.counting.note}
    return RuleBookTexts(
        consequences=frozenset(r.consequence for r in rules if r.consequence),
        conditions=frozenset((c.key, c.text) for r in rules for c in r.conditions),
        notes=frozenset(n for n in notes if n),
    )


def period_words(rule: Rule, language: str) -> str:
    """The rule's period in ``language``: 'max. 12 weken', '5 – 10 dagen (nationale keuze)'."""
    t = translations(language)
    if rule.length:
        length = say_length(rule.length, language)
        return t.gettext("max. %(length)s") % {"length": length} if rule.maximum else length
    if rule.range:
        upper = say_length(rule.range.max, language) if rule.range.max else t.gettext("no maximum")
        return t.gettext("%(min)s – %(max)s (national choice)") % {
            "min": say_length(rule.range.min, language),
            "max": upper,
        }
    return t.gettext(KIND_LABELS[rule.kind.value])


def start_words(start_event: str | None, language: str) -> str:
    """The event that starts the period, by its label."""
    if not start_event:
        return "—"
    label = EVENT_LABELS.get(start_event) or START_LABELS.get(start_event, start_event)
    return translations(language).gettext(label)


def counting_words(rule: Rule, language: str) -> str:
    """How the period is counted: the regime in words and the instrument's counting article."""
    if rule.counting is None:
        return "—"
    t = translations(language)
    regime = t.gettext(COUNTING_LABELS[rule.counting.regime])
    if rule.counting.instrument is None:
        return regime
    return f"{regime}: {t.gettext(CHOICE_LABELS[rule.counting.instrument])}"


def matches(row: dict[str, Any], q: str, instrument: str, unverified: bool) -> bool:
    """Whether a rule row passes the filters (text search is case-insensitive)."""
    if unverified and row["verified"]:
        return False
    if instrument and not any(c.startswith(instrument + " ") for c in row["legal_basis"]):
        return False
    if q:
        haystack = " ".join(
            [row["id"], *row["title"].values(), *row["legal_basis"], row["period"]]
        ).lower()
        return q.lower() in haystack
    return True


@router.get("/rules")
def rules_page(
    request: Request,
    at: Annotated[str, Query(max_length=10)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    instrument: Annotated[str, Query(max_length=10)] = "",
    unverified: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RULES_READ)
    try:
        day = date.fromisoformat(at) if at else dutch_now(services(request).store).date()
    except ValueError:
        day = dutch_now(services(request).store).date()
    rule_set = default_book().at(day)
    everything = [rule_summary(r) for r in rule_set]
    instruments = sorted({c.split(" ", 1)[0] for r in everything for c in r["legal_basis"]})
    rows = [
        {
            **summary,
            "title": _title(summary["title"], who.language),
            "period": period_words(rule, who.language),
            "citations": [c.to_dict() for c in rule.legal_basis],
        }
        for rule, summary in zip(rule_set, everything, strict=True)
        if matches(summary, q.strip(), instrument, bool(unverified))
    ]
    return render(
        request,
        "rules.html",
        {
            "at": day,
            "version": rule_set.version,
            "rules": rows,
            "q": q,
            "instrument": instrument,
            "instruments": instruments,
            "unverified": bool(unverified),
        },
        language=who.language,
        who=who,
    )


@router.get("/rules/{rule_id}")
def rule_page(rule_id: Annotated[str, Path(max_length=32)], request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RULES_READ)
    with refusals():
        versions = default_book().versions(rule_id)
    shown = []
    for version in versions:
        detail = version_detail(version)
        verification = detail.get("verification") or {}
        shown.append(
            {
                **detail,
                "title": _title(detail["title"], who.language),
                "period": period_words(version.rule, who.language),
                "start": start_words(version.rule.start_event, who.language),
                "counting": counting_words(version.rule, who.language),
                "verification_note": verification.get("note"),
            }
        )
    return render(
        request,
        "rule.html",
        {"rule_id": versions[0].rule.id, "versions": shown},
        language=who.language,
        who=who,
    )
