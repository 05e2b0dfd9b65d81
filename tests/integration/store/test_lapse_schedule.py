"""The lapse job on a schedule: up to a moment that has passed, one runner at a time, by itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.cases import due_lapses
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.errors import Conflict, Invalid
from migrationpact.services.scheduler import lapse_until, run_lapse_job
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.lapse_runner import LeaseLostError, lapse_lease
from tests.integration.conftest import ONLY_SQLITE, StepClock, open_test_store
from tests.integration.store.flows import TO_DECISION, counts, drive
from tests.integration.store.test_cli_cases import Run, cli_here, ok, refused

__all__ = ["cli_here"]

# Screening started 6 July 2026 at the border: SCR-01 (seven days) ends at 14 July 00:00.
SCREENING = TO_DECISION[:1]


def _at(store: EventStore, utc: datetime) -> EventStore:
    store.clock = StepClock(utc)
    return store


def test_a_day_that_has_not_ended_is_refused(store: EventStore) -> None:
    _at(store, datetime(2026, 7, 13, 10, 0))  # 12:00 in the Netherlands
    with pytest.raises(Invalid, match="that day has not ended"):
        lapse_until(store, date(2026, 7, 13))
    assert lapse_until(store, date(2026, 7, 12)) == datetime(2026, 7, 13, 0, 0)


def test_a_deadline_ending_tonight_lapses_only_after_midnight(store: EventStore) -> None:
    drive(store, "C-1", SCREENING)
    _at(store, datetime(2026, 7, 13, 21, 30))  # 23:30 Dutch time on SCR-01's last day
    assert run_lapse_job(store).lapses == []
    _at(store, datetime(2026, 7, 13, 22, 30))  # 00:30 on 14 July
    (lapse,) = run_lapse_job(store).lapses
    assert (lapse.key, lapse.ended_at, lapse.consequence) == (
        "SCR-01", datetime(2026, 7, 14, 0, 0), "screening-ends"
    )  # fmt: skip
    (recorded,) = [r for r in service.case_history(store=store, case_id="C-1") if r.seq == 2]
    assert recorded.occurred_at == datetime(2026, 7, 14, 0, 0)


def test_the_cli_refuses_a_day_to_come_and_previews_without_writing(
    cli_here: Run, empty_url: str
) -> None:
    ok(cli_here("db", "upgrade"))
    store = open_test_store(empty_url)
    drive(store, "C-1", SCREENING)
    before = counts(store)
    store.engine.dispose()
    refused(cli_here("cases", "lapse", "--as-of", "2099-01-01"), "that day has not ended")
    preview = ok(cli_here("cases", "lapse", "--as-of", "2026-08-01", "--dry-run", "--json"))
    assert preview["dry_run"] is True
    assert preview["recorded"] == []
    assert [(x["key"], x["ended_at"], x["consequence"]) for x in preview["lapses"]] == [
        ("SCR-01", "2026-07-14T00:00:00", "screening-ends")
    ]
    assert counts(open_test_store(empty_url)) == before
    text = ok(cli_here("cases", "lapse", "--as-of", "2026-08-01"))
    assert "Recorded 1 lapse(s) of deadlines ended by 2026-08-02 00:00" in text
    assert "case C-1 SCR-01 ended 2026-07-14 00:00: screening-ends" in text


def test_one_runner_at_a_time(store: EventStore) -> None:
    """Two runners on one database (SQLite and PostgreSQL): the second waits its turn."""
    drive(store, "C-1", SCREENING)
    with lapse_lease(store.engine, "first", store.clock) as first:
        assert first is not None
        with lapse_lease(store.engine, "second", store.clock) as second:
            assert second is None
        with pytest.raises(Conflict, match="running in another process"):
            run_lapse_job(store, holder="second")
        screening = service.get_case(store=store, case_id="C-1").deadline("SCR-01")
        assert screening is not None
        assert screening.status == "open"
    assert [x.key for x in run_lapse_job(store, holder="second").lapses] == ["SCR-01"]


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_a_crashed_runners_lease_expires(store: EventStore) -> None:
    moments = iter([datetime(2026, 8, 1, 10, 0), datetime(2026, 8, 1, 10, 5)])
    clock: Callable[[], datetime] = lambda: next(moments)  # noqa: E731
    crashed = lapse_lease(store.engine, "crashed", clock, ttl=timedelta(minutes=10))
    lease = crashed.__enter__()  # never left: the process died holding it
    assert lease is not None
    with lapse_lease(store.engine, "other", clock) as other:
        assert other is None  # 10:05: still held
    later = StepClock(datetime(2026, 8, 1, 10, 11))
    with lapse_lease(store.engine, "other", later) as other:
        assert other is not None  # 10:11: expired, taken over
        lease.clock = later
        with pytest.raises(LeaseLostError):
            lease.renew()


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_the_server_records_a_due_lapse_by_itself(store: EventStore) -> None:
    """No command: the scheduler in the server's lifespan runs the job at start."""
    drive(store, "C-1", SCREENING)
    settings = ServiceSettings(public_url="http://testserver", lapse_interval=timedelta(hours=1))
    issuer = DevIssuer.generate(issuer="http://testserver")
    services = Services.build(settings, store=store, users=UserDirectory([]), issuer=issuer)
    with TestClient(create_app(settings, services=services)):
        for _ in range(300):
            state = service.get_case(store=store, case_id="C-1")
            if state.deadline("SCR-01").status == "lapsed":  # type: ignore[union-attr]
                break
            time.sleep(0.1)
    assert state.deadline("SCR-01").status == "lapsed"  # type: ignore[union-attr]
    assert due_lapses(state, until=datetime(2027, 1, 1)) == []
    assert state.consequences[-1].code == "screening-ends"
