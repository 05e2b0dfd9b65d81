"""The asylum border procedure: mandatory, optional or excluded.

The border procedure is available only in the situations of APR Art. 43(1): after screening of a
person who applied at a border crossing point, was apprehended crossing irregularly, was
disembarked after search and rescue, or arrived by relocation (AMMR Art. 67(11)); never for a
person found in the territory. In those situations it is *mandatory* (Art. 45(1)) when ground
(c) misleading, (f) security or (j) low recognition rate of Art. 42(1) applies, and otherwise
*optional* (Art. 43-44).

Four things lift the duty:
* the adequate-capacity valve (Art. 47(2), 48): capacity reached and notified → (j) no longer
  makes it mandatory; (c) and (f) do;
* the annual maximum (Art. 47(3), 50): reached and the Commission's measures authorised → (c)
  and (j) no longer make it mandatory; (f) always does;
* a crisis decision (CFMR Art. 11): in a mass-arrival crisis the (j) threshold may drop to 5 %
  (11(3)); where the decision names Art. 11(2), (j) cases need not go to the border procedure;
* unaccompanied minors go to the border procedure only on the security ground (Art. 53(1),
  42(3)(b)).

And Art. 53(2) excludes the border procedure altogether (entry authorised, regular procedure)
where support for special needs is unavailable at the location, medical reasons apply, or the
detention guarantees cannot be met while the procedure needs detention.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.examination import Ground, ground_j
from migrationpact.law.routing.explain import OUTCOMES, UNDETERMINED, Node
from migrationpact.law.routing.logic import Tri, all_of, any_of
from migrationpact.law.routing.relief import Relief, reliefs
from migrationpact.law.routing.return_border import return_border_node
from migrationpact.law.text import Text

EXCLUDED = Text("excluded")
OPTIONAL = Text("optional")


@dataclass(frozen=True)
class Border:
    """``procedure`` (``border``/``regular``/``undetermined``), ``mandatory`` and the node."""

    procedure: str
    mandatory: bool | None
    node: Node
    missing: tuple[str, ...]


def _situation(ctx: Context) -> tuple[Tri, Node]:
    entry = ctx.facts.entry
    value = Tri.of(None if entry is None else entry != "in-territory", "entry")
    reason = {
        True: Text(
            "The application follows screening at the external border or relocation: an "
            "Art. 43(1) situation, in which the border procedure can be used."
        ),
        False: Text(
            "The person was found in the territory: not an Art. 43(1) situation, so the "
            "border procedure is not available."
        ),
        None: Text("How the person came into contact with the authorities is not recorded."),
    }[value.value]
    return value, Node(
        "APR-R5",
        Text("Is this an Art. 43(1) situation?"),
        OUTCOMES[value.value],
        ctx.fact("entry"),
        (cite("APR", "43", "1"),),
        reason=Text(
            "%(reason)s (Art. 43(1) also requires that entry has not been authorised.)",
            reason=reason,
        ),
        missing_facts=value.missing,
    )


def _exclusions(ctx: Context) -> tuple[Tri, Node]:
    facts = ctx.facts
    parts = (
        Tri.of(facts.special_needs_unsupported, "special_needs_unsupported"),
        Tri.of(facts.medical_grounds, "medical_grounds"),
        Tri.of(facts.detention_guarantees_unmet, "detention_guarantees_unmet"),
    )
    value = any_of(*parts)
    points = [p for p, part in zip(("(b)/(c)", "(d)", "(e)"), parts, strict=True) if part.value]
    reason = {
        True: Text(
            "Art. 53(2)%(points)s applies: the border procedure must not be applied (or must "
            "stop); entry is authorised and the application goes to the regular procedure.",
            points=", ".join(points),
        ),
        False: Text("None of the Art. 53(2)(b)-(e) exclusions applies."),
        None: Text("An Art. 53(2) exclusion could not be checked."),
    }[value.value]
    return value, Node(
        "APR-R8",
        Text("Exclusions from the border procedure (Art. 53(2))"),
        EXCLUDED if value.value else OUTCOMES[value.value],
        ctx.fact("special_needs_unsupported", "medical_grounds", "detention_guarantees_unmet"),
        (
            cite("APR", "53", "2", "b"),
            cite("APR", "53", "2", "c"),
            cite("APR", "53", "2", "d"),
            cite("APR", "53", "2", "e"),
        ),
        reason=reason,
        missing_facts=value.missing,
    )


def _uam_node(ctx: Context, f: Ground) -> Node:
    uam = ctx.uam
    if uam.value is None:
        outcome, reason = (
            UNDETERMINED,
            Text("Whether the applicant is an unaccompanied minor is not recorded."),
        )
    elif not uam.value:
        outcome = Text("not a UAM")
        reason = Text("The applicant is not an unaccompanied minor.")
    elif f.result.value:
        outcome = Text("security exception")
        reason = Text(
            "Unaccompanied minor, but the security ground (Art. 42(3)(b)) applies: the border "
            "procedure is possible."
        )
    else:
        outcome = EXCLUDED
        reason = Text(
            "Unaccompanied minor without the security ground: the border procedure must not be "
            "applied, whatever other ground applies (Art. 53(1)); an accelerated examination "
            "under Art. 42(3) remains possible."
        )
    return Node(
        "APR-R8",
        Text("Unaccompanied minor (Art. 53(1))"),
        outcome,
        ctx.fact("unaccompanied", "age"),
        (cite("APR", "53", "1"), cite("APR", "42", "3", "b")),
        reason=reason,
        missing_facts=uam.missing,
    )


def decide_border(ctx: Context, c: Ground, f: Ground, j_normal: Ground) -> Border:
    """Decide the border procedure from the grounds already assessed for the examination."""
    situation, situation_node = _situation(ctx)
    excluded, excluded_node = _exclusions(ctx)
    title = Text("Asylum border procedure: mandatory, optional or excluded?")
    basis = (cite("APR", "45", "1"), cite("APR", "43", "1"), cite("APR", "53"))
    if situation.value is False:
        node = Node(
            "APR-R6",
            title,
            Text("not available"),
            {},
            basis,
            (situation_node,),
            reason=Text(
                "Regular procedure: the border procedure exists only in Art. 43(1) situations."
            ),
        )
        return Border("regular", False, node, ())
    relief = reliefs(ctx)
    j = ground_j(ctx, relief.j_threshold) if relief.j_threshold else j_normal
    uam = ctx.uam
    c_m = all_of(c.result, relief.annual_maximum.negate(), uam.negate())
    j_m = all_of(
        j.result,
        relief.capacity.negate(),
        relief.annual_maximum.negate(),
        Tri(not relief.crisis_j_optional),
        uam.negate(),
    )
    mandatory = all_of(situation, any_of(f.result, c_m, j_m))
    children = [situation_node, c.node, f.node, j.node, _uam_node(ctx, f), *relief.nodes(c, j)]
    children.append(excluded_node)
    missing: tuple[str, ...] = ()
    is_mandatory: bool | None = False
    if excluded.value is True:
        outcome, procedure = EXCLUDED, "regular"
        reason = Text("Excluded by Art. 53(2): entry is authorised; regular procedure.")
    elif mandatory.value is True and excluded.value is False:
        outcome, procedure, is_mandatory = Text("mandatory"), "border", True
        reason = Text("An Art. 43(1) situation and a ground of Art. 45(1) that still binds.")
        children.append(return_border_node(ctx))
    elif mandatory.value is True:
        outcome, procedure, is_mandatory = UNDETERMINED, "undetermined", None
        missing = excluded.missing
        reason = Text(
            "Mandatory unless an Art. 53(2) exclusion applies, which could not be checked."
        )
    elif mandatory.value is None:
        outcome, procedure, is_mandatory = UNDETERMINED, "undetermined", None
        missing = mandatory.missing
        reason = Text("Whether the border procedure is mandatory cannot be decided on these facts.")
    elif uam.value and not f.result.value:
        outcome, procedure = EXCLUDED, "regular"
        reason = Text(
            "Unaccompanied minor without a security ground: no border procedure (Art. 53(1))."
        )
    elif situation.value is None:
        outcome, procedure = Text("not mandatory"), "regular"
        reason = Text(
            "No ground of Art. 45(1) applies, whatever the entry situation: regular procedure."
        )
    else:
        outcome, procedure, missing, reason, extra = _optional(ctx, c, j, excluded)
        children.extend(extra)
    node = Node(
        "APR-R6", title, outcome, {}, basis, tuple(children), reason=reason, missing_facts=missing
    )
    return Border(procedure, is_mandatory, node, missing)


def _optional(
    ctx: Context, c: Ground, j: Ground, excluded: Tri
) -> tuple[Text, str, tuple[str, ...], Text, list[Node]]:
    """Not mandatory in an Art. 43(1) situation: the member state may use the procedure."""
    policy = ctx.params.get("nl.optional_border_procedure", ctx.decision_date)
    known_ground = bool(c.result.value or j.result.value)
    chosen = "border" if policy.text() == "border" and known_ground else "regular"
    reason = Text(
        "The member state may examine the application in the border procedure where it can "
        "decide on inadmissibility or on the merits under Art. 42(1)(a)-(g), (j) or 42(3)(b) "
        "(Art. 44(1)). Configured policy: %(policy)s -> %(chosen)s.",
        policy=repr(policy.text()),
        chosen=Text("border procedure") if chosen == "border" else Text("regular procedure"),
    )
    if not policy.verified:
        reason = Text(
            "%(reason)s The Dutch choice is NOT verified (parameter %(parameter)s).",
            reason=reason,
            parameter="nl.optional_border_procedure",
        )
    optional_node = Node(
        "APR-R5",
        Text("Optional border procedure (Art. 43-44)"),
        OPTIONAL,
        {"nl_policy": policy.text(), "relieved_ground": known_ground},
        tuple(dict.fromkeys((cite("APR", "43", "1"), cite("APR", "44", "1"), *policy.basis))),
        reason=reason,
    )
    if chosen == "border" and excluded.value is not False:
        missing = excluded.missing
        return (
            UNDETERMINED,
            "undetermined",
            missing,
            Text("Optional border procedure unless an Art. 53(2) exclusion applies."),
            [optional_node],
        )
    extra = [optional_node]
    if chosen == "border":
        extra.append(return_border_node(ctx))
    return (OPTIONAL, chosen, (), Text("Not mandatory: optional border procedure."), extra)


__all__ = ["Border", "Relief", "decide_border"]
