"""Rule files are validated; amendments are new dated files; versions are content hashes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrationpact.law.rulebook import RuleBook, RuleBookError, deadline
from migrationpact.law.rulebook.loader import load_file

HEADER = """instrument: APR
edition: {edition}
title: Test edition
source: test
valid_from: {valid_from}
{extra}rules:
"""
RULE = """  - id: {id}
    title: {{en: Test rule, nl: Testregel}}
    kind: time-limit
    length: {length}
    start_event: application_lodged
    counting: {{regime: pact, instrument: APR, end_rule: APR73}}
    legal_basis: [{{instrument: APR, article: "35", paragraph: "4"}}]
    verified: true
    verification: {{reference: "Y", source: test}}
"""


def write(root: Path, edition: str, rules: str, valid_from: str = "", extra: str = "") -> Path:
    directory = root / edition
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "apr.yaml"
    header = HEADER.format(edition=edition, valid_from=valid_from or edition, extra=extra)
    path.write_text(header + rules, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("length: 6 months", "length: 6 fortnights"), "length '6 fortnights'"),
        (("instrument: APR, article", "instrument: XXX, article"), "unknown instrument 'XXX'"),
        (("start_event: application_lodged", "start_event: lunch"), "rules.0.start_event"),
        (("verified: true", "verified: yes please"), "rules.0.verified"),
        (('reference: "Y"', 'reference: "N"'), "verified must be false"),
        (("kind: time-limit", "kind: no-day-count"), "kind no-day-count has no length"),
        (("regime: pact, instrument: APR,", "regime: pact,"), "counting.instrument"),
        (("    verified: true\n", "    verified: true\n    colour: red\n"), "colour"),
    ],
)
def test_bad_rule_files_are_rejected_with_a_clear_message(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    rule = RULE.format(id="APR-13", length="6 months")
    assert change[0] in rule
    path = write(tmp_path, "2026-06-12", rule.replace(*change))
    with pytest.raises(RuleBookError) as caught:
        load_file(path)
    assert str(caught.value).startswith("apr.yaml: ")
    assert message in str(caught.value)


def test_invalid_yaml_and_edition_mismatch_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-06-12", "  - id: [unclosed\n")
    with pytest.raises(RuleBookError, match="not valid YAML"):
        load_file(path)
    write(tmp_path, "2026-06-12", RULE.format(id="APR-13", length="6 months"))
    (tmp_path / "2026-06-12" / "apr.yaml").rename(tmp_path / "2026-06-12" / "x.yaml")
    (tmp_path / "2027-01-01").mkdir()
    (tmp_path / "2026-06-12" / "x.yaml").rename(tmp_path / "2027-01-01" / "apr.yaml")
    with pytest.raises(RuleBookError, match="differs from its directory"):
        RuleBook.load(tmp_path)


def test_an_amendment_is_a_new_edition_and_changes_the_version(tmp_path: Path) -> None:
    old = write(tmp_path, "2026-06-12", RULE.format(id="APR-13", length="6 months"))
    before_text = old.read_text(encoding="utf-8")
    book_v1 = RuleBook.load(tmp_path)
    v1 = book_v1.at(date(2027, 3, 1)).version

    write(tmp_path, "2027-01-01", RULE.format(id="APR-13", length="9 months"))
    book = RuleBook.load(tmp_path)
    assert old.read_text(encoding="utf-8") == before_text  # the old file is untouched
    assert book.at(date(2026, 12, 31)).get("APR-13").length == "6 months"
    assert book.at(date(2027, 1, 1)).get("APR-13").length == "9 months"
    assert book.at(date(2026, 12, 31)).version == v1
    assert book.at(date(2027, 3, 1)).version != v1
    assert [v.source for v in book.versions("APR-13")] == [
        "2026-06-12/apr.yaml",
        "2027-01-01/apr.yaml",
    ]
    old_deadline = deadline("APR-13", start=date(2026, 12, 1), book=book)
    new_deadline = deadline("APR-13", start=date(2027, 1, 4), book=book)
    assert old_deadline.result.end == date(2027, 6, 1)
    assert new_deadline.result.end == date(2027, 10, 4)
    assert old_deadline.rule_set.version != new_deadline.rule_set.version


def test_a_repeal_ends_an_older_version(tmp_path: Path) -> None:
    write(tmp_path, "2026-06-12", RULE.format(id="APR-13", length="6 months"))
    extra = "repeals: [{rule: APR-13, last_day: 2027-06-30}]\n"
    write(tmp_path, "2027-01-01", RULE.format(id="APR-12", length="3 months"), extra=extra)
    book = RuleBook.load(tmp_path)
    assert "APR-13" in book.at(date(2027, 6, 30))
    assert "APR-13" not in book.at(date(2027, 7, 1))


def test_version_is_stable_across_loads_and_is_sha256() -> None:
    day = date(2026, 9, 1)
    first, second = RuleBook.load().at(day), RuleBook.load().at(day)
    assert first.version == second.version
    assert first.version.startswith("sha256:")
    assert len(first.version) == len("sha256:") + 64
    assert first.short_version == first.version[7:19]


def test_national_choice_outside_the_eu_range_is_rejected(tmp_path: Path) -> None:
    eu = """  - id: APR-18
    title: {en: Appeal, nl: Beroep}
    kind: national-choice
    range: {min: 5 days, max: 10 days}
    start_event: decision_notified
    legal_basis: [{instrument: APR, article: "67"}]
    verified: true
    verification: {reference: "Y", source: test}
"""
    nl = RULE.format(id="NL-APR-18", length="2 weeks") + "    implements: APR-18\n"
    write(tmp_path, "2026-06-12", eu + nl)
    with pytest.raises(RuleBookError, match="outside the range 5 days – 10 days"):
        RuleBook.load(tmp_path)
