"""The shipped rule data: every §1 time limit present, cited, and resolvable on every day."""

from __future__ import annotations

import functools
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from migrationpact.law.periods import Deadline
from migrationpact.law.rulebook import Kind, RuleBook, RuleBookError, deadline, default_book
from migrationpact.law.rulebook.schema import json_schema

# The id column of legal-rules.md §1 (revision 2), copied: the shared file may not be in CI.
SECTION_1_IDS = [
    *["SCR-01", "SCR-02", "SCR-03", "SCR-04"],
    *["APR-01", "APR-01b", "APR-02", "APR-03", "APR-04", "APR-05", "APR-06", "APR-06b"],
    *["APR-07", "APR-08", "APR-09", "APR-10", "APR-11", "APR-12", "APR-13", "APR-14"],
    *["APR-15", "APR-15b", "APR-16", "APR-17", "APR-18", "APR-19", "APR-20", "APR-21"],
    *["APR-22", "APR-23", "APR-24", "APR-25"],
    *[f"AMMR-{n:02d}" for n in range(1, 18)],
    *["RCD-01", "RCD-02", "RCD-03", "RCD-04"],
    *["EDR-01", "EDR-02", "EDR-03"],
    *["CFMR-01", "CFMR-02", "CFMR-03", "CFMR-04"],
    *["RBP-01", "RBP-02", "RBP-03"],
    "QR-01",
    "APPL-01",
]
# Marked N or "Y (start N)" in the reference: must stay unverified.
REFERENCE_UNVERIFIED = ["SCR-02", "APR-25"]
SCHEMA_FILE = Path(__file__).parents[4] / "src/migrationpact/law/rulebook/rule-file.schema.json"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return default_book()


def test_every_section_1_rule_is_in_the_book(book: RuleBook) -> None:
    missing = [i for i in SECTION_1_IDS if i not in book.ids()]
    assert missing == []


def test_reference_unverified_rules_stay_unverified(book: RuleBook) -> None:
    for rule_id in REFERENCE_UNVERIFIED:
        assert all(not v.rule.verified for v in book.versions(rule_id)), rule_id


def test_dutch_choices_and_dublin_rules_are_unverified(book: RuleBook) -> None:
    for rule_id in book.ids():
        for version in book.versions(rule_id):
            if rule_id.startswith(("NL-", "D3-")) and rule_id != "D3-09":
                assert not version.rule.verified, rule_id


def test_every_rule_has_a_citation_with_instrument_and_article(book: RuleBook) -> None:
    for rule_id in book.ids():
        for version in book.versions(rule_id):
            assert version.rule.legal_basis, rule_id
            for citation in version.rule.legal_basis:
                data = citation.to_dict()
                assert data["instrument"], rule_id
                assert data["article"], rule_id


def test_committed_json_schema_equals_generated() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema()


def _window(valid_from: date, valid_to: date | None) -> tuple[date, date]:
    """Open-ended rules: their first three years. Ended rules: their last three years (the
    years a transition relies on: Dublin III is valid 2014 – 30 June 2026)."""
    if valid_to is None:
        return valid_from, valid_from.replace(year=valid_from.year + 3)
    return max(valid_from, valid_to.replace(year=valid_to.year - 3)), valid_to


def test_every_rule_resolves_on_every_day_of_its_validity(
    book: RuleBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each period rule gives a deadline on each day of its validity window (≤ 3 years)."""
    # Rules with the same length and counting give the same period on a day: count it once.
    monkeypatch.setattr(Deadline, "result", functools.cache(Deadline.result))
    checked = 0
    for rule_id in book.ids():
        for version in book.versions(rule_id):
            rule = version.rule
            if rule.length is None or rule.kind == Kind.EXTENSION or rule.derogation:
                continue
            first, last = _window(rule.valid_from, rule.valid_to)
            hours = rule.length.endswith("hours")
            for n in range((last - first).days + 1):
                day = first + timedelta(n)
                start = datetime(day.year, day.month, day.day, 12, 0) if hours else day
                result = deadline(rule_id, start=start, book=book)
                assert result.requested.id == rule_id
                assert result.rule_set.effective_date == day
                checked += 1
    assert checked > 50_000


def test_a_rule_does_not_resolve_outside_its_validity(book: RuleBook) -> None:
    with pytest.raises(RuleBookError, match=r"in force 2026-07-01 – open-ended"):
        deadline("AMMR-01", start=date(2026, 6, 30), book=book)
    with pytest.raises(RuleBookError, match=r"2014-01-01 – 2026-06-30"):
        deadline("D3-01", start=date(2026, 7, 1), book=book)
