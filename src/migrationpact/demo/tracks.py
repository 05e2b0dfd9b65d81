"""Tracks: one demo case's events, built step by step as the people in the chain record them.

A ``Track`` is a case in the making. Each ``then`` adds an event a number of days after the
previous one (a fixed gap or a random one from a range), at a time of day, recorded by the demo
user of the organisation that really records such an event (``recorder``): KMar screens at the
border, the IND registers, examines and decides, COA assesses reception needs and appoints the
representative of an unaccompanied minor, DTenV detains for and carries out transfers and runs
the return border procedure, the legal counsellor records the counselling given. Acts of a
court (appeals, leave to remain) are recorded by the IND as the court registry reports them.

The building blocks below (``arrive_border``, ``register``, ``decide``, ``request_out`` …) are
the ordinary steps of the Pact; ``scenarios`` strings them together into typical paths. Gaps
keep to the time limits (registration within five days, lodging within 21 or five days, a reply
by silence only after its period), so the state machine accepts every step.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from migrationpact.demo.people import Applicant
from migrationpact.demo.places import office_for
from migrationpact.law.routing import FINDINGS

#: Every routing fact recorded and nothing alarming, so routing decides without "undetermined".
NOTHING_ALARMING: dict[str, Any] = dict.fromkeys(FINDINGS, False)
BORDER_LOCATIONS = ("Schiphol", "Rotterdam (haven)", "Hoek van Holland", "Eemshaven")
TERRITORY_LOCATIONS = ("Ter Apel", "Budel", "Zevenaar")
PARTNERS = ("DEU", "DEU", "BEL", "FRA", "ITA", "ESP", "GRC", "AUT", "POL", "HRV")
COURTS = ("Rechtbank Den Haag zp Zwolle", "Rechtbank Den Haag zp Amsterdam", "Rechtbank Den Haag")

#: What COA's assessment of reception needs finds (RCD Art. 25), by the kind of person.
NO_NEEDS: dict[str, Any] = {}
NEEDS_FOUND: dict[str, dict[str, Any]] = {
    "minor": {
        "signs": ["stated-age-under-18", "minor-without-adult"], "needs": ["minor-reception"],
        "support": ["guardian-informed"], "procedural_guarantees": True,
    },
    "illness": {
        "signs": ["stated-serious-illness", "needs-medication"], "needs": ["medical-care-nearby"],
        "support": ["referred-to-doctor"], "referral": "doctor", "referral_consent": True,
    },
    "trauma": {
        "signs": ["trauma-signs"], "needs": ["mental-health-care"],
        "support": ["referred-to-psychologist", "follow-up-planned"], "referral": "psychologist",
        "referral_consent": True, "procedural_guarantees": True,
    },
}  # fmt: skip

_IND, _KMAR, _COA, _DTENV = "ind-caseworker", "kmar-officer", "coa-planner", "dtenv-officer"
_BY_TYPE = {
    "examination_extended": "ind-supervisor",
    "special_needs_assessed": _COA,
    "reception_information_given": _COA,
    "representative_appointed": _COA,
    "absconded": _COA,
    "legal_counselling_provided": "counsellor",
    "transfer_carried_out": _DTENV,
    "return_border_procedure_started": _DTENV,
    "entry_authorised": _KMAR,
}
_AT_BORDER = {"screening_started", "screening_completed", "application_made", "biometrics_taken"}


def recorder(event_type: str, *, border: bool) -> str:
    """The demo user who records an event of ``event_type`` (``border``: at the external border).

    >>> recorder("screening_started", border=True), recorder("screening_started", border=False)
    ('kmar-officer', 'ind-caseworker')
    >>> recorder("transfer_carried_out", border=False), recorder("decision_taken", border=True)
    ('dtenv-officer', 'ind-caseworker')
    """
    if event_type in _AT_BORDER:
        return _KMAR if border else _IND
    return _BY_TYPE.get(event_type, _IND)


@dataclass(frozen=True)
class Step:
    """One event of a track: its day (from the case's first day), time, recorder and fields."""

    day: int
    clock: str
    user: str
    fields: dict[str, Any]


Gap = int | tuple[int, int]


@dataclass
class Track:
    """A case in the making: the applicant, the steps so far and what they add up to."""

    rng: random.Random
    who: Applicant
    border: bool = False
    steps: list[Step] = field(default_factory=list)
    day: int = 0
    counselling: bool = False
    partner: str = ""
    hit_based: bool = False

    def gap(self, gap: Gap) -> int:
        return self.rng.randint(*gap) if isinstance(gap, tuple) else gap

    def then(self, gap: Gap, clock: str, type_: str, /, *, user: str = "", **fields: Any) -> None:
        """Add an event of type ``type_`` ``gap`` days after the previous one, at ``clock``."""
        self.day += self.gap(gap)
        who = user or recorder(type_, border=self.border)
        self.steps.append(Step(self.day, clock, who, {"type": type_, **fields}))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def pick_provision(self) -> str:
        """A take charge request's provision without a Eurodac hit: family or documents."""
        return "ART27" if self.one_in(3, "provision") else "ART29"

    def one_in(self, n: int, salt: str) -> bool:
        """True for about one case in ``n``, decided by the case id (and ``salt``), not by the
        random draws: the statistics' facts vary the demo without moving its other choices."""
        return zlib.crc32(f"{salt}:{self.who.case_id}".encode()) % n == 0


def _facts(t: Track) -> dict[str, Any]:
    return {
        **NOTHING_ALARMING,
        "nationality": t.who.nationality,
        "age": t.who.age,
        "unaccompanied": t.who.unaccompanied,
    }


def _made(t: Track, gap: Gap, clock: str, entry: str, *, person: bool) -> None:
    extra: dict[str, Any] = {"person": t.who.person.model_dump(mode="json")} if person else {}
    if t.one_in(8, "subsequent"):  # a further application after a final decision (APR Art. 55)
        extra["subsequent"] = True
    if t.who.family is not None:
        extra["family"] = t.who.family.model_dump(mode="json")
    t.then(gap, clock, "application_made", entry=entry, facts=_facts(t), **extra)


def _form(t: Track, reason: str, *, asylum: bool) -> dict[str, Any]:
    p = t.who.person
    return {
        "names": p.names,
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "sex": p.sex,
        "nationality": p.nationality,
        "languages": p.languages,
        "reason_for_screening": reason,
        "health_check": t.pick("no acute needs", "referred to the GP", "no acute needs"),
        "vulnerability": t.pick("none apparent", "none apparent", "possible: trauma"),
        "applied_for_asylum": asylum,
        "database_hit": t.chance(0.3),
        "cooperated": True,
    }


def arrive_border(t: Track, *, apply: bool = True, complete: bool = True) -> None:
    """Apprehended at the external border: KMar screens, takes biometrics, takes the application."""
    t.border = True
    entry = t.pick("border-crossing", "border-crossing", "border-crossing-point")
    where = t.pick(*BORDER_LOCATIONS)
    person = t.who.person.model_dump(mode="json")
    t.then(0, t.pick("05:40", "06:30", "07:10"), "screening_started", entry=entry,
           location=where, person=person)  # fmt: skip
    t.then(0, "08:20", "biometrics_taken")
    if apply:
        _made(t, (0, 1), "10:00", entry, person=False)
    if complete:
        t.then((1, 4), "15:00", "screening_completed", referral="registration-authority",
               form=_form(t, entry, asylum=apply))  # fmt: skip


def refer_to_return(t: Track) -> None:
    """Screened at the border without asking for protection: referred to the return procedure."""
    arrive_border(t, apply=False, complete=False)
    t.then((1, 5), "14:00", "screening_completed", referral="return-procedure",
           form=_form(t, "border-crossing", asylum=False))  # fmt: skip


def arrive_territory(t: Track, *, screen: bool | None = None) -> None:
    """Found in or applying in the territory (Ter Apel): screening (SR Art. 7) and application."""
    screen = t.chance(0.5) if screen is None else screen
    person = t.who.person.model_dump(mode="json")
    if screen:
        t.then(0, t.pick("08:30", "09:15", "11:00"), "screening_started", entry="in-territory",
               location=t.pick(*TERRITORY_LOCATIONS), person=person)  # fmt: skip
        _made(t, 0, "13:00", "in-territory", person=False)
        t.then((1, 2), "16:00", "screening_completed", referral="registration-authority",
               form=_form(t, "in-territory", asylum=True))  # fmt: skip
    else:
        _made(t, 0, t.pick("09:00", "10:30", "14:00"), "in-territory", person=True)


def register(t: Track, *, nl_check: float = 0.0) -> None:
    """The IND registers (V-number) and names the office that handles the case (a family's
    cases alike, ``places.office_for``); needs are assessed, counselling may be asked.

    ``nl_check``: the chance that the Dublin check then finds the Netherlands responsible.
    """
    t.then((0, 2) if t.border else (1, 3), "11:00", "application_registered",
           v_number=t.who.v_number)  # fmt: skip
    family = t.who.family.group_id if t.who.family is not None else t.who.case_id
    t.then(0, "11:15", "ind_office_assigned", office=office_for(family, border=t.border))
    t.then(0, "11:30", "biometrics_taken")
    t.then(0, "12:00", "reception_information_given")
    soon: Gap = (0, 1) if t.border else (0, 3)
    if t.who.unaccompanied:
        t.then(soon, "10:00", "representative_appointed", provisional=False)
    minor = ["unaccompanied minor"] if t.who.unaccompanied else []
    if t.chance(0.9):
        found = NEEDS_FOUND["minor"] if t.who.unaccompanied else (
            NO_NEEDS if t.chance(0.7) else NEEDS_FOUND[t.pick("illness", "trauma")]
        )  # fmt: skip
        t.then(soon, "13:30", "special_needs_assessed", **found)
    if t.chance(0.95):
        t.then(soon, "14:30", "vulnerability_assessed", user=_IND,
               assessment="special-procedural-guarantees", needs=minor)  # fmt: skip
    if t.chance(0.3):
        t.counselling = True
        t.then(0, "15:00", "legal_counselling_requested")
        if t.chance(0.6):
            t.then(soon, "10:30", "legal_counselling_provided", provider="Rechtsbijstand NL")
    if t.chance(nl_check):
        t.then(soon, "09:30", "responsibility_determined", member_state="NLD",
               basis="art. 16, tweede lid, AMMR: geen ander criterium; eerste land van "
               "aanvraag")  # fmt: skip


def lodge(t: Track, *, ground: str | None = None) -> None:
    """The applicant lodges (IND records it): within five days at the border, else 21."""
    extra = {"inadmissibility_ground": ground} if ground else {}
    t.then((1, 2) if t.border else (2, 8), "10:00", "application_lodged", **extra)


def interview(t: Track) -> None:
    t.then((6, 25), t.pick("09:00", "13:30"), "interview_held", kind="substantive")


def decide(t: Track, outcome: str, *, gap: Gap = (5, 25), ground: str | None = None) -> None:
    extra = {"inadmissibility_ground": ground} if ground else {}
    if outcome == "subsidiary-protection" and t.one_in(3, "humanitarian"):
        outcome = "humanitarian-status"  # no protection status, a national permit instead
    t.then(gap, "16:00", "decision_taken", outcome=outcome, **extra)


def notify(t: Track) -> None:
    t.then((0, 2), "10:00", "decision_notified", to=t.pick("applicant", "legal-adviser"))


def appeal(t: Track, *, decided: str | None = None, gap: Gap = (2, 8)) -> None:
    t.then(gap, "12:00", "appeal_lodged", against="decision", court=t.pick(*COURTS))
    if decided:
        t.then((15, 40), "14:00", "appeal_decided", against="decision", outcome=decided)


def request_out(t: Track, *, hit: bool = True) -> None:
    """The IND (Dublin unit) asks another state to take charge (after a Eurodac hit or not)."""
    t.partner, t.hit_based = t.pick(*PARTNERS), hit
    if hit:
        t.then(0, "12:00", "eurodac_hit_received", purpose="take-charge", member_state=t.partner)
    lodge(t)
    t.then((2, 10), "10:00", "take_charge_request_sent", member_state=t.partner, hit_based=hit,
           legal_provision="ART31" if hit else t.pick_provision())  # fmt: skip


def reply_in(t: Track, outcome: str) -> None:
    """The other state answers; silence counts only after the reply period (AMMR Art. 40(8))."""
    silence = (18, 21) if t.hit_based else (34, 37)  # two weeks or a month, then the roll-on
    gap = silence if outcome == "accepted-by-silence" else (3, 12)
    t.then(gap, "09:00", "reply_received", outcome=outcome)


def transfer_decision(t: Track, *, contest: bool = False) -> None:
    t.then((2, 9), "15:00", "transfer_decision_taken")
    t.then((1, 3), "10:00", "transfer_decision_notified")
    if contest:
        t.then((3, 12), "11:00", "appeal_lodged", against="transfer-decision",
               suspension_requested=True, court=t.pick(*COURTS))  # fmt: skip
        t.then((10, 30), "14:00", "appeal_decided", against="transfer-decision",
               outcome="dismissed")  # fmt: skip


def take_back(t: Track, *, confirm: bool) -> None:
    """A Eurodac hit shows an earlier application elsewhere: take back notification."""
    t.partner = t.pick(*PARTNERS)
    t.then(0, "12:00", "eurodac_hit_received", purpose="take-back", member_state=t.partner)
    t.then((2, 10), "10:00", "take_back_notification_sent", member_state=t.partner,
           legal_provision="ART36_1C" if t.one_in(2, "take-back") else "ART36_1B")  # fmt: skip
    if confirm:
        t.then((2, 10), "09:00", "take_back_notification_confirmed", by_silence=False)


def request_in(t: Track, *, registered_on: str | None = None) -> None:
    """Another state asks the Netherlands to take charge: a case of its own for the IND."""
    t.partner = t.pick(*PARTNERS)
    provision = "ART13" if registered_on else "ART31"  # irregular entry (Dublin III / AMMR)
    t.then(0, "09:00", "take_charge_request_received", member_state=t.partner,
           hit_based=t.chance(0.4), person=t.who.person.model_dump(mode="json"),
           legal_provision=provision,
           **({"registered_on": registered_on} if registered_on else {}))  # fmt: skip
