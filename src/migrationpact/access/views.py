"""What of a case each principal sees: its fields, its events and its reception place.

``access.policy`` says which ``Section``s of a case a principal may see; this module cuts a case
down to them. ``FIELD_SECTIONS`` places every field of a case state in a section (a field it
does not place is withheld from everyone); ``case_view`` keeps the principal's; an event's
fields marked for a section of their own (``json_schema_extra={"section": ...}``, the health
fields of an assessment) are left out of its contents by ``payload_view``; ``place_view`` shows
a case's reception place as far as the organisation's task needs it.

The decision belongs to the asylum account, and so does what gives its outcome away: why a case
was closed (``closed_reason``: ``protection-granted``, ``returned``), how far the decision got
(the stages ``notified``, ``appeal`` and ``final``, shown as ``decided``: see ``shown_stage``)
and the consequences that follow from its outcome (``DECISION_CONSEQUENCES``: a decision made
final, a late appeal, no request to remain, entry on protection granted). Who does not see the
asylum account (KMar, COA, DTenV) sees that a decision was taken, and that the case is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from migrationpact.access.model import Organisation, Principal
from migrationpact.access.policy import Section, sections
from migrationpact.cases.events import CATALOGUE

Org, S = Organisation, Section

#: Where each field of a case state belongs. Facts are split: age and needs serve reception;
#: the rest (security risk, misleading the authorities, …) is part of the asylum account.
FIELD_SECTIONS: Mapping[str, Section] = {
    **dict.fromkeys(
        (
            "case_id",
            "seq",
            "stage",
            "procedure",
            "examination",
            "responsibility_regime",
            "first_event_at",
            "last_event_at",
            "closed",
        ),
        S.SUMMARY,
    ),
    **dict.fromkeys(("person", "family"), S.IDENTITY),
    **dict.fromkeys(
        (
            "screening",
            "screening_started_at",
            "screening_completed_at",
            "made_at",
            "subsequent",
            "previous_case_id",
            "registered_at",
            "lodged_at",
            "appeals",
            "request_to_remain",
            "dublin",
            "entry_authorised",
            "detained",
            "detention_ground",
            "absconded",
            "biometrics_taken",
            "legal_counselling_requested",
            "legal_counselling_provided",
            "interviewed",
            "return_border_procedure",
            "consequences",
            "procedural_guarantees_signal",
            "ind_office",
        ),
        S.PROCEDURE,
    ),
    "reception_needs": S.HEALTH,
    "deadlines": S.DEADLINES,
    **dict.fromkeys(
        ("screening_form", "routing", "decision", "annulled_decisions", "notes", "closed_reason"),
        S.ASYLUM_ACCOUNT,
    ),
}

#: Stages that tell how far the decision got (an appeal lies against a negative one): shown as
#: ``DECIDED`` to those who may not see the asylum account.
DECIDED = "decided"
DECISION_STAGES = frozenset({DECIDED, "notified", "appeal", "final"})
#: Consequences that follow from the decision's outcome, and the legal basis of the one that
#: follows from protection granted (the Qualification Regulation): asylum account only.
DECISION_CONSEQUENCES = frozenset({"decision-final", "late-appeal", "no-request-to-remain"})
_PROTECTION_BASIS = "QR"


def sees_outcome(principal: Principal) -> bool:
    """Whether the principal may see the decision's outcome (the asylum account)."""
    return S.ASYLUM_ACCOUNT in sections(principal)


def shown_stage(principal: Principal, stage: str) -> str:
    """The stage as the principal may see it: the decision's stages are one (``decided``) to
    those who may not see its outcome.

    >>> from migrationpact.access.model import Organisation, Principal, Role
    >>> coa = Principal(subject="c", name="C", organisation=Organisation.COA, role=Role.PLANNER)
    >>> shown_stage(coa, "appeal"), shown_stage(coa, "lodged")
    ('decided', 'lodged')
    """
    if stage in DECISION_STAGES and not sees_outcome(principal):
        return DECIDED
    return stage


def _tells_outcome(consequence: Any) -> bool:
    if not isinstance(consequence, Mapping):
        return True  # not a consequence this policy knows: withheld
    return (
        consequence.get("code") in DECISION_CONSEQUENCES
        or consequence.get("legal_basis") == _PROTECTION_BASIS
    )


RECEPTION_FACTS = frozenset(
    {"age", "unaccompanied", "special_needs_unsupported", "medical_grounds", "nationality"}
)


def case_view(principal: Principal, state: Mapping[str, Any]) -> dict[str, Any]:
    """The case state (as a JSON-ready mapping) with only the fields the principal may see.

    A field the policy does not know is withheld: new fields are private until placed.
    """
    visible = sections(principal)
    view = {k: v for k, v in state.items() if FIELD_SECTIONS.get(k) in visible}
    if S.ASYLUM_ACCOUNT not in visible:
        if isinstance(view.get("stage"), str):
            view["stage"] = shown_stage(principal, view["stage"])
        if isinstance(view.get("consequences"), list | tuple):
            view["consequences"] = [c for c in view["consequences"] if not _tells_outcome(c)]
    facts = state.get("facts")
    if isinstance(facts, Mapping):
        if S.ASYLUM_ACCOUNT in visible:
            view["facts"] = dict(facts)
        elif S.RECEPTION in visible:
            view["facts"] = {k: v for k, v in facts.items() if k in RECEPTION_FACTS}
    return view


@cache
def event_sections(event_type: str) -> Mapping[str, Section]:
    """The fields of an event of ``event_type`` that belong to a section of their own (marked
    ``json_schema_extra={"section": ...}`` on the event's model), by name. Remembered per type:
    a timeline asks it for every event it shows, and the catalogue does not change."""
    try:
        model = CATALOGUE[event_type].model
    except KeyError:
        return MappingProxyType({})
    return MappingProxyType(
        {
            name: Section(str(extra["section"]))
            for name, info in model.model_fields.items()
            if isinstance(extra := info.json_schema_extra, dict) and "section" in extra
        }
    )


def payload_view(
    principal: Principal, event_type: str, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """An event's contents with the fields the principal may not see left out. An event with
    health fields keeps its free-text note from those who may not read them too: a note beside
    an assessment is part of it."""
    marked = event_sections(event_type)
    if not marked:
        return dict(payload)
    visible = sections(principal)
    hidden = {name for name, section in marked.items() if section not in visible}
    if hidden:
        hidden.add("note")
    return {k: v for k, v in payload.items() if k not in hidden}


def visible_fields(principal: Principal, state: Mapping[str, Any]) -> list[str]:
    """The names of the fields ``case_view`` shows, for the access log."""
    return sorted(case_view(principal, state))


_SITE = frozenset({"site_id", "site_name", "municipality", "municipality_name"})
_WHOLE_PLACE = _SITE | {"location_type", "unit_id", "since"}
#: What of a case's place (its reception site and unit) each organisation sees: COA, who
#: places people, and the monitoring bodies all of it; the IND the site (where to invite the
#: applicant); the health partner the site (where its practitioners see the person, of the
#: cases referred to it); DTenV the site and its type, but only at a Dublin shelter residence
#: (DOL, where it carries out transfers); the others nothing.
PLACE_FIELDS: Mapping[Organisation, frozenset[str]] = {
    Org.COA: _WHOLE_PLACE,
    Org.INSPECTIE: _WHOLE_PLACE,
    Org.CRM: _WHOLE_PLACE,
    Org.IND: _SITE,
    Org.GZA: _SITE,
    Org.DTENV: _SITE | {"location_type"},
}
#: The location types at which DTenV sees a case's place.
DTENV_PLACE_TYPES = frozenset({"DOL"})


def place_view(principal: Principal, place: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The case's place (site and unit) as the principal may see it; None: nothing of it."""
    if place is None or not sections(principal):
        return None
    org = principal.organisation
    if org == Org.DTENV and place.get("location_type") not in DTENV_PLACE_TYPES:
        return None
    shown = PLACE_FIELDS.get(org, frozenset())
    return {k: v for k, v in place.items() if k in shown} or None
