"""When a deadline runs out: the ``deadline_lapsed`` event and the consequence the law attaches.

``due_lapses(state, as_of=day)`` lists, for every open deadline whose end has passed by the end
of that day, a ``deadline_lapsed`` event dated the moment the deadline ended (24:00 of its last
day, i.e. 00:00 the next day; the exact moment for a period in hours); ``until=moment`` lists
those ended by that moment. The domain has no clock: the store's lapse job (run by the
scheduler inside the server, or by ``cases lapse``) says up to when. The store appends these
like any other event, so the lapse and its consequence are part of the case's history, with a
sequence number, for anyone reading it later. Applying one can start new deadlines (acceptance
by silence starts the transfer period), so a caller repeats until the list is empty.

Consequences recorded (``consequence`` code, legal basis):

* take charge request not sent in time (AMMR-01/02/12/12b; D3-01/02): the Netherlands, where the
  application was registered, becomes responsible — ``registering-state-responsible``
  (AMMR Art. 39(1); Dublin III Art. 21(1));
* no reply to a take charge request in time (AMMR-03/04/13; D3-03/04): ``accepted-by-silence``
  (AMMR Art. 40(8), 45(2)) — the other state when the Netherlands asked, the Netherlands when it
  was asked;
* no confirmation of a take back notification (AMMR-06): ``confirmed-by-silence`` (Art. 41(4));
* transfer not carried out in time (AMMR-10/11/11b; D3-09/10/11): ``responsibility-shifted`` to
  the Netherlands (AMMR Art. 37(1); Dublin III Art. 29(2));
* under a Council decision for a mass arrival or force majeure (CFMR Art. 12), the Netherlands,
  applying the derogation, assumes responsibility or has it transferred when it misses the
  limits of Art. 12(2)(a), (b) or (d) (CFMR Art. 12(3)): CFMR-03a (request)
  ``registering-state-responsible``, CFMR-03b (its reply) ``accepted-by-silence``, CFMR-03e
  (transfer) ``responsibility-shifted``; Art. 12(3) attaches nothing to point (c) (CFMR-03c/03d);
* a transfer to a member state in crisis not carried out within the year of CFMR Art. 12(4)
  (CFMR-05): ``responsibility-shifted`` to the Netherlands, the transferring state;
* detained transfer not carried out within AMMR-14: ``detention-must-end`` (Art. 45(4));
* border procedure at its maximum (APR-16/17): ``entry-authorised`` (APR Art. 51(2), 43(3)),
  unless the person has no right to remain — then ``return-border-procedure-applies``;
* screening maximum (SCR-01/02/03): ``screening-ends`` (SR Art. 18(1));
* lodging period (APR-04): ``implicit-withdrawal-may-follow`` (APR Art. 41(1)(a): not automatic);
* appeal period (NL-APR-18/19): ``decision-final``; leave-to-remain period (NL-APR-20):
  ``no-request-to-remain``; return border procedure maximum (RBP-01):
  ``return-border-maximum-reached`` (RBPR Art. 4(2)); detention in it (RBP-04):
  ``return-border-detention-ends`` (RBPR Art. 5(4));
* judicial review of detention not concluded within 21 days (RCD-06/08):
  ``release-review-not-concluded`` (RCD Art. 11(3));
* no residence permit within 15 days of a grant (QR-02): ``interim-measures-required``
  (QR Art. 20(3));
* no application within seven working days of a return decision (APR-38e):
  ``inadmissibility-ground-available`` (APR Art. 38(1)(e): the application may be rejected as
  inadmissible, not automatically).

Only the system records ``deadline_lapsed`` (through the store's daily lapse job): it is
declared here, with its handler, like the events of the other tracks (``cases.catalogue``), as
``recorded_by={SYSTEM}``, so the access policy refuses it to every person, the IND included.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from migrationpact.cases.catalogue import N_, SYSTEM, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.decision import authorise_entry, no_right_to_remain
from migrationpact.cases.dublin import NL, REPLY, TBN_REPLY, TCR_SEND, TRANSFER, accept
from migrationpact.cases.eventbase import Event
from migrationpact.cases.models import Moment
from migrationpact.cases.state import CaseState, DeadlineEntry, due_end, evolve, minute
from migrationpact.law.codes import STORED

TRACK = Track("lapses")

_FIXED: dict[str, tuple[str, str]] = {
    "AMMR-14": ("detention-must-end", "AMMR Art. 45(4)"),
    "D3-14": ("detention-must-end", "Reg. 604/2013 Art. 28(3)"),
    "SCR-01": ("screening-ends", "SR Art. 8(3), 18(1)"),
    "SCR-02": ("screening-ends", "SR Art. 8(3), 18(1)"),
    "SCR-03": ("screening-ends", "SR Art. 8(4), 18(1)"),
    "APR-04": ("implicit-withdrawal-may-follow", "APR Art. 41(1)(a)"),
    "NL-APR-18": ("decision-final", "APR Art. 67(7), 68(2)"),
    "NL-APR-19": ("decision-final", "APR Art. 67(7), 68(2)"),
    "NL-APR-20": ("no-request-to-remain", "APR Art. 68(4)-(5)"),
    "RBP-01": ("return-border-maximum-reached", "RBPR Art. 4(2)"),
    "APR-38e": ("inadmissibility-ground-available", "APR Art. 38(1)(e)"),
    "RBP-04": ("return-border-detention-ends", "RBPR Art. 5(4)"),
    "RCD-06": ("release-review-not-concluded", "RCD Art. 11(3)"),
    "RCD-08": ("release-review-not-concluded", "RCD Art. 11(3)"),
    "QR-02": ("interim-measures-required", "QR Art. 20(3)"),
}

#: CFMR Art. 12(3): missing the limits of Art. 12(2)(a), (b) or (d) makes the derogating member
#: state (the Netherlands) responsible; the effect is that of the AMMR limit each replaces.
_CRISIS: dict[str, tuple[str, str]] = {
    "CFMR-03a": ("registering-state-responsible", "CFMR Art. 12(2)(a), 12(3)"),
    "CFMR-03b": ("accepted-by-silence", "CFMR Art. 12(2)(b), 12(3)"),
    "CFMR-03c": ("none", ""),
    "CFMR-03d": ("none", ""),
    "CFMR-03e": ("responsibility-shifted", "CFMR Art. 12(2)(d), 12(3)"),
    # The transfer to a member state in crisis (cases.crisis_transfers).
    "CFMR-05": ("responsibility-shifted", "CFMR Art. 12(4)"),
}

_TEXT = {
    "registering-state-responsible": "no request sent in time: the Netherlands, where the "
    "application was registered, is responsible",
    "accepted-by-silence": "no reply in time: the request is accepted by silence",
    "confirmed-by-silence": "no confirmation in time: the notification is confirmed by silence",
    "responsibility-shifted": "transfer not carried out in time: responsibility shifts to the "
    "Netherlands",
    "detention-must-end": "transfer not carried out within the detention limit: detention ends",
    "entry-authorised": "border procedure at its maximum: entry is authorised",
    "return-border-procedure-applies": "border procedure at its maximum; no right to remain: "
    "the return border procedure applies instead of entry",
    "screening-ends": "screening maximum reached: screening ends; refer the person now",
    "implicit-withdrawal-may-follow": "not lodged in time: implicit withdrawal may be decided "
    "if there was no good reason",
    "decision-final": "no appeal in time: the decision is final",
    "no-request-to-remain": "no request for leave to remain in time",
    "return-border-maximum-reached": "return border procedure at its maximum",
    "inadmissibility-ground-available": "no application within seven working days of the return "
    "decision: an application made now may be rejected as inadmissible",
    "return-border-detention-ends": "detention in the return border procedure at its maximum: "
    "detention under RBPR Art. 5 ends",
    "release-review-not-concluded": "judicial review of the detention not concluded in time: "
    "the applicant is released at once",
    "interim-measures-required": "no residence permit in time: interim measures give access to "
    "the beneficiary's rights",
    "none": "the deadline ran out; the law attaches no automatic consequence",
}


def consequence_sentence(code: str) -> str:
    """The sentence a lapse's consequence is recorded with (its code when it has none)."""
    return _TEXT.get(code, code)


def lapse_moment(due: date | datetime) -> datetime:
    """The moment a deadline has run out: 00:00 after its last day, or its exact end."""
    return due_end(due)


def consequence_for(state: CaseState, entry: DeadlineEntry) -> tuple[str, str]:
    """The consequence code and legal basis of ``entry`` running out in ``state``."""
    rule = entry.rule_id
    dublin3 = rule.startswith("D3-")
    if rule in _FIXED:
        return _FIXED[rule]
    if rule in _CRISIS:
        return _CRISIS[rule]
    if rule in TCR_SEND:
        return "registering-state-responsible", (
            "Reg. 604/2013 Art. 21(1)" if dublin3 else "AMMR Art. 39(1)"
        )
    if rule in REPLY:
        return "accepted-by-silence", "Reg. 604/2013 Art. 22(7)" if dublin3 else "AMMR Art. 40(8)"
    if rule in TBN_REPLY:
        return "confirmed-by-silence", "Reg. 604/2013 Art. 25(2)" if dublin3 else "AMMR Art. 41(4)"
    if rule in TRANSFER:
        return (
            "responsibility-shifted",
            "Reg. 604/2013 Art. 29(2)" if dublin3 else "AMMR Art. 37(1)",
        )
    if rule in ("APR-16", "APR-17"):
        if no_right_to_remain(state):
            return "return-border-procedure-applies", "APR Art. 43(3), 51(2); RBPR Art. 4(1)"
        return "entry-authorised", "APR Art. 51(2)"
    return "none", ""


ConsequenceCode = Literal[
    "registering-state-responsible",
    "accepted-by-silence",
    "confirmed-by-silence",
    "responsibility-shifted",
    "detention-must-end",
    "entry-authorised",
    "return-border-procedure-applies",
    "screening-ends",
    "implicit-withdrawal-may-follow",
    "decision-final",
    "no-request-to-remain",
    "return-border-maximum-reached",
    "inadmissibility-ground-available",
    "return-border-detention-ends",
    "release-review-not-concluded",
    "interim-measures-required",
    "none",
]


class DeadlineLapsed(Event):
    """System event: an open deadline ran out; ``consequence`` is what the law attaches to it."""

    type: Literal["deadline_lapsed"] = "deadline_lapsed"
    key: str
    rule_id: str
    due: Moment
    consequence: ConsequenceCode = "none"
    consequence_text: str | None = None


def lapse_horizon(*, as_of: date | None = None, until: datetime | None = None) -> datetime:
    """The moment up to which deadlines have ended: ``until`` itself, or the end of the day
    ``as_of`` (24:00, the next 00:00). Exactly one of them is given.

    >>> lapse_horizon(as_of=date(2026, 12, 3))
    datetime.datetime(2026, 12, 4, 0, 0)
    """
    if until is not None and as_of is None:
        return until
    if as_of is not None and until is None:
        return lapse_moment(as_of)
    raise TypeError("give as_of or until, not both")


def due_lapses(
    state: CaseState, *, as_of: date | None = None, until: datetime | None = None
) -> list[Event]:
    """``deadline_lapsed`` events for open deadlines ended by the end of ``as_of`` (or by the
    moment ``until``), in order, each dated the moment its deadline ended."""
    horizon = lapse_horizon(as_of=as_of, until=until)
    out: list[tuple[datetime, str, Event]] = []
    for entry in state.deadlines:
        moment = lapse_moment(entry.due)
        if entry.status != "open" or moment > horizon:
            continue
        code, basis = consequence_for(state, entry)
        text = f"{entry.key} ended {entry.due}: {consequence_sentence(code)}"
        values = {"occurred_at": moment, "key": entry.key, "rule_id": entry.rule_id,
                  "due": entry.due, "consequence": code,
                  "consequence_text": f"{text} ({basis})" if basis else text}  # fmt: skip
        # Made of the stored state (its texts were checked when they were recorded) and of the
        # law's own sentences: read as stored data is, without the walk for bad Unicode.
        event = DeadlineLapsed.model_validate(values, context=STORED)
        out.append((moment, entry.key, event))
    return [e for _, _, e in sorted(out, key=lambda t: (t[0], t[1]))]


@TRACK.event(DeadlineLapsed, N_("Deadline lapsed"), recorded_by={SYSTEM}, form=None)
def deadline_lapsed(draft: Draft, event: DeadlineLapsed) -> None:
    entry = draft.find(event.key)
    if entry is None or entry.rule_id != event.rule_id:
        raise draft.refuse(
            "deadline ledger",
            "no deadline %(key)s (%(rule_id)s)",
            key=event.key,
            rule_id=event.rule_id,
        )
    if entry.status != "open":
        raise draft.refuse(
            entry.rule_id, "%(key)s is %(status)s, not open", key=event.key, status=entry.status
        )
    ended = due_end(entry.due)  # ``lapse_moment``
    if event.occurred_at < ended:
        raise draft.refuse(
            entry.rule_id,
            "%(key)s runs until %(due)s; it has not ended",
            key=event.key,
            due=str(entry.due),
        )
    code, basis = consequence_for(draft.state, entry)  # nothing has changed yet
    if event.consequence != code:
        raise draft.refuse(
            basis or entry.rule_id,
            "consequence is %(code)s, not %(given)s",
            code=code,
            given=event.consequence,
        )
    draft.close(entry, "lapsed", f"ran out at {minute(ended)}")
    text = event.consequence_text or consequence_sentence(code)
    draft.consequence(code, text, rule_id=entry.rule_id, key=entry.key, basis=basis or None)
    apply_consequence(draft, entry, code)


def apply_consequence(draft: Draft, entry: DeadlineEntry, code: str) -> None:
    track = draft.get("dublin")
    if code == "registering-state-responsible":
        if track.responsible_state is None:
            basis = _CRISIS.get(entry.rule_id, ("", "D3 Art. 21(1)"))[1]
            basis = "AMMR Art. 39(1)" if entry.rule_id.startswith("AMMR") else basis
            draft.set(dublin=evolve(track, **{
                "responsible_state": NL, "responsibility_basis": f"{entry.key} lapsed ({basis})"
            }))  # fmt: skip
        draft.cancel(*TCR_SEND, reason=f"{entry.key} lapsed: the Netherlands is responsible")
    elif code == "accepted-by-silence":
        if track.role == "requested":
            update = {"reply": "accepted-by-silence", "responsible_state": NL}
            draft.set(dublin=evolve(track, **update))
        elif track.reply == "pending":
            accept(draft, "accepted-by-silence", entry.due)
    elif code == "confirmed-by-silence" and track.reply == "pending":
        accept(draft, "confirmed", entry.due)
    elif code == "responsibility-shifted":
        why = f"{entry.key} lapsed"
        if entry.rule_id in _CRISIS:
            why += f" ({_CRISIS[entry.rule_id][1]})"
        update = {"responsible_state": NL, "responsibility_basis": why}
        draft.set(dublin=evolve(track, **update))
        draft.cancel("AMMR-14", "D3-14", reason=f"{entry.key} lapsed: no transfer")
    elif code == "entry-authorised":
        authorise_entry(draft, f"{entry.key} reached its maximum")
    elif code == "decision-final":
        decision = draft.get("decision")
        if decision is not None:
            draft.set(decision=evolve(decision, final=True), stage="final")
