"""The rule book: every time limit of the Pact as dated, cited, versioned data.

Each instrument edition is one YAML file in ``data/<edition>/`` (validated by ``schema``); the
rule book (``book``) answers which rules are in force on a day and gives that rule set a content
hash as its version; ``deadlines`` computes a rule's period with the period engine and returns it
with the rule's title, legal basis, rule-set version and verification status. Rules the legal
reference marks unverified stay ``verified: false`` and every result built on them says so.

>>> from datetime import date
>>> d = deadline("APR-01", start=date(2026, 6, 22))
>>> d.result.end.isoformat(), d.rule_set.version.startswith("sha256:")
('2026-06-29', True)
"""

from migrationpact.law.rulebook.book import RuleBook, RuleSet, RuleVersion, default_book
from migrationpact.law.rulebook.deadlines import AppliedExtension, RuleDeadline, deadline
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.schema import Kind, Rule, RuleFile, StartEvent, json_schema

__all__ = [
    "AppliedExtension",
    "Kind",
    "Rule",
    "RuleBook",
    "RuleBookError",
    "RuleDeadline",
    "RuleFile",
    "RuleSet",
    "RuleVersion",
    "StartEvent",
    "deadline",
    "default_book",
    "json_schema",
]
