"""Reception: COA's assessment of special reception needs.

Soon after an application is made, COA assesses, person by person, whether the applicant has
special reception needs (RCD Art. 25(1)), and completes that within 30 days (the deadline
``RCD-02``). The assessment starts from signs — what COA sees, hears or is told — and records the
categories of Art. 24 they point to, the needs found and the support given (Art. 25(2)(b)); where
the person's condition may bear on their reception, COA refers them to a doctor or a
psychologist, with their consent (Art. 25(2)(c)). When new signs appear later, COA assesses
again; the latest assessment is the picture the case keeps (``CaseState.reception_needs``).

What an assessment records is health information: only COA and the monitoring bodies read it
(the policy's ``health`` section, and the ``health`` mark on the event's fields below, which
keeps it out of the timeline others see). The IND sees only whether COA saw first signs that
special procedural guarantees may be needed (APR Art. 20(2)): the IND decides on those itself.
COA changes no routing facts through an assessment.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from pydantic.config import JsonDict

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import MAX_ITEMS, MAX_TEXT, Event
from migrationpact.cases.models import ReceptionNeeds
from migrationpact.cases.personal_marker import PERSONAL
from migrationpact.law.needs import CategoryCode, NeedCode, SignCode, SupportCode, vocabulary

TRACK = Track("reception")

#: The mark on an event field that only those who see the case's health section may read.
HEALTH: JsonDict = {"section": "health"}


class SpecialNeedsAssessed(Event):
    """COA assessed whether the applicant has special reception needs (RCD Art. 25)."""

    type: Literal["special_needs_assessed"] = "special_needs_assessed"
    signs: list[SignCode] = Field(
        default_factory=list, max_length=MAX_ITEMS, json_schema_extra=HEALTH,
        description="what was seen, said or reported (RCD Art. 25(1), third subparagraph)",
    )  # fmt: skip
    categories: list[CategoryCode] = Field(
        default_factory=list, max_length=MAX_ITEMS, json_schema_extra=HEALTH,
        description="categories of RCD Art. 24 found, besides those the signs point to",
    )  # fmt: skip
    needs: list[NeedCode] = Field(
        default_factory=list, max_length=MAX_ITEMS, json_schema_extra=HEALTH
    )
    support: list[SupportCode] = Field(
        default_factory=list, max_length=MAX_ITEMS, json_schema_extra=HEALTH,
        description="measures identified to address the needs (RCD Art. 25(2)(b))",
    )  # fmt: skip
    referral: Literal["doctor", "psychologist"] | None = Field(
        default=None, json_schema_extra=HEALTH, description="RCD Art. 25(2)(c)"
    )
    referral_consent: bool = Field(default=False, json_schema_extra=HEALTH)
    procedural_guarantees: bool = Field(
        default=False,
        description="first signs that special procedural guarantees may be needed, for the "
        "IND (APR Art. 20(2))",
    )
    detail: Annotated[str | None, PERSONAL] = Field(
        default=None, max_length=MAX_TEXT, json_schema_extra=HEALTH,
        description="what was observed or said, and the measures (RCD Art. 25(2)(b))",
    )  # fmt: skip


@TRACK.event(SpecialNeedsAssessed, N_("Special reception needs assessed"), recorded_by={"COA"})
def special_needs_assessed(draft: Draft, event: SpecialNeedsAssessed) -> None:
    state = draft.state
    if state.made_at is None and state.screening_started_at is None:
        raise draft.refuse("RCD Art. 25(1)", "no screening or application to assess in")
    if event.referral is not None and not event.referral_consent:
        raise draft.refuse(
            "RCD Art. 25(2)(c)",
            "a referral to a doctor or psychologist needs the applicant's consent",
        )
    if event.support and not event.needs:
        raise draft.refuse(
            "RCD Art. 25(4)",
            "special support is only for an applicant with special reception needs",
        )
    categories = vocabulary().categories_of(event.signs) | set(event.categories)
    before = state.reception_needs
    draft.set(
        reception_needs=ReceptionNeeds(
            first_assessed_at=before.first_assessed_at if before else event.occurred_at,
            assessed_at=event.occurred_at,
            assessments=before.assessments + 1 if before else 1,
            signs=sorted(set(event.signs)),
            categories=sorted(categories),
            needs=sorted(set(event.needs)),
            support=sorted(set(event.support)),
            referral=event.referral,
        ),
        procedural_guarantees_signal=event.procedural_guarantees,
    )
    if before is None:
        draft.meet("RCD-02")
