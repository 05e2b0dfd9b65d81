"""A simulated person's way through the chain, as a SimPy process of real case events.

Every step is a case event decided by the real machine (``twin.case``); where the person waits
for someone (screening staff, an IND caseworker, a judge) they take a token of that ``Staff``
pool. The way a case goes is the law's, not this module's: routing (which the state machine
asks when the application is made and registered) decides whether the border procedure applies,
from the facts the kernel gives it, among them whether the border places are full and the annual
maximum is reached; the deadlines and their lapses are the rule book's. This module only decides
what people and organisations *do*, with the scenario's rates:

1. **arrival**: at the external border (screening by KMar, the application made during it), or
   in the territory (application made, screening by the IND); central reception (COL, for an
   unaccompanied minor COL-AMV, then Nidos, and a representative appointed at once);
2. **registration**, biometrics, reception information, the assessment of special needs,
   lodging; the AMMR check finds the Netherlands responsible, or for a share starts the
   **AMMR**: a Eurodac hit, a take charge request, a reply; on acceptance a transfer decision,
   a stay in a Dublin shelter (DOL), then a transfer, absconding, or nothing until the
   transfer period lapses and responsibility shifts to the Netherlands (the lapse's
   consequence, from the rule book);
3. **examination**: a wait for a caseworker, a decision by the nationality's
   recognition rate, its notification; the border procedure holds a border place (GRENS);
4. **appeal** of a negative decision, lodged a random number of days after notification (the
   machine records one lodged after the appeal period as late and not suspensive; the twin
   counts them), heard when the court has room;
5. **after**: a status holder waits in an AZC for a municipal home; a finally rejected person
   leaves (returns) with the scenario's rate, else stays on without a case to decide, or, when
   the scenario gives subsequent applications (``repeat.share``), lodges one after a while
   (``twin.flows``).

A person transferred here by another member state (``transferred_in``, ``twin.flows``) goes the
same way, except that the Netherlands is responsible already: no outgoing request is drawn.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from datetime import date
from typing import Any, Protocol

import simpy

from migrationpact.twin.case import SimCase
from migrationpact.twin.metrics import Metrics
from migrationpact.twin.stations import BorderPlaces, Places, Staff

PARTNERS = ("DEU", "ITA", "ESP", "GRC", "BEL", "FRA", "AUT", "POL", "BGR", "HRV")
POSITIVE = ("refugee-status", "subsidiary-protection")
#: The basis of the responsibility check: the first state of application, or a request of another
#: member state the Netherlands accepted (a person transferred here, ``twin.flows``).
FIRST_STATE = "AMMR Art. 16(2) first state"
REQUEST_ACCEPTED = "AMMR Art. 40: the Netherlands accepted the request to take charge"
#: The age given to an unaccompanied minor (routing reads only that they are under 18).
MINOR_AGE = 16
Process = Generator[Any, Any, None]


class World(Protocol):
    """What a person's path reads of the world it runs in (``twin.kernel.World``)."""

    env: simpy.Environment
    rng: random.Random
    metrics: Metrics
    p: dict[str, float]
    codes: list[str]
    recognition: list[float]
    border: BorderPlaces
    places: Places
    screeners: Staff
    caseworkers: Staff
    judges: Staff
    homes: simpy.Container | None

    def age(self) -> int: ...

    def open_case(self, case_id: str) -> SimCase: ...

    def apply_again(self, person: Person) -> None: ...

    def retire(self, case: SimCase) -> None: ...

    def crisis_on(self, t: float) -> str | None: ...

    def day_of(self, day: date) -> float: ...


class Person:
    """One simulated applicant: their case, their nationality and where they stay."""

    __slots__ = (
        "arrived", "border", "case", "minor", "nationality", "place", "place_since",
        "transferred_in", "world",
    )  # fmt: skip

    def __init__(
        self, world: World, case: SimCase, nationality: int, border: bool, minor: bool
    ) -> None:
        self.world, self.case, self.nationality, self.border = world, case, nationality, border
        self.minor = minor  # unaccompanied
        self.arrived = world.env.now
        self.place: str | None = None
        self.place_since = 0.0
        #: Transferred here by another member state: the Netherlands is responsible.
        self.transferred_in = False

    # -- helpers --------------------------------------------------------------------------

    def step(self, type_: str, **fields: Any) -> bool:
        return self.case.record(self.world.env.now, {"type": type_, **fields})

    def wait(self, days: float) -> Any:
        return self.world.env.timeout(max(days, 0.0))

    def move(self, wanted: str | None) -> None:
        """Leave the current reception place (if any) and take one of type ``wanted``."""
        w, now = self.world, self.world.env.now
        if self.place is not None:
            w.places.leave(self.place)
            w.metrics.leave(f"reception.{self.place}", self.place_since, now)
        self.place = None
        if wanted is not None:
            self.place = w.places.enter(wanted)
            self.place_since = w.metrics.enter(f"reception.{self.place}", now)

    def facts(self) -> dict[str, Any]:
        w = self.world
        places_full, maximum_reached = w.border.full()
        facts = {
            "nationality": w.codes[self.nationality],
            "age": MINOR_AGE if self.minor else w.age(),
            "unaccompanied": self.minor,
            "security_risk": False,
            "misled_authorities": False,
            "special_needs_unsupported": False,
            "medical_grounds": False,
            "detention_guarantees_unmet": False,
            "border_capacity_reached": places_full,
            "annual_maximum_reached": maximum_reached,
        }
        crisis = w.crisis_on(w.env.now)
        if crisis is not None:
            facts["crisis"] = crisis
        return facts

    # -- the path -------------------------------------------------------------------------

    def run(self) -> Process:
        """The person's whole way; at its end the case is retired (``World.retire``)."""
        yield from self.path()
        self.world.retire(self.case)

    def path(self) -> Process:
        w = self.world
        screening = w.metrics.enter("phase.screening", w.env.now)
        if self.border:
            self.step("screening_started", entry="border-crossing", location="Schiphol")
            self.step("application_made", facts=self.facts())
        else:
            self.step("application_made", entry="in-territory", facts=self.facts())
        self.move("COL-AMV" if self.minor else "COL")
        self.step("reception_information_given")
        if self.minor:  # a representative before anything else (APR Art. 23(2))
            self.step("representative_appointed")
        token = yield from w.screeners.take()
        yield self.wait(w.rng.expovariate(1.0 / w.p["screening_days"]))
        w.screeners.give(token)
        if self.border:
            form = {"applied_for_asylum": True, "nationality": w.codes[self.nationality]}
            self.step("screening_completed", referral="registration-authority", form=form)
        self.step("application_registered")
        self.step("biometrics_taken")
        w.metrics.leave("phase.screening", screening, w.env.now)
        yield self.wait(w.rng.uniform(1, 10))
        self.step("vulnerability_assessed", assessment="both", needs=[])
        self.step("application_lodged")
        # (``transferred_in`` is tested before the draw: other people draw as they always did.)
        if not self.border and not self.transferred_in and w.rng.random() < w.p["dublin_share"]:
            transferred = yield from self.dublin()
            if transferred is not False:
                return
        else:
            basis = REQUEST_ACCEPTED if self.transferred_in else FIRST_STATE
            self.step("responsibility_determined", basis=basis)
        yield from self.examination()

    def dublin(self) -> Generator[Any, Any, bool | None]:
        """The AMMR: True transferred, None absconded (the person is gone), False examine."""
        w = self.world
        entered = w.metrics.enter("phase.dublin", w.env.now)
        partner = w.rng.choice(PARTNERS)
        self.step("eurodac_hit_received", purpose="take-charge", member_state=partner)
        yield self.wait(w.rng.uniform(3, 20))
        self.step("take_charge_request_sent", member_state=partner, hit_based=True)
        yield self.wait(w.rng.uniform(5, 14))
        if w.rng.random() >= w.p["take_charge_accepted"]:
            self.step("reply_received", outcome="refused")
            w.metrics.leave("phase.dublin", entered, w.env.now)
            return False
        self.step("reply_received", outcome="accepted")
        yield self.wait(w.rng.uniform(3, 14))
        self.step("transfer_decision_taken")
        yield self.wait(1)
        self.step("transfer_decision_notified")
        w.metrics.count("dublin.transfer_decisions", w.env.now)
        self.move("DOL")
        due = self.case.deadline_due("AMMR-10")
        if w.rng.random() < w.p["absconding"]:
            yield self.wait(w.rng.expovariate(2.0 / w.p["transfer_days"]))
            self.step("absconded")
            w.metrics.count("dublin.absconded", w.env.now)
            w.metrics.leave("phase.dublin", entered, w.env.now)
            self.move(None)
            return None
        if w.rng.random() < w.p["transfer_carried_out"]:
            yield self.wait(w.rng.expovariate(1.0 / w.p["transfer_days"]))
            if self.step("transfer_carried_out"):
                w.metrics.count("dublin.transfers", w.env.now)
                self.step("case_closed", reason="transferred")
                w.metrics.leave("phase.dublin", entered, w.env.now)
                self.move(None)
                return True
        # Not transferred: the transfer period runs out and responsibility shifts (its lapse).
        if due is not None:
            yield self.wait(max(w.day_of(due) + 1 - w.env.now, 0.0))
        w.metrics.leave("phase.dublin", entered, w.env.now)
        w.metrics.count("dublin.responsibility_shifted", w.env.now)
        return False

    def examination(self) -> Process:
        w = self.world
        border = self.case.state.procedure == "border"
        if border:
            w.border.enter()
            w.metrics.count("border.entered", w.env.now)
            self.move("GRENS")
            in_border = w.metrics.enter("phase.border", w.env.now)
        elif self.place in ("COL", "COL-AMV", "NOODOPVANG", None):
            self.move("NIDOS" if self.minor else "AZC")
        positive = yield from self.decide()
        if not positive and (yield from self.appeal()):
            # The court annulled the decision: the case is back with the IND, which decides
            # again (the machine's stage "lodged"); the twin takes an upheld appeal to end in
            # protection, so the new decision grants it.
            positive = yield from self.decide(positive=True)
        if border:
            w.border.leave()
            w.metrics.leave("phase.border", in_border, w.env.now)
            if positive:
                self.move("NIDOS" if self.minor else "AZC")
        if positive:
            yield from self.status_holder()
        else:
            yield from self.rejected()

    def decide(self, positive: bool | None = None) -> Generator[Any, Any, bool]:
        """A caseworker's decision, notified a day later: by the nationality's recognition
        rate, or as ``positive`` says (a decision taken again after an annulment); True when
        it grants protection."""
        w = self.world
        queued = w.metrics.enter("phase.ind_backlog", w.env.now)
        token = yield from w.caseworkers.take()
        yield self.wait(w.rng.expovariate(1.0 / w.p["ind_days_per_decision"]))
        w.caseworkers.give(token)
        first = positive is None
        if positive is None:
            positive = w.rng.random() < w.recognition[self.nationality]
        outcome = w.rng.choice(POSITIVE) if positive else "unfounded"
        self.step("decision_taken", outcome=outcome)
        w.metrics.leave("phase.ind_backlog", queued, w.env.now)
        w.metrics.count("decisions.positive" if positive else "decisions.negative", w.env.now)
        if first:
            w.metrics.duration("arrival_to_decision", w.env.now, w.env.now - self.arrived)
        yield self.wait(1)
        self.step("decision_notified")
        return positive

    def appeal(self) -> Generator[Any, Any, bool]:
        """An appeal, if lodged; True when the court upholds it (annuls the decision)."""
        w = self.world
        if w.rng.random() >= w.p["appeal_rate"]:
            return False
        yield self.wait(w.rng.expovariate(1.0 / w.p["appeal_filing_days"]))
        if not self.step("appeal_lodged", against="decision", suspension_requested=True):
            w.metrics.count("refused.appeal", w.env.now)
            return False
        w.metrics.count("appeals.lodged", w.env.now)
        if self.case.state.appeals[-1].late:  # the law records it; the court judges the delay
            w.metrics.count("appeals.late", w.env.now)
        entered = w.metrics.enter("phase.court", w.env.now)
        token = yield from w.judges.take()
        yield self.wait(w.rng.expovariate(1.0 / w.p["court_days_per_appeal"]))
        w.judges.give(token)
        upheld = w.rng.random() < w.p["appeal_upheld"]
        self.step("appeal_decided", against="decision", outcome="upheld" if upheld else "dismissed")
        w.metrics.leave("phase.court", entered, w.env.now)
        w.metrics.count("appeals.upheld" if upheld else "appeals.dismissed", w.env.now)
        return upheld

    def status_holder(self) -> Process:
        w = self.world
        self.step("residence_permit_issued")
        waiting = w.metrics.enter("phase.housing", w.env.now)
        if w.homes is None:
            yield self.wait(w.rng.expovariate(1.0 / w.p["housing_days"]))
        else:  # in line for a home under the municipalities' quota
            yield w.homes.get(1)
        self.step("case_closed", reason="protection-granted")
        w.metrics.leave("phase.housing", waiting, w.env.now)
        w.metrics.count("housed", w.env.now)
        self.move(None)

    def rejected(self) -> Process:
        w = self.world
        yield self.wait(28)  # reception ends four weeks after the final rejection
        self.move(None)
        if w.rng.random() < w.p["departure"]:
            yield self.wait(w.rng.expovariate(1.0 / w.p["return_days"]))
            self.step("case_closed", reason="returned")
            w.metrics.count("returned", w.env.now)
        elif "repeat.share" in w.p and w.rng.random() < w.p["repeat.share"]:
            # Stayed, and applies again (APR Art. 55): no draw without the flow.
            yield self.wait(w.rng.expovariate(1.0 / w.p["repeat.delay_days"]))
            w.apply_again(self)
