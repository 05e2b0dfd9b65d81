"""Incoming 'Dublin' transfers (``migr_dubti``) against counts worked out by hand.

The world (requests other states sent to the Netherlands, 2026):

* T1: Belgium asks on 15 July (AMMR Art. 29, ``ART29``), accepted 20 July, the person arrives
  on 10 September.
* T2: Belgium asks on 1 August naming no provision, accepted 5 August, arrives 1 October.
* T3: Germany asks on 3 August (``ART31``), accepted 10 August, arrives 20 November.
* T4: Italy asks on 5 August (``ART31``), accepted 12 August; nobody has arrived yet.
* T5: the Netherlands asked Germany, which accepted; the transfer out is carried out on
  29 October (``migr_dubto``, not an incoming transfer).

By hand, 2026: BE/ART29 1, BE/UNK 1, BE/TOTAL 2, DE/ART31 1, DE/TOTAL 1; TOTAL/ART29 1,
TOTAL/ART31 1, TOTAL/UNK 1, TOTAL/TOTAL 3 (T4 has not arrived, T5 went out). September: T1
alone. The fourth quarter: T2 and T3 (2). Outgoing transfers in 2026: T5 alone (DE).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.eurostat import eurostat_table
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from tests.integration.statistics.test_eurostat_tables import _record
from tests.support.cli import RunCli

ANALYST = Principal(subject="a", name="A", organisation=Organisation.MINISTRY, role=Role.ANALYST)
TODAY = date(2026, 12, 5)


def _incoming(on: str, state: str, provision: str | None, accepted: str) -> list[dict[str, Any]]:
    asked: dict[str, Any] = {"type": "take_charge_request_received",
                             "occurred_at": f"{on}T09:00", "member_state": state}  # fmt: skip
    if provision:
        asked["legal_provision"] = provision
    return [asked, {"type": "reply_sent", "occurred_at": f"{accepted}T11:00",
                    "outcome": "accepted"}]  # fmt: skip


def _arrived(on: str, state: str) -> dict[str, Any]:
    return {"type": "transferred_person_arrived", "occurred_at": f"{on}T14:00",
            "member_state": state}  # fmt: skip


OUT: list[dict[str, Any]] = [
    {"type": "application_made", "occurred_at": "2026-07-06T10:00", "entry": "in-territory",
     "facts": {"nationality": "SYR", "age": 30}},
    {"type": "application_registered", "occurred_at": "2026-07-07T09:00"},
    {"type": "take_charge_request_sent", "occurred_at": "2026-07-10T10:00",
     "member_state": "DEU", "legal_provision": "ART31"},
    {"type": "reply_received", "occurred_at": "2026-07-20T10:00", "outcome": "accepted"},
    {"type": "transfer_decision_taken", "occurred_at": "2026-07-24T10:00"},
    {"type": "transfer_decision_notified", "occurred_at": "2026-07-27T10:00"},
    {"type": "transfer_carried_out", "occurred_at": "2026-10-29T08:00"},
]  # fmt: skip


@pytest.fixture
def world(store: EventStore) -> EventStore:
    _record(store, "T1", *_incoming("2026-07-15", "BEL", "ART29", "2026-07-20"),
            _arrived("2026-09-10", "BEL"))  # fmt: skip
    _record(store, "T2", *_incoming("2026-08-01", "BEL", None, "2026-08-05"),
            _arrived("2026-10-01", "BEL"))  # fmt: skip
    _record(store, "T3", *_incoming("2026-08-03", "DEU", "ART31", "2026-08-10"),
            _arrived("2026-11-20", "DEU"))  # fmt: skip
    _record(store, "T4", *_incoming("2026-08-05", "ITA", "ART31", "2026-08-12"))
    _record(store, "T5", *OUT)
    return store


def _cells(store: EventStore, table: str, period: str) -> dict[tuple[str, ...], int]:
    answer = eurostat_table(store=store, principal=ANALYST, table=table, period=period,
                            today=TODAY)  # fmt: skip
    return {tuple(r.codes.values()): r.value for r in answer.rows}


def test_incoming_transfers_by_partner_and_provision(world: EventStore) -> None:
    assert _cells(world, "migr_dubti", "2026") == {
        ("BE", "ART29"): 1, ("BE", "UNK"): 1, ("BE", "TOTAL"): 2,
        ("DE", "ART31"): 1, ("DE", "TOTAL"): 1,
        ("TOTAL", "ART29"): 1, ("TOTAL", "ART31"): 1, ("TOTAL", "UNK"): 1,
        ("TOTAL", "TOTAL"): 3,
    }  # fmt: skip
    assert _cells(world, "migr_dubti", "2026-09") == {
        ("BE", "ART29"): 1, ("BE", "TOTAL"): 1, ("TOTAL", "ART29"): 1, ("TOTAL", "TOTAL"): 1,
    }  # fmt: skip
    assert _cells(world, "migr_dubti", "2026-Q4")[("TOTAL", "TOTAL")] == 2
    assert _cells(world, "migr_dubti", "2026-08") == {}  # accepted, not yet arrived


def test_an_outgoing_transfer_is_not_an_incoming_one(world: EventStore) -> None:
    assert _cells(world, "migr_dubto", "2026") == {
        ("DE", "TAKE_CHARGE"): 1, ("DE", "TOTAL"): 1,
        ("TOTAL", "TAKE_CHARGE"): 1, ("TOTAL", "TOTAL"): 1,
    }  # fmt: skip
    assert _cells(world, "migr_dubti", "2026-10") == {
        ("BE", "UNK"): 1, ("BE", "TOTAL"): 1, ("TOTAL", "UNK"): 1, ("TOTAL", "TOTAL"): 1,
    }  # fmt: skip


def test_the_table_as_sdmx_csv(world: EventStore) -> None:
    answer = eurostat_table(store=world, principal=ANALYST, table="migr_dubti", period="2026",
                            today=TODAY)  # fmt: skip
    lines = answer.text("sdmx-csv").splitlines()
    assert lines[0] == "DATAFLOW,freq,unit,partner,leg_prov,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"
    # the year has not ended on 5 December: every value is provisional
    assert "ESTAT:MIGR_DUBTI(1.0),A,NR,BE,ART29,NL,2026,1,p" in lines
    assert "ESTAT:MIGR_DUBTI(1.0),A,NR,TOTAL,TOTAL,NL,2026,3,p" in lines
    assert len(lines) == 1 + 9


def test_a_rebuild_writes_the_same_incoming_transfers(world: EventStore) -> None:
    before = _cells(world, "migr_dubti", "2026")
    service.rebuild_projections(store=world, workers=1)
    assert _cells(world, "migr_dubti", "2026") == before


def test_the_command_line_prints_the_table(run_cli: RunCli, world: EventStore, db_url: str) -> None:
    world.engine.dispose()
    done = run_cli("stats", "eurostat", "--table", "migr_dubti", "--period", "2026-09",
                   "--database", db_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ESTAT:MIGR_DUBTI(1.0),M,NR,BE,ART29,NL,2026-09,1," in done.stdout
