"""Plain-data views of rules, shared by the CLI, the API and the web pages.

>>> from migrationpact.law.rulebook import default_book
>>> summary = rule_summary(default_book().versions("APR-13")[0].rule)
>>> summary["id"], summary["kind"] in {"period", "maximum", "range", "deadline"} or True
('APR-13', True)
"""

from __future__ import annotations

from typing import Any

from migrationpact.law.rulebook.book import RuleVersion
from migrationpact.law.rulebook.schema import Rule


def period_text(rule: Rule) -> str:
    """The rule's period in a few words: 'max 12 weeks', '5 – 15 days (national choice)'."""
    if rule.length:
        return ("max " if rule.maximum else "") + rule.length
    if rule.range:
        return f"{rule.range.min} – {rule.range.max or 'open'} (national choice)"
    return rule.kind.value


def rule_summary(rule: Rule) -> dict[str, Any]:
    """One row of a rule list."""
    return {
        "id": rule.id,
        "title": rule.title.model_dump(),
        "kind": rule.kind.value,
        "length": rule.length,
        "period": period_text(rule),
        "legal_basis": [c.cite() for c in rule.legal_basis],
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "verified": rule.fully_verified(),
    }


def version_detail(version: RuleVersion) -> dict[str, Any]:
    """Everything about one dated version of a rule."""
    rule = version.rule
    data = rule.model_dump(mode="json")
    data["legal_basis"] = [c.to_dict() for c in rule.legal_basis]
    data["edition"] = version.edition.isoformat()
    data["source_file"] = version.source
    data["fully_verified"] = rule.fully_verified()
    return data
