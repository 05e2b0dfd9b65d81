"""The demo's reception network has a history: months of occupancy rising towards the demo
day's counts, the emergency locations opening on their days, and an expected need with a basis
for every figure."""

from __future__ import annotations

from datetime import date

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.demo.reception_network import history_days
from migrationpact.services.eurostat import eurostat_table
from migrationpact.services.reception_occupancy import expected_need, occupancy_history
from migrationpact.services.reception_sites import list_sites
from migrationpact.services.recording import dutch_now
from tests.integration.demo.conftest import TODAY, Loaded

PLANNER = Principal(subject="p", name="P", organisation=Organisation.COA, role=Role.PLANNER)


def test_the_history_runs_from_the_regimes_start_to_the_demo_day(loaded: Loaded) -> None:
    days = history_days(TODAY)
    assert days[0] == date(2026, 6, 30)  # the regimes take effect on 12 June 2026
    assert days[-1] == TODAY
    history = occupancy_history(
        store=loaded.store, principal=PLANNER, start=days[0], end=TODAY, by="type"
    )
    assert history.days == tuple(days)
    occupied = [s.occupied for s in history.shares]
    assert occupied == sorted(occupied)  # counts rise towards the demo day's
    assert occupied[0] < occupied[-1]
    emergency = {s.day: s.emergency_capacity for s in history.shares}
    assert emergency[date(2026, 7, 31)] == 0  # nothing open yet
    assert emergency[date(2026, 8, 31)] == 200  # the ship at Zaanstad opened 15 August
    assert emergency[TODAY] == 200 + 300 + 250 + 120  # and the hall, the hotel, the crisis hall
    # on the store's day (the demo's placements are dated by the store's clock, after the
    # demo day) the history says what the sites list says
    now = dutch_now(loaded.store).date()
    history = occupancy_history(store=loaded.store, principal=PLANNER, start=now, end=now)
    listed = list_sites(store=loaded.store, principal=PLANNER)
    in_use = [  # a site recorded as opening later (a Dublin shelter being built) is not in use
        s
        for s in listed
        if s["opened_on"] is not None
        and s["status"] == "open"
        and date.fromisoformat(str(s["opened_on"])) <= now
    ]
    assert history.shares[-1].occupied == sum(s["occupied"] for s in in_use)
    assert history.shares[-1].capacity == sum(s["capacity"] for s in in_use)


def test_the_expected_need_of_the_demo_cases_has_a_basis_for_every_figure(
    loaded: Loaded,
) -> None:
    need = expected_need(store=loaded.store, principal=PLANNER, months=12)
    assert need.cases > 100
    people = [m.people for m in need.months]
    assert people == sorted(people, reverse=True)
    keys = {b.key for b in need.bases}
    assert {k for m in need.months for k, _ in m.by_basis} <= keys
    assert {"APR-16 + after_decision", "APR-13 + after_decision"} <= keys
    assert all(b.citation for b in need.bases if b.rule_id is not None)


def test_the_demo_placements_give_persons_in_reception_for_the_demo_month(loaded: Loaded) -> None:
    analyst = Principal(subject="a", name="A", organisation=Organisation.MINISTRY,
                        role=Role.ANALYST)  # fmt: skip
    day = dutch_now(loaded.store).date()  # the demo places its households on the store's day
    answer = eurostat_table(store=loaded.store, principal=analyst, table="migr_asyrcpt",
                            period=day.strftime("%Y-%m"), today=day)  # fmt: skip
    total = [r.value for r in answer.rows if set(r.codes.values()) <= {"TOTAL", "T"}]
    assert len(total) == 1
    assert total[0] > 0
