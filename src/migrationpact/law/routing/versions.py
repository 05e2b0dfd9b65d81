"""The rule-set version a routing decision was taken under (from the rule book).

The rule book gives every set of rules in force on a day a content hash. A routing result records
the version in force on its law date (the registration date, else the decision date), so that
the decision can later be traced to exactly the rules it used.

>>> from datetime import date
>>> rule_set_version(date(2026, 7, 1)).startswith("sha256:")
True
>>> rule_set_version(None) is None
True
"""

from __future__ import annotations

from datetime import date

from migrationpact.law.rulebook import RuleBook, RuleBookError, default_book


def rule_set_version(day: date | None, book: RuleBook | None = None) -> str | None:
    """The version on ``day`` of ``book`` (default: the shipped one); None when no day is known."""
    if day is None:
        return None
    try:
        return (book or default_book()).at(day).version
    except RuleBookError:
        return None
