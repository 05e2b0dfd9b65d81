"""The title of a rule in the language of the page.

Deadlines are stored with the English title of their rule (the worklist reads them straight
from the store); the rule book has every title in Dutch and English (``rule.title.nl`` /
``.en``). ``rule_title`` gives the title in the page's language: the one the deadline's own
derivation carries when there is one (the case page), else that of the rule-book version whose
English title is the stored one, else that of the newest version, else the stored text. The
worklist and the case page both use it, so a deadline has the same name on both.

>>> rule_title("APR-13", "Regular examination on the merits", "nl")
'Reguliere inhoudelijke behandeling'
>>> rule_title("NO-SUCH-RULE", "Something", "nl")
'Something'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from migrationpact.law.rulebook import RuleBookError, default_book


@cache
def _titles(rule_id: str) -> tuple[dict[str, str], ...]:
    """The titles of every version of the rule, newest first (empty when unknown)."""
    try:
        versions = default_book().versions(rule_id)
    except (KeyError, RuleBookError):
        return ()
    return tuple(dict(v.rule.title.model_dump()) for v in reversed(versions))


def rule_title(
    rule_id: str, stored: str, language: str, given: Mapping[str, str] | None = None
) -> str:
    """The rule's title in ``language`` (see the module's docstring for the order)."""
    if given and given.get(language):
        return given[language]
    titles = _titles(rule_id)
    matching = next((t for t in titles if t.get("en") == stored), None)
    chosen = matching or (titles[0] if titles else {})
    return chosen.get(language) or stored
