"""Loading the demo: the stories and the population, recorded through the real store.

``load_demo`` is what ``migrationpact demo`` and the service's start-up call. It plans the
three stories and ``cases`` generated cases (``population``), leaves out every planned case
that is already in the store, and records the others with ``EventStore.append_many`` in
batches of whole cases: each event goes through the state machine, with ``expected_seq``, an
idempotency key ``demo:<case>:<seq>`` and the actor and organisation of the demo user who would
really record it. A refused event would roll its batch back and raise: the demo never writes a
case the domain does not accept. Loading again writes nothing (the cases are there), also on a
later day: the cases keep the dates of the day they were first loaded.

It then assigns the legal counsellor (``counsellor``) to the first 20 cases in which legal
counselling was requested (``store.assignments.assign``, itself idempotent), and imports COA's
demo reception network (``reception_network``: sites and units, recorded once), and places
the demo households that waited longest in it (once: a later load places no one). Last, it
stores one finished run of the chain twin for the analysts (``twin``: the small scenario, run
here in seconds, once).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from migrationpact.access.model import Organisation
from migrationpact.demo.population import SEED, PlannedCase, plan_population
from migrationpact.demo.reception_network import load_reception_network, place_demo_households
from migrationpact.demo.stories import story_cases
from migrationpact.demo.twin import load_demo_twin_run
from migrationpact.demo.users import demo_user
from migrationpact.law.periods.moments import dutch_today
from migrationpact.store import service
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore, NewEvent

PREFIX = "DEMO-"
COUNSELLOR = "counsellor"
COUNSELLED_CASES = 20
BATCH_CASES = 50


@dataclass(frozen=True)
class DemoSummary:
    """What ``load_demo`` did: cases and events recorded or found, assignments, time taken,
    and the demo cases per stage as the store holds them afterwards."""

    today: date
    planned: int
    new_cases: int
    events_recorded: int
    events_present: int
    assignments_recorded: int
    seconds: float
    stages: dict[str, int] = field(default_factory=dict)
    site_events_recorded: int = 0
    households_placed: int = 0
    #: The demo's finished twin run, and whether this load made it (``demo.twin``).
    twin_run: int | None = None
    twin_run_made: bool = False

    def lines(self) -> list[str]:
        """A few lines for people: counts and the demo cases per stage."""
        stages = ", ".join(f"{stage} {n}" for stage, n in sorted(self.stages.items()))
        return [
            f"{self.events_recorded} event(s) recorded, {self.events_present} already there "
            f"({self.new_cases} new of {self.planned} demo cases, {self.seconds:.1f} s).",
            f"Stages: {stages}.",
            f"Legal counsellor '{COUNSELLOR}': {self.assignments_recorded} new assignment(s).",
            f"Reception network: {self.site_events_recorded} site event(s) recorded, "
            f"{self.households_placed} household(s) placed.",
            *(
                [f"Chain twin: run {self.twin_run} of the small scenario, finished"
                 f"{' (made now)' if self.twin_run_made else ''}."]
                if self.twin_run is not None else []
            ),
        ]  # fmt: skip


def plan_demo(
    today: date, *, cases: int = 300, per_story: int = 4, seed: int = SEED
) -> list[PlannedCase]:
    """The stories and the population, as planned for ``today`` (nothing written)."""
    return story_cases(today, per_story=per_story) + plan_population(today, cases=cases, seed=seed)


def stored_demo_cases(store: EventStore) -> dict[str, service.CaseSummary]:
    """The demo cases in the store (seq, stage, …) by case id."""
    found: dict[str, service.CaseSummary] = {}
    after: str | None = PREFIX
    while after is not None:
        page = service.list_cases(store=store, after=after, limit=1000)
        after = None
        for summary in page:
            if not summary.case_id.startswith(PREFIX):
                break
            found[summary.case_id] = summary
            after = summary.case_id
    return found


def _batch(planned: Sequence[PlannedCase]) -> list[NewEvent]:
    batch: list[NewEvent] = []
    for case in planned:
        for seq, item in enumerate(case.events):
            user = demo_user(item.user)
            batch.append(
                NewEvent(
                    case_id=case.case_id,
                    event=item.event,
                    expected_seq=seq,
                    idempotency_key=f"demo:{case.case_id}:{seq}",
                    actor=user.username,
                    organisation=user.organisation.value,
                )
            )
    return batch


def assign_counsellor(store: EventStore, planned: Sequence[PlannedCase]) -> int:
    """Assign the legal counsellor to the first 20 counselled cases; the number newly assigned."""
    counselled = sorted(c.case_id for c in planned if c.counselling)[:COUNSELLED_CASES]
    return sum(
        assign(
            store.engine,
            case_id=case_id,
            assignee=COUNSELLOR,
            organisation=Organisation.LEGAL_COUNSELLING.value,
            assigned_by="ind-caseworker",
        )
        for case_id in counselled
    )


def load_demo(
    *,
    store: EventStore,
    today: date | None = None,
    cases: int = 300,
    per_story: int = 4,
    seed: int = SEED,
    say: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """Record the demo stories and ``cases`` generated cases dated from ``today`` (idempotent).

    ``today`` defaults to the current local day. ``DemoDayError`` if it is too early for the
    population (any day from 29 November 2026 on will do); a refused event raises the store's
    or the domain's error and leaves its batch unwritten.
    """
    started = time.perf_counter()
    today = today or dutch_today()
    planned = plan_demo(today, cases=cases, per_story=per_story, seed=seed)
    present = stored_demo_cases(store)
    fresh = [c for c in planned if c.case_id not in present]
    recorded = 0
    for i in range(0, len(fresh), BATCH_CASES):
        chunk = fresh[i : i + BATCH_CASES]
        recorded += len(service.append_many(store=store, batch=_batch(chunk)))
        say(f"  recorded {chunk[0].case_id} … {chunk[-1].case_id}")
    assigned = assign_counsellor(store, planned)
    network = load_reception_network(store, today)
    placed = place_demo_households(store)
    twin_run, twin_made = load_demo_twin_run(store)
    stored = stored_demo_cases(store)
    return DemoSummary(
        today=today,
        planned=len(planned),
        new_cases=len(fresh),
        events_recorded=recorded,
        events_present=sum(present[c.case_id].seq for c in planned if c.case_id in present),
        assignments_recorded=assigned,
        seconds=time.perf_counter() - started,
        stages=dict(Counter(stored[c.case_id].stage for c in planned if c.case_id in stored)),
        site_events_recorded=network.events,
        households_placed=placed,
        twin_run=twin_run,
        twin_run_made=twin_made,
    )
