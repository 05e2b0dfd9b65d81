"""Whether a crisis decision applies to this application, and which CFMR articles it opens.

Derogations under the Crisis and Force Majeure Regulation exist only where the Council has
adopted an implementing decision (CFMR Art. 4(3)); they apply to applications made in the period
the decision covers. The register lists the derogations a decision authorises as text such as
``"CFMR Art 11"`` (the whole article) or ``"CFMR Art 11(3)"`` (one paragraph).

>>> from datetime import date
>>> d = CrisisDecision("X", "t", "mass-arrival", "NL", date(2027, 3, 1), date(2027, 5, 31),
...                    ("CFMR Art 10", "CFMR Art 11(3)"), "fictional", False)
>>> authorises(d, "11", "3"), authorises(d, "11", "2"), authorises(d, "10", "1")
(True, False, True)
>>> authorises(d, "10", "1", expressly=True)
False
"""

from __future__ import annotations

import re

from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.routing.context import cite
from migrationpact.law.routing.explain import OUTCOMES, UNDETERMINED, Node
from migrationpact.law.routing.facts import Facts
from migrationpact.law.text import Text

_DEROGATION = re.compile(r"^\s*CFMR\s+Art\.?\s*(\d+)\s*(?:\((\d+)\))?", re.IGNORECASE)


def authorises(
    decision: CrisisDecision, article: str, paragraph: str | None = None, *, expressly: bool = False
) -> bool:
    """True when the decision lists the article (whole) or this paragraph of it.

    With ``expressly`` the paragraph itself must be listed; the whole article is not enough.
    """
    for text in decision.derogations:
        match = _DEROGATION.match(text)
        if not match or match.group(1) != article:
            continue
        listed = match.group(2)
        if paragraph is None or listed == paragraph or (listed is None and not expressly):
            return True
    return False


def applicable_crisis(
    facts: Facts, decision: CrisisDecision | None
) -> tuple[CrisisDecision | None, Node | None]:
    """The decision if it covers the application date, and the node that says why (or why not)."""
    if decision is None and facts.crisis is None:
        return None, None
    basis = (cite("CFMR", "4", "3"), cite("CFMR", "5"))
    if decision is None:
        return None, Node(
            "CFMR-R1",
            Text("Crisis decision named in the facts"),
            Text("not applied"),
            {"crisis": facts.crisis},
            basis,
            reason=Text(
                "The facts name crisis decision %(id)s, but it was not resolved from the crisis "
                "register, so no derogation is applied.",
                id=repr(facts.crisis),
            ),
            missing_facts=("crisis",),
        )
    used = {"crisis": decision.id, "date_of_application": facts.date_of_application}
    title = Text("Does the crisis decision cover this application?")
    if facts.date_of_application is None:
        return None, Node(
            "CFMR-R1",
            title,
            UNDETERMINED,
            used,
            basis,
            reason=_noted(
                Text(
                    "Derogations apply to applications made in the decision's period; the "
                    "application date is not recorded."
                ),
                decision,
            ),
            missing_facts=("date_of_application",),
        )
    period = {"start": decision.valid_from.isoformat(), "end": decision.valid_to.isoformat()}
    if not decision.covers(facts.date_of_application):
        return None, Node(
            "CFMR-R1",
            title,
            Text("not applied"),
            used,
            basis,
            reason=_noted(
                Text(
                    "Decision %(id)s (%(situation)s) covers %(start)s to %(end)s; the application "
                    "was made outside that period, so its derogations do not apply.",
                    id=decision.id,
                    situation=decision.situation,
                    **period,
                ),
                decision,
            ),
        )
    return decision, Node(
        "CFMR-R1",
        title,
        OUTCOMES[True],
        {**used, "situation": decision.situation, "derogations": list(decision.derogations)},
        basis,
        reason=_noted(
            Text(
                "Decision %(id)s (%(title)s) covers %(start)s to %(end)s and the application date.",
                id=decision.id,
                title=decision.title,
                **period,
            ),
            decision,
        ),
    )


def _noted(reason: Text, decision: CrisisDecision) -> Text:
    """The reason, with a warning when the register has not verified the decision."""
    if decision.verified:
        return reason
    return Text("%(reason)s The register marks this decision as NOT verified.", reason=reason)
