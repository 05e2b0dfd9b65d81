"""The feed from the case store to the register, on SQLite and PostgreSQL: made without names or
case ids, verified on receipt (a broken chain refused whole, nothing written), kept sealed and
read-only, counted into indicators; re-identification requested, answered and logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select, text

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.demo import load_demo
from migrationpact.monitoring_store.feed import (
    feed_rows,
    pseudonym,
    verify_feed,
    verify_reidentifications,
)
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import SCHEMA_VERSION, monitor_feeds, monitor_reads
from migrationpact.services import monitoring_indicators as svc
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.monitoring_feed import make_feed, resolve_pseudonym
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import case_people
from tests.integration.monitoring.conftest import CRM, INSPECTIE

KEY = b"feed-key-of-the-case-system-0123456789"
TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    """A small demo case store (SQLite; the case store's backends are tested elsewhere)."""
    from migrationpact.store import service

    url = f"sqlite:///{tmp_path_factory.mktemp('feed') / 'cases.db'}"
    service.upgrade_database(url)
    store = service.open_store(url)
    load_demo(store=store, today=TODAY, cases=30, per_story=1)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="module")
def lines(demo_store: EventStore) -> list[str]:
    return make_feed(store=demo_store, key=KEY)


def case_ids(store: EventStore) -> list[str]:
    return sorted({r.case_id for r in store.records()})


def test_the_feed_names_no_case_and_no_person(demo_store: EventStore, lines: list[str]) -> None:
    text_ = "\n".join(lines)
    ids = case_ids(demo_store)
    assert ids
    assert not [i for i in ids if f'"{i}"' in text_]
    assert pseudonym(KEY, ids[0]) in text_
    with demo_store.engine.connect() as conn:
        names = [row[0] for row in conn.execute(select(case_people.c.names)) if row[0]]
    assert names
    assert not [n for n in names if n in text_]
    assert verify_feed(lines).records


def test_import_keeps_the_feed_sealed_and_counts_indicators(
    register: Register, lines: list[str]
) -> None:
    done = svc.import_feed(register=register, principal=CRM, body="CRM", lines=lines)
    assert done["records"] == len(lines) - 2
    with register.engine.connect() as conn:
        raw = " ".join(str(v) for row in conn.execute(select(monitor_feeds)) for v in row)
    assert "P-" not in raw
    assert "screening" not in raw
    found = svc.indicators(register=register, principal=INSPECTIE, body="InspectieJenV")
    screening = [r for r in found["rows"] if r["indicator"] == "screening-territory"]
    assert screening
    assert all(r["basis"] == ["SR Art. 8(4)"] for r in screening)
    assert sum(r["count"] for r in screening) == sum(
        1 for line in lines if '"rule":"SCR-03"' in line
    )
    year = svc.indicator_summary(register, 2026)
    assert {r["period"] for r in year} >= {"2026-Q4", "2026"}
    with register.engine.connect() as conn:
        logged = conn.execute(select(monitor_reads.c.organisation, monitor_reads.c.action)).all()
    assert ("InspectieJenV", "indicators") in [tuple(r) for r in logged]


def test_the_same_feed_twice_is_refused(register: Register, lines: list[str]) -> None:
    svc.import_feed(register=register, principal=CRM, body="CRM", lines=lines)
    with pytest.raises(Invalid, match="imported already"):
        svc.import_feed(register=register, principal=CRM, body="CRM", lines=lines)


@pytest.mark.parametrize("where", [1, 5, -1])
def test_a_broken_chain_is_refused_whole_and_nothing_written(
    register: Register, lines: list[str], where: int
) -> None:
    tampered = list(lines)
    line = json.loads(tampered[where])
    line["record"]["kind"] = "x" + line["record"]["kind"]
    tampered[where] = json.dumps(line)
    number = where + 1 if where >= 0 else len(lines)
    with pytest.raises(Invalid, match=f"feed refused at line {number}: its hash"):
        svc.import_feed(register=register, principal=CRM, body="CRM", lines=tampered)
    assert feed_rows(register.engine) == []


def test_the_feed_is_read_only(register: Register, lines: list[str]) -> None:
    svc.import_feed(register=register, principal=CRM, body="CRM", lines=lines)
    with pytest.raises(Exception, match="append-only"), register.engine.begin() as conn:
        conn.execute(text("UPDATE monitor_feeds SET records = 1"))


@pytest.mark.parametrize(
    ("org", "role"),
    [(Organisation.IND, Role.SUPERVISOR), (Organisation.KMAR, Role.CASEWORKER),
     (Organisation.MINISTRY, Role.ANALYST)],
)  # fmt: skip
def test_executing_organisations_are_refused(
    register: Register, lines: list[str], org: Organisation, role: Role
) -> None:
    who = Principal("x", "X", org, role)
    with pytest.raises(Forbidden):
        svc.import_feed(register=register, principal=who, body="CRM", lines=lines)
    with pytest.raises(Forbidden):
        svc.indicators(register=register, principal=who, body="CRM")
    assert feed_rows(register.engine) == []


def test_reidentification_request_and_answer_are_logged_sealed(
    register: Register, lines: list[str], demo_store: EventStore
) -> None:
    svc.import_feed(register=register, principal=CRM, body="CRM", lines=lines)
    case_id = case_ids(demo_store)[0]
    asked = pseudonym(KEY, case_id)
    purpose = "Signal MON-ABCD-EFGH names a boy held at the border"
    with pytest.raises(Invalid, match="is not in the newest feed"):
        svc.request_reidentification(register=register, principal=CRM, body="CRM",
                                     pseudonym="P-" + "A" * 16, purpose=purpose)  # fmt: skip
    with pytest.raises(Invalid, match="states its purpose"):
        svc.request_reidentification(register=register, principal=CRM, body="CRM",
                                     pseudonym=asked, purpose="  ")  # fmt: skip
    request = svc.request_reidentification(
        register=register, principal=CRM, body="CRM", pseudonym=asked, purpose=purpose
    )
    answer = resolve_pseudonym(store=demo_store, key=KEY, pseudonym_=asked)
    assert answer == case_id
    with pytest.raises(Invalid, match="asked about"):
        svc.record_answer(register=register, principal=CRM, body="CRM", request=request,
                          pseudonym="P-" + "B" * 16, case_id=answer)  # fmt: skip
    svc.record_answer(register=register, principal=CRM, body="CRM", request=request,
                      pseudonym=asked, case_id=answer)  # fmt: skip
    with pytest.raises(Invalid, match="has its answer already"):
        svc.record_answer(register=register, principal=CRM, body="CRM", request=request,
                          pseudonym=asked, case_id=answer)  # fmt: skip
    log = svc.reidentification_log(register=register, principal=CRM, body="CRM")
    assert [(r["request"], r["pseudonym"], r["purpose"], r["case_id"]) for r in log] == [
        (request, asked, purpose, case_id)
    ]
    # The other body neither sees the request nor can answer it.
    assert svc.reidentification_log(register=register, principal=INSPECTIE,
                                    body="InspectieJenV") == []  # fmt: skip
    with pytest.raises(NotFound):
        svc.record_answer(register=register, principal=INSPECTIE, body="InspectieJenV",
                          request=request, pseudonym=asked, case_id=answer)  # fmt: skip
    with register.engine.connect() as conn:
        raw = " ".join(
            str(v) for row in conn.execute(text("SELECT * FROM monitor_reidentifications"))
            for v in row
        )  # fmt: skip
        count = conn.execute(text("SELECT count(*) FROM monitor_reidentifications")).scalar()
    assert count == 2
    assert case_id not in raw
    assert asked not in raw
    assert "boy held" not in raw
    assert verify_reidentifications(register.engine) == []


def test_a_register_of_version_1_is_upgraded(register: Register, empty_url: str) -> None:
    with register.engine.begin() as conn:
        conn.execute(text("DROP TABLE monitor_reidentifications"))
        conn.execute(text("DROP TABLE monitor_feeds"))
        if conn.dialect.name == "postgresql":  # as a version-1 database: no trigger functions
            for table in ("monitor_feeds", "monitor_reidentifications"):
                conn.execute(text(f"DROP FUNCTION {table}_append_only()"))
        conn.execute(text("UPDATE monitor_schema SET version = 1"))
    again = Register.open(empty_url, register.keys)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version FROM monitor_schema")).scalar() == SCHEMA_VERSION
        assert conn.execute(select(func.count()).select_from(monitor_feeds)).scalar() == 0
    again.engine.dispose()
