"""What lifts the duty to use the border procedure: capacity valve, annual maximum, crisis.

* Adequate capacity (APR Art. 47(2), 48): when the number of people in the asylum and return border
  procedures reaches the member state's adequate capacity and the Commission is notified, (j)
  cases need not be examined in the border procedure, on an inflow-outflow basis, for the rest of
  the calendar year. The Dutch figure is not known to this system (legal-rules section 5 item 3),
  so whether it is reached is a recorded fact.
* Annual maximum (Art. 47(3), 50): once reached, the Commission may authorise the member state not
  to apply the border procedure to (c) and (j) cases; never to (f) or Art. 42(3)(b) cases.
* Crisis (CFMR Art. 11): in a mass-arrival crisis the (j) threshold may be lowered to 5 %
  (11(3)); where a decision expressly names Art. 11(2), (j) cases need not go to the border
  procedure at all; (c) and (f) stay mandatory in every case.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.crisis_overlay import authorises
from migrationpact.law.routing.examination import Ground
from migrationpact.law.routing.explain import OUTCOMES, UNDETERMINED, Node
from migrationpact.law.routing.logic import Tri
from migrationpact.law.routing.parameters import Parameter
from migrationpact.law.text import Text, sentences

_RELIEVED = {True: Text("relieved"), False: Text("not relieved"), None: UNDETERMINED}


@dataclass(frozen=True)
class Relief:
    """The reliefs in force for this case, and how to explain them."""

    ctx: Context
    capacity: Tri
    annual_maximum: Tri
    crisis_j_optional: bool
    j_threshold: Parameter | None
    capacity_note: Text | None

    def nodes(self, c: Ground, j: Ground) -> list[Node]:
        out: list[Node] = []
        facts = self.ctx.facts
        if j.result.value or facts.border_capacity_reached is not None:
            out.append(self._capacity_node(j))
        if c.result.value or j.result.value or facts.annual_maximum_reached is not None:
            out.append(self._annual_node())
        if self.ctx.crisis is not None:
            out.append(self._crisis_node())
        return out

    def _capacity_node(self, j: Ground) -> Node:
        value = self.capacity.value
        outcome = _RELIEVED[value]
        reason = {
            True: Text(
                "Adequate capacity reached and notified: ground (j) no longer makes the border "
                "procedure mandatory (inflow-outflow basis, rest of the calendar year); (c) and "
                "(f) still do."
            ),
            False: Text("The capacity valve does not apply; ground (j) keeps its effect."),
            None: Text(
                "Whether the adequate capacity was reached and notified is not recorded; it "
                "matters because ground (j) applies."
            ),
        }[value]
        reason = sentences(reason, self.capacity_note)
        return Node(
            "APR-R7",
            Text("Adequate-capacity valve (Art. 48)"),
            outcome,
            {**self.ctx.fact("border_capacity_reached"), "decision_date": self.ctx.decision_date},
            (
                cite("APR", "47", "2"),
                cite("APR", "48", "2"),
                cite("APR", "48", "3"),
                cite("APR", "48", "4"),
            ),
            reason=reason,
            missing_facts=self.capacity.missing,
        )

    def _annual_node(self) -> Node:
        value = self.annual_maximum.value
        outcome = _RELIEVED[value]
        reason = {
            True: Text(
                "Annual maximum reached and the Commission's measures authorised: grounds (c) "
                "and (j) no longer make the border procedure mandatory; the security ground (f) "
                "always does (Art. 50)."
            ),
            False: Text(
                "The annual maximum has not been reached (or no measures were authorised)."
            ),
            None: Text(
                "Whether the annual maximum was reached is not recorded; it matters because "
                "ground (c) or (j) applies."
            ),
        }[value]
        return Node(
            "APR-R7",
            Text("Annual maximum (Art. 47(3), 50)"),
            outcome,
            self.ctx.fact("annual_maximum_reached"),
            (cite("APR", "47", "3"), cite("APR", "50")),
            reason=reason,
            missing_facts=self.annual_maximum.missing,
        )

    def _crisis_node(self) -> Node:
        decision = self.ctx.crisis
        assert decision is not None
        effects: list[Text] = []
        if authorises(decision, "11", "1"):
            effects.append(
                Text("The border procedure may be extended by up to 6 weeks (11(1), CFMR-02).")
            )
        if self.crisis_j_optional:
            effects.append(Text("(j) cases need not be examined in the border procedure (11(2))."))
        if self.j_threshold is not None:
            effects.append(
                Text(
                    "The (j) threshold for the mandatory border procedure is %(limit)s %% (11(3)).",
                    limit=f"{self.j_threshold.number():g}",
                )
            )
        if decision.situation == "mass-arrival" and authorises(decision, "11", "4"):
            effects.append(
                Text(
                    "Merits decisions in the border procedure are possible up to a %(rate)s %% "
                    "rate (11(4), optional).",
                    rate="50",
                )
            )
        if decision.situation == "instrumentalisation" and authorises(decision, "11", "6"):
            effects.append(
                Text(
                    "The border procedure may be applied to all applications of instrumentalised "
                    "persons (11(6)), except children under 12 with their families and persons "
                    "with special needs (11(7)); the facts do not record instrumentalisation, so "
                    "this is not applied."
                )
            )
        if not effects:
            effects.append(
                Text(
                    "No Art. 11 derogation for the border procedure in a %(situation)s decision.",
                    situation=decision.situation,
                )
            )
        return Node(
            "CFMR-R3",
            Text("Crisis overlay on the border procedure (CFMR Art. 11)"),
            OUTCOMES[True]
            if (self.crisis_j_optional or self.j_threshold)
            else Text("no change to the duty"),
            {
                "crisis": decision.id,
                "situation": decision.situation,
                "derogations": list(decision.derogations),
            },
            (cite("CFMR", "11"),),
            reason=sentences(*effects, Text("Grounds (c) and (f) stay mandatory.")),
        )


def reliefs(ctx: Context) -> Relief:
    facts = ctx.facts
    capacity = Tri.of(facts.border_capacity_reached, "border_capacity_reached")
    note: Text | None = None
    if capacity.value:
        day = ctx.decision_date
        decision = ctx.params.find("apr.adequate_capacity_decision", day) if day else None
        if day is None:
            capacity = Tri.missing_fact("decision_date")
        elif decision is None:
            capacity = Tri(False)
            note = Text(
                "No adequate-capacity decision is recorded for %(day)s: the valve cannot be used.",
                day=day.isoformat(),
            )
        else:
            note = Text("Capacity figures: %(figures)s.", figures=decision.text())
    crisis = ctx.crisis
    j_optional = False
    threshold = None
    if crisis is not None:
        j_optional = crisis.situation in ("mass-arrival", "force-majeure") and authorises(
            crisis, "11", "2", expressly=True
        )
        if crisis.situation == "mass-arrival" and authorises(crisis, "11", "3"):
            threshold = (
                ctx.params.find("cfmr.j_threshold_mass_arrival", ctx.decision_date)
                if ctx.decision_date
                else None
            )
    return Relief(
        ctx,
        capacity,
        Tri.of(facts.annual_maximum_reached, "annual_maximum_reached"),
        j_optional,
        threshold,
        note,
    )
