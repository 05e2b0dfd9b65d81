"""Guarantees with a time limit: judicial review of detention, schooling, the residence permit.

Three duties of the reception and qualification rules run as live deadlines of a case:

- **Judicial review of detention** (RCD Art. 11(3); for Dublin detention through AMMR Art.
  44(4)). Detention of an applicant ordered by an administrative authority — in the border
  procedure, for a Dublin transfer or on another ground of RCD Art. 10(4) — starts the ex officio
  review: concluded within 15 days of the start of the detention (RCD-05); not concluded within
  21 days, the applicant is released at once (RCD-06). Imprisonment is no such detention, and
  return detention falls under the Return Directive. Whether the Netherlands reviews ex officio,
  on request or both is the Dutch transposition's choice, not read: RCD-05/06 are unverified.
  A request for review starts the same limits from the start of those proceedings (RCD-07/08).
  The court's review meets them all; release cancels them.
- **Schooling of minors** (RCD Art. 16(2)): when the application of a minor, or of an applicant
  whose family includes minors, is lodged, access to the education system is due within two
  months (RCD-10). Education outside the ordinary system is allowed for at most one month
  (RCD-11), after which the minor is in the ordinary system.
- **The residence permit after a grant** (QR Art. 20(3), 24(2)): the grant starts QR-02 (no
  permit within 15 days: interim measures), the notification QR-01 (the permit within 90 days).
  Issuing the permit meets both.
- **Detention in the return border procedure** (RBPR Art. 5(4)) lasts at most the 12 weeks of
  Art. 4(2), counted from the same day as the stay at the border: RBP-04 starts with RBP-01's
  start when the person is (or becomes) detained in that procedure, and ends with it.

These limits are started quietly: under a rule book that does not have them (a store written
before the 2026-12-05 edition, replayed under the law of its day) a case reads as it did, with
no note that a rule was missing.

The events of this track are declared above their handlers (``cases.catalogue``).
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event

TRACK = Track("guarantees")

#: Detention grounds that are administrative detention of an applicant (RCD Art. 10(4)).
RCD_DETENTION = ("border-procedure", "dublin-transfer", "other")
EX_OFFICIO = ("RCD-05", "RCD-06")
ON_REQUEST = ("RCD-07", "RCD-08")
SCHOOLING = ("RCD-10", "RCD-11")
PERMIT = ("QR-01", "QR-02")


def start_detention_review(draft: Draft, ground: str) -> None:
    """On detention: the ex officio review's limits, for an applicant detained under the RCD."""
    if draft.state.made_at is not None and ground in RCD_DETENTION:
        for rule_id in EX_OFFICIO:
            draft.start(rule_id, quiet=True)


def end_detention_review(draft: Draft) -> None:
    """On release: no review is due any more."""
    draft.cancel(*EX_OFFICIO, *ON_REQUEST, reason="released from detention")


def start_return_border_detention(draft: Draft) -> None:
    """Detained in the return border procedure: RBP-04 from the start of RBP-01."""
    if not (draft.get("detained") and draft.get("return_border_procedure")):
        return
    if not draft.running("RBP-04"):
        for stay in draft.running("RBP-01"):
            draft.start("RBP-04", stay.started_on, quiet=True)


def start_schooling(draft: Draft) -> None:
    """On lodging: a minor applicant, or an applicant with minor children, is to be schooled."""
    facts, family = draft.get("facts"), draft.get("family")
    minor = facts.unaccompanied or (facts.age is not None and facts.age < 18)
    if minor or (family is not None and family.includes_minors):
        draft.start("RCD-10", quiet=True)


class DetentionReviewRequested(Event):
    """The applicant asked a court to review the lawfulness of the detention (RCD Art. 11(3))."""

    type: Literal["detention_review_requested"] = "detention_review_requested"


@TRACK.event(
    DetentionReviewRequested,
    N_("Judicial review of detention requested"),
    recorded_by={"legal-counselling"},
)
def detention_review_requested(draft: Draft, event: DetentionReviewRequested) -> None:
    if not draft.state.detained:
        raise draft.refuse("RCD Art. 11(3)", "the person is not detained")
    if draft.running(*ON_REQUEST):
        raise draft.refuse("RCD Art. 11(3)", "a requested review of this detention is pending")
    for rule_id in ON_REQUEST:
        draft.start(rule_id, quiet=True)


class DetentionReviewed(Event):
    """A court concluded its review of the lawfulness of the detention (RCD Art. 11(3), (5))."""

    type: Literal["detention_reviewed"] = "detention_reviewed"
    lawful: bool


@TRACK.event(DetentionReviewed, N_("Judicial review of detention concluded"))
def detention_reviewed(draft: Draft, event: DetentionReviewed) -> None:
    if not draft.state.detained:
        raise draft.refuse("RCD Art. 11(3)", "the person is not detained")
    draft.meet(*EX_OFFICIO, *ON_REQUEST)
    if not event.lawful:
        draft.note("detention found unlawful: the applicant is released at once (RCD Art. 11(5))")


class EducationAccessGiven(Event):
    """The minors of the case have access to education (RCD Art. 16(2))."""

    type: Literal["education_access_given"] = "education_access_given"
    outside_ordinary_system: bool = False


@TRACK.event(EducationAccessGiven, N_("Access to education given"), recorded_by={"COA"})
def education_access_given(draft: Draft, event: EducationAccessGiven) -> None:
    if not draft.running(*SCHOOLING):
        raise draft.refuse("RCD Art. 16(2)", "no minor of this case is waiting for education")
    if event.outside_ordinary_system:
        if draft.running("RCD-11"):
            raise draft.refuse(
                "RCD Art. 16(2)", "education outside the ordinary system is allowed only once"
            )
        draft.meet("RCD-10")
        draft.start("RCD-11", quiet=True)
    else:
        draft.meet(*SCHOOLING)


class ResidencePermitIssued(Event):
    """The residence permit of a beneficiary of protection was issued (QR Art. 24)."""

    type: Literal["residence_permit_issued"] = "residence_permit_issued"


@TRACK.event(ResidencePermitIssued, N_("Residence permit issued"))
def residence_permit_issued(draft: Draft, event: ResidencePermitIssued) -> None:
    if not draft.running(*PERMIT):
        raise draft.refuse("QR Art. 24(2)", "no residence permit is due in this case")
    draft.meet(*PERMIT)
