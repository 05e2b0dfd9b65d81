"""Crisis rules that apply only in some situations of a Council implementing decision.

A rule may list ``situations`` (the decision's ``situation`` in the crisis register) in which
alone it applies — the AMMR derogations of CFMR Art 12 only in mass arrivals (Art 1(4)(a)) and
force majeure (Art 12(1)); the return border extension of RBPR Art 6(1) only in a crisis of
CFMR Art 1(4) — and ``initial_decision_only`` situations in which it applies only under the
initial decision, not one that prolongs it (CFMR Art 10(4)). These helpers say whether a rule
applies under a decision and, when not, why, with the rule's articles.
"""

from __future__ import annotations

from migrationpact.law.crisis import CrisisDecision, CrisisError
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.schema import Rule
from migrationpact.law.text import Text


def _cite(rule: Rule) -> str:
    return "; ".join(c.basis().cite() for c in rule.legal_basis)


def situation_allows(rule: Rule, crisis: CrisisDecision | None) -> bool:
    """True when ``rule`` may apply under ``crisis``: a rule limited to some situations of a
    Council decision (CFMR Art 12(1), RBPR Art 6(1)) needs a decision of one of them, and one
    limited to the initial decision (CFMR Art 10(4)) not a decision that prolongs another."""
    if crisis is not None and _prolongation_excluded(rule, crisis):
        return False
    if not rule.situations:
        return True
    return crisis is not None and crisis.situation in rule.situations


def _prolongation_excluded(rule: Rule, crisis: CrisisDecision) -> bool:
    return crisis.prolongs is not None and crisis.situation in rule.initial_decision_only


def check_situation(rule: Rule, crisis: CrisisDecision | None) -> None:
    if situation_allows(rule, crisis):
        return
    cite = _cite(rule)
    if crisis is None:
        raise RuleBookError(
            f"{rule.id} applies only under a recorded Council implementing decision for a "
            f"situation of {', '.join(rule.situations)} ({cite}): give --crisis ID"
        )
    raise CrisisError(str(not_in_situation(rule, crisis)))


def not_in_situation(rule: Rule, crisis: CrisisDecision) -> str:
    """Why ``rule`` does not apply under ``crisis`` (``situation_allows`` said no)."""
    if _prolongation_excluded(rule, crisis):
        return Text(
            "%(rule)s not applied: in a situation of %(situation)s it applies only under the "
            "initial Council decision (%(basis)s), and decision %(id)s prolongs %(prolongs)s",
            rule=rule.id,
            situation=crisis.situation,
            basis=_cite(rule),
            id=crisis.id,
            prolongs=crisis.prolongs,
        )
    return Text(
        "%(rule)s not applied: it applies only in a situation of %(situations)s "
        "(%(basis)s), and decision %(id)s is for %(situation)s",
        rule=rule.id,
        situations=", ".join(rule.situations),
        basis=_cite(rule),
        id=crisis.id,
        situation=crisis.situation,
    )
