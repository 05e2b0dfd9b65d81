"""Transfers to a member state in crisis: suspended, and the one-year limit (CFMR Art. 12(4)).

When the member state responsible for an application faces a mass arrival (CFMR Art. 1(4)(a)) or
force majeure and applies the derogations of CFMR Art. 12(1) under a Council implementing
decision, the Netherlands does not transfer the person to it until it no longer faces that
situation, unless it agreed to receive the person because of the applicant's individual
circumstances (Art. 12(4), 1st subpara). If the transfer has not taken place within one year of
the acceptance, the confirmation or the final decision on a suspensive appeal, the state
responsible is relieved and responsibility passes to the Netherlands (2nd subpara), in place of
the six months of AMMR Art. 46(1).

* ``transfers_suspended`` (IND) names the other state's decision in the crisis register: it must
  be a decision for the member state responsible, for a mass arrival or force majeure, listing
  CFMR Art 12 and in force that day. The six-month period (AMMR-10) gives way to the year of
  ``CFMR-05``, counted from the same day; a lapse of it shifts responsibility to the Netherlands
  (``cases.lapses``).
* ``transfer_agreed_in_crisis`` (IND): the state responsible agreed to receive the person; the
  transfer may go ahead within the year.
* A transfer while the decision is in force and no such agreement is recorded is refused
  (``suspended_transfer``, called by ``dublin.transfer_carried_out``); once the decision's period
  in the register has ended, the state no longer faces the situation and the transfer may go
  ahead, still within the year.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import pycountry
from pydantic import Field

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import MAX_CODE, Event
from migrationpact.cases.late import refuse_after_transfer_period
from migrationpact.cases.state import DublinTrack, evolve
from migrationpact.law.crisis import CrisisDecision

TRACK = Track("crisis_transfers")
BASIS = "CFMR Art. 12(4)"
#: The situations in which a member state may apply CFMR Art. 12 (Art. 12(1), (4)).
_SITUATIONS = ("mass-arrival", "force-majeure")
#: The transfer periods the year of Art. 12(4) replaces: AMMR Art. 46(1), or the year of
#: Art. 12(2)(d) when the Netherlands itself applies the derogation.
_REPLACED = ("AMMR-10", "CFMR-03e")


def _alpha3(code: str) -> str:
    """The ISO alpha-3 code of a member state the register names by alpha-2 (``IT`` → ``ITA``)."""
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return str(country.alpha_3) if country is not None else code


def _track(draft: Draft) -> DublinTrack:
    track: DublinTrack = draft.get("dublin")
    return track


def _check_decision(draft: Draft, decision: CrisisDecision, partner: str | None) -> None:
    day = draft.at.date()
    if _alpha3(decision.member_state) != partner:
        raise draft.refuse(
            BASIS,
            "decision %(id)s is for %(state)s, not for %(partner)s, the member state responsible",
            id=decision.id,
            state=decision.member_state,
            partner=str(partner),
        )
    if decision.situation not in _SITUATIONS or not any(
        d.strip().startswith("CFMR Art 12") for d in decision.derogations
    ):
        raise draft.refuse(
            BASIS,
            "decision %(id)s does not apply CFMR Art 12 in a mass arrival or force majeure",
            id=decision.id,
        )
    if not decision.covers(day):
        raise draft.refuse(
            BASIS,
            "decision %(id)s applies from %(start)s to %(end)s, not on %(day)s",
            id=decision.id,
            start=decision.valid_from.isoformat(),
            end=decision.valid_to.isoformat(),
            day=day.isoformat(),
        )


class TransfersSuspended(Event):
    """Transfers to the member state responsible are suspended: it applies CFMR Art. 12 in a
    mass arrival or force majeure (CFMR Art. 12(4)); ``crisis`` is its decision's id in the
    crisis register."""

    type: Literal["transfers_suspended"] = "transfers_suspended"
    crisis: str = Field(min_length=1, max_length=MAX_CODE)


@TRACK.event(
    TransfersSuspended,
    N_("Transfers suspended: member state responsible in crisis (CFMR)"),
    recorded_by={"IND"},
    form=None,
)
def transfers_suspended(draft: Draft, event: TransfersSuspended) -> None:
    track = _track(draft)
    if draft.get("responsibility_regime") != "AMMR":
        raise draft.refuse(BASIS, "CFMR Art 12 derogates from the AMMR, not from Dublin III")
    if (
        track.role != "requesting"
        or track.accepted_on is None
        or track.transferred_at is not None
        or track.responsible_state != track.partner_state
    ):
        raise draft.refuse(BASIS, "no accepted request awaits a transfer")
    if track.transfer_suspended_by is not None:
        raise draft.refuse(
            BASIS, "transfers are already suspended (%(id)s)", id=track.transfer_suspended_by
        )
    decision = draft.crisis(event.crisis)
    assert decision is not None
    _check_decision(draft, decision, track.partner_state)
    refuse_after_transfer_period(draft, *_REPLACED)
    running = draft.running(*_REPLACED)
    if not running:
        raise draft.refuse(BASIS, "no transfer period runs to be replaced")
    for entry in running:
        draft.close(entry, "cancelled", f"replaced by CFMR-05: transfers suspended ({BASIS})")
        draft.start("CFMR-05", entry.started_on, crisis_applies=False)
    draft.set(dublin=evolve(track, transfer_suspended_by=decision.id))
    draft.consequence(
        "transfers-suspended",
        f"transfers to {track.partner_state} suspended under decision {decision.id} "
        f"until {decision.valid_to.isoformat()}; at most one year from the acceptance",
        basis=BASIS,
    )


class TransferAgreedInCrisis(Event):
    """The member state responsible, though in crisis, agreed to receive the person because of
    the applicant's individual circumstances (CFMR Art. 12(4) 1st subpara)."""

    type: Literal["transfer_agreed_in_crisis"] = "transfer_agreed_in_crisis"


@TRACK.event(
    TransferAgreedInCrisis,
    N_("Member state in crisis agreed to receive the person (CFMR)"),
    recorded_by={"IND"},
    form=None,
)
def transfer_agreed_in_crisis(draft: Draft, event: TransferAgreedInCrisis) -> None:
    track = _track(draft)
    if track.transfer_suspended_by is None:
        raise draft.refuse(BASIS, "transfers are not suspended")
    draft.set(dublin=evolve(track, transfer_suspended_by=None))
    draft.consequence(
        "transfer-agreed-in-crisis",
        f"{track.partner_state} agreed to receive the person; the transfer may go ahead "
        "within the year of CFMR-05",
        basis=BASIS,
    )


def suspended_transfer(draft: Draft, track: DublinTrack, day: date) -> None:
    """Refuse a transfer on ``day`` while the other state's decision suspends it."""
    if track.transfer_suspended_by is None:
        return
    decision = draft.crisis(track.transfer_suspended_by)
    if decision is not None and decision.covers(day):
        raise draft.refuse(
            BASIS,
            "transfers to %(state)s are suspended until %(end)s under decision %(id)s, unless "
            "it agrees to receive the person",
            state=str(track.partner_state),
            end=decision.valid_to.isoformat(),
            id=decision.id,
        )
