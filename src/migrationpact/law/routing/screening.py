"""Screening: which kind of screening applies, and where screening sends the person.

People apprehended crossing the external border irregularly, disembarked after a search-and-
rescue operation, or applying at a border crossing point without meeting the entry conditions
are screened at the external border (SR Art. 5; 7 days, SR Art. 8(3)). People found inside the
territory with no sign of earlier border controls are screened in the territory (SR Art. 7;
3 days, SR Art. 8(4)). A person relocated to the Netherlands was screened in the member state of
arrival and arrives with the screening form (SR Art. 18, AMMR Art. 67): no new screening.

At the end, screening refers the person (SR Art. 18): an asylum applicant to the authority that
registers the application; someone screened at the border who did not apply to the return
procedure (entry may be refused); someone screened in the territory who did not apply stays in
the return procedure.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.explain import UNDETERMINED, Node
from migrationpact.law.routing.facts import BORDER_ENTRIES
from migrationpact.law.text import Text

_SR5 = {
    "border-crossing": cite("SR", "5", "1", "a"),
    "sar-disembarkation": cite("SR", "5", "1", "b"),
    "border-crossing-point": cite("SR", "5", "2"),
}
_HOW = {
    "border-crossing": Text(
        "The person was apprehended for an unauthorised crossing of the external border"
    ),
    "sar-disembarkation": Text("The person was disembarked after a search-and-rescue operation"),
    "border-crossing-point": Text(
        "The person applied at a border crossing point without meeting the entry conditions"
    ),
}


@dataclass(frozen=True)
class Screening:
    """The kind of screening (``external-border``, ``in-territory``, ``none``, ``undetermined``)."""

    value: str
    node: Node
    deadlines: tuple[str, ...]
    missing: tuple[str, ...]


#: The Eurodac limit of a person aged 6 or more screened at the border, by how they came.
_EDR_BASIS = {"EDR-03": cite("EDR", "22", "1"), "EDR-16": cite("EDR", "24", "1")}


def _eurodac(
    entry: str, age: int | None, reason: Text, deadlines: list[str], missing: list[str]
) -> Text:
    """Add EDR-03 (apprehended crossing, EDR Art. 22) or EDR-16 (disembarked after search and
    rescue, EDR Art. 24) for a person aged 6 or more; say so in ``reason``."""
    if entry == "border-crossing":
        rule = "EDR-03"
        unknown = Text(
            "%(reason)s Whether EDR-03 (biometrics within 72 hours) starts depends on age >= 6.",
            reason=reason,
        )
        known = Text(
            "%(reason)s Biometric data of an apprehended irregular crosser aged 6 or more: EDR-03.",
            reason=reason,
        )
    elif entry == "sar-disembarkation":
        rule = "EDR-16"
        unknown = Text(
            "%(reason)s Whether EDR-16 (biometrics within 72 hours of disembarkation) starts "
            "depends on age >= 6.",
            reason=reason,
        )
        known = Text(
            "%(reason)s Biometric data of a person aged 6 or more disembarked after a search and "
            "rescue operation: EDR-16.",
            reason=reason,
        )
    else:
        return reason
    if age is None:
        missing.append("age")
        return unknown
    if age >= 6:
        deadlines.append(rule)
        return known
    return reason


def screen(ctx: Context) -> Screening:
    """Decide the screening and the referral at its end."""
    facts = ctx.facts
    sr_start = ctx.params.get("sr.applies_from")
    day = facts.date_of_application or ctx.decision_date
    used = ctx.fact("entry")
    if day is not None and day < sr_start.day():
        node = Node(
            "SR-R1",
            Text("Screening under the Screening Regulation"),
            Text("not applicable"),
            {**used, "date_of_application": facts.date_of_application},
            sr_start.basis,
            reason=Text(
                "The case predates %(day)s, the day the Screening Regulation applies from; "
                "screening under it was not available.",
                day=sr_start.day(),
            ),
        )
        return Screening("none", node, (), ())
    entry = facts.entry
    if entry is None:
        node = Node(
            "SR-R1",
            Text("Screening: external border (SR Art. 5) or territory (SR Art. 7)?"),
            UNDETERMINED,
            used,
            (cite("SR", "5"), cite("SR", "7", "1")),
            reason=Text(
                "How the person came into contact with the authorities (entry) is not recorded."
            ),
            missing_facts=("entry",),
        )
        return Screening("undetermined", node, (), ("entry",))
    referral = _referral(ctx)
    if entry in BORDER_ENTRIES:
        deadlines: list[str] = ["SCR-01"]
        missing: list[str] = []
        reason = Text(
            "%(how)s: screening at the external border applies whether or not asylum is sought; "
            "the person is not authorised to enter during screening (SR Art. 6); screening is "
            "completed within 7 days (SCR-01).",
            how=_HOW[entry],
        )
        reason = _eurodac(entry, facts.age, reason, deadlines, missing)
        basis: tuple[LegalBasis, ...] = (
            _SR5[entry],
            cite("SR", "6"),
            cite("SR", "8", "3"),
        )
        basis += tuple(_EDR_BASIS[r] for r in deadlines if r in _EDR_BASIS)
        node = Node(
            "SR-R1",
            Text("Screening at the external border"),
            "external-border",
            {**used, "age": facts.age}
            if entry in ("border-crossing", "sar-disembarkation")
            else used,
            basis,
            (referral.node,),
            reason=reason,
            missing_facts=tuple(missing),
        )
        return Screening("external-border", node, tuple(deadlines), (*missing, *referral.missing))
    if entry == "in-territory":
        node = Node(
            "SR-R2",
            Text("Screening within the territory"),
            "in-territory",
            used,
            (cite("SR", "7", "1"), cite("SR", "8", "4")),
            (referral.node,),
            reason=Text(
                "The person was found within the territory with no indication of earlier "
                "external-border controls: screening within the territory, completed within 3 "
                "days (SCR-03)."
            ),
        )
        return Screening("in-territory", node, ("SCR-03",), referral.missing)
    node = Node(
        "SR-R5",
        Text("Arrival by relocation"),
        Text("no new screening"),
        used,
        (cite("SR", "18"), cite("AMMR", "67")),
        reason=Text(
            "A relocated person was screened in the member state of arrival, which referred the "
            "person, with the screening form, to the Netherlands as the member state of "
            "relocation (SR Art. 18; AMMR Art. 67). The Netherlands does not screen again."
        ),
    )
    return Screening("none", node, (), ())


@dataclass(frozen=True)
class _Referral:
    node: Node
    missing: tuple[str, ...]


def _referral(ctx: Context) -> _Referral:
    facts = ctx.facts
    used = ctx.fact("applied_for_asylum", "entry")
    title = Text("Referral at the end of screening")
    if facts.applied_for_asylum is None:
        node = Node(
            "SR-R5",
            title,
            UNDETERMINED,
            used,
            (cite("SR", "18"),),
            reason=Text("Whether the person applied for international protection is not recorded."),
            missing_facts=("applied_for_asylum",),
        )
        return _Referral(node, ("applied_for_asylum",))
    if facts.applied_for_asylum:
        node = Node(
            "SR-R5",
            title,
            Text("registration authority"),
            used,
            (cite("SR", "18"), cite("APR", "27")),
            reason=Text(
                "The person applied for international protection: screening ends by referral, "
                "with the screening form, to the authority that registers the application."
            ),
        )
        return _Referral(node, ())
    if facts.entry == "in-territory":
        reason = Text(
            "No application: the person, found illegally staying, remains in the return procedure."
        )
    else:
        reason = Text(
            "No application: the person is referred to the return procedure under the Return "
            "Directive; entry may be refused."
        )
    node = Node(
        "SR-R5",
        title,
        Text("return procedure"),
        used,
        (cite("SR", "18"), cite("RD2008", "6")),
        reason=reason,
    )
    return _Referral(node, ())
