"""Relief from take-back duties in an extraordinary mass arrival (CFMR Art. 13(1)), and its limits.

In a crisis of CFMR Art. 1(4)(a) whose mass arrivals are so extraordinary that the Common
European Asylum System risks becoming ineffective, a Council implementing decision may relieve
the member state facing it of the duty to take back applicants (CFMR Art. 13(1)(a), (b)). The
relief covers only applications registered in that member state within the period the decision
sets, and that period may not reach back more than four months before the decision's adoption
(Art. 13(1), last subparagraph); responsibility then passes to the member state where the second
application was registered (Art. 13(2)-(3)).

``take_back_relief(decision, registered_on)`` says whether the relief covers an application and
why, step by step, each step with its article: the decision must be one for a mass arrival that
lists CFMR Art 13 and sets a registration period; the application must be registered in that
period; and the four months of ``CFMR-06`` (the rule book), counted from the registration, must
not have ended before the adoption. A period the decision sets that reaches back further than
Art. 13(1) allows is not applied beyond that limit, and the derivation says so.

>>> from datetime import date
>>> d = CrisisDecision("EX", "Example", "mass-arrival", "NL", date(2027, 3, 1),
...     date(2027, 5, 31), ("CFMR Art 13",), "fictional", False, adopted_on=date(2027, 2, 22),
...     relief_registered_from=date(2026, 10, 1), relief_registered_to=date(2027, 5, 31))
>>> take_back_relief(d, date(2026, 10, 21)).applies, take_back_relief(d, date(2026, 10, 23)).applies
(False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.law.crisis.register import CrisisDecision
from migrationpact.law.rulebook import RuleBook, deadline, default_book
from migrationpact.law.text import Text

#: The rule of the rule book that holds the four months of CFMR Art. 13(1).
LOOK_BACK = "CFMR-06"
_ART_13 = re.compile(r"^\s*CFMR\s+Art\.?\s*13\b", re.IGNORECASE)


@dataclass(frozen=True)
class TakeBackRelief:
    """Whether the relief of CFMR Art. 13(1) covers an application, with the derivation."""

    decision: CrisisDecision
    registered_on: date
    applies: bool
    steps: tuple[tuple[str, str], ...]  # (what was found, the article it rests on)
    rule_set_version: str | None = None

    def explain(self) -> str:
        values = {"id": self.decision.id, "day": self.registered_on.isoformat()}
        head = (
            Text(
                "Take back relief (CFMR Art. 13(1)) under decision %(id)s for an application "
                "registered on %(day)s: applies",
                **values,
            )
            if self.applies
            else Text(
                "Take back relief (CFMR Art. 13(1)) under decision %(id)s for an application "
                "registered on %(day)s: does not apply",
                **values,
            )
        )
        lines: list[str] = [head]
        lines += [f"  {n}. {text} [{basis}]" for n, (text, basis) in enumerate(self.steps, 1)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "crisis": self.decision.id,
            "registered_on": self.registered_on.isoformat(),
            "applies": self.applies,
            "steps": [{"text": text, "basis": basis} for text, basis in self.steps],
            "rule_set_version": self.rule_set_version,
        }


def take_back_relief(
    decision: CrisisDecision, registered_on: date, *, book: RuleBook | None = None
) -> TakeBackRelief:
    """Whether ``decision`` relieves its member state of taking back the applicant whose
    application it registered on ``registered_on`` (CFMR Art. 13(1)); see the module text."""
    steps: list[tuple[str, str]] = []

    def refused(text: str, basis: str) -> TakeBackRelief:
        steps.append((text, basis))
        return TakeBackRelief(decision, registered_on, False, tuple(steps))

    if decision.situation != "mass-arrival":
        return refused(
            Text(
                "Decision %(id)s is for %(situation)s; the relief exists only in a crisis of "
                "mass arrivals (CFMR Art. 1(4)(a))",
                id=decision.id,
                situation=decision.situation,
            ),
            "CFMR Art. 13(1)",
        )
    if not any(_ART_13.match(d) for d in decision.derogations):
        return refused(
            Text("Decision %(id)s does not list CFMR Art 13", id=decision.id), "CFMR Art. 4(3)"
        )
    start, end, adopted = (
        decision.relief_registered_from,
        decision.relief_registered_to,
        decision.adopted_on,
    )
    if start is None or end is None or adopted is None:
        return refused(
            Text(
                "Decision %(id)s sets no registration period for the relief (or no adoption "
                "date is recorded)",
                id=decision.id,
            ),
            "CFMR Art. 13(1), last subpara.",
        )
    if not start <= registered_on <= end:
        return refused(
            Text(
                "Registered on %(day)s, outside the period %(start)s – %(end)s the decision sets",
                day=registered_on.isoformat(),
                start=start.isoformat(),
                end=end.isoformat(),
            ),
            "CFMR Art. 13(1), last subpara.",
        )
    steps.append(
        (
            Text(
                "Registered on %(day)s, within the period %(start)s – %(end)s the decision sets",
                day=registered_on.isoformat(),
                start=start.isoformat(),
                end=end.isoformat(),
            ),
            "CFMR Art. 13(1), last subpara.",
        )
    )
    look_back = deadline(LOOK_BACK, start=registered_on, book=book or default_book())
    limit = look_back.result.nominal_end
    assert isinstance(limit, date)
    within = adopted <= limit
    values = {"rule": LOOK_BACK, "limit": limit.isoformat(), "adopted": adopted.isoformat()}
    text = (
        Text(
            "%(rule)s: four months from the registration end on %(limit)s (not moved for a "
            "weekend or holiday); the decision was adopted on %(adopted)s, not later",
            **values,
        )
        if within
        else Text(
            "%(rule)s: four months from the registration end on %(limit)s (not moved for a "
            "weekend or holiday); the decision was adopted later, on %(adopted)s: its period "
            "reaches back further than the four months allowed and is not applied to this "
            "application",
            **values,
        )
    )
    steps.append((text, "CFMR Art. 13(1), last subpara."))
    return TakeBackRelief(decision, registered_on, within, tuple(steps), look_back.rule_set.version)
