"""Requests on humanitarian grounds: the Netherlands asks another member state to take charge.

Before a first decision on the substance, the member state determining responsibility (or the
one responsible) may ask another member state to take charge of an applicant, to bring family
relations together on humanitarian grounds, with the written consent of those concerned (AMMR
Art. 35(2); Dublin III, Reg. 604/2013 Art. 17(2)). The requested state replies within two
months of receiving the request (``AMMR-35``; ``D3-15``). Unlike an ordinary take charge
request (AMMR Art. 40(8)), silence is not acceptance: the period running out has no
consequence of its own, and the reply is recorded whenever it comes. An acceptance makes the
requested state responsible, and the transfer periods run as after any acceptance
(``dublin.accept``).

A request on humanitarian grounds received by the Netherlands is not recorded as a case yet
(docs/rulebook.md, "Limits added in the 2026-12-05 edition").
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.dublin import ACCEPTED, accept
from migrationpact.cases.eventbase import Event
from migrationpact.cases.state import DublinTrack, evolve
from migrationpact.law.codes import MemberStateCode

TRACK = Track("humanitarian")
REPLY = ("AMMR-35", "D3-15")


def _dublin3(draft: Draft) -> bool:
    return bool(draft.get("responsibility_regime") == "Dublin III")


class HumanitarianRequestSent(Event):
    """The Netherlands asked ``member_state`` to take charge on humanitarian grounds."""

    type: Literal["humanitarian_request_sent"] = "humanitarian_request_sent"
    member_state: MemberStateCode


@TRACK.event(HumanitarianRequestSent, N_("Request on humanitarian grounds sent"))
def humanitarian_request_sent(draft: Draft, event: HumanitarianRequestSent) -> None:
    basis = "Reg. 604/2013 Art. 17(2)" if _dublin3(draft) else "AMMR Art. 35(2)"
    if draft.state.registered_at is None or draft.state.responsibility_regime is None:
        raise draft.refuse(basis, "the application is not registered")
    track: DublinTrack = draft.get("dublin")
    if track.role == "requested":
        raise draft.refuse(basis, "this case is a request received from another state")
    if track.reply == "pending":
        raise draft.refuse(basis, "a request is already awaiting a reply")
    if track.reply in ACCEPTED:
        raise draft.refuse(basis, "another member state has already accepted responsibility")
    if draft.get("decision") is not None:
        raise draft.refuse(basis, "a first decision on the application has been taken")
    draft.set(
        dublin=evolve(
            track,
            role="requesting",
            request="humanitarian",
            partner_state=event.member_state,
            hit_based=False,
            sent_at=event.occurred_at,
            reply="pending",
        )
    )
    draft.start("D3-15" if _dublin3(draft) else "AMMR-35", organisation="other-member-state")


class HumanitarianReplyReceived(Event):
    """The requested state's reply; a refusal gives its reasons (AMMR Art. 35(2))."""

    type: Literal["humanitarian_reply_received"] = "humanitarian_reply_received"
    outcome: Literal["accepted", "refused"]


@TRACK.event(HumanitarianReplyReceived, N_("Reply to a request on humanitarian grounds received"))
def humanitarian_reply_received(draft: Draft, event: HumanitarianReplyReceived) -> None:
    track: DublinTrack = draft.get("dublin")
    if track.request != "humanitarian" or track.reply != "pending":
        raise draft.refuse("AMMR Art. 35(2)", "no request on humanitarian grounds awaits a reply")
    draft.meet(*REPLY)  # a reply after the two months is recorded as late; silence decides nothing
    if event.outcome == "refused":
        draft.set(dublin=evolve(track, reply="refused"))
        return
    accept(draft, "accepted", event.occurred_at)
