"""Who is already in the chain when a scenario starts: the backlog and the reception residents.

The twin otherwise starts empty. A scenario that replays the past (the back-test) starts where
the chain stood: its ``initial`` figures say how many first applications wait for an IND
decision (``ind_backlog``), how many status holders in reception wait for a municipal home
(``status_holders``) and how many people live in reception (``reception_residents``).

Each of them is a simulated person with a real case, whose earlier steps are recorded on days
before the start (an application made on a day drawn evenly from the year before, then
registration, lodging and the responsibility check a few days apart; for a status holder also
the positive decision). At the start they take their place and go on as any person does
(``twin.paths``):

* the **backlog** queues for an IND caseworker, ahead of everyone who arrives later, and is then
  examined, decided, appealed, housed or leaves as the scenario's rates say;
* the **status holders** wait in reception for a home (``housing_days``);
* the **other residents** (the residents beyond the backlog and the status holders: people
  with a final rejection, among others) leave reception as a rejected person does.

A backlog person is an unaccompanied minor with the scenario's share; the status holders and
other residents are adults. Their steps before the start are not counted in any output (the
outputs start at the first month); their lapses before the start are played but not counted.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, Protocol

from migrationpact.twin.paths import FIRST_STATE, POSITIVE, Person
from migrationpact.twin.paths import World as PathWorld
from migrationpact.twin.scenario import Scenario

Process = Generator[Any, Any, None]


class World(PathWorld, Protocol):
    """What the people in the chain at the start need of ``twin.kernel.World``."""

    scenario: Scenario
    shares: list[float]


#: How far back the applications of the people in the chain at the start were made (days).
YEAR_BEFORE = 365.0


def _person(world: World, n: int, minor: bool) -> Person:
    nationality = world.rng.choices(range(len(world.codes)), world.shares)[0]
    case = world.open_case(f"INI-{n:07d}")
    return Person(world, case, nationality, border=False, minor=minor)


def _lodged(person: Person, made: float) -> None:
    """The steps up to the responsibility check, recorded from day ``made`` (before the start)."""
    record, facts = person.case.record, person.facts()
    record(made, {"type": "application_made", "entry": "in-territory", "facts": facts})
    record(made, {"type": "reception_information_given"})
    if person.minor:
        record(made, {"type": "representative_appointed"})
    record(made + 3, {"type": "application_registered"})
    record(made + 3, {"type": "biometrics_taken"})
    record(made + 6, {"type": "vulnerability_assessed", "assessment": "both", "needs": []})
    record(made + 6, {"type": "application_lodged"})
    basis = FIRST_STATE
    record(made + 7, {"type": "responsibility_determined", "basis": basis})
    person.arrived = made


def _decided(person: Person, made: float, positive: bool) -> None:
    """Lodged from ``made``, then decided (and notified) halfway to the start."""
    _lodged(person, made)
    rng = person.world.rng
    outcome = rng.choice(POSITIVE) if positive else "unfounded"
    person.case.record(made / 2, {"type": "decision_taken", "outcome": outcome})
    person.case.record(made / 2 + 1, {"type": "decision_notified"})


def _made(world: World) -> float:
    """An application day in the year before the start (negative: before day 0)."""
    return -10.0 - world.rng.uniform(0.0, YEAR_BEFORE - 10.0)


def _waiting(world: World, person: Person) -> Process:
    yield from person.examination()
    world.retire(person.case)


def _status_holder(world: World, person: Person) -> Process:
    person.move("AZC")
    yield from person.status_holder()
    world.retire(person.case)


def _rejected(world: World, person: Person) -> Process:
    person.move("AZC")
    yield from person.rejected()
    world.retire(person.case)


def initial_people(world: World) -> Iterator[Process]:
    """The processes of the people in the chain at the start (see the module text)."""
    figures = world.scenario.initial
    backlog = round(figures["ind_backlog"].value) if "ind_backlog" in figures else 0
    holders = round(figures["status_holders"].value) if "status_holders" in figures else 0
    residents = figures.get("reception_residents")
    others = max(0, round(residents.value) - backlog - holders) if residents else 0
    n = 0
    for _ in range(backlog):
        n += 1
        minor = world.rng.random() < world.p["unaccompanied_share"]
        person = _person(world, n, minor)
        _lodged(person, _made(world))
        yield _waiting(world, person)
    for _ in range(holders):
        n += 1
        person = _person(world, n, False)
        _decided(person, _made(world), positive=True)
        yield _status_holder(world, person)
    for _ in range(others):
        n += 1
        person = _person(world, n, False)
        _decided(person, _made(world), positive=False)
        yield _rejected(world, person)
