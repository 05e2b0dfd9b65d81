"""The routing engine: from the facts of a case to its procedure, with the reasons, article by
article.

``route`` applies, in this order: which law applies on the dates (APR Art. 79; legal-rules
APPL-01), whether a crisis decision covers the application (CFMR), screening and its referral
(SR Art. 5, 7, 18), the accelerated-examination grounds (APR Art. 42), the border procedure
(APR Art. 43-53, CFMR Art. 11) and, after a negative border decision, the return border procedure
(APR-R9), and the responsibility regime (AMMR Art. 84(2)). The answer carries the time limits
that start on these facts (ids of the legal-rules reference and the rule book) and the
explanation tree. A fact a rule needs but nobody recorded is listed in ``missing_facts`` and the
answer it affects is ``"undetermined"``.

>>> from migrationpact.law.routing.facts import parse_facts
>>> r = route(parse_facts({"entry": "border-crossing", "applied_for_asylum": True,
...     "nationality": "BGD", "date_of_application": "2026-07-02", "date_of_registration":
...     "2026-07-03", "age": 25, "unaccompanied": False, "security_risk": False,
...     "misled_authorities": False, "special_needs_unsupported": False, "medical_grounds": False,
...     "detention_guarantees_unmet": False, "border_capacity_reached": False,
...     "annual_maximum_reached": False}))
>>> r.screening, r.procedure, r.examination, r.border_mandatory, r.responsibility_regime
('external-border', 'border', 'accelerated', True, 'AMMR')
>>> " ".join(r.deadlines)
'SCR-01 EDR-03 APR-01 APR-25 RCD-01 RCD-02 EDR-01 APR-06 APR-16 AMMR-01'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.routing.border import decide_border
from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.crisis_overlay import applicable_crisis, authorises
from migrationpact.law.routing.examination import examine
from migrationpact.law.routing.explain import UNDETERMINED, Node, render_text
from migrationpact.law.routing.facts import Facts
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.routing.recognition import RecognitionTable
from migrationpact.law.routing.responsibility import responsibility
from migrationpact.law.routing.screening import screen
from migrationpact.law.routing.versions import rule_set_version
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.text import Text


@dataclass(frozen=True)
class RoutingResult:
    """The routing decision for one case, with its explanation tree."""

    screening: str
    procedure: str
    examination: str
    border_mandatory: bool | None
    responsibility_regime: str
    deadlines: tuple[str, ...]
    explanation: Node
    missing_facts: tuple[str, ...]
    decision_date: date | None
    rule_set_version: str | None
    routing_data_version: str
    #: The edition of the recognition-rate table in force on the decision date (``seed``: the
    #: shipped table); None without a decision date.
    rates_edition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "screening": self.screening,
            "procedure": self.procedure,
            "examination": self.examination,
            "border_mandatory": self.border_mandatory,
            "responsibility_regime": self.responsibility_regime,
            "deadlines": list(self.deadlines),
            "missing_facts": list(self.missing_facts),
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "rule_set_version": self.rule_set_version,
            "routing_data_version": self.routing_data_version,
            "rates_edition": self.rates_edition,
            "explanation": self.explanation.to_dict(),
        }

    def explain(self) -> str:
        """The result for people: fields, missing facts, then the explanation tree."""
        mandatory = {True: "yes", False: "no", None: "undetermined"}[self.border_mandatory]
        day = self.decision_date.isoformat() if self.decision_date else "unknown"
        lines = [
            f"screening:             {self.screening}",
            f"procedure:             {self.procedure}",
            f"examination:           {self.examination}",
            f"border mandatory:      {mandatory}",
            f"responsibility regime: {self.responsibility_regime}",
            f"deadlines that start:  {', '.join(self.deadlines) or 'none'}",
            f"missing facts:         {', '.join(self.missing_facts) or 'none'}",
            f"decision date:         {day}",
            f"rule-set version:      {self.rule_set_version or 'unknown'}",
            f"routing data version:  {self.routing_data_version}",
            f"rates table edition:   {self.rates_edition or 'none (no decision date)'}",
            "",
            "why:",
            render_text(self.explanation, 1),
        ]
        return "\n".join(lines)


def _decision_day(facts: Facts, given: date | None) -> tuple[date | None, str]:
    if given is not None:
        return given, "given"
    if facts.date_of_registration is not None:
        return facts.date_of_registration, "date_of_registration"
    if facts.date_of_application is not None:
        return facts.date_of_application, "date_of_application"
    return None, "unknown"


def _application_deadlines(ctx: Context) -> tuple[list[str], list[str]]:
    """Time limits that start when an application is made under the APR; missing facts."""
    facts = ctx.facts
    registration = "APR-01"
    if ctx.crisis is not None and authorises(ctx.crisis, "10", "1"):
        registration = "CFMR-01"
    out, missing = [registration, "APR-25", "RCD-01", "RCD-02"], []
    if facts.age is None:
        missing.append("age")
    elif facts.age >= 6:
        out.append("EDR-01")
    if facts.unaccompanied:
        out += ["APR-23", "APR-24", "AMMR-23"]  # AMMR Art. 23(2): from 1 July 2026
    return out, missing


def route(
    facts: Facts,
    *,
    decision_date: date | None = None,
    crisis: CrisisDecision | None = None,
    rates: RecognitionTable | None = None,
    parameters: Parameters | None = None,
    book: RuleBook | None = None,
) -> RoutingResult:
    """Decide screening, procedure, examination and responsibility regime, and explain them.

    ``decision_date`` is the day the routing decision is taken (for the recognition rate in force);
    by default the registration date, else the application date. ``crisis`` is the Council
    implementing decision the facts name, resolved from the crisis register. ``rates``,
    ``parameters`` and ``book`` are the law routed under (default: the shipped data); the result
    is stamped with their versions.
    """
    params = parameters or Parameters.load()
    table = rates or RecognitionTable.configured()
    if crisis is not None and facts.crisis is not None and crisis.id != facts.crisis:
        raise ValueError(
            f"the facts name crisis {facts.crisis!r} but decision {crisis.id!r} was given"
        )
    day, day_source = _decision_day(facts, decision_date)
    applicable, crisis_node = applicable_crisis(facts, crisis)
    ctx = Context(facts, day, day_source, params, table, applicable)

    children: list[Node] = [crisis_node] if crisis_node else []
    missing: list[str] = list(crisis_node.missing_facts) if crisis_node else []
    screening = screen(ctx)
    children.append(screening.node)
    missing += screening.missing
    deadlines = list(screening.deadlines)

    apr = params.get("apr.applies_from")
    law: str
    procedure = examination = "undetermined"
    mandatory: bool | None = None
    if facts.applied_for_asylum is False:
        procedure = examination = "none"
        mandatory = False
        law = Text("no application")
        reason = Text("No application for international protection was made.")
    elif facts.applied_for_asylum is None:
        missing.append("applied_for_asylum")
        law, reason = UNDETERMINED, Text("Whether the person applied for asylum is not recorded.")
    elif facts.date_of_application is None:
        missing.append("date_of_application")
        law = UNDETERMINED
        reason = Text("The application date decides whether the APR applies.")
    elif facts.date_of_application < apr.day():
        procedure = examination = "legacy-apd"
        law = "legacy-apd"
        reason = Text(
            "Application made before %(day)s: the APR does not apply; the application stays "
            "under Directive 2013/32/EU and the Dutch rules implementing it (APR Art. 79(3)). "
            "This engine does not route under those rules. Art. 79(3) speaks of lodging: an "
            "application made before but lodged on or after that day needs a legal check.",
            day=apr.day().isoformat(),
        )
    else:
        law = "APR"
        reason = Text(
            "Application made on or after %(day)s (so also lodged after it): the APR applies "
            "(Art. 79(2), (3)).",
            day=apr.day().isoformat(),
        )
        exam = examine(ctx)
        c, f, j = exam.grounds
        border = decide_border(ctx, c, f, j)
        children += [exam.node, border.node]
        examination, procedure, mandatory = exam.value, border.procedure, border.mandatory
        missing += [*exam.missing, *border.missing]
        started, need = _application_deadlines(ctx)
        deadlines += started
        missing += need
        if procedure == "border":
            relocated = facts.entry == "relocation"
            deadlines += ["APR-06", "APR-17" if relocated else "APR-16"]
        elif procedure == "regular":
            deadlines.append("APR-04")

    resp = responsibility(ctx)
    children.append(resp.node)
    missing += resp.missing
    deadlines += resp.deadlines

    basis = (*apr.basis, *params.get("sr.applies_from").basis)
    if law == "legacy-apd":
        basis += (cite("APD2013", "31"), cite("APD2013", "43"))
    root = Node(
        "APPL-01",
        Text("Which rules apply to this case"),
        law,
        {
            "applied_for_asylum": facts.applied_for_asylum,
            "date_of_application": facts.date_of_application,
            "decision_date": day,
            "decision_date_source": day_source,
        },
        basis,
        tuple(children),
        reason=reason,
    )
    return RoutingResult(
        screening=screening.value,
        procedure=procedure,
        examination=examination,
        border_mandatory=mandatory,
        responsibility_regime=resp.value,
        deadlines=tuple(dict.fromkeys(deadlines)),
        explanation=root,
        missing_facts=tuple(dict.fromkeys(missing)),
        decision_date=day,
        rule_set_version=rule_set_version(facts.date_of_registration or day, book),
        routing_data_version=table.data_version(day, params),
        rates_edition=None if day is None else table.edition_name_on(day),
    )
