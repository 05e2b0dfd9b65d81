"""Decision, remedies and the end of the border procedure.

A decision follows lodging (APR Art. 35; a withdrawal may come earlier, APR Art. 40-41). Its
notification starts the appeal period the Netherlands chose within APR Art. 67(7): the short one
(NL-APR-18) for inadmissibility, implicit withdrawal and (manifestly) unfounded decisions taken in
an accelerated examination or the border procedure, the long one (NL-APR-19) otherwise. Where
APR Art. 68(3) takes away the automatic right to remain, it also starts the period to ask the
court for leave to remain (NL-APR-20).

An appeal lodged after its period is still recorded — it happened, and only the court decides
whether the delay is excusable — but the case says it was late and the appeal deadline is marked
lapsed. After a negative border decision without a right to remain the return border procedure
follows (APR Art. 43(3), 51(2); RBPR Art. 4); otherwise the person is let in (entry authorised).

The events of this track are declared above their handlers (``cases.catalogue``).
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event, InadmissibilityGround
from migrationpact.cases.guarantees import start_return_border_detention
from migrationpact.cases.procedure import BORDER_RULES, EXAMINATION_RULES, LODGING_RULES
from migrationpact.cases.state import Appeal, CaseState, Decision, evolve, minute

TRACK = Track("decision")
APPEAL_RULES = ("NL-APR-18", "NL-APR-19")
DecisionOutcome = Literal[
    "refugee-status",
    "subsidiary-protection",
    "humanitarian-status",
    "inadmissible",
    "unfounded",
    "manifestly-unfounded",
    "implicitly-withdrawn",
    "explicitly-withdrawn",
]
NEGATIVE_OUTCOMES: frozenset[str] = frozenset(
    {"inadmissible", "unfounded", "manifestly-unfounded", "implicitly-withdrawn"}
)
POSITIVE = ("refugee-status", "subsidiary-protection")
#: International protection refused, a residence permit on humanitarian grounds under national
#: law granted instead (Reg. (EC) 862/2007 Art. 4(2)(e) as amended by Reg. (EU) 2020/851): the
#: person may stay, but has no status of the Qualification Regulation, and may appeal the refusal.
HUMANITARIAN = "humanitarian-status"
#: The outcomes after which the person may stay lawfully.
MAY_STAY = (*POSITIVE, HUMANITARIAN)
_NO_REMAIN_INADMISSIBLE = ("38(1)(a)", "38(1)(d)", "38(1)(e)", "38(2)")


def _appeal_rule(draft: Draft, outcome: str) -> str | None:
    """APR Art. 67(7): which appeal period applies (None: no appeal)."""
    if outcome in ("refugee-status", "explicitly-withdrawn"):
        return None
    if outcome in ("inadmissible", "implicitly-withdrawn"):
        return "APR-18"
    if outcome in ("unfounded", "manifestly-unfounded") and (
        draft.get("examination") == "accelerated" or draft.get("procedure") == "border"
    ):
        return "APR-18"
    return "APR-19"


def _right_to_remain(draft: Draft, outcome: str, ground: str | None) -> bool:
    """APR Art. 68(2)-(3): does the appeal keep the person here automatically?"""
    uam = bool(draft.get("facts").unaccompanied)
    border = draft.get("procedure") == "border"
    accelerated = draft.get("examination") == "accelerated"
    if outcome in ("unfounded", "manifestly-unfounded") and (accelerated or border) and not uam:
        return False  # 68(3)(a)
    if outcome == "inadmissible" and ground in _NO_REMAIN_INADMISSIBLE and not (uam and border):
        return False  # 68(3)(b)
    return outcome != "implicitly-withdrawn"  # 68(3)(c)


class DecisionTaken(Event):
    type: Literal["decision_taken"] = "decision_taken"
    outcome: DecisionOutcome
    inadmissibility_ground: InadmissibilityGround | None = None


@TRACK.event(DecisionTaken, N_("Decision taken"), form="main")
def decision_taken(draft: Draft, event: DecisionTaken) -> None:
    withdrawal = event.outcome in ("implicitly-withdrawn", "explicitly-withdrawn")
    if withdrawal and draft.state.registered_at is None:
        raise draft.refuse("APR Art. 40-41", "there is no registered application to withdraw")
    if not withdrawal and draft.state.lodged_at is None:
        raise draft.refuse("APR Art. 35", "a decision is taken on a lodged application")
    current = draft.state.decision
    if current is not None:
        raise draft.refuse("APR Art. 35", "a decision has already been taken")
    if event.outcome == "inadmissible" and event.inadmissibility_ground is None:
        draft.note("inadmissibility ground not recorded: the right to remain is assumed")
    rule = _appeal_rule(draft, event.outcome)
    draft.set(
        decision=Decision(
            outcome=event.outcome,
            taken_at=event.occurred_at,
            taken_seq=draft.seq,
            inadmissibility_ground=event.inadmissibility_ground,
            appeal_rule=rule,
            right_to_remain=_right_to_remain(draft, event.outcome, event.inadmissibility_ground),
            final=rule is None,
        ),
        stage="decided",
    )
    draft.meet(*EXAMINATION_RULES)
    if event.outcome in POSITIVE:
        draft.start("QR-02", quiet=True)  # QR Art. 20(3): 15 days from the grant
    if withdrawal:
        draft.cancel(*LODGING_RULES, reason=f"application {event.outcome} (APR Art. 40-41)")


class DecisionNotified(Event):
    type: Literal["decision_notified"] = "decision_notified"
    to: Literal["applicant", "representative", "legal-adviser"] = "applicant"


@TRACK.event(DecisionNotified, N_("Decision notified"), form="main")
def decision_notified(draft: Draft, event: DecisionNotified) -> None:
    decision = draft.state.decision
    if decision is None:
        raise draft.refuse("APR Art. 67(8)", "no decision has been taken to notify")
    if decision.notified_at is not None:
        raise draft.refuse("APR Art. 67(8)", "the decision was already notified")
    draft.set(decision=evolve(decision, notified_at=event.occurred_at))
    draft.set(stage="notified")
    if decision.appeal_rule is not None:
        draft.start(decision.appeal_rule)
    if not decision.right_to_remain:
        draft.start("APR-20")
    if decision.outcome in POSITIVE:
        draft.start("QR-01")
    border = draft.get("procedure") == "border" and not draft.get("entry_authorised")
    if decision.outcome in MAY_STAY and border:
        draft.set(entry_authorised=True, procedure="regular")
        draft.meet(*BORDER_RULES, reason="protection granted: the person is let in")
        draft.consequence(
            "entry-authorised", "protection granted in the border procedure", basis="QR"
        )


class AppealLodged(Event):
    type: Literal["appeal_lodged"] = "appeal_lodged"
    against: Literal["decision", "transfer-decision"] = "decision"
    suspension_requested: bool = False
    court: str | None = None


@TRACK.event(AppealLodged, N_("Appeal lodged"), recorded_by={"legal-counselling"}, form="main")
def appeal_lodged(draft: Draft, event: AppealLodged) -> None:
    if event.against == "transfer-decision":
        from migrationpact.cases.dublin import transfer_appeal_lodged

        transfer_appeal_lodged(draft, event)
        return
    decision = draft.state.decision
    if decision is None or decision.notified_at is None:
        raise draft.refuse("APR Art. 67(1)", "an appeal lies against a notified decision")
    if decision.appeal_rule is None:
        raise draft.refuse(
            "APR Art. 67(1)", "no appeal lies against %(outcome)s", outcome=decision.outcome
        )
    if any(a.against == "decision" and a.outcome is None for a in draft.state.appeals):
        raise draft.refuse("APR Art. 67(1)", "an appeal against the decision is already pending")
    ran_out = [d for d in draft.deadlines if d.rule_id in APPEAL_RULES and d.status == "lapsed"]
    late = bool(ran_out)
    for entry in draft.running(*APPEAL_RULES):
        if event.occurred_at >= entry.ends_at:
            late = True
            draft.close(entry, "lapsed", f"appeal lodged late on {event.occurred_at:%Y-%m-%d}")
        else:
            draft.close(entry, "met", f"appeal lodged on {minute(event.occurred_at)}")
    if late:
        draft.consequence(
            "late-appeal",
            "appeal lodged after the appeal period: recorded; whether the delay is excusable is "
            "for the court",
            rule_id=decision.appeal_rule,
            basis="APR Art. 67(7)",
        )
    suspensive = decision.right_to_remain and not late
    appeal = Appeal(
        against="decision", lodged_at=event.occurred_at, seq=draft.seq, late=late,
        suspensive=suspensive,
    )  # fmt: skip
    draft.set(
        appeals=(*draft.state.appeals, appeal),
        decision=evolve(decision, final=False),
        stage="appeal",
    )


class AppealDecided(Event):
    type: Literal["appeal_decided"] = "appeal_decided"
    against: Literal["decision", "transfer-decision"] = "decision"
    outcome: Literal["dismissed", "upheld", "annulled-remitted", "withdrawn"]


@TRACK.event(AppealDecided, N_("Appeal decided"))
def appeal_decided(draft: Draft, event: AppealDecided) -> None:
    if event.against == "transfer-decision":
        from migrationpact.cases.dublin import transfer_appeal_decided

        transfer_appeal_decided(draft, event)
        return
    pending = [a for a in draft.state.appeals if a.against == "decision" and a.outcome is None]
    if not pending:
        raise draft.refuse("APR Art. 67(1)", "no appeal against the decision is pending")
    decided = evolve(pending[-1], outcome=event.outcome, decided_at=event.occurred_at)
    appeals = tuple(decided if a is pending[-1] else a for a in draft.state.appeals)
    draft.set(appeals=appeals)
    decision = draft.state.decision
    assert decision is not None
    if event.outcome in ("dismissed", "withdrawn"):
        draft.set(decision=evolve(decision, final=True), stage="final")
    else:
        annulled = (*draft.state.annulled_decisions, decision)
        draft.set(decision=None, annulled_decisions=annulled, stage="lodged")
        draft.note("decision annulled: a new decision is due (APR Art. 35(8); no Dutch period)")


class RequestToRemainLodged(Event):
    type: Literal["request_to_remain_lodged"] = "request_to_remain_lodged"


@TRACK.event(
    RequestToRemainLodged, N_("Request to remain lodged"), recorded_by={"legal-counselling"}
)
def request_to_remain_lodged(draft: Draft, event: RequestToRemainLodged) -> None:
    decision = draft.state.decision
    if decision is None or decision.notified_at is None or decision.right_to_remain:
        raise draft.refuse("APR Art. 68(4)", "leave to remain is asked where 68(3) applies")
    if draft.state.request_to_remain is not None:
        raise draft.refuse("APR Art. 68(4)", "a request to remain was already lodged")
    draft.meet("NL-APR-20")
    draft.set(request_to_remain="lodged")


class RequestToRemainDecided(Event):
    type: Literal["request_to_remain_decided"] = "request_to_remain_decided"
    granted: bool


@TRACK.event(RequestToRemainDecided, N_("Request to remain decided"))
def request_to_remain_decided(draft: Draft, event: RequestToRemainDecided) -> None:
    if draft.state.request_to_remain != "lodged":
        raise draft.refuse("APR Art. 68(5)", "no request to remain is pending")
    decision = draft.state.decision
    assert decision is not None
    draft.set(request_to_remain="granted" if event.granted else "refused")
    if event.granted:
        draft.set(decision=evolve(decision, right_to_remain=True))


def no_right_to_remain(state: CaseState) -> bool:
    """APR-R9: negative decision notified, no right to remain and no leave to remain (pending)."""
    decision = state.decision
    if decision is None or decision.notified_at is None or decision.outcome in MAY_STAY:
        return False
    if decision.outcome == "explicitly-withdrawn":
        return True
    if decision.right_to_remain and not decision.final:
        return False
    if state.request_to_remain in ("lodged", "granted"):
        return False
    if state.running("NL-APR-20"):
        return False  # APR Art. 68(5)(a): no removal while the request may still be made
    pending = [a for a in state.appeals if a.outcome is None and a.suspensive]
    return not pending


class EntryAuthorised(Event):
    type: Literal["entry_authorised"] = "entry_authorised"
    reason: Literal[
        "maximum-reached", "apr-53-2-exclusion", "capacity", "positive-decision", "other"
    ] = "other"


@TRACK.event(EntryAuthorised, N_("Entry authorised"), recorded_by={"KMar"})
def entry_authorised(draft: Draft, event: EntryAuthorised) -> None:
    if draft.state.entry_authorised:
        raise draft.refuse("APR Art. 43(1)", "entry has already been authorised")
    if draft.state.facts.entry == "in-territory":
        raise draft.refuse("SR Art. 6", "the person is in the territory; there is no entry")
    if draft.state.return_border_procedure:
        raise draft.refuse("RBPR Art. 4(2)", "the return border procedure is running")
    authorise_entry(draft, f"entry authorised ({event.reason})")


def authorise_entry(draft: Draft, reason: str) -> None:
    """Let the person in: the border procedure ends, the case goes on in the regular one."""
    draft.set(entry_authorised=True)
    if draft.get("procedure") == "border":
        draft.set(procedure="regular")
        draft.cancel(*BORDER_RULES, reason=f"{reason}: border procedure ended (APR Art. 43(1))")
        if draft.get("lodged_at") is None and draft.get("registered_at") is not None:
            draft.start("APR-04", draft.get("registered_at"))


class ReturnBorderProcedureStarted(Event):
    type: Literal["return_border_procedure_started"] = "return_border_procedure_started"


@TRACK.event(
    ReturnBorderProcedureStarted, N_("Return border procedure started"), recorded_by={"DTenV"}
)
def return_border_procedure_started(draft: Draft, event: ReturnBorderProcedureStarted) -> None:
    if draft.state.entry_authorised:
        raise draft.refuse("APR Art. 43(1)", "entry has been authorised; no border step follows")
    if draft.state.procedure != "border":
        raise draft.refuse(
            "APR Art. 43(3)",
            "the case is in the %(procedure)s procedure",
            procedure=draft.state.procedure,
        )
    if draft.state.return_border_procedure:
        raise draft.refuse("RBPR Art. 4(2)", "the return border procedure has already started")
    if not no_right_to_remain(draft.view()):
        raise draft.refuse("RBPR Art. 4(2)", "the person still has or may ask a right to remain")
    draft.set(return_border_procedure=True, stage="return-border-procedure")
    draft.meet(*BORDER_RULES, reason="asylum border procedure ended; return border procedure")
    draft.start("RBP-01")
    start_return_border_detention(draft)


class ExaminationExtended(Event):
    type: Literal["examination_extended"] = "examination_extended"
    extension: Literal["APR-11", "APR-14"]
    ground: Literal["disproportionate-numbers", "complex-issues", "applicant-breach"]


@TRACK.event(ExaminationExtended, N_("Examination extended"))
def examination_extended(draft: Draft, event: ExaminationExtended) -> None:
    target = {"APR-14": "APR-13", "APR-11": "APR-09"}[event.extension]
    article = {"APR-14": "APR Art. 35(5)", "APR-11": "APR Art. 35(2)"}[event.extension]
    running = draft.running(target)
    if not running:
        raise draft.refuse(article, "no %(period)s examination period is running", period=target)
    entry = running[-1]
    if any(e.rule_id == event.extension for e in entry.extensions):
        raise draft.refuse(
            article,
            "%(extension)s was already applied; the law allows it once",
            extension=event.extension,
        )
    draft.extend(entry, event.extension, event.ground)
