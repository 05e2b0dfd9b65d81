"""Scenarios: the typical paths a demo case takes through the Pact, and where each one stands.

A ``Scenario`` names a path (``build`` strings the building blocks of ``tracks`` together), the
stage the state machine must put the case in at its end (``stage``: a test holds every
generated case to it), which nationalities it draws (``group``), how many cases of every
hundred follow it (``weight``), and ``lag``: how many days before the demo day the last event
happened. The lag is chosen so the deadline the case waits on falls on both sides of the demo
day — some overdue, some due today or this week, some later — in the worklist of the
organisation that must act.

Together the scenarios cover screening at the border and in the territory, registration,
lodging, the regular and accelerated examinations, the asylum border procedure, requests to
and from other member states (sent, replied, accepted by silence, transfer decision, transfer,
absconding, take back, the arrival of a person transferred here), vulnerability and
representatives for unaccompanied minors, decisions of every outcome, notification, appeal,
leave to remain, entry authorisation, the return border procedure and closed cases.

>>> len(SCENARIOS) >= 30, sorted({s.stage for s in SCENARIOS.values()})[:4]
(True, ['appeal', 'closed', 'decided', 'final'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from migrationpact.demo.people import Group
from migrationpact.demo.tracks import (
    Track,
    appeal,
    arrive_border,
    arrive_territory,
    decide,
    interview,
    lodge,
    notify,
    refer_to_return,
    register,
    reply_in,
    request_in,
    request_out,
    take_back,
    transfer_decision,
)

#: A Dublin III request: registered in the requesting state before 1 July 2026 (AMMR Art. 84(2)).
DUBLIN_III_REGISTRATION = "2026-06-24"


@dataclass(frozen=True)
class Scenario:
    """A typical path and where it leaves the case (see the module text)."""

    title: str
    stage: str
    weight: int
    lag: tuple[int, int]
    build: Callable[[Track], None]
    group: Group = "HIGH"
    kind: Literal["single", "minor", "family"] = "single"


# --- arrival ------------------------------------------------------------------------------


def _territory(t: Track, *, nl_check: float = 0.9) -> None:
    arrive_territory(t)
    register(t, nl_check=nl_check)


def _border(t: Track) -> None:
    arrive_border(t)
    register(t, nl_check=0.9)


def _regular_lodged(t: Track) -> None:
    _territory(t)
    lodge(t)
    if t.chance(0.6):
        interview(t)
        if t.chance(0.2):
            t.then((1, 10), "09:00", "examination_extended", extension="APR-14",
                   ground="complex-issues")  # fmt: skip


def _accelerated_lodged(t: Track) -> None:
    _territory(t)
    lodge(t)
    if t.chance(0.5):
        interview(t)


def _border_lodged(t: Track) -> None:
    _border(t)
    lodge(t)
    if t.chance(0.6):
        t.then((2, 6), "09:00", "interview_held", kind="substantive")


# --- decisions ----------------------------------------------------------------------------


def _decided(t: Track) -> None:
    _regular_lodged(t)
    decide(t, t.pick("refugee-status", "subsidiary-protection", "unfounded"))


def _positive(t: Track) -> None:
    _regular_lodged(t)
    decide(t, t.pick("refugee-status", "refugee-status", "subsidiary-protection"))
    notify(t)


def _negative(t: Track) -> None:
    _regular_lodged(t)
    decide(t, "unfounded")
    notify(t)


def _negative_accelerated(t: Track) -> None:
    _accelerated_lodged(t)
    decide(t, t.pick("manifestly-unfounded", "unfounded"))
    notify(t)


def _inadmissible(t: Track) -> None:
    _territory(t)
    ground = t.pick("38(1)(b)", "38(1)(c)")
    lodge(t, ground=ground)
    decide(t, "inadmissible", gap=(10, 40), ground=ground)
    notify(t)


def _implicitly_withdrawn(t: Track) -> None:
    _territory(t, nl_check=0.5)
    decide(t, "implicitly-withdrawn", gap=(25, 35))
    notify(t)


def _explicitly_withdrawn(t: Track) -> None:
    _territory(t, nl_check=0.5)
    decide(t, "explicitly-withdrawn", gap=(3, 20))
    notify(t)


def _appeal_pending(t: Track) -> None:
    (_negative if t.chance(0.6) else _negative_accelerated)(t)
    appeal(t)


def _appeal_final(t: Track) -> None:
    _negative(t)
    appeal(t, decided=t.pick("dismissed", "dismissed", "withdrawn"))


def _appeal_annulled(t: Track) -> None:
    _negative(t)
    appeal(t, decided="annulled-remitted")


def _closed_protected(t: Track) -> None:
    _positive(t)
    t.then((10, 40), "12:00", "case_closed", reason="protection-granted")


def _closed_withdrawn(t: Track) -> None:
    _explicitly_withdrawn(t)
    t.then((1, 5), "12:00", "case_closed", reason="withdrawn")


# --- the border ---------------------------------------------------------------------------


def _border_negative(t: Track) -> None:
    _border_lodged(t)
    decide(t, "manifestly-unfounded", gap=(8, 30))
    notify(t)


def _border_remain_pending(t: Track) -> None:
    _border_negative(t)
    appeal(t, gap=(1, 5))
    t.then((0, 2), "15:00", "request_to_remain_lodged")


def _return_border(t: Track) -> None:
    _border_remain_pending(t)
    t.then((4, 7), "14:00", "request_to_remain_decided", granted=False)
    t.then((1, 3), "10:00", "return_border_procedure_started")


def _returned(t: Track) -> None:
    _return_border(t)
    t.then((7, 30), "09:00", "case_closed", reason="returned")


def _entry_authorised(t: Track) -> None:
    _border(t)
    t.then((1, 3), "12:00", "entry_authorised",
           reason=t.pick("capacity", "apr-53-2-exclusion", "other"))  # fmt: skip


def _border_registered(t: Track) -> None:
    arrive_border(t)
    t.then((0, 2), "11:00", "application_registered", v_number=t.who.v_number)
    t.then(0, "11:30", "biometrics_taken")


# --- responsibility (AMMR) ----------------------------------------------------------------


def _request_sent(t: Track) -> None:
    _territory(t, nl_check=0.0)
    request_out(t, hit=t.chance(0.7))


def _accepted(t: Track) -> None:
    _request_sent(t)
    reply_in(t, t.pick("accepted", "accepted", "accepted-by-silence"))
    if t.chance(0.25):
        t.then((1, 5), "07:00", "detained", ground="dublin-transfer", user="dtenv-officer")


def _refused(t: Track) -> None:
    _request_sent(t)
    reply_in(t, "refused")
    t.then((1, 5), "10:00", "responsibility_determined", member_state="NLD",
           basis="art. 39 AMMR: de aangezochte staat weigerde; Nederland behandelt")  # fmt: skip


def _transfer_decided(t: Track) -> None:
    _request_sent(t)
    reply_in(t, t.pick("accepted", "accepted-by-silence"))
    transfer_decision(t, contest=t.chance(0.3))


def _detained_for_transfer(t: Track) -> None:
    _request_sent(t)
    reply_in(t, "accepted")
    t.then((1, 4), "06:30", "detained", ground="dublin-transfer", user="dtenv-officer")
    transfer_decision(t)


def _absconded(t: Track) -> None:
    _transfer_decided(t)
    t.then((5, 30), "08:00", "absconded")


def _transferred(t: Track) -> None:
    _transfer_decided(t)
    t.then((10, 45), "06:00", "transfer_carried_out")


def _transferred_closed(t: Track) -> None:
    _transferred(t)
    t.then((0, 3), "12:00", "case_closed", reason="transferred")


def _take_back(t: Track) -> None:
    _territory(t, nl_check=0.0)
    take_back(t, confirm=t.chance(0.6))


def _request_replied(t: Track) -> None:
    request_in(t)
    outcome = t.pick("accepted", "accepted", "refused")
    t.then((3, 12), "15:00", "reply_sent", outcome=outcome)
    if outcome == "accepted" and not t.one_in(3, "still-awaited"):  # some are still awaited
        # The requesting state transferred the person, who arrived here (AMMR Art. 46(1)).
        t.then((14, 40), "14:00", "transferred_person_arrived", member_state=t.partner)


def _request_dublin3(t: Track) -> None:
    request_in(t, registered_on=DUBLIN_III_REGISTRATION)


def _minor(t: Track) -> None:
    _territory(t)
    lodge(t)


def _family(t: Track) -> None:
    _territory(t)
    lodge(t)
    if t.chance(0.5):
        interview(t)


def _screening(t: Track) -> None:
    arrive_border(t, apply=False, complete=False)


def _screened(t: Track) -> None:
    """Screened in the territory and referred on; the IND has yet to record the application."""
    t.then(0, "09:00", "screening_started", entry="in-territory", location="Ter Apel",
           person=t.who.person.model_dump(mode="json"))  # fmt: skip
    t.then((1, 2), "15:00", "screening_completed", referral="registration-authority",
           form={"names": t.who.person.names, "nationality": t.who.nationality,
                 "reason_for_screening": "in-territory", "applied_for_asylum": True})  # fmt: skip


def _screening_applied(t: Track) -> None:
    arrive_border(t, complete=False)


S = Scenario
# fmt: off
SCENARIOS: dict[str, Scenario] = {
    "screening-border": S("Screening at the external border", "screening", 3, (0, 9), _screening),
    "screening-applied": S("Applied during border screening", "made", 3, (0, 8),
                           _screening_applied, group="LOW"),
    "screening-territory": S(
        "Screening in the territory", "screening", 3, (0, 4),
        lambda t: t.then(0, "09:00", "screening_started", entry="in-territory",
                         location="Ter Apel", person=t.who.person.model_dump(mode="json")),
    ),
    "screened": S("Screened in the territory, referred for registration", "screened", 2, (0, 3),
                  _screened),
    "referred-to-return": S(
        "Screened; no application: referred to return", "referred-to-return", 2, (0, 25),
        refer_to_return, group="LOW",
    ),
    "made": S("Application made, not yet registered", "made", 5, (0, 7),
              lambda t: arrive_territory(t)),
    "registered": S("Registered; lodging due", "registered", 7, (0, 24), _territory),
    "border-registered": S(
        "Border procedure: registered, lodging due in five days", "registered", 3, (0, 7),
        _border_registered, group="LOW",
    ),
    "lodged-regular": S("Regular examination", "lodged", 10, (0, 45), _regular_lodged),
    "lodged-accelerated": S(
        "Accelerated examination (low recognition rate)", "lodged", 5, (0, 60),
        _accelerated_lodged, group="LOW",
    ),
    "border-procedure": S(
        "Asylum border procedure (12 weeks)", "lodged", 7, (0, 75), _border_lodged, group="LOW"
    ),
    "unaccompanied-minor": S(
        "Unaccompanied minor with a representative", "lodged", 3, (0, 45), _minor, kind="minor"
    ),
    "family": S("Family group", "lodged", 2, (0, 40), _family, kind="family"),
    "request-sent": S("Take charge request sent (AMMR)", "lodged", 5, (0, 30), _request_sent),
    "request-accepted": S(
        "Request accepted: transfer decision due", "lodged", 4, (0, 16), _accepted
    ),
    "request-refused": S("Request refused: the Netherlands examines", "lodged", 2, (0, 30),
                         _refused),
    "transfer-decided": S("Transfer decided", "transfer-decided", 4, (0, 40), _transfer_decided),
    "detained-for-transfer": S("Detained for the transfer (five weeks)", "transfer-decided", 2,
                               (15, 40), _detained_for_transfer),
    "absconded": S("Absconded after the transfer decision", "transfer-decided", 2, (0, 60),
                   _absconded),
    "transferred": S("Transfer carried out", "transferred", 2, (0, 10), _transferred),
    "transferred-closed": S("Transferred and closed", "closed", 1, (0, 20), _transferred_closed),
    "take-back": S("Take back notification", "registered", 2, (0, 20), _take_back),
    "request-received": S("Take charge request received from another state",
                          "request-received", 5, (0, 33), request_in),
    "request-replied": S("Take charge request answered", "request-received", 3, (0, 30),
                         _request_replied),
    "request-dublin3": S("Request under Dublin III (registered before 1 July 2026)",
                         "request-received", 1, (0, 30), _request_dublin3),
    "decided": S("Decision taken, to be notified", "decided", 3, (0, 3), _decided),
    "protection-granted": S("Protection granted: residence permit due", "notified", 5, (0, 95),
                            _positive),
    "negative-regular": S("Unfounded: appeal period (one month)", "notified", 4, (0, 35),
                          _negative),
    "negative-accelerated": S(
        "Manifestly unfounded (accelerated): appeal period", "notified", 3, (0, 14),
        _negative_accelerated, group="LOW",
    ),
    "inadmissible": S("Inadmissible", "notified", 2, (0, 14), _inadmissible, group="LOW"),
    "implicitly-withdrawn": S("Implicitly withdrawn", "notified", 1, (0, 14),
                              _implicitly_withdrawn),
    "explicitly-withdrawn": S("Explicitly withdrawn", "notified", 1, (0, 20),
                              _explicitly_withdrawn),
    "appeal": S("Appeal pending", "appeal", 4, (0, 45), _appeal_pending),
    "appeal-dismissed": S("Appeal dismissed: decision final", "final", 3, (0, 40), _appeal_final),
    "appeal-annulled": S("Decision annulled on appeal: new decision due", "lodged", 1, (0, 30),
                         _appeal_annulled),
    "border-negative": S(
        "Border procedure: manifestly unfounded, leave to remain may be asked", "notified", 2,
        (0, 12), _border_negative, group="LOW",
    ),
    "leave-to-remain": S(
        "Border procedure: appeal and request for leave to remain pending", "appeal", 2, (0, 10),
        _border_remain_pending, group="LOW",
    ),
    "return-border": S("Return border procedure", "return-border-procedure", 3, (0, 80),
                       _return_border, group="LOW"),
    "returned": S("Returned after the return border procedure", "closed", 1, (0, 30),
                  _returned, group="LOW"),
    "entry-authorised": S(
        "Entry authorised: the border procedure ends", "registered", 2, (0, 20),
        _entry_authorised, group="LOW",
    ),
    "closed-protected": S("Protection granted and closed", "closed", 2, (0, 40),
                          _closed_protected),
    "closed-withdrawn": S("Withdrawn and closed", "closed", 1, (0, 40), _closed_withdrawn),
}
# fmt: on
