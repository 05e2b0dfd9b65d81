"""The flows besides first applications: nareizigers, subsequent applications, Dublin transfers in.

A scenario may give any of them (``flows``, ``twin.flow_data``); the kernel starts the processes
of those it gives (``flow_processes``) beside the first applications. Each is a month-by-month
Poisson stream (``World.stream``), as first applications are.

* **Nareizigers** (family members admitted under asylum family reunification, who arrive later)
  are not applicants: no case, no procedure. One arrives, takes an AZC place and waits there for
  a home as a status holder does: in line for the homes of the municipal quota when the scenario
  gives one (nareizigers count towards the *taakstelling*), else a drawn wait (``housing_days``).
  They are an arrival stream of their own, not drawn from the simulated status holders: the
  nareizigers who arrive in a year are mostly relatives of people recognised years before (the
  IND had about 27,000 family-reunification applications pending at the end of 2023), and a twin
  that starts empty would otherwise see almost none in its first year.
* **Subsequent applications** (APR Art. 55-56): a finally rejected person who stays lodges one
  with ``repeat.share`` after ``repeat.delay_days`` on average (``Person.rejected``); with
  ``repeat.per_month`` people rejected before the start do so too. The new application is a case
  of its own (``application_made`` with ``subsequent`` and, when known, the earlier case). The
  case machine has no event for the preliminary examination (APR Art. 55(3)-(5)), so it is
  modelled with the events it has: with ``repeat.new_elements`` the application is examined in
  full as a first one is (``Person.examination``), else it is decided inadmissible (APR
  Art. 38(1)(c)) after a caseworker's decision time, notified, and may be appealed as any
  decision; an appeal upheld sends it to a full examination.
* **Incoming Dublin requests**: another member state asks the Netherlands to take charge
  (``take_charge_request_received``, which opens a case of its own), the IND replies after
  ``incoming_dublin.reply_days`` (half to one and a half times the mean, inside the month the
  rule book gives; a reply too late would be refused by the machine and the lapse would accept
  the request by silence), accepting with ``incoming_dublin.accepted``. Of the accepted requests
  ``incoming_dublin.transferred`` end in a transfer: the person arrives
  (``transferred_person_arrived``, AMMR Art. 46(1)) after ``incoming_dublin.transfer_days`` and
  applies in a new case (a requested case takes no application), in the territory, with the
  Netherlands responsible; from there they go the way of any applicant: reception, registration,
  examination. The machine has no event for receiving a take back notification, so take back
  requests are simulated as take charge requests.

People of these flows are not counted as first applications (``arrivals``); their decisions,
appeals, housing and reception are counted with everyone's, and each flow has counts of its own
(``nareizigers.*``, ``repeat.*``, ``dublin.incoming.*``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any, Protocol

from migrationpact.cases.dublin import ACCEPTED
from migrationpact.twin.case import SimCase
from migrationpact.twin.paths import PARTNERS, Person
from migrationpact.twin.paths import World as PathWorld
from migrationpact.twin.scenario import Scenario

Process = Generator[Any, Any, None]
#: The responsibility check of a subsequent application: the Netherlands decided the earlier one.
EARLIER = "the Netherlands decided the earlier application (APR Art. 55)"
#: APR Art. 38(1)(c): a subsequent application without new elements is inadmissible.
NO_NEW_ELEMENTS = "38(1)(c)"


class World(PathWorld, Protocol):
    """What the flows need of ``twin.kernel.World``."""

    scenario: Scenario
    shares: list[float]

    def stream(
        self,
        expected: Callable[[int], float],
        arrive: Callable[[], object],
        each_month: Callable[[], None] | None = None,
    ) -> Process: ...

    def flow_case(self, prefix: str) -> SimCase: ...

    def retire(self, case: SimCase) -> None: ...


def flow_processes(world: World) -> Iterator[Process]:
    """The streams of the flows the scenario gives (none: nothing is drawn)."""
    p, start = world.p, world.env.process
    if "nareizigers.per_month" in p:
        yield world.stream(world.scenario.nareizigers_in, lambda: start(nareiziger(world)))
    if "repeat.per_month" in p:
        yield world.stream(
            lambda _month: p["repeat.per_month"],
            lambda: start(subsequent_application(world, _nationality(world), None)),
        )
    if "incoming_dublin.requests_per_month" in p:
        yield world.stream(
            lambda _month: p["incoming_dublin.requests_per_month"],
            lambda: start(incoming_request(world)),
        )


def _nationality(world: World) -> int:
    return world.rng.choices(range(len(world.codes)), world.shares)[0]


def _around(world: World, mean: float) -> float:
    """A delay from half to one and a half times ``mean`` (bounded, unlike an exponential)."""
    return world.rng.uniform(0.5 * mean, 1.5 * mean)


def nareiziger(world: World) -> Process:
    """A nareiziger: an AZC place, then a home (the quota's line, else a drawn wait)."""
    w, metrics = world, world.metrics
    metrics.count("nareizigers.arrived", w.env.now)
    place = w.places.enter("AZC")  # counted in emergency reception when the AZCs are full
    since = metrics.enter(f"reception.{place}", w.env.now)
    waiting = metrics.enter("phase.nareizigers", w.env.now)
    if w.homes is None:
        yield w.env.timeout(w.rng.expovariate(1.0 / w.p["housing_days"]))
    else:
        yield w.homes.get(1)
    metrics.leave("phase.nareizigers", waiting, w.env.now)
    metrics.count("nareizigers.housed", w.env.now)
    w.places.leave(place)
    metrics.leave(f"reception.{place}", since, w.env.now)


def subsequent_application(world: World, nationality: int, earlier: SimCase | None) -> Process:
    """A subsequent application, after the earlier case ``earlier`` (None: made before the
    start): lodged, then examined in full or decided inadmissible (see the module text)."""
    w = world
    person = Person(w, w.flow_case("SUB"), nationality, border=False, minor=False)
    w.metrics.count("repeat.lodged", w.env.now)
    made: dict[str, Any] = {"entry": "in-territory", "subsequent": True}
    if earlier is not None:
        made["previous_case_id"] = earlier.state.case_id
    person.step("application_made", **made, facts=person.facts())
    person.move("COL")
    person.step("reception_information_given")
    person.step("application_registered")
    person.step("biometrics_taken")
    yield person.wait(w.rng.uniform(1, 10))
    person.step("vulnerability_assessed", assessment="both", needs=[])
    person.step("application_lodged")
    person.step("responsibility_determined", basis=EARLIER)
    if w.rng.random() < w.p["repeat.new_elements"]:
        w.metrics.count("repeat.examined", w.env.now)
        yield from person.examination()
    else:
        yield from _inadmissible(person)
    w.retire(person.case)


def _inadmissible(person: Person) -> Process:
    """No new elements: inadmissible (APR Art. 38(1)(c)), notified, perhaps appealed."""
    w = person.world
    person.move("AZC")
    queued = w.metrics.enter("phase.ind_backlog", w.env.now)
    token = yield from w.caseworkers.take()
    yield person.wait(w.rng.expovariate(1.0 / w.p["ind_days_per_decision"]))
    w.caseworkers.give(token)
    person.step("decision_taken", outcome="inadmissible", inadmissibility_ground=NO_NEW_ELEMENTS)
    w.metrics.leave("phase.ind_backlog", queued, w.env.now)
    w.metrics.count("repeat.inadmissible", w.env.now)
    yield person.wait(1)
    person.step("decision_notified")
    upheld = yield from person.appeal()
    if upheld:  # the inadmissibility annulled: the application is examined in full
        yield from person.examination()
    else:
        yield from person.rejected()


def incoming_request(world: World) -> Process:
    """A take charge request from another member state, the reply and, perhaps, the person's
    arrival and application here (see the module text)."""
    w, p = world, world.p
    partner = w.rng.choice(PARTNERS)
    case = w.flow_case("INC")
    case.record(w.env.now, {"type": "take_charge_request_received", "member_state": partner})
    w.metrics.count("dublin.incoming.requests", w.env.now)
    yield w.env.timeout(_around(w, p["incoming_dublin.reply_days"]))
    accepted = w.rng.random() < p["incoming_dublin.accepted"]
    case.record(w.env.now, {"type": "reply_sent", "outcome": "accepted" if accepted else "refused"})
    if case.state.dublin.reply not in ACCEPTED:  # (a late reply: the lapse accepted it)
        w.metrics.count("dublin.incoming.refused", w.env.now)
        w.retire(case)
        return
    w.metrics.count("dublin.incoming.accepted", w.env.now)
    if w.rng.random() >= p["incoming_dublin.transferred"]:
        w.retire(case)  # not transferred (absconded there, or the transfer period ran out)
        return
    yield w.env.timeout(_around(w, p["incoming_dublin.transfer_days"]))
    case.record(w.env.now, {"type": "transferred_person_arrived", "member_state": partner})
    w.metrics.count("dublin.incoming.arrived", w.env.now)
    w.retire(case)
    person = Person(w, w.flow_case("TRF"), _nationality(w), border=False, minor=False)
    person.transferred_in = True
    yield from person.run()
