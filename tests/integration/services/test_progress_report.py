"""The progress report's figures on a small world worked out by hand, on SQLite and PostgreSQL.

Screenings at the external border (SCR-01: 7 days, SR Art. 8(3); the day of apprehension not
counted, so one begun on Mon 6 Jul 2026 ends at the end of Mon 13 Jul):

| case | begun | finished | in 2026-H2 as of its end |
|---|---|---|---|
| S-ONTIME | 6 Jul | 8 Jul | in time |
| S-LATE | 6 Jul | 14 Jul | late |
| S-OPEN | 20 Jul | never (ends 27 Jul) | open past the end (lapsed once lapses are recorded) |
| S-RUNNING | 31 Dec | never (ends 7 Jan 2027) | still running at the end of 2026 |
| S-JUNE | 30 Jun | 1 Jul | not in 2026-H2 (begun in June; running at the end of June) |

So SCR-01 in 2026-H2: 1 in time, 1 late, 1 open past its end, 1 running; share in time 1/3.
A Dublin case accepted on 3 Aug 2026 and transferred on 15 Sep 2026 counts one transfer in
2026-H2 (and in 2026-Q3, none in 2026-Q4); a second accepted on 3 Aug 2026 and never transferred
lapses at the end of its six months (AMMR Art. 46(1): Wed 3 Feb 2027), in 2027-Q1.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.progress_report import progress_report, reportable_period
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.progress import (
    Outcomes,
    Window,
    deadline_outcomes,
    events_in,
    lapsed_in,
    running_on,
)
from tests.integration.store.flows import TO_TRANSFER, drive
from tests.support.facts import PLAIN_FACTS

ANALYST = Principal(subject="a-1", name="A", organisation=Organisation.MINISTRY, role=Role.ANALYST)
CASEWORKER = Principal(subject="i-1", name="I", organisation=Organisation.IND, role=Role.CASEWORKER)
H2 = Window(datetime(2026, 7, 1).date(), datetime(2026, 12, 31).date(), datetime(2028, 1, 1))


def _screening(begun: str, finished: str | None) -> list[dict[str, Any]]:
    flow: list[dict[str, Any]] = [
        {"type": "screening_started", "occurred_at": begun, "entry": "border-crossing"}
    ]
    if finished is not None:
        flow.append(
            {
                "type": "screening_completed",
                "occurred_at": finished,
                "referral": "registration-authority",
                "form": {
                    "names": ["A", "B"],
                    "nationality": "SYR",
                    "applied_for_asylum": True,
                    "reason_for_screening": "border-crossing",
                },
            }
        )
    return flow


@pytest.fixture
def world(store: EventStore) -> EventStore:
    drive(store, "C-S-ONTIME", _screening("2026-07-06T10:00", "2026-07-08T16:00"))
    drive(store, "C-S-LATE", _screening("2026-07-06T10:00", "2026-07-14T09:00"))
    drive(store, "C-S-OPEN", _screening("2026-07-20T10:00", None))
    drive(store, "C-S-RUNNING", _screening("2026-12-31T10:00", None))
    drive(store, "C-S-JUNE", _screening("2026-06-30T10:00", "2026-07-01T10:00"))
    drive(store, "C-TRANSFERRED", TO_TRANSFER)
    drive(store, "C-ACCEPTED", TO_TRANSFER[:-1])
    return store


def test_screenings_by_hand(world: EventStore) -> None:
    found = deadline_outcomes(world.engine, ("SCR-01",), H2)
    assert found == Outcomes(in_time=1, late=1, overdue=1, running=1)
    assert found.share_in_time == pytest.approx(1 / 3)
    june = Window(datetime(2026, 6, 1).date(), datetime(2026, 6, 30).date(), H2.as_of)
    # S-JUNE was finished on 1 Jul: at the end of June it was still running.
    assert deadline_outcomes(world.engine, ("SCR-01",), june) == Outcomes(running=1)


def test_a_lapse_is_counted_as_lapsed_in_the_quarter_it_ran_out(world: EventStore) -> None:
    service.record_lapses(store=world, as_of=datetime(2027, 6, 1).date())
    found = deadline_outcomes(world.engine, ("SCR-01",), H2)
    assert found == Outcomes(in_time=1, late=1, lapsed=1, running=1)
    periods = ("AMMR-10", "AMMR-11", "AMMR-11b")
    q1 = Window(datetime(2027, 1, 1).date(), datetime(2027, 3, 31).date(), H2.as_of)
    assert lapsed_in(world.engine, periods, q1) == 1
    assert lapsed_in(world.engine, periods, H2) == 0


def test_events_by_type_in_a_window(world: EventStore) -> None:
    q3 = Window(datetime(2026, 7, 1).date(), datetime(2026, 9, 30).date(), H2.as_of)
    q4 = Window(datetime(2026, 10, 1).date(), datetime(2026, 12, 31).date(), H2.as_of)
    types = ("transfer_carried_out", "transfer_decision_taken", "screening_started")
    assert events_in(world.engine, types, q3) == {
        "transfer_carried_out": 1,
        "transfer_decision_taken": 2,
        "screening_started": 3,  # 6 Jul twice, 20 Jul; not 30 Jun nor 31 Dec
    }
    assert events_in(world.engine, types, q4)["screening_started"] == 1


def test_a_window_that_ends_now_counts_up_to_now(world: EventStore) -> None:
    """Counted on 7 Jul 2026 at noon: S-LATE's screening is still running then, not late."""
    now = Window(
        datetime(2026, 7, 1).date(), datetime(2026, 12, 31).date(), datetime(2026, 7, 7, 12)
    )
    assert events_in(world.engine, ("screening_started",), now)["screening_started"] == 2
    assert running_on(world.engine, ("SCR-01",), datetime(2026, 7, 7, 12)) == 2


def test_border_procedure_occupancy_at_a_moment(store: EventStore) -> None:
    """Registered on 7 Jul 2026 in the border procedure (BGD, apprehended at the border):
    running at the end of July; not yet on 6 Jul."""
    drive(
        store,
        "C-BORDER",
        [
            {
                "type": "screening_started",
                "occurred_at": "2026-07-06T08:00",
                "entry": "border-crossing",
            },
            {
                "type": "application_made",
                "occurred_at": "2026-07-06T10:00",
                "entry": "border-crossing",
                "facts": {**PLAIN_FACTS, "nationality": "BGD"},
            },
            {"type": "application_registered", "occurred_at": "2026-07-07T09:00"},
        ],
    )
    border = ("APR-16", "APR-17")
    assert running_on(store.engine, border, datetime(2026, 8, 1)) == 1
    assert running_on(store.engine, border, datetime(2026, 7, 6, 23)) == 0


def test_the_report_has_the_letters_sections(world: EventStore) -> None:
    report = progress_report(store=world, principal=ANALYST, period="2026-H2")
    assert [s.id for s in report.sections] == [
        "monitoring",
        "ind",
        "reception",
        "dublin",
        "legislation",
    ]
    assert report.complete
    assert report.counted_from.isoformat() == "2026-07-01"
    ind = report.sections[1]
    screening = next(t for t in ind.tables if t.id == "progress-screening")
    assert screening.rows[0].cells == (1, 1, 0, 1, 1, 0)  # type: ignore[union-attr]
    dublin = report.sections[3]
    counted = next(t for t in dublin.tables if t.id == "progress-dublin")
    cells = {row.label.en: row.cells[0] for row in counted.rows}  # type: ignore[union-attr]
    assert cells["Transfer carried out (AMMR)"] == 1
    assert cells["Transferred person arrived in the Netherlands (AMMR)"] == 0  # none came in
    assert cells["Transfer periods lapsed"] == 0


def test_a_report_from_june_counts_from_the_day_the_pact_applied(world: EventStore) -> None:
    report = progress_report(store=world, principal=ANALYST, period="2026-H1")
    assert report.counted_from.isoformat() == "2026-06-12"
    assert report.counted_until.isoformat() == "2026-06-30"


def test_who_may_make_it_and_bad_periods(world: EventStore) -> None:
    with pytest.raises(Forbidden):
        progress_report(store=world, principal=CASEWORKER, period="2026-H2")
    for bad in ("2026-H3", "2026-13", "H2-2026", "", "2026-05", "2025-H2"):
        with pytest.raises(Invalid):
            progress_report(store=world, principal=ANALYST, period=bad)
    today = datetime(2026, 12, 5).date()
    with pytest.raises(Invalid, match="has not begun"):
        reportable_period("2027-01", today)
    assert reportable_period("2026-12", today).text == "2026-12"
