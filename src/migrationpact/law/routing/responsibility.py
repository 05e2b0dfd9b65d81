"""Which regime decides the member state responsible: the AMMR or Dublin III.

The AMMR applies from 1 July 2026 and repeals Dublin III (AMMR Art. 83, 85). Applications
registered before 1 July 2026 are still handled under the Dublin III criteria (AMMR Art. 84(2)).
Art. 84 does not say which side 1 July 2026 itself falls on; this system treats it as an AMMR day
(the AMMR applies from that day) and flags the result as an interpretation (legal-rules
section 5, item 4).

>>> from migrationpact.law.routing.parameters import Parameters
>>> regime_on(date(2026, 6, 30), Parameters.load())
('Dublin III', False)
>>> regime_on(date(2026, 7, 1), Parameters.load())
('AMMR', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.explain import UNDETERMINED, Node
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.text import Text, sentences


def regime_on(registration: date, params: Parameters) -> tuple[str, bool]:
    """The regime for an application registered on ``registration`` and whether it is flagged."""
    start = params.get("ammr.applies_from").day()
    if registration < start:
        return "Dublin III", False
    return "AMMR", registration == start


@dataclass(frozen=True)
class Responsibility:
    value: str  # AMMR | Dublin III | none | undetermined
    node: Node
    deadlines: tuple[str, ...]
    missing: tuple[str, ...]


def responsibility(ctx: Context) -> Responsibility:
    facts = ctx.facts
    title = Text("Responsibility regime: AMMR or Dublin III?")
    param = ctx.params.get("ammr.applies_from")
    basis = (cite("AMMR", "84", "2"), cite("AMMR", "85"), cite("AMMR", "83"))
    used = ctx.fact("applied_for_asylum", "date_of_registration")
    if facts.applied_for_asylum is False:
        node = Node(
            "APPL-01",
            title,
            "none",
            used,
            basis,
            reason=Text(
                "No application for international protection: no responsibility procedure."
            ),
        )
        return Responsibility("none", node, (), ())
    missing = tuple(
        name
        for name, value in (
            ("applied_for_asylum", facts.applied_for_asylum),
            ("date_of_registration", facts.date_of_registration),
        )
        if value is None
    )
    if missing or facts.date_of_registration is None:
        node = Node(
            "APPL-01",
            title,
            UNDETERMINED,
            used,
            basis,
            reason=Text("The regime follows from the date of registration of an application."),
            missing_facts=missing,
        )
        return Responsibility("undetermined", node, (), missing)
    regime, flagged = regime_on(facts.date_of_registration, ctx.params)
    start = param.day().isoformat()
    security = None
    if facts.security_risk:
        security = Text(
            "If the security check before the criteria gives serious grounds to consider the "
            "applicant a threat to internal security, the Netherlands becomes responsible and no "
            "take charge request is made (AMMR Art. 16(4)); the recorded security risk alone is "
            "not that finding."
        )
    relocated = None
    if facts.entry == "relocation":
        relocated = Text(
            "A relocated person is the responsibility of the member state of relocation "
            "(AMMR Art. 33)."
        )
    if regime == "Dublin III":
        node = Node(
            "APPL-01",
            title,
            "Dublin III",
            used,
            (cite("AMMR", "84", "2"), cite("DUBLIN3", "21", "1")),
            reason=sentences(
                Text(
                    "Registered before %(start)s: the Dublin III criteria and time limits apply "
                    "(AMMR Art. 84(2)); the take charge request must be made within 3 months "
                    "(D3-01, rule-book entry not verified against the OJ text).",
                    start=start,
                ),
                relocated,
            ),
        )
        return Responsibility("Dublin III", node, ("D3-01",), ())
    flag = (
        Text(
            "INTERPRETATION: registered on %(start)s itself, which Art. 84 does not name; treated "
            "as an AMMR day because the AMMR applies from that day (legal-rules section 5, item "
            "4).",
            start=start,
        )
        if flagged
        else None
    )
    node = Node(
        "APPL-01",
        title,
        "AMMR",
        {**used, "interpretation_flag": flagged},
        (*basis, cite("AMMR", "39", "1")),
        reason=sentences(
            Text(
                "Registered on or after %(start)s: the AMMR criteria apply; a take charge request "
                "must be sent within 2 months of registration (AMMR-01).",
                start=start,
            ),
            flag,
            relocated,
            security,
        ),
    )
    return Responsibility("AMMR", node, ("AMMR-01",), ())
