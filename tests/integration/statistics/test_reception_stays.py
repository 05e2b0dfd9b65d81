"""Persons benefiting from material reception conditions, against counts worked out by hand.

The world (2026):

* S1 Sara (V 5555555555, Syrian, female, born 1 January 1990), made 1 July; her household is
  placed at AZC-1 on 5 July and never leaves (a stay across the end of July and of August).
* S2 Tarek (V 6666666666, Afghan, male, born 5 May 2012), made 2 July; placed at AZC-1 on
  5 July, left on 20 July (a stay ended inside the month), placed again on 25 July, left on
  31 August (the last day of August: he no longer lives there on that day).
* S3 Umar (no V-number, Eritrean, male, born 1 January 1980), made 3 July; placed at AZC-1 on
  10 July, left on 10 August.
* S5 Sara again (a second case with her V-number), made 20 July; placed at AZC-2 on 21 July and
  never leaves: one person placed twice at once.
* S4 Vera (V 7777777777, Syrian, female, born 1 January 2000): placed at AZC-2 on 28 July,
  her application made only on 15 August.

By hand, on 31 July: Sara (S1 and S5: once), Tarek (his second stay), Umar; S4 is not yet an
applicant: TOTAL 3; F 1, M 2; Y35-64 2 (Sara 36, Umar 46), Y14-17 1 and Y_LT18 1 (Tarek 14);
SY 1, AF 1, ER 1. On 31 August: Sara and Vera (Umar left on the 10th, Tarek on the 31st):
TOTAL 2; F 2; Y18-34 1 (Vera 26), Y35-64 1. The year 2026 (31 December): the same two.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.cases.events import parse_event
from migrationpact.reception.sites import events as ev
from migrationpact.services.eurostat import eurostat_table
from migrationpact.store import service
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import HEAD, downgrade, upgrade
from migrationpact.store.reception_sites import SITE
from migrationpact.store.tables import reception_stays, stream_states
from migrationpact.store.unit_of_work import NewEvent

ANALYST = Principal(subject="a", name="A", organisation=Organisation.MINISTRY, role=Role.ANALYST)
TODAY = date(2026, 12, 5)
TABLE = "migr_asyrcpt"


def _case(store: EventStore, case_id: str, on: str, person: dict[str, Any],
          v_number: str | None) -> None:  # fmt: skip
    made = {"type": "application_made", "occurred_at": f"{on}T10:00", "entry": "in-territory",
            "facts": {"nationality": person["nationality"]}, "person": person}  # fmt: skip
    registered: dict[str, Any] = {"type": "application_registered", "occurred_at": f"{on}T11:00"}
    if v_number:
        registered["v_number"] = v_number
    for seq, data in enumerate((made, registered)):
        service.append_event(store=store, case_id=case_id, event=parse_event(data),
                             expected_seq=seq, actor="ind", organisation="IND")  # fmt: skip


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00")


def placed(case_id: str, day: str) -> ev.HouseholdPlaced:
    return ev.HouseholdPlaced(occurred_at=_at(day), unit_id="A", household=case_id,
                              cases=(case_id,), persons=1, placed_on=date.fromisoformat(day),
                              basis="manual")  # fmt: skip


def left(case_id: str, day: str) -> ev.HouseholdLeft:
    return ev.HouseholdLeft(occurred_at=_at(day), household=case_id,
                            left_on=date.fromisoformat(day), reason="moved")  # fmt: skip


def _site(store: EventStore, site_id: str, *events: Any) -> None:
    opening = (
        ev.SiteRegistered(occurred_at=_at("2026-06-15"), name=site_id, municipality="GM0299",
                          location_type="AZC"),
        ev.SiteOpened(occurred_at=_at("2026-06-15"), opens_on=date(2026, 6, 15)),
        ev.UnitAdded(occurred_at=_at("2026-06-15"), unit_id="A", capacity=10),
    )  # fmt: skip
    batch = [
        NewEvent(site_id, event, None, None, "coa", "COA", SITE) for event in (*opening, *events)
    ]
    store.append_many(batch)


def _more(store: EventStore, site_id: str, *events: Any) -> None:
    store.append_many([NewEvent(site_id, e, None, None, "coa", "COA", SITE) for e in events])


SARA = {"pseudonym": "P-S", "nationality": "SYR", "sex": "F", "date_of_birth": "1990-01-01"}
TAREK = {"pseudonym": "P-T", "nationality": "AFG", "sex": "M", "date_of_birth": "2012-05-05"}
UMAR = {"pseudonym": "P-U", "nationality": "ERI", "sex": "M", "date_of_birth": "1980-01-01"}
VERA = {"pseudonym": "P-V", "nationality": "SYR", "sex": "F", "date_of_birth": "2000-01-01"}


@pytest.fixture
def world(store: EventStore) -> EventStore:
    _case(store, "S1", "2026-07-01", SARA, "5555555555")
    _case(store, "S2", "2026-07-02", TAREK, "6666666666")
    _case(store, "S3", "2026-07-03", UMAR, None)
    _case(store, "S5", "2026-07-20", SARA, "5555555555")
    _site(store, "AZC-1", placed("S1", "2026-07-05"), placed("S2", "2026-07-05"),
          placed("S3", "2026-07-10"), left("S2", "2026-07-20"))  # fmt: skip
    _site(store, "AZC-2", placed("S5", "2026-07-21"), placed("S4", "2026-07-28"))
    _more(store, "AZC-1", placed("S2", "2026-07-25"))  # an append of its own: a second stay
    _case(store, "S4", "2026-08-15", VERA, "7777777777")
    _more(store, "AZC-1", left("S3", "2026-08-10"), left("S2", "2026-08-31"))
    return store


def _cells(store: EventStore, period: str) -> dict[tuple[str, ...], int]:
    answer = eurostat_table(store=store, principal=ANALYST, table=TABLE, period=period,
                            today=TODAY)  # fmt: skip
    return {tuple(r.codes.values()): r.value for r in answer.rows}


def test_persons_in_reception_on_the_last_day_of_july(world: EventStore) -> None:
    july = _cells(world, "2026-07")
    assert july[("TOTAL", "T", "TOTAL")] == 3
    assert july[("TOTAL", "F", "TOTAL")] == 1
    assert july[("TOTAL", "M", "TOTAL")] == 2
    assert july[("TOTAL", "T", "Y35-64")] == 2
    assert july[("TOTAL", "T", "Y14-17")] == 1
    assert july[("TOTAL", "T", "Y_LT18")] == 1
    assert july[("SY", "F", "Y35-64")] == 1  # Sara: two cases, two stays, one person
    assert {c: n for c, n in july.items() if c[1:] == ("T", "TOTAL")} == {
        ("TOTAL", "T", "TOTAL"): 3, ("SY", "T", "TOTAL"): 1, ("AF", "T", "TOTAL"): 1,
        ("ER", "T", "TOTAL"): 1,
    }  # fmt: skip


def test_one_who_leaves_on_the_last_day_is_not_counted(world: EventStore) -> None:
    august = _cells(world, "2026-08")
    assert august[("TOTAL", "T", "TOTAL")] == 2
    assert august[("TOTAL", "F", "TOTAL")] == 2
    assert ("TOTAL", "M", "TOTAL") not in august
    assert august[("TOTAL", "T", "Y18-34")] == 1
    assert august[("TOTAL", "T", "Y35-64")] == 1
    assert _cells(world, "2026")[("TOTAL", "T", "TOTAL")] == 2


def _stays(store: EventStore) -> list[dict[str, Any]]:
    with read_transaction(store.engine) as conn:
        s = reception_stays.c
        query = select(reception_stays).order_by(s.site_id, s.n, s.case_id)
        return [dict(r) for r in conn.execute(query).mappings()]


def test_the_stays_as_appended_are_the_stays_a_rebuild_and_the_migration_write(
    world: EventStore,
) -> None:
    before = _stays(world)
    keys = ("site_id", "n", "case_id", "from_day", "until_day")
    assert [tuple(r[k] for k in keys) for r in before] == [
        ("AZC-1", 1, "S1", date(2026, 7, 5), None),
        ("AZC-1", 2, "S2", date(2026, 7, 5), date(2026, 7, 20)),
        ("AZC-1", 3, "S3", date(2026, 7, 10), date(2026, 8, 10)),
        ("AZC-1", 4, "S2", date(2026, 7, 25), date(2026, 8, 31)),
        ("AZC-2", 1, "S5", date(2026, 7, 21), None),
        ("AZC-2", 2, "S4", date(2026, 7, 28), None),
    ]  # fmt: skip
    service.rebuild_projections(store=world, workers=1)
    assert _stays(world) == before
    downgrade(world.engine, "0019")  # the stays replayed from the site events by the migration
    with read_transaction(world.engine) as conn:
        documents = conn.execute(
            select(stream_states.c.state).where(stream_states.c.stream_type == SITE)
        ).scalars()
        assert not any("stays" in str(d) for d in documents)  # as revision 0019 stored them
    assert upgrade(world.engine) == ("0019", HEAD)
    assert _stays(world) == before
    assert _cells(world, "2026-07")[("TOTAL", "T", "TOTAL")] == 3
