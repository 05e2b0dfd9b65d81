"""The Eurostat tables against counts worked out by hand on a small set of cases.

The world (all in the territory, 2026):

* person A (V-number 1111111111, Syrian, female, born 1 March 2010, unaccompanied): case A1
  made 6 July, case A2 made 20 July (a second registration of the same person). A2 asks
  Germany to take charge on 25 July (AMMR Art. 31, ``ART31``), refused on 10 August.
* person B (V 2222222222, Afghan, male, born 1 January 1990): case B1 made 10 July as a
  *subsequent* application (APR Art. 55); unfounded on 20 August (Q3), appeal lodged
  25 August and upheld 15 October (the decision annulled), refugee status on 2 November (Q4).
* person C (no V-number, Eritrean, sex X, no date of birth): case C1 made 31 July, explicitly
  withdrawn on 5 August.
* person D (V 4444444444, Syrian, male, born 1 January 2000): case D1 made 3 August.
* case R1: Belgium asks the Netherlands to take charge on 15 July (``ART29``).

By hand: July's applicants are A (once, for two cases), B and C: TOTAL 3, FRST 2 (A, C),
SSEQ 1 (B); by citizenship SY 1; by sex F 1, M 1, UNK 1 (X has no category); by age Y14-17 1
(A is 16), Y35-64 1 (B is 36), UNK 1. Rounded to 5: TOTAL 5, FRST 0, SSEQ 0 (the rounded
components do not add up to the rounded total). Pending at the end of July: A, B, C (3); of
August: A, B, D (C withdrew; B's appeal is pending) (3); of November: A, D (B was granted
refugee status, against which no appeal lies) (2). First-instance decisions: Q3 NEG 1 (B),
Q4 POS_RFG 1 and POS 1 (B again, after the annulment). Final decisions in 2026: POS 1 (the
appeal reversed the decision). Withdrawals in August: EXPL 1. Unaccompanied minors in 2026: 1.
Dublin 2026: one outgoing request DE/TAKE_CHARGE/ART31, one refusal of it (REJ), one incoming
request BE/TAKE_CHARGE/ART29.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import EventError, parse_event
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.eurostat import eurostat_table, eurostat_tables
from migrationpact.store import service
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import HEAD, downgrade, upgrade
from migrationpact.store.tables import case_facts

ANALYST = Principal(subject="a", name="A", organisation=Organisation.MINISTRY, role=Role.ANALYST)
TODAY = date(2026, 12, 5)


def _made(
    on: str, nationality: str, age: int | None, person: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    facts: dict[str, Any] = {"nationality": nationality}
    if age is not None:
        facts["age"] = age
    if extra.pop("uam", False):
        facts["unaccompanied"] = True
    return {"type": "application_made", "occurred_at": f"{on}T10:00", "entry": "in-territory",
            "facts": facts, "person": person, **extra}  # fmt: skip


def _registered(on: str, v_number: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "application_registered", "occurred_at": f"{on}T09:00"}
    return {**event, "v_number": v_number} if v_number else event


def _record(store: EventStore, case_id: str, *events: dict[str, Any]) -> None:
    for seq, data in enumerate(events):
        service.append_event(
            store=store, case_id=case_id, event=parse_event(data), expected_seq=seq,
            actor="ind", organisation="IND",
        )  # fmt: skip


AMAL = {"pseudonym": "P-A", "nationality": "SYR", "sex": "F", "date_of_birth": "2010-03-01"}
BILAL = {"pseudonym": "P-B", "nationality": "AFG", "sex": "M", "date_of_birth": "1990-01-01"}
CHIDI = {"pseudonym": "P-C", "nationality": "ERI", "sex": "X"}
DANA = {"pseudonym": "P-D", "nationality": "SYR", "sex": "M", "date_of_birth": "2000-01-01"}


@pytest.fixture
def world(store: EventStore) -> EventStore:
    _record(store, "A1", _made("2026-07-06", "SYR", 16, AMAL, uam=True),
            _registered("2026-07-07", "1111111111"))  # fmt: skip
    _record(
        store, "A2", _made("2026-07-20", "SYR", 16, AMAL, uam=True),
        _registered("2026-07-21", "1111111111"),
        {"type": "take_charge_request_sent", "occurred_at": "2026-07-25T10:00",
         "member_state": "DEU", "legal_provision": "ART31"},
        {"type": "reply_received", "occurred_at": "2026-08-10T10:00", "outcome": "refused"},
    )  # fmt: skip
    _record(
        store, "B1", _made("2026-07-10", "AFG", 36, BILAL, subsequent=True,
                           previous_case_id="OLD-1"),
        _registered("2026-07-11", "2222222222"),
        {"type": "application_lodged", "occurred_at": "2026-07-15T10:00"},
        {"type": "decision_taken", "occurred_at": "2026-08-20T10:00", "outcome": "unfounded"},
        {"type": "decision_notified", "occurred_at": "2026-08-21T10:00"},
        {"type": "appeal_lodged", "occurred_at": "2026-08-25T10:00"},
        {"type": "appeal_decided", "occurred_at": "2026-10-15T10:00", "outcome": "upheld"},
        {"type": "decision_taken", "occurred_at": "2026-11-02T10:00",
         "outcome": "refugee-status"},
    )  # fmt: skip
    _record(store, "C1", _made("2026-07-31", "ERI", None, CHIDI), _registered("2026-08-01"),
            {"type": "decision_taken", "occurred_at": "2026-08-05T10:00",
             "outcome": "explicitly-withdrawn"})  # fmt: skip
    _record(store, "D1", _made("2026-08-03", "SYR", 26, DANA),
            _registered("2026-08-04", "4444444444"))  # fmt: skip
    _record(store, "R1", {"type": "take_charge_request_received",
                          "occurred_at": "2026-07-15T09:00", "member_state": "BEL",
                          "legal_provision": "ART29"})  # fmt: skip
    return store


def _cells(store: EventStore, table: str, period: str) -> dict[tuple[str, ...], tuple[int, int]]:
    answer = eurostat_table(store=store, principal=ANALYST, table=table, period=period,
                            today=TODAY)  # fmt: skip
    return {tuple(r.codes.values()): (r.value, r.rounded) for r in answer.rows}


def test_monthly_applicants_count_each_person_once(world: EventStore) -> None:
    cells = _cells(world, "migr_asyappctzm", "2026-07")
    assert cells[("TOTAL", "T", "TOTAL", "TOTAL")] == (3, 5)
    assert cells[("TOTAL", "T", "TOTAL", "FRST")] == (2, 0)
    assert cells[("TOTAL", "T", "TOTAL", "SSEQ")] == (1, 0)
    assert cells[("SY", "T", "TOTAL", "TOTAL")] == (1, 0)  # A's two cases: one person
    assert cells[("TOTAL", "F", "TOTAL", "TOTAL")][0] == 1
    assert cells[("TOTAL", "M", "TOTAL", "TOTAL")][0] == 1
    assert cells[("TOTAL", "UNK", "TOTAL", "TOTAL")][0] == 1  # sex X
    assert cells[("TOTAL", "T", "Y14-17", "TOTAL")][0] == 1
    assert cells[("TOTAL", "T", "Y_LT18", "TOTAL")][0] == 1
    assert cells[("TOTAL", "T", "Y35-64", "SSEQ")][0] == 1
    assert cells[("TOTAL", "T", "UNK", "TOTAL")][0] == 1
    assert ("TOTAL", "T", "Y18-34", "TOTAL") not in cells
    august = _cells(world, "migr_asyappctzm", "2026-08")
    assert august[("TOTAL", "T", "TOTAL", "TOTAL")] == (1, 0)


def test_pending_is_a_stock_at_the_end_of_each_month(world: EventStore) -> None:
    def total(period: str) -> int:
        return _cells(world, "migr_asypenctzm", period)[("TOTAL", "T", "TOTAL")][0]

    assert [total("2026-07"), total("2026-08"), total("2026-11")] == [3, 3, 2]
    # the age is the age at the end of the month: A is 16 in November too, D 26
    november = _cells(world, "migr_asypenctzm", "2026-11")
    assert november[("TOTAL", "T", "Y14-17")][0] == 1
    assert november[("TOTAL", "T", "Y18-34")][0] == 1


def test_first_instance_decisions_count_the_annulled_one_and_the_new_one(world: EventStore) -> None:
    q3 = _cells(world, "migr_asydcfstq", "2026-Q3")
    assert q3[("TOTAL", "T", "TOTAL", "TOTAL")][0] == 1
    assert q3[("TOTAL", "T", "TOTAL", "NEG")][0] == 1
    assert ("TOTAL", "T", "TOTAL", "POS") not in q3
    q4 = _cells(world, "migr_asydcfstq", "2026-Q4")
    assert q4[("AF", "M", "Y35-64", "POS_RFG")][0] == 1
    assert q4[("TOTAL", "T", "TOTAL", "POS")][0] == 1
    assert ("TOTAL", "T", "TOTAL", "NEG") not in q4


def test_a_decision_reversed_on_appeal_is_a_positive_final_decision(world: EventStore) -> None:
    final = _cells(world, "migr_asydcfina", "2026")
    assert final[("TOTAL", "T", "TOTAL", "POS")][0] == 1
    assert final[("TOTAL", "T", "TOTAL", "TOTAL")][0] == 1
    assert ("TOTAL", "T", "TOTAL", "NEG") not in final


def test_withdrawals_and_unaccompanied_minors(world: EventStore) -> None:
    assert _cells(world, "migr_asywitheu", "2026-08")[("TOTAL", "T", "TOTAL", "EXPL")][0] == 1
    assert _cells(world, "migr_asywitheu", "2026-07") == {}
    minors = _cells(world, "migr_asyunaa", "2026")
    assert minors == {
        ("SY", "F", "Y14-17"): (1, 0), ("SY", "F", "TOTAL"): (1, 0),
        ("SY", "F", "Y_LT18"): (1, 0), ("SY", "T", "Y14-17"): (1, 0),
        ("SY", "T", "TOTAL"): (1, 0), ("SY", "T", "Y_LT18"): (1, 0),
        ("TOTAL", "F", "Y14-17"): (1, 0), ("TOTAL", "F", "TOTAL"): (1, 0),
        ("TOTAL", "F", "Y_LT18"): (1, 0), ("TOTAL", "T", "Y14-17"): (1, 0),
        ("TOTAL", "T", "TOTAL"): (1, 0), ("TOTAL", "T", "Y_LT18"): (1, 0),
    }  # fmt: skip


def test_dublin_requests_and_decisions_by_partner_and_provision(world: EventStore) -> None:
    out = _cells(world, "migr_dubro", "2026")
    assert out[("DE", "TAKE_CHARGE", "ART31")][0] == 1
    assert out[("TOTAL", "TOTAL", "TOTAL")][0] == 1
    assert _cells(world, "migr_dubri", "2026")[("BE", "TAKE_CHARGE", "ART29")][0] == 1
    assert _cells(world, "migr_dubdo", "2026")[("DE", "TAKE_CHARGE", "REJ")][0] == 1
    assert _cells(world, "migr_dubdi", "2026") == {}
    assert _cells(world, "migr_dubto", "2026") == {}


def test_every_table_of_a_month_is_valid_sdmx_csv(world: EventStore) -> None:
    answers = eurostat_tables(store=world, principal=ANALYST, tables=None, period="2026-08",
                              today=TODAY)  # fmt: skip
    assert len(answers) == 13
    applicants = next(a for a in answers if a.table.code == "migr_asyappctzm")
    lines = applicants.text("sdmx-csv").splitlines()
    assert lines[0] == (
        "DATAFLOW,freq,unit,citizen,sex,age,applicant,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"
    )
    # August ended more than 30 days before 5 December: final, no flag
    assert "ESTAT:MIGR_ASYAPPCTZM(1.0),M,PER,TOTAL,T,TOTAL,TOTAL,NL,2026-08,1," in lines
    november = eurostat_table(store=world, principal=ANALYST, table="migr_asypenctzm",
                              period="2026-11", today=TODAY)  # fmt: skip
    assert {row.flag for row in november.rows} == {"p"}  # 5 days after its end: provisional


@pytest.mark.parametrize(
    ("table", "period", "message"),
    [
        ("migr_nope", "2026-07", "unknown table 'migr_nope'"),
        ("migr_asyappctzm", "2027-01", "in the future"),
        ("migr_asyappctzm", "2026-05", "before the data start"),
        ("migr_asyappctzm", "2026-13", "malformed period"),
        ("migr_asyappctzm", "July", "malformed period"),
    ],
)
def test_bad_input_is_refused(world: EventStore, table: str, period: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        eurostat_table(store=world, principal=ANALYST, table=table, period=period, today=TODAY)


def test_a_period_before_the_first_event_is_refused(store: EventStore) -> None:
    with pytest.raises(Invalid, match="no events are recorded"):
        eurostat_table(store=store, principal=ANALYST, table="migr_asyappctzm",
                       period="2026-07", today=TODAY)  # fmt: skip


def test_only_those_who_read_statistics_may_ask(world: EventStore) -> None:
    caseworker = Principal(subject="c", name="C", organisation=Organisation.IND,
                           role=Role.CASEWORKER)  # fmt: skip
    with pytest.raises(Forbidden):
        eurostat_table(store=world, principal=caseworker, table="migr_asyappctzm",
                       period="2026-07", today=TODAY)  # fmt: skip


def test_a_request_names_a_provision_of_its_regime_as_a_code(world: EventStore) -> None:
    with pytest.raises(EventError):
        parse_event({"type": "take_charge_request_sent", "occurred_at": "2026-07-25T10:00",
                     "member_state": "DEU", "legal_provision": "irregular entry"})  # fmt: skip
    _record(world, "E1", _made("2026-07-06", "SYR", 30, {"pseudonym": "P-E"}),
            _registered("2026-07-07"))  # fmt: skip
    dublin3_code = {"type": "take_charge_request_sent", "occurred_at": "2026-07-25T10:00",
                    "member_state": "DEU", "legal_provision": "ART13"}  # fmt: skip
    with pytest.raises(TransitionError, match="not a legal provision of the AMMR"):
        service.append_event(store=world, case_id="E1", event=parse_event(dublin3_code),
                             expected_seq=2, actor="ind", organisation="IND")  # fmt: skip


def test_the_facts_carry_no_v_number_and_a_rebuild_writes_the_same(world: EventStore) -> None:
    def facts() -> list[dict[str, Any]]:
        with read_transaction(world.engine) as conn:
            query = select(case_facts).order_by(case_facts.c.case_id, case_facts.c.n)
            return [dict(r) for r in conn.execute(query).mappings()]

    before = facts()
    assert not any("1111111111" in str(row) for row in before)
    people = {row["case_id"]: row["person"] for row in before}
    assert people["A1"] == people["A2"] != people["D1"]
    service.rebuild_projections(store=world, workers=1)
    assert facts() == before
    downgrade(world.engine, "0018")  # the facts of stored states, filled by the migration
    assert upgrade(world.engine) == ("0018", HEAD)
    assert facts() == before
