"""The reasons of a placement in sentences, for people: English here, Dutch in the web catalog.

The answer of ``place`` holds codes and points (``Placement.goals``, ``bound_by``,
``next_best``; ``Unplaced.blocked_by``), so another program reads it without parsing
sentences. ``label`` gives the name of a goal or constraint code, and ``why_here``,
``why_not`` and ``why_unplaced`` write the explanation as ``law.text.Text`` values, which the
web says in the page's language (the Dutch of every template and label is in
``web/locale/nl/LC_MESSAGES/messages.po``).

>>> label("uam-age")
'unaccompanied minors only in units for their age'
>>> from .model import Unplaced
>>> why_unplaced(Unplaced(household="h1", persons=3, blocked_by="capacity", stays_in=None))
'No place for household h1: no suitable unit has room'
"""

from __future__ import annotations

from migrationpact.law.text import N_, Text

from .model import Placement, Unplaced

LABELS: dict[str, str] = {
    # soft goals
    "placed": N_("placed"),
    "needs": N_("needs met (women-only or LGBTI unit)"),
    "proximity": N_("near the IND office"),
    "stay": N_("stays in the current unit"),
    "school": N_("near the children's school"),
    "ties": N_("near family"),
    "spread": N_("spread over municipalities"),
    "emergency": N_("in an emergency location"),
    # hard constraints
    "location-type": N_("the location type the phase of the case requires"),
    "composition": N_("a unit for the household's composition"),
    "uam-age": N_("unaccompanied minors only in units for their age"),
    "emergency-minors": N_("no families or minors in emergency locations"),
    "women-only": N_("women-only units admit only women"),
    "lgbti-unit": N_("LGBTI units admit only those who ask for one"),
    "accessible": N_("an accessible unit"),
    "medical": N_("a unit with medical care"),
    "capacity": N_("room in the unit"),
    "together": N_("the household together in one unit"),
}


def label(code: str) -> str:
    """The English name of a goal or constraint code (a message id for the catalog)."""
    return LABELS[code]


def why_here(placement: Placement) -> list[Text]:
    """Why this unit: the goals that scored, and what narrowed the choice."""
    said = [
        Text(
            "Household %(household)s to unit %(unit)s (%(municipality)s): %(score)s points",
            household=placement.household,
            unit=placement.unit,
            municipality=placement.municipality,
            score=f"{placement.score:g}",
        )
    ]
    said += [_goal(placement, g.goal, g.points) for g in placement.goals]
    if placement.bound_by:
        said.append(
            Text(
                "Bound by: %(constraints)s (%(candidates)s suitable units)",
                constraints=tuple(label(c) for c in placement.bound_by),
                candidates=placement.candidates,
            )
        )
    if placement.override:
        said.append(Text("Placed by the planner: %(reason)s", reason=placement.override))
    return said


def _goal(placement: Placement, goal: str, points: float) -> Text:
    """One goal that scored, with what it measured: the kilometres to the IND office, the
    municipality where the relatives live."""
    if goal == "proximity" and placement.ind_office and placement.ind_distance_km is not None:
        return Text(
            "%(goal)s: %(points)s points (%(km)s km from %(office)s)",
            goal=label(goal), points=f"{points:g}", km=f"{placement.ind_distance_km:g}",
            office=placement.ind_office,
        )  # fmt: skip
    if goal == "ties":
        return Text(
            "%(goal)s: %(points)s points (relatives live in %(municipality)s)",
            goal=label(goal), points=f"{points:g}", municipality=placement.municipality,
        )  # fmt: skip
    return Text("%(goal)s: %(points)s points", goal=label(goal), points=f"{points:g}")


def why_not(placement: Placement) -> Text | None:
    """Why not the next-best unit."""
    other = placement.next_best
    if other is None:
        return None
    if other.excluded_by is not None:
        return Text(
            "Not unit %(unit)s, which would score %(points)s points more: it is full",
            unit=other.unit,
            points=f"{-other.score_difference:g}",
        )
    if other.score_difference < 0:
        return Text(
            "Not unit %(unit)s, which would score %(points)s points more: the plan as a "
            "whole scores more with this household here (spread over municipalities)",
            unit=other.unit,
            points=f"{-other.score_difference:g}",
        )
    return Text(
        "Not unit %(unit)s: it scores %(points)s points less",
        unit=other.unit,
        points=f"{other.score_difference:g}",
    )


def why_unplaced(unplaced: Unplaced) -> Text:
    """Which constraint keeps the household from being placed."""
    if unplaced.blocked_by == "capacity":
        said = Text(
            "No place for household %(household)s: no suitable unit has room",
            household=unplaced.household,
        )
    else:
        said = Text(
            "No place for household %(household)s: no unit meets %(constraint)s",
            household=unplaced.household,
            constraint=label(unplaced.blocked_by),
        )
    if unplaced.stays_in is not None:
        return Text("%(said)s; it stays in unit %(unit)s", said=said, unit=unplaced.stays_in)
    return said
