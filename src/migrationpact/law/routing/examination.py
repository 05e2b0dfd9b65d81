"""Accelerated examination: the grounds of APR Art. 42(1) that the recorded facts cover.

An application must be examined in the accelerated procedure (3 months instead of 6) when one of
the grounds of APR Art. 42(1) applies. The facts cover three of them: (c) the applicant misled
the authorities, (f) the applicant is a danger to national security or public order, and (j) the
applicant's nationality has an EU-wide recognition rate of 20 % or lower. The other grounds
((a), (b), (d), (e), (g), (h), (i)) need an assessment the facts do not record; the explanation
says so. For an unaccompanied minor Art. 42(3) narrows the grounds, but (c), (f) and (j) remain.

The same three grounds make the border procedure mandatory (APR Art. 45(1)); ``border.py`` reuses
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrationpact.law.routing.context import Context, cite
from migrationpact.law.routing.explain import OUTCOMES, UNDETERMINED, Node
from migrationpact.law.routing.logic import Tri, any_of
from migrationpact.law.routing.parameters import Parameter
from migrationpact.law.text import Text, sentences


@dataclass(frozen=True)
class Ground:
    """One Art. 42(1) ground: whether it applies, and the node that says why."""

    point: str
    result: Tri
    node: Node


def ground_c(ctx: Context) -> Ground:
    value = Tri.of(ctx.facts.misled_authorities, "misled_authorities")
    return Ground(
        "c",
        value,
        Node(
            "APR-R4",
            Text("Ground (c): misleading the authorities"),
            OUTCOMES[value.value],
            ctx.fact("misled_authorities"),
            (cite("APR", "42", "1", "c"),),
            reason=Text(
                "Recorded as the officer's finding that the applicant intentionally misled the "
                "authorities (false information or documents, withheld information, bad-faith "
                "destruction of documents) after a full chance to explain."
            ),
            missing_facts=value.missing,
        ),
    )


def ground_f(ctx: Context) -> Ground:
    value = Tri.of(ctx.facts.security_risk, "security_risk")
    return Ground(
        "f",
        value,
        Node(
            "APR-R4",
            Text("Ground (f): danger to national security or public order"),
            OUTCOMES[value.value],
            ctx.fact("security_risk"),
            (cite("APR", "42", "1", "f"),),
            reason=Text(
                "Recorded as the officer's finding of serious reasons to consider the applicant a "
                "danger to national security or public order."
            ),
            missing_facts=value.missing,
        ),
    )


def ground_j(ctx: Context, threshold: Parameter | None = None) -> Ground:
    """Ground (j) at the normal threshold, or at ``threshold`` (a crisis overlay)."""
    param = threshold or ctx.params.get("apr.j_threshold", ctx.decision_date)
    limit = param.number()
    basis = tuple(dict.fromkeys((cite("APR", "42", "1", "j"), *param.basis)))
    title = Text(
        "Ground (j): EU-wide recognition rate of %(limit)s %% or lower", limit=f"{limit:g}"
    )
    used: dict[str, object] = {
        "nationality": ctx.facts.nationality,
        "decision_date": ctx.decision_date,
        "threshold_percent": limit,
    }
    missing = tuple(
        name
        for name, value in (
            ("nationality", ctx.facts.nationality),
            ("decision_date", ctx.decision_date),
        )
        if value is None
    )
    if ctx.facts.nationality is None or ctx.decision_date is None:
        value = Tri.missing_fact(*missing)
        reason = Text("The rate can only be looked up with the nationality and the decision date.")
        return Ground(
            "j",
            value,
            Node(
                "APR-R4",
                title,
                UNDETERMINED,
                used,
                basis,
                reason=reason,
                missing_facts=value.missing,
            ),
        )
    row = ctx.rates.rate_on(ctx.facts.nationality, ctx.decision_date)
    used["rate_edition"] = ctx.rates.edition_name_on(ctx.decision_date)
    edition = edition_words(ctx)
    if row is None:
        value = Tri.missing_fact("recognition_rate")
        reason = sentences(
            Text(
                "No annual EU-wide recognition rate for %(nationality)s published by %(day)s is "
                "recorded in the recognition table; the rate is not guessed. Add the Eurostat "
                "figure to the table.",
                nationality=ctx.facts.nationality,
                day=ctx.decision_date.isoformat(),
            ),
            edition,
        )
        return Ground(
            "j",
            value,
            Node(
                "APR-R4",
                title,
                UNDETERMINED,
                used,
                basis,
                reason=reason,
                missing_facts=value.missing,
            ),
        )
    used.update(
        rate_percent=row.rate,
        rate_year=row.year,
        rate_measure=row.measure,
        rate_status=row.status,
        rate_published=row.published_on,
        rate_published_assumed=row.published_assumed,
        rate_source=row.source,
    )
    at_or_below = row.at_or_below(limit)
    value = Tri(at_or_below) if at_or_below is not None else Tri.missing_fact("recognition_rate")
    compare = {
        True: Text("at or below"),
        False: Text("above"),
        None: Text("possibly above"),
    }[at_or_below]
    reason = sentences(
        Text(
            "Latest annual figure published by %(day)s: %(figure)s; %(compare)s %(limit)s %%. "
            "The authority may still find a significant change since the figure, or that the "
            "applicant's category is not represented by it (Art. 42(1)(j)).",
            day=ctx.decision_date.isoformat(),
            figure=row.describe(),
            compare=compare,
            limit=f"{limit:g}",
        ),
        edition,
    )
    return Ground(
        "j",
        value,
        Node(
            "APR-R4",
            title,
            OUTCOMES[value.value],
            used,
            basis,
            reason=reason,
            missing_facts=value.missing,
        ),
    )


def edition_words(ctx: Context) -> Text:
    """Which edition of the recognition-rate table answered, in words (with its source)."""
    assert ctx.decision_date is not None
    edition = ctx.rates.edition_on(ctx.decision_date)
    if edition is None:
        return Text(
            "Rates table: the seed table shipped with the system (EUAA EU+ figures), used until "
            "an edition imported from Eurostat is in force."
        )
    return Text(
        "Rates table: edition %(edition)s, Eurostat %(dataset)s for %(year)s (EU-27), last "
        "updated by Eurostat on %(updated)s, imported from the file %(file)s, in force from "
        "%(day)s.",
        edition=edition.id,
        dataset=edition.dataset,
        year=edition.year,
        updated=edition.last_update,
        file=edition.source_file,
        day=edition.in_force_from,
    )


@dataclass(frozen=True)
class Examination:
    """``accelerated``, ``regular`` or ``undetermined``, with the node and missing facts."""

    value: str
    node: Node
    missing: tuple[str, ...]
    grounds: tuple[Ground, ...]


def examine(ctx: Context) -> Examination:
    grounds = (ground_c(ctx), ground_f(ctx), ground_j(ctx))
    result = any_of(*(g.result for g in grounds))
    value = {True: "accelerated", False: "regular", None: "undetermined"}[result.value]
    applying = ", ".join(f"({g.point})" for g in grounds if g.result.value)
    if result.value:
        reason = Text(
            "Ground %(points)s of Art. 42(1) applies: accelerated examination.", points=applying
        )
    elif result.value is False:
        reason = Text(
            "None of grounds (c), (f), (j) applies on the facts given. Grounds (a), (b), (d), (e), "
            "(g), (h), (i) are not among the recorded facts and were not assessed: the "
            "determining authority must check them before the regular examination is final."
        )
    else:
        reason = Text("No ground applies on the facts given, but a ground could not be assessed.")
    children = tuple(g.node for g in grounds)
    if ctx.facts.unaccompanied:
        children += (
            Node(
                "APR-R4",
                Text("Unaccompanied minor: grounds limited by Art. 42(3)"),
                Text("(c), (f), (j) remain"),
                ctx.fact("unaccompanied"),
                (cite("APR", "42", "3"),),
                reason=Text(
                    "For an unaccompanied minor only grounds (c), (e), (f), (g) and (j) may lead "
                    "to an accelerated examination; the three grounds assessed here are among "
                    "them."
                ),
            ),
        )
    node = Node(
        "APR-R4",
        Text("Accelerated or regular examination?"),
        value,
        {},
        (cite("APR", "42", "1"), cite("APR", "35", "3")),
        children,
        reason=reason,
        missing_facts=result.missing,
    )
    return Examination(value, node, result.missing, grounds)
