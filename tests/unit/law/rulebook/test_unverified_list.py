"""docs/rulebook.md lists every rule still unverified, one line each, and nothing else.

A rule counts as unverified when its newest version (the latest ``valid_from``, then the newest
edition) is not fully verified: the rule itself or its counting regime is flagged. The list sits
between the ``unverified-rules`` markers; each line starts with the rule id in backticks.
"""

from __future__ import annotations

import re
from pathlib import Path

from migrationpact.law.rulebook import RuleBook, default_book

DOC = Path(__file__).parents[4] / "docs" / "rulebook.md"
_LINE = re.compile(r"^- `(?P<id>[A-Z0-9a-z-]+)` — (?P<why>\S.*)$")


def listed() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- unverified-rules:start -->", 1)[1]
    section = section.split("<!-- unverified-rules:end -->", 1)[0]
    found: dict[str, str] = {}
    for line in section.strip().splitlines():
        match = _LINE.match(line)
        assert match, f"not a line '- `ID` — why': {line!r}"
        assert match["id"] not in found, f"{match['id']} is listed twice"
        found[match["id"]] = match["why"]
    return found


def unverified(book: RuleBook) -> set[str]:
    out = set()
    for rule_id in book.ids():
        newest = max(book.versions(rule_id), key=lambda v: (v.rule.valid_from, v.edition, v.order))
        if not newest.rule.fully_verified():
            out.add(rule_id)
    return out


def test_every_unverified_rule_is_listed_and_nothing_else() -> None:
    book = default_book()
    missing = sorted(unverified(book) - set(listed()))
    extra = sorted(set(listed()) - unverified(book))
    assert not missing, f"add to docs/rulebook.md, 'Rules still unverified': {missing}"
    assert not extra, f"verified (or unknown) rules listed as unverified: {extra}"


def test_the_eight_of_the_audit_are_flagged_with_what_was_searched() -> None:
    """Issue 14 item 8: none of the eight could be confirmed, so each stays (or becomes)
    flagged in the 2026-12-05 edition, and its note says what was searched."""
    book = default_book()
    eight = ["SCR-02", "APR-25", "RBP-03", "APPL-01"]
    eight += ["NL-APR-18", "NL-APR-19", "NL-APR-20", "NL-AMMR-08"]
    for rule_id in eight:
        newest = max(book.versions(rule_id), key=lambda v: (v.rule.valid_from, v.edition))
        assert newest.edition.isoformat() == "2026-12-05", rule_id
        assert not newest.rule.verified, rule_id
        note = newest.rule.verification.note or ""
        assert "2026-12-05" in note, rule_id
        assert "Searched" in note or "Read" in note, rule_id
        assert rule_id in listed()


def test_appl_01_says_plainly_what_is_an_interpretation() -> None:
    note = default_book().versions("APPL-01")[-1].rule.verification.note or ""
    assert "keeps only the criteria of Reg. 604/2013" in note
    assert "is an interpretation" in note
