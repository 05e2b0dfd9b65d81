"""The demo population: a few hundred cases at every stage, the same for the same seed and day.

``plan_population(today, cases=300)`` deals the scenarios (``scenarios.SCENARIOS``) from a
shuffled deck in which each appears as often as its weight, so every scenario occurs once the
population is larger than one deck (about 134 cases). Unit ``n`` of the deck becomes case
``DEMO-nnnn`` (a family group: ``DEMO-nnnn-1`` … ``-k``), its person and path drawn from a random
generator seeded with the seed and ``n`` alone: a larger population adds cases and changes
none of the smaller one's (but for a family group that did not fit at its end).

Each path is then placed in time: its last event ``lag`` days before ``today`` (drawn from the
scenario's range), its first on or after 2 July 2026 so that the Pact's rules apply. Nothing is
written here; ``load`` records the planned cases through the store.

>>> plan = plan_population(date(2026, 11, 30), cases=40)
>>> len(plan), plan[0].case_id, plan == plan_population(date(2026, 11, 30), cases=40)
(40, 'DEMO-0001', True)
>>> all(e.event.occurred_at.date() <= date(2026, 11, 30) for c in plan for e in c.events)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from migrationpact.cases.events import AnyEvent, parse_event
from migrationpact.demo.people import Applicant, applicant, family
from migrationpact.demo.scenarios import SCENARIOS, Scenario
from migrationpact.demo.tracks import Step, Track

SEED = 2026
#: The first day a demo case may start: the Pact's procedures apply to applications from 1 July
#: 2026 (APR Art. 79(3), AMMR Art. 84(2)).
EARLIEST = date(2026, 7, 2)


class DemoDayError(ValueError):
    """The demo day is too early for a path to fit between the Pact's start and that day."""


@dataclass(frozen=True)
class PlannedEvent:
    """One event to record, and the demo user who records it."""

    event: AnyEvent
    user: str


@dataclass(frozen=True)
class PlannedCase:
    """A demo case before it is recorded: id, scenario, expected stage and events in order."""

    case_id: str
    scenario: str
    stage: str
    events: tuple[PlannedEvent, ...]
    counselling: bool = False


def deck(seed: int = SEED) -> list[str]:
    """The scenario names, each ``weight`` times, in an order shuffled by ``seed``."""
    cards = [name for name, s in SCENARIOS.items() for _ in range(s.weight)]
    random.Random(seed).shuffle(cards)
    return cards


def place(steps: list[Step], *, today: date, lag: int) -> list[tuple[datetime, Step]]:
    """Date the steps: the last ``lag`` days before ``today``, the first not before EARLIEST.

    Steps on the same day keep their order: a time not after the previous one is moved on.
    """
    span = steps[-1].day if steps else 0
    first = today - timedelta(days=lag + span)
    if first < EARLIEST:
        first = EARLIEST
        if first + timedelta(days=span) > today:
            raise DemoDayError(
                f"the demo day {today.isoformat()} is too early: a path of {span} days must "
                f"start on or after {EARLIEST.isoformat()}; use a day from 2026-11-29 on"
            )
    placed: list[tuple[datetime, Step]] = []
    previous: datetime | None = None
    for step in steps:
        moment = datetime.combine(first + timedelta(days=step.day), time.fromisoformat(step.clock))
        if previous is not None and moment <= previous:
            moment = previous + timedelta(minutes=10)
        placed.append((moment, step))
        previous = moment
    return placed


def _events(placed: list[tuple[datetime, Step]]) -> tuple[PlannedEvent, ...]:
    return tuple(
        PlannedEvent(
            parse_event({**step.fields, "occurred_at": moment.isoformat(timespec="minutes")}),
            step.user,
        )
        for moment, step in placed
    )


def _people(scenario: Scenario, rng: random.Random, ids: list[str], on: date) -> list[Applicant]:
    if scenario.kind == "family":
        return family(rng, ids, on, group=scenario.group)
    minor = scenario.kind == "minor"
    return [applicant(rng, ids[0], on, group=scenario.group, unaccompanied=minor)]


def plan_unit(name: str, unit: int, *, today: date, seed: int = SEED) -> list[PlannedCase]:
    """The case(s) of deck unit ``unit`` following scenario ``name`` (a family: several)."""
    scenario = SCENARIOS[name]
    rng = random.Random(f"{seed}:{unit}")
    number = f"DEMO-{unit + 1:04d}"
    ids = [number]
    if scenario.kind == "family":
        ids = [f"{number}-{k}" for k in range(1, rng.randint(3, 5) + 1)]
    lag = rng.randint(*scenario.lag)
    path_seed = f"{seed}:{unit}:path"
    planned: list[PlannedCase] = []
    for who in _people(scenario, rng, ids, today):
        track = Track(random.Random(path_seed), who)  # family members share one path
        scenario.build(track)
        planned.append(
            PlannedCase(
                case_id=who.case_id,
                scenario=name,
                stage=scenario.stage,
                events=_events(place(track.steps, today=today, lag=lag)),
                counselling=track.counselling,
            )
        )
    return planned


def plan_population(today: date, *, cases: int = 300, seed: int = SEED) -> list[PlannedCase]:
    """``cases`` demo cases dated relative to ``today`` (see the module text)."""
    cards = deck(seed)
    planned: list[PlannedCase] = []
    unit = 0
    while len(planned) < cases:
        name = cards[unit % len(cards)]
        if SCENARIOS[name].kind == "family" and cases - len(planned) < 5:
            name = "registered"  # no room left for a whole family
        planned += plan_unit(name, unit, today=today, seed=seed)[: cases - len(planned)]
        unit += 1
    return planned


def expected_stages(plan: list[PlannedCase]) -> set[str]:
    """The stages the planned cases must reach."""
    return {c.stage for c in plan}
