"""The responsibility track: which member state examines the application, and the transfer.

Under the AMMR (applications registered from 1 July 2026) the Netherlands has two months from
registration to ask another state to take charge (AMMR-01; one month after a Eurodac hit,
AMMR-02; two weeks or one week for a detained person, AMMR-12). The requested state has a month
to reply (AMMR-03; two weeks for a hit-based or urgent request, AMMR-04; a week when detained,
AMMR-13); silence is acceptance (AMMR Art. 40(8), 45(2)). A take back notification must be
confirmed within two weeks; silence is confirmation (AMMR Art. 41(4)). After acceptance the
transfer decision is due within two weeks (AMMR-07, Art. 42(1)) and the transfer within six
months (AMMR-10), longer after imprisonment (one year, AMMR-11) or absconding (three years from
the notice to the state responsible, AMMR-11b, Art. 46(2)); a detained person within five weeks
of the acceptance (AMMR-14, Art. 45(3)), whenever the detention began. No transfer while a
suspensive appeal or the first request for suspension is pending (AMMR Art. 43(3)).
Applications registered before 1 July 2026 follow Dublin III (D3-…) with the rule set of their
registration date (AMMR Art. 84(2)).

The events of this track are declared above their handlers (``cases.catalogue``); an appeal
against a transfer decision is an ``appeal_lodged`` event of the decision track, which hands it
to ``transfer_appeal_lodged`` here; absconding and detention, which change the transfer periods,
are events of the clocks track (whereabouts and liberty).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Protocol

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.crisis_transfers import suspended_transfer
from migrationpact.cases.eventbase import Event
from migrationpact.cases.late import ended, ended_on, refuse_after_transfer_period, too_late
from migrationpact.cases.models import Person
from migrationpact.cases.state import DublinTrack, evolve
from migrationpact.law.codes import MemberStateCode, is_stored
from migrationpact.statistics.codes import all_provisions, is_provision


class _TransferAppealLodged(Protocol):
    """What the decision track's ``AppealLodged`` tells this track (typed by its shape, as the
    decision track imports this module to hand transfer appeals over)."""

    @property
    def occurred_at(self) -> datetime: ...
    @property
    def suspension_requested(self) -> bool: ...


class _TransferAppealDecided(Protocol):
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def outcome(self) -> str: ...


TRACK = Track("dublin")
NL = "NLD"
#: The last day of the Dublin III lists and the first of the AMMR's (AMMR Art. 84(2)).
DUBLIN3_LAST_DAY, AMMR_FIRST_DAY = date(2026, 6, 30), date(2026, 7, 1)


def _provision(value: str, info: ValidationInfo) -> str:
    if not is_stored(info.context) and value not in all_provisions():
        raise PydanticCustomError(
            "legal_provision", "a legal provision code of Eurostat's list is needed, e.g. ART31"
        )
    return value


#: The legal provision a request rests on, as Eurostat's code (``statistics.codes``).
LegalProvision = Annotated[
    str,
    AfterValidator(_provision),
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(all_provisions()),
            "description": "The legal provision of the request (Eurostat leg_prov), e.g. ART31",
        }
    ),
]
# Under a Council decision for a mass arrival or force majeure the Netherlands' own limits of
# AMMR Art. 39, 40, 41 and 46 may be replaced by those of CFMR Art. 12(2) (CFMR-03a-e); the
# other member state's limits (its reply, its confirmation) stay as they are: Art. 12(2) binds
# only "the member state applying the derogation".
TCR_SEND = ("AMMR-01", "AMMR-02", "AMMR-12", "AMMR-12b", "D3-01", "D3-02", "CFMR-03a")
TBN_SEND = ("AMMR-05", "AMMR-12", "AMMR-12b", "D3-05", "CFMR-03c")
REPLY = ("AMMR-03", "AMMR-04", "AMMR-13", "D3-03", "D3-04", "D3-13", "CFMR-03b")
TBN_REPLY = ("AMMR-06", "D3-07", "D3-08", "CFMR-03d")
TRANSFER = ("AMMR-10", "AMMR-11", "AMMR-11b", "D3-09", "D3-10", "D3-11", "CFMR-03e", "CFMR-05")
DETAINED_TRANSFER = ("AMMR-14", "D3-14")
ACCEPTED = ("accepted", "accepted-by-silence", "confirmed")
#: What a transfer after its period ended runs into, where it is not AMMR Art. 37(1).
_TRANSFER_LAPSE_BASIS = {"CFMR-03e": "CFMR Art. 12(3)", "CFMR-05": "CFMR Art. 12(4)"}


def _dublin3(draft: Draft) -> bool:
    return bool(draft.get("responsibility_regime") == "Dublin III")


def _track(draft: Draft) -> DublinTrack:
    track: DublinTrack = draft.get("dublin")
    return track


def _update(draft: Draft, **values: object) -> None:
    draft.set(dublin=evolve(_track(draft), **values))


def check_provision(
    draft: Draft, code: str | None, on: datetime, *, dublin3: bool | None = None
) -> None:
    """The legal provision of a request must be one of the list in force for its regime: the
    Dublin III list for a Dublin III case, the AMMR list otherwise (Reg. (EC) 862/2007
    Art. 4(4)(b) asks for the provisions requests rest on)."""
    if code is None:
        return
    old = _dublin3(draft) if dublin3 is None else dublin3
    day = DUBLIN3_LAST_DAY if old else max(on.date(), AMMR_FIRST_DAY)
    if not is_provision(code, day):
        raise draft.refuse(
            "Reg. (EC) 862/2007 Art. 4(4)",
            "%(code)s is not a legal provision of the %(regime)s",
            code=code,
            regime="Dublin III Regulation" if old else "AMMR",
        )


def _need_regime(draft: Draft) -> None:
    if draft.state.registered_at is None:
        raise draft.refuse("AMMR Art. 39(1)", "the application is not registered")
    if draft.state.responsibility_regime not in ("AMMR", "Dublin III"):
        raise draft.refuse("AMMR Art. 84(2)", "the responsibility regime is not determined")


class EurodacHitReceived(Event):
    type: Literal["eurodac_hit_received"] = "eurodac_hit_received"
    purpose: Literal["take-charge", "take-back"]
    member_state: MemberStateCode


@TRACK.event(EurodacHitReceived, N_("Eurodac hit received"), recorded_by={"KMar"})
def eurodac_hit_received(draft: Draft, event: EurodacHitReceived) -> None:
    _need_regime(draft)
    _update(draft, hit=event.purpose, partner_state=event.member_state)
    if event.purpose == "take-charge":
        draft.start("D3-02" if _dublin3(draft) else "AMMR-02")
    else:
        draft.start("D3-05" if _dublin3(draft) else "AMMR-05")


class ResponsibilityDetermined(Event):
    """The Dublin check found the state responsible without a request (usually the Netherlands)."""

    type: Literal["responsibility_determined"] = "responsibility_determined"
    member_state: MemberStateCode = "NLD"
    basis: str = Field(min_length=1, description="criterion, e.g. 'AMMR Art. 16(2) first state'")


@TRACK.event(ResponsibilityDetermined, N_("Responsibility determined (AMMR)"))
def responsibility_determined(draft: Draft, event: ResponsibilityDetermined) -> None:
    _need_regime(draft)
    track = _track(draft)
    if track.reply in ("pending", "accepted", "accepted-by-silence", "confirmed"):
        raise draft.refuse("AMMR Art. 36", "a request to another member state is under way")
    draft.meet(*TCR_SEND, *TBN_SEND, reason=f"responsibility determined: {event.basis}")
    _update(draft, responsible_state=event.member_state, responsibility_basis=event.basis)


class TakeChargeRequestSent(Event):
    type: Literal["take_charge_request_sent"] = "take_charge_request_sent"
    member_state: MemberStateCode
    hit_based: bool = False
    urgent: bool = False
    legal_provision: LegalProvision | None = None


@TRACK.event(TakeChargeRequestSent, N_("Take charge request sent (AMMR)"), form="main")
def take_charge_request_sent(draft: Draft, event: TakeChargeRequestSent) -> None:
    _need_regime(draft)
    track = _track(draft)
    if track.role == "requested":
        raise draft.refuse("AMMR Art. 39(1)", "this case is a request received from another state")
    if track.reply == "pending":
        raise draft.refuse("AMMR Art. 39(1)", "a request is already awaiting a reply")
    _refuse_request_after_its_period(draft)
    if track.responsible_state == NL and track.responsibility_basis is not None:
        draft.consequence(
            "late-request",
            f"request sent although the Netherlands is already responsible "
            f"({track.responsibility_basis})",
            basis="AMMR Art. 39(1)",
        )
    check_provision(draft, event.legal_provision, event.occurred_at)
    draft.meet(*TCR_SEND)
    _update(
        draft,
        role="requesting",
        request="take-charge",
        partner_state=event.member_state,
        hit_based=event.hit_based,
        sent_at=event.occurred_at,
        reply="pending",
        legal_provision=event.legal_provision,
    )
    # The reply period runs from receipt; requests travel by DubliNet the same day.
    if _dublin3(draft):
        rule = "D3-04" if event.urgent else "D3-03"
    elif draft.state.detained:
        rule = "AMMR-13"
    else:
        rule = "AMMR-04" if (event.hit_based or event.urgent) else "AMMR-03"
    draft.start(rule, organisation="other-member-state", crisis_applies=False)


def _refuse_request_after_its_period(draft: Draft) -> None:
    """AMMR Art. 39(1): a request not made within the period makes the registering state (the
    Netherlands) responsible, so a later request is refused; for an unaccompanied minor it may
    still be made, in the child's best interests, until the first decision on the substance
    (recorded as late). Dublin III: Reg. 604/2013 Art. 21(1), without that exception."""
    entry = ended(draft, *TCR_SEND)
    if entry is None:
        return
    uam = draft.get("facts").unaccompanied and draft.get("decision") is None
    if uam and not entry.rule_id.startswith("D3-"):
        return  # Draft.meet records it as late
    basis = "Reg. 604/2013 Art. 21(1)" if entry.rule_id.startswith("D3-") else "AMMR Art. 39(1)"
    raise too_late(
        draft.refuse(
            basis,
            "the request was due by the end of %(key)s (%(end)s); not made in time, "
            "the Netherlands is responsible",
            key=entry.key,
            end=ended_on(entry),
        )
    )


def _refuse_reply_after_its_period(draft: Draft) -> None:
    """AMMR Art. 40(8), 45(2): no reply within the period is acceptance; a reply after it
    changes nothing and is refused (Dublin III: Reg. 604/2013 Art. 22(7))."""
    entry = ended(draft, *REPLY)
    if entry is None:
        return
    if entry.rule_id.startswith("D3-"):
        basis = "Reg. 604/2013 Art. 22(7)"
    else:
        basis = "AMMR Art. 45(2)" if entry.rule_id == "AMMR-13" else "AMMR Art. 40(8)"
    raise too_late(
        draft.refuse(
            basis,
            "the reply period %(key)s ended at %(end)s: the request is accepted by silence",
            key=entry.key,
            end=ended_on(entry),
        )
    )


class TakeChargeRequestReceived(Event):
    """Another state asks the Netherlands to take charge; this opens a case of its own."""

    type: Literal["take_charge_request_received"] = "take_charge_request_received"
    member_state: MemberStateCode
    hit_based: bool = False
    urgent: bool = False
    registered_on: date | None = Field(
        default=None, description="registration in the requesting state (AMMR Art. 84(2))"
    )
    person: Person | None = None
    legal_provision: LegalProvision | None = None


@TRACK.event(
    TakeChargeRequestReceived, N_("Take charge request received (AMMR)"), opens_case=True, form=None
)
def take_charge_request_received(draft: Draft, event: TakeChargeRequestReceived) -> None:
    if draft.state.seq != 0:
        raise draft.refuse("AMMR Art. 40(1)", "a received request opens its own case")
    if event.person is not None:
        draft.set(person=event.person)
    dublin3 = event.registered_on is not None and event.registered_on < date(2026, 7, 1)
    regime = "Dublin III" if dublin3 else "AMMR"
    check_provision(draft, event.legal_provision, event.occurred_at, dublin3=dublin3)
    draft.set(responsibility_regime=regime, stage="request-received")
    _update(
        draft,
        role="requested",
        request="take-charge",
        partner_state=event.member_state,
        hit_based=event.hit_based,
        received_at=event.occurred_at,
        reply="pending",
        legal_provision=event.legal_provision,
    )
    if dublin3:
        draft.start("D3-04" if event.urgent else "D3-03", law_date=event.registered_on)
    else:
        draft.start("AMMR-04" if (event.hit_based or event.urgent) else "AMMR-03")


class ReplySent(Event):
    type: Literal["reply_sent"] = "reply_sent"
    outcome: Literal["accepted", "refused"]


@TRACK.event(ReplySent, N_("Reply sent (AMMR)"))
def reply_sent(draft: Draft, event: ReplySent) -> None:
    track = _track(draft)
    if track.role != "requested" or track.reply != "pending":
        raise draft.refuse("AMMR Art. 40(1)", "no request from another member state awaits a reply")
    _refuse_reply_after_its_period(draft)
    draft.meet(*REPLY)
    accepted = event.outcome == "accepted"
    _update(draft, reply=event.outcome, responsible_state=NL if accepted else track.partner_state,
            replied_at=event.occurred_at)  # fmt: skip


class ReplyReceived(Event):
    type: Literal["reply_received"] = "reply_received"
    outcome: Literal["accepted", "refused", "accepted-by-silence"]


@TRACK.event(ReplyReceived, N_("Reply received (AMMR)"), form="main")
def reply_received(draft: Draft, event: ReplyReceived) -> None:
    track = _track(draft)
    if track.role != "requesting" or track.request != "take-charge" or track.reply != "pending":
        raise draft.refuse("AMMR Art. 40(1)", "no take charge request awaits a reply")
    if event.outcome == "accepted-by-silence":
        running = draft.running(*REPLY)
        if running and event.occurred_at < running[-1].ends_at:
            raise draft.refuse("AMMR Art. 40(8)", "the reply period has not ended")
        for entry in running:
            draft.close(entry, "lapsed", "no reply: accepted by silence")
        accept(draft, "accepted-by-silence", running[-1].due if running else event.occurred_at)
        _update(draft, replied_at=event.occurred_at)
        return
    _refuse_reply_after_its_period(draft)
    draft.meet(*REPLY)
    if event.outcome == "refused":
        _update(draft, reply="refused", responsible_state=None, replied_at=event.occurred_at)
        return
    accept(draft, "accepted", event.occurred_at)
    _update(draft, replied_at=event.occurred_at)


def accept(draft: Draft, how: str, on: date | datetime) -> None:
    """The other state accepted (or is deemed to): transfer decision and transfer periods run."""
    track = _track(draft)
    _update(draft, reply=how, accepted_on=on, responsible_state=track.partner_state)
    if not _dublin3(draft):
        draft.start("AMMR-07", on)
    draft.start("D3-09" if _dublin3(draft) else "AMMR-10", on)
    if draft.get("detained"):
        draft.start("D3-14" if _dublin3(draft) else "AMMR-14", on)


def start_detained_transfer(draft: Draft) -> None:
    """A person detained after the acceptance: the detained-transfer limit (AMMR-14, D3-14)
    still counts from the acceptance or confirmation, or from the final decision on a
    suspensive appeal (AMMR Art. 45(3); Reg. 604/2013 Art. 28(3) 3rd subpara), never from the
    detention day. If that limit has already ended, the detention may not continue for the
    transfer (AMMR Art. 45(4); Art. 28(3) 4th subpara): the lapse records it."""
    track = _track(draft)
    if track.reply not in ACCEPTED or track.transferred_at is not None:
        return
    if track.accepted_on is None or track.suspensive_appeal_pending:
        return  # counts from the end of the suspensive effect (transfer_appeal_decided)
    if draft.running(*DETAINED_TRANSFER):
        return
    ended_appeals = [
        a.decided_at
        for a in draft.get("appeals")
        if a.against == "transfer-decision" and a.suspensive and a.decided_at is not None
        and a.outcome in ("dismissed", "withdrawn")
    ]  # fmt: skip
    start = ended_appeals[-1] if ended_appeals else track.accepted_on
    draft.start("D3-14" if _dublin3(draft) else "AMMR-14", start)


class TakeBackNotificationSent(Event):
    type: Literal["take_back_notification_sent"] = "take_back_notification_sent"
    member_state: MemberStateCode
    legal_provision: LegalProvision | None = None


@TRACK.event(TakeBackNotificationSent, N_("Take back notification sent (AMMR)"))
def take_back_notification_sent(draft: Draft, event: TakeBackNotificationSent) -> None:
    _need_regime(draft)
    track = _track(draft)
    if track.reply == "pending" or track.role == "requested":
        raise draft.refuse("AMMR Art. 41(1)", "another request is under way in this case")
    check_provision(draft, event.legal_provision, event.occurred_at)
    draft.meet(*TBN_SEND)
    _update(
        draft,
        role="requesting",
        request="take-back",
        partner_state=event.member_state,
        sent_at=event.occurred_at,
        reply="pending",
        legal_provision=event.legal_provision,
    )
    draft.start(
        "D3-07" if _dublin3(draft) else "AMMR-06",
        organisation="other-member-state",
        crisis_applies=False,
    )


class TakeBackNotificationConfirmed(Event):
    type: Literal["take_back_notification_confirmed"] = "take_back_notification_confirmed"
    by_silence: bool = False


@TRACK.event(TakeBackNotificationConfirmed, N_("Take back notification confirmed (AMMR)"))
def take_back_notification_confirmed(draft: Draft, event: TakeBackNotificationConfirmed) -> None:
    track = _track(draft)
    if track.request != "take-back" or track.reply != "pending":
        raise draft.refuse("AMMR Art. 41(3)", "no take back notification awaits confirmation")
    running = draft.running(*TBN_REPLY)
    if event.by_silence:
        if running and event.occurred_at < running[-1].ends_at:
            raise draft.refuse("AMMR Art. 41(4)", "the confirmation period has not ended")
        for entry in running:
            draft.close(entry, "lapsed", "no confirmation: confirmed by silence")
        accept(draft, "confirmed", running[-1].due if running else event.occurred_at)
        _update(draft, replied_at=event.occurred_at)
        return
    late = ended(draft, *TBN_REPLY)
    if late is not None:  # AMMR Art. 41(4): silence was confirmation (D3: Art. 25(2))
        raise too_late(
            draft.refuse(
                "Reg. 604/2013 Art. 25(2)" if late.rule_id.startswith("D3-") else "AMMR Art. 41(4)",
                "the confirmation period %(key)s ended at %(end)s: the notification is "
                "confirmed by silence",
                key=late.key,
                end=ended_on(late),
            )
        )
    draft.meet(*TBN_REPLY)
    accept(draft, "confirmed", event.occurred_at)
    _update(draft, replied_at=event.occurred_at)


class TransferDecisionTaken(Event):
    type: Literal["transfer_decision_taken"] = "transfer_decision_taken"


@TRACK.event(TransferDecisionTaken, N_("Transfer decision taken (AMMR)"), form="main")
def transfer_decision_taken(draft: Draft, event: TransferDecisionTaken) -> None:
    track = _track(draft)
    if track.role != "requesting" or track.reply not in (
        "accepted",
        "accepted-by-silence",
        "confirmed",
    ):
        raise draft.refuse("AMMR Art. 42(1)", "no acceptance or confirmation has been received")
    if track.transfer_decision_at is not None:
        raise draft.refuse("AMMR Art. 42(1)", "a transfer decision has already been taken")
    draft.meet("AMMR-07")
    _update(draft, transfer_decision_at=event.occurred_at)
    draft.set(stage="transfer-decided")


class TransferDecisionNotified(Event):
    type: Literal["transfer_decision_notified"] = "transfer_decision_notified"


@TRACK.event(TransferDecisionNotified, N_("Transfer decision notified (AMMR)"), form="main")
def transfer_decision_notified(draft: Draft, event: TransferDecisionNotified) -> None:
    track = _track(draft)
    if track.transfer_decision_at is None:
        raise draft.refuse("AMMR Art. 42(1)", "no transfer decision has been taken")
    if track.transfer_decision_notified_at is not None:
        raise draft.refuse("AMMR Art. 42(1)", "the transfer decision was already notified")
    _update(draft, transfer_decision_notified_at=event.occurred_at)
    if not _dublin3(draft):
        draft.start("AMMR-08")


def transfer_appeal_lodged(draft: Draft, event: _TransferAppealLodged) -> None:
    track = _track(draft)
    if track.transfer_decision_notified_at is None:
        raise draft.refuse("AMMR Art. 43(1)", "an appeal lies against a notified transfer decision")
    late = any(event.occurred_at >= d.ends_at for d in draft.running("NL-AMMR-08"))
    for entry in draft.running("NL-AMMR-08"):
        status = "lapsed" if late else "met"
        draft.close(entry, status, f"appeal lodged{' late' if late else ''}")
    from migrationpact.cases.state import Appeal

    appeal = Appeal(
        against="transfer-decision", lodged_at=event.occurred_at, seq=draft.seq, late=late,
        suspensive=event.suspension_requested,
    )  # fmt: skip
    draft.set(appeals=(*draft.state.appeals, appeal))
    if late:
        draft.consequence("late-appeal", "transfer appeal lodged late", basis="AMMR Art. 43(2)")
    if event.suspension_requested:
        _update(draft, suspensive_appeal_pending=True)


def transfer_appeal_decided(draft: Draft, event: _TransferAppealDecided) -> None:
    pending = [
        a for a in draft.state.appeals if a.against == "transfer-decision" and a.outcome is None
    ]
    if not pending:
        raise draft.refuse("AMMR Art. 43(1)", "no appeal against the transfer decision is pending")
    appeal = pending[-1]
    decided = evolve(appeal, outcome=event.outcome, decided_at=event.occurred_at)
    draft.set(appeals=tuple(decided if a is appeal else a for a in draft.state.appeals))
    _update(draft, suspensive_appeal_pending=False)
    if event.outcome in ("dismissed", "withdrawn") and appeal.suspensive:
        # AMMR Art. 46(1): the transfer period runs from the final decision on a suspensive appeal.
        # AMMR Art. 45(3)(b): a detained person's limit likewise runs from the end of the
        # suspensive effect (Reg. 604/2013 Art. 28(3) 3rd subpara).
        running = draft.running(*TRANSFER, *DETAINED_TRANSFER)
        draft.cancel(*TRANSFER, reason="restarts from the final decision on the appeal (46(1))")
        draft.cancel(*DETAINED_TRANSFER, reason="restarts from the end of suspensive effect")
        for entry in running:
            draft.start(entry.rule_id)
        if draft.get("detained"):
            start_detained_transfer(draft)
    elif event.outcome in ("upheld", "annulled-remitted"):
        _update(draft, transfer_decision_at=None, transfer_decision_notified_at=None)
        draft.note("transfer decision annulled on appeal")


class AbscondingNotified(Event):
    """The Netherlands informed the member state responsible that the person (or a family member
    to be transferred with them) absconded, physically resisted the transfer, made themselves
    unfit for it or did not meet the medical requirements: from this notice the six-month
    transfer period becomes at most three years (AMMR Art. 46(2) 1st subpara, AMMR-11b)."""

    type: Literal["absconding_notified"] = "absconding_notified"
    ground: Literal["absconded", "physically-resisted", "unfit-for-transfer", "medical-unfit"] = (
        "absconded"
    )


@TRACK.event(
    AbscondingNotified,
    N_("Absconding notified to the member state responsible (AMMR)"),
    recorded_by={"IND"},
    form="main",
)
def absconding_notified(draft: Draft, event: AbscondingNotified) -> None:
    track = _track(draft)
    if _dublin3(draft):
        # Reg. 604/2013 Art. 29(2): the eighteen months run from the acceptance (``absconded``).
        raise draft.refuse(
            "Reg. 604/2013 Art. 29(2)", "under Dublin III the longer period needs no notice"
        )
    if track.role != "requesting" or track.reply not in ACCEPTED or track.transferred_at:
        raise draft.refuse("AMMR Art. 46(2)", "no accepted request awaits a transfer")
    if event.ground == "absconded" and not draft.state.absconded:
        raise draft.refuse("AMMR Art. 46(2)", "the person is not recorded as absconded")
    refuse_after_transfer_period(draft, "AMMR-10")  # the period to extend has ended
    running = draft.running("AMMR-10")
    if not running:
        raise draft.refuse("AMMR Art. 46(2)", "no six-month transfer period runs to be extended")
    for entry in running:
        draft.close(entry, "cancelled", "replaced by AMMR-11b: notice to the state responsible")
    draft.start("AMMR-11b")


class TransferCarriedOut(Event):
    type: Literal["transfer_carried_out"] = "transfer_carried_out"


@TRACK.event(
    TransferCarriedOut, N_("Transfer carried out (AMMR)"), recorded_by={"DTenV"}, form="main"
)
def transfer_carried_out(draft: Draft, event: TransferCarriedOut) -> None:
    track = _track(draft)
    if track.transfer_decision_notified_at is None:
        raise draft.refuse("AMMR Art. 42(1)", "the transfer decision has not been notified")
    if track.suspensive_appeal_pending:
        raise draft.refuse("AMMR Art. 43(3)", "a suspensive appeal or request is pending")
    if track.transferred_at is not None:
        raise draft.refuse("AMMR Art. 46(1)", "the transfer was already carried out")
    late = ended(draft, *TRANSFER)
    if late is not None:  # AMMR Art. 37(1); Dublin III Art. 29(2); CFMR Art. 12(3)
        raise too_late(
            draft.refuse(
                "Reg. 604/2013 Art. 29(2)"
                if late.rule_id.startswith("D3-")
                else _TRANSFER_LAPSE_BASIS.get(late.rule_id, "AMMR Art. 37(1)"),
                "the transfer period %(key)s ended at %(end)s: responsibility has shifted to "
                "the Netherlands",
                key=late.key,
                end=ended_on(late),
            )
        )
    if track.responsible_state == NL:
        raise draft.refuse("AMMR Art. 37(1)", "responsibility has shifted to the Netherlands")
    suspended_transfer(draft, track, event.occurred_at.date())  # CFMR Art. 12(4)
    draft.meet(*TRANSFER, *DETAINED_TRANSFER)
    _update(draft, transferred_at=event.occurred_at)
    draft.set(stage="transferred", detained=False, absconded=False)
    others = [
        d.rule_id for d in draft.deadlines if d.is_running and d.rule_id[:3] in ("APR", "RCD")
    ]
    draft.cancel(*others, reason=f"person transferred to {track.partner_state} (AMMR Art. 46)")
