"""Incoming transfers: a person another member state transfers to the Netherlands arrives.

When the Netherlands accepted a request to take charge (``reply_sent`` accepted, or accepted by
silence, AMMR Art. 40(8)), the requesting state carries out the transfer (AMMR Art. 46(1)) and
the Netherlands, as the member state responsible, informs it of the person's safe arrival or
that they did not appear within the set time limit (Art. 46(1), last subparagraph; read in the
Spanish OJ text, which is authentic like every language version). ``transferred_person_arrived``
records that arrival in the case the request opened: the day, the member state the person came
from and, if the request did not name it, the legal provision the transfer rests on (Eurostat's
``leg_prov``, Reg. (EC) 862/2007 Art. 4(4) as amended by Reg. (EU) 2020/851: transfers by
partner and provision). It is what the incoming-transfers table (``migr_dubti``) counts.

The IND records it, as it records the request received and the reply (the other events of the
requested side). It is refused before the Netherlands accepted, in a case where the Netherlands
asked another state, a second time, from a state other than the one that asked, and with a
provision other than the request's.

No time limit starts or ends here. The article attaches none to the notice of arrival, and the
requesting state's transfer period (AMMR-10) is not kept in the requested case. The lodging
period after a transfer (APR-05, APR Art. 28(2)) runs from the person reporting to the member
state responsible, but the application the person lodges in the Netherlands is a case of its
own (``application_made`` refuses a requested case), where APR-05 could be met; starting it
here would leave a limit that no event of this case can meet, so it is not started.
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.dublin import ACCEPTED, LegalProvision, check_provision
from migrationpact.cases.eventbase import Event
from migrationpact.cases.state import DublinTrack, evolve
from migrationpact.law.codes import MemberStateCode

TRACK = Track("dublin_arrivals")
BASIS = "AMMR Art. 46(1)"


class TransferredPersonArrived(Event):
    """The person the Netherlands accepted to take charge of arrived, transferred from
    ``member_state`` (the state that asked); ``legal_provision`` when the request did not say."""

    type: Literal["transferred_person_arrived"] = "transferred_person_arrived"
    member_state: MemberStateCode
    legal_provision: LegalProvision | None = None


@TRACK.event(TransferredPersonArrived, N_("Transferred person arrived in the Netherlands (AMMR)"))
def transferred_person_arrived(draft: Draft, event: TransferredPersonArrived) -> None:
    track: DublinTrack = draft.get("dublin")
    if track.role != "requested":
        raise draft.refuse(BASIS, "no request from another member state was received in this case")
    if track.reply not in ACCEPTED:
        raise draft.refuse(BASIS, "the Netherlands has not accepted the request")
    if track.arrived_at is not None:
        raise draft.refuse(BASIS, "the person's arrival was already recorded")
    if event.member_state != track.partner_state:
        raise draft.refuse(
            BASIS,
            "the request came from %(partner)s: the transfer comes from there, not from %(state)s",
            partner=str(track.partner_state),
            state=event.member_state,
        )
    provision = track.legal_provision
    if event.legal_provision is not None:
        if provision is not None and event.legal_provision != provision:
            raise draft.refuse(
                BASIS,
                "the request rests on %(request)s, not on %(code)s",
                request=provision,
                code=event.legal_provision,
            )
        check_provision(draft, event.legal_provision, event.occurred_at)
        provision = event.legal_provision
    draft.set(dublin=evolve(track, arrived_at=event.occurred_at, legal_provision=provision))
    draft.note(f"arrived from {event.member_state}")
