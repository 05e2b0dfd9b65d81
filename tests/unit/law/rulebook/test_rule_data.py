"""The shipped rule data: every §1 time limit present, cited, and resolvable on its days."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.periods import Deadline
from migrationpact.law.rulebook import Kind, RuleBook, RuleBookError, deadline, default_book
from migrationpact.law.rulebook.loader import DATA_DIR, load_tree
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


def _period_rules(book: RuleBook) -> list[tuple[str, date, date]]:
    """Every version of a rule with a period of its own, with its validity window."""
    return [
        (rule_id, *_window(version.rule.valid_from, version.rule.valid_to))
        for rule_id in book.ids()
        for version in book.versions(rule_id)
        if version.rule.length is not None
        and version.rule.kind != Kind.EXTENSION
        and not version.rule.derogation
    ]


def _boundaries(book: RuleBook) -> set[date]:
    """Every day on which the rule set in force can change: an edition starts, a version of a
    rule starts, or the day after a version ends or is repealed."""
    days: set[date] = set()
    for rule_id in book.ids():
        for version in book.versions(rule_id):
            days.add(version.edition)
            days.add(version.rule.valid_from)
            if version.rule.valid_to is not None:
                days.add(version.rule.valid_to + timedelta(1))
    for _, rule_file in load_tree(book.root or DATA_DIR):
        days.update(repeal.last_day + timedelta(1) for repeal in rule_file.repeals)
    return days


def _month_ends(first: date, last: date) -> Iterator[date]:
    """The last day of every month from ``first`` to ``last``: where months are counted short."""
    day = first
    while day <= last:
        end = (day.replace(day=28) + timedelta(4)).replace(day=1) - timedelta(1)
        if end <= last:
            yield end
        day = end + timedelta(1)


def _edge_days(first: date, last: date, boundaries: set[date]) -> set[date]:
    """The first and last day of a window, both sides of every boundary inside it, and the
    month ends (29 February and 31 December among them)."""
    around = {d + timedelta(shift) for d in boundaries for shift in (-1, 0)}
    return {first, last, *(d for d in around if first <= d <= last), *_month_ends(first, last)}


def _resolves(book: RuleBook, rule_id: str, day: date, hours: bool) -> None:
    start = datetime(day.year, day.month, day.day, 12, 0) if hours else day
    result = deadline(rule_id, start=start, book=book)
    assert result.requested.id == rule_id, (rule_id, day)
    assert result.rule_set.effective_date == day, (rule_id, day)


def _counts_hours(book: RuleBook, rule_id: str, day: date) -> bool:
    version = book.version_on(rule_id, day)
    assert version is not None, f"{rule_id} is not in force on {day}"
    return (version.rule.length or "").endswith("hours")


def test_every_rule_resolves_on_the_edge_days_of_its_validity(
    book: RuleBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each period rule gives a deadline on the first and last day of its validity window
    (≤ 3 years), on both sides of every edition boundary in it, and on every month end."""
    # Rules with the same length and counting give the same period on a day: count it once.
    monkeypatch.setattr(Deadline, "result", functools.cache(Deadline.result))
    boundaries = _boundaries(book)
    checked = 0
    for rule_id, first, last in _period_rules(book):
        for day in sorted(_edge_days(first, last, boundaries)):
            _resolves(book, rule_id, day, _counts_hours(book, rule_id, day))
            checked += 1
    assert checked > 2_000


@pytest.fixture(scope="module")
def period_rules(book: RuleBook) -> list[tuple[str, date, date]]:
    return _period_rules(book)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_every_rule_resolves_on_any_day_of_its_validity(
    book: RuleBook, period_rules: list[tuple[str, date, date]], data: st.DataObject
) -> None:
    """A period rule, and a day of its validity window drawn at random, give a deadline."""
    rule_id, first, last = data.draw(st.sampled_from(period_rules), label="rule")
    day = data.draw(st.dates(min_value=first, max_value=last), label="day")
    _resolves(book, rule_id, day, _counts_hours(book, rule_id, day))


def test_a_rule_does_not_resolve_outside_its_validity(book: RuleBook) -> None:
    with pytest.raises(RuleBookError, match=r"in force 2026-07-01 – open-ended"):
        deadline("AMMR-01", start=date(2026, 6, 30), book=book)
    with pytest.raises(RuleBookError, match=r"2014-01-01 – 2026-06-30"):
        deadline("D3-01", start=date(2026, 7, 1), book=book)
