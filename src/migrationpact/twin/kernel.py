"""The discrete-event kernel: one replication of a scenario, from one seed.

``run_replication(scenario, seed)`` builds the world (a SimPy environment, the staff pools, the
border places and the reception places of the scenario, the ``Law`` of ``twin.lawbuild``) and
lets people arrive: month by month a Poisson process at the month's rate (first applications a
month times the month's seasonal factor, or the scenario's figure for that month), after the
people already in the chain at the start (``twin.initial``); each arrival of a nationality
drawn by its share. Each person is a process (``twin.paths``) whose every step is a real case
event. New caseworkers join the pool after the training lag. With a municipal housing quota
(``staffing.housing_quota``), the municipalities offer homes day by day and status holders wait
in line for them. The flows besides first applications that a scenario gives (nareizigers,
subsequent applications, incoming Dublin requests; ``twin.flows``) run beside the arrivals; a
scenario without them draws the same numbers as before they existed. At the horizon every open
case plays its lapses up to the last day, so the deadlines that ran out are all counted, and the
levels are closed.

All randomness comes from one ``random.Random(seed)``, drawn in the order SimPy runs the
processes, which is itself fixed: the same scenario and seed give the same result bit for bit.

While a replication runs, Python's cycle collector is paused (``cycles_paused``): a replication
makes no reference cycles (its objects are freed as their last reference goes; a test checks
that none is left to collect), yet with the law's caches and the open cases alive the collector
walked hundreds of thousands of objects again and again, a fifth of a replication's time. What a
replication keeps is moved to the oldest generation when it ends, not walked once more.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import simpy

from migrationpact.law.law import Law
from migrationpact.twin.case import Events, SimCase
from migrationpact.twin.flows import flow_processes, subsequent_application
from migrationpact.twin.initial import initial_people
from migrationpact.twin.lawbuild import build_law
from migrationpact.twin.metrics import Metrics
from migrationpact.twin.paths import Person
from migrationpact.twin.scenario import Scenario
from migrationpact.twin.stations import BorderPlaces, Places, Staff

DAYS_PER_MONTH = 365.25 / 12
HALF_YEAR_DAYS = 365.25 / 2
#: The share of first applicants under 18 (CBS 2023, "about 3 in 10"). Routing reads age only as
#: minor or adult, so a person gets one of two ages (one routing answer serves many people).
MINOR_SHARE = 0.3
AGES = (12, 30)


def month_starts(start: date, months: int) -> list[date]:
    """The first day of each month from ``start``, and of the month after the last."""
    found = []
    year, month = start.year, start.month
    for _ in range(months + 1):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@dataclass
class Replication:
    """What one replication gives: the monthly series and a few totals."""

    seed: int
    series: dict[str, np.ndarray]
    people: int
    events: int
    phase_time: dict[str, float]
    phase_entries: dict[str, int]
    horizon_days: float
    waits: dict[str, list[float]]


class World:
    """Everything the people of one replication share (see the module text)."""

    def __init__(self, scenario: Scenario, law: Law, seed: int, keep_events: bool = False) -> None:
        self.scenario, self.law, self.keep_events = scenario, law, keep_events
        self.rng = random.Random(seed)
        self.env = simpy.Environment()
        self.origin = datetime.combine(scenario.start, time(0, 0))  # day t starts at t
        days = month_starts(scenario.start, scenario.months)
        self.metrics = Metrics([float((d - scenario.start).days) for d in days])
        self.p = {name: f.value for name, f in scenario.figures.items()}
        self.p.update({name: f.value for name, f in scenario.flows.items()})
        self.codes = [n.code for n in scenario.nationalities]
        self.shares = [n.share.value for n in scenario.nationalities]
        self.recognition = [n.recognition.value for n in scenario.nationalities]
        border = {a.kind: a for a in scenario.amendments}.get("border-capacity")
        places = border.figures if border else scenario.figures
        self.border = BorderPlaces(
            int(places["border_places"].value), int(places["border_annual_maximum"].value)
        )
        self.places = Places({code: int(f.value) for code, f in scenario.reception.items()})
        self.screeners = Staff(self.env, "screening", int(self.p["screening_staff"]))
        self.caseworkers = Staff(self.env, "ind", int(self.p["ind_caseworkers"]))
        self.judges = Staff(self.env, "court", int(self.p["court_capacity"]))
        #: The homes municipalities offer status holders, when the scenario gives a quota.
        self.homes = simpy.Container(self.env) if "housing_quota" in self.p else None
        lag = self.p["training_lag_months"] * DAYS_PER_MONTH
        for month, hired in scenario.hires:
            self.caseworkers.hire(int(hired.value), max(month - 1, 0) * DAYS_PER_MONTH + lag)
        self.crises = [
            (a.data["id"], _day(a.data["valid_from"]), _day(a.data["valid_to"]))
            for a in scenario.amendments
            if a.kind == "crisis"
        ]
        #: Reads the events of every person's steps (``twin.case.Events``).
        self.events = Events()
        #: The cases of people still in the chain; a person who leaves it is retired.
        self.active: dict[str, SimCase] = {}
        #: Every case, kept only with ``keep_events`` (the benchmark and tests look at them).
        self.cases: list[SimCase] = []
        self.people = self.retired_events = 0
        #: The cases opened by the other flows (``twin.flows``), for their ids.
        self.flow_cases = 0
        self.last_day = scenario.start + timedelta(days=int(self.metrics.horizon) - 1)
        self.year = scenario.start.year

    def day_of(self, day: date) -> float:
        return float((day - self.scenario.start).days)

    def age(self) -> int:
        return AGES[0] if self.rng.random() < MINOR_SHARE else AGES[1]

    def crisis_on(self, t: float) -> str | None:
        day = self.scenario.start + timedelta(days=int(t))  # day t begins at t (midnight)
        for decision_id, first, last in self.crises:
            if first <= day <= last:
                return str(decision_id)
        return None

    def _lapse(self, day: date, rule_id: str, consequence: str) -> None:
        t = self.day_of(day)
        self.metrics.count(f"lapses.{rule_id}", t)
        self.metrics.count(f"consequences.{consequence}", t)

    def _refused(self, type_: str) -> None:
        self.metrics.count(f"refused.{type_}", self.env.now)

    def arrivals(self) -> Any:
        """People arrive month by month at the month's rate (a Poisson process)."""
        yield from self.stream(self.scenario.arrivals_in, self._arrive, self._new_year)

    def stream(
        self,
        expected: Callable[[int], float],
        arrive: Callable[[], object],
        each_month: Callable[[], None] | None = None,
    ) -> Generator[Any, Any, None]:
        """``arrive`` month by month, ``expected(month)`` times in the month on average (a
        Poisson process); ``each_month`` at the start of every month."""
        m = self.metrics
        for month in range(m.months):
            begin, end = m.month_starts[month], m.month_starts[month + 1]
            rate = expected(month) / (end - begin)
            if self.env.now < begin:
                yield self.env.timeout(begin - self.env.now)
            if each_month is not None:
                each_month()
            while rate > 0:
                gap = self.rng.expovariate(rate)
                if self.env.now + gap >= end:
                    break
                yield self.env.timeout(gap)
                arrive()

    def _new_year(self) -> None:
        day = self.scenario.start + timedelta(days=int(self.env.now))
        if day.year != self.year:  # the annual maximum counts per calendar year
            self.year, self.border.this_year = day.year, 0

    def _arrive(self) -> None:
        nationality = self.rng.choices(range(len(self.codes)), self.shares)[0]
        border = self.rng.random() < self.p["border_share"]
        minor = self.rng.random() < self.p["unaccompanied_share"]
        self.people += 1
        case = self.open_case(f"SIM-{self.people:07d}")
        self.metrics.count("arrivals", self.env.now)
        self.metrics.count("arrivals.border" if border else "arrivals.territory", self.env.now)
        if minor:
            self.metrics.count("arrivals.unaccompanied", self.env.now)
        self.env.process(Person(self, case, nationality, border, minor).run())

    def open_case(self, case_id: str) -> SimCase:
        """A new case of this replication, active until its person leaves the chain."""
        case = SimCase(
            case_id, self.law, self.origin, self._lapse, self._refused, self.keep_events,
            self.events,
        )  # fmt: skip
        self.active[case_id] = case
        if self.keep_events:
            self.cases.append(case)
        return case

    def flow_case(self, prefix: str) -> SimCase:
        """A new case of one of the other flows, its id ``prefix`` and a running number."""
        self.flow_cases += 1
        return self.open_case(f"{prefix}-{self.flow_cases:07d}")

    def apply_again(self, person: Person) -> None:
        """A finally rejected ``person`` who stayed lodges a subsequent application now."""
        self.env.process(subsequent_application(self, person.nationality, person.case))

    def retire(self, case: SimCase) -> None:
        """A person left the chain: nothing more happens in their case but the deadlines that
        run out, so these are played up to the horizon now and the case is let go (a live
        case state takes about 100 kB; a year's cases would not fit in memory)."""
        case.settle(self.last_day)
        self.retired_events += case.decided
        del self.active[case.state.case_id]

    def run(self) -> Replication:
        for process in initial_people(self):  # who is in the chain at the start
            self.env.process(process)
        self.env.process(self.arrivals())
        for process in flow_processes(self):  # none for a scenario without other flows
            self.env.process(process)
        if self.homes is not None:
            self.env.process(self.municipalities(self.homes))
        horizon = self.metrics.horizon
        with cycles_paused():
            self.env.run(until=horizon)
            for case in list(self.active.values()):
                self.retire(case)
        self.metrics.close()
        return Replication(
            seed=0,
            series=self._with_costs(self.metrics.series()),
            people=self.people,
            events=self.retired_events,
            phase_time=dict(self.metrics.phase_time),
            phase_entries=dict(self.metrics.phase_entries),
            horizon_days=horizon,
            waits={
                "screening": self.screeners.waits,
                "ind": self.caseworkers.waits,
                "court": self.judges.waits,
            },
        )

    def municipalities(self, homes: simpy.Container) -> Any:
        """Homes for status holders, a half-year's quota spread over its days (whole homes: the
        fractions add up), taken in the order the status holders came to wait."""
        per_day, owed = self.p["housing_quota"] / HALF_YEAR_DAYS, 0.0
        while True:
            owed += per_day
            if owed >= 1:
                yield homes.put(int(owed))
                owed -= int(owed)
            yield self.env.timeout(1)

    def _with_costs(self, series: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Add the reception cost of each month: person-days by type times the day price."""
        days = np.diff(np.array(self.metrics.month_starts))
        cost = np.zeros(self.metrics.months)
        for code, price in self.scenario.costs.items():
            level = series.get(f"level.reception.{code}")
            if level is not None:
                cost += level * days * price.value
        series["cost.reception"] = cost
        return series


@contextmanager
def cycles_paused() -> Iterator[None]:
    """Pause the cycle collector for the block, and resume it as it was (see the module text)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the block made and kept (the law's caches, the results: about a million objects
        # a quarter-scale year) goes to the oldest generation as it is; the first young
        # collection after the pause would otherwise walk all of it (half a second), only to
        # find no cycle, since the block makes none. Older objects stay in the oldest one.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def run_replication(scenario: Scenario, seed: int, law: Law | None = None) -> Replication:
    """One replication of ``scenario`` from ``seed`` (the law built from it unless given)."""
    world = World(scenario, law or build_law(scenario), seed)
    result = world.run()
    result.seed = seed
    return result
