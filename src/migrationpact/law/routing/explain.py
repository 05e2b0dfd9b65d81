"""The explanation tree: why a case follows the procedure it follows, rule by rule.

Every routing decision is a tree of ``Node`` values. A node names the rule it applied (an id from
the legal-rules reference, e.g. ``APR-R6``), what it decided (``outcome``), the facts it looked
at, the reason in plain words and the articles it rests on. Its children are the conditions that
led to its outcome. The same tree is shown to the officer, the applicant, the lawyer, the court
and the monitoring mechanism, as text or as JSON. Titles, outcomes and reasons are
``law.text.Text`` values: English sentences that a page can say in its own language.

>>> from migrationpact.law.legal_basis import LegalBasis
>>> leaf = Node("APR-R4", "Ground (f): security", "applies", {"security_risk": True},
...             (LegalBasis("APR", "42", "1", "f"),), reason="The officer recorded a danger.")
>>> root = Node("APR-R6", "Border procedure mandatory?", "mandatory", {},
...             (LegalBasis("APR", "45", "1"),), (leaf,))
>>> print(render_text(root))
[APR-R6] Border procedure mandatory? -> mandatory  (APR Art. 45(1))
  [APR-R4] Ground (f): security -> applies  (APR Art. 42(1)(f))
      facts: security_risk=true
      The officer recorded a danger.
>>> [n.rule for n in root.walk()]
['APR-R6', 'APR-R4']
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.text import Text

#: The outcome of a rule whose facts are missing, and of a ground or condition by its truth.
UNDETERMINED = Text("undetermined")
OUTCOMES: dict[bool | None, Text] = {
    True: Text("applies"),
    False: Text("does not apply"),
    None: UNDETERMINED,
}


@dataclass(frozen=True)
class Node:
    """One step of the reasoning: rule, outcome, facts used, legal basis, sub-steps."""

    rule: str
    title: str
    outcome: str
    facts_used: dict[str, Any]
    legal_basis: tuple[LegalBasis, ...]
    children: tuple[Node, ...] = ()
    reason: str = ""
    missing_facts: tuple[str, ...] = field(default=())

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, rule: str) -> list[Node]:
        """Every node in the tree that applied ``rule``."""
        return [n for n in self.walk() if n.rule == rule]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "outcome": self.outcome,
            "reason": self.reason,
            "facts_used": {k: _plain(v) for k, v in self.facts_used.items()},
            "missing_facts": list(self.missing_facts),
            "legal_basis": [b.to_dict() for b in self.legal_basis],
            "children": [c.to_dict() for c in self.children],
        }


def _plain(value: Any) -> Any:
    """A JSON-ready form of a fact value (dates as ISO text)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _fact_text(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False)


def render_text(node: Node, indent: int = 0) -> str:
    """The tree indented two spaces per level: rule, title, outcome, citations, facts, reason."""
    pad = "  " * indent
    cites = "; ".join(b.cite() for b in node.legal_basis)
    lines = [f"{pad}[{node.rule}] {node.title} -> {node.outcome}  ({cites})"]
    if node.facts_used:
        facts = ", ".join(f"{k}={_fact_text(v)}" for k, v in node.facts_used.items())
        lines.append(f"{pad}    facts: {facts}")
    if node.missing_facts:
        lines.append(f"{pad}    missing facts: {', '.join(node.missing_facts)}")
    if node.reason:
        lines.append(f"{pad}    {node.reason}")
    lines.extend(render_text(child, indent + 1) for child in node.children)
    return "\n".join(lines)
