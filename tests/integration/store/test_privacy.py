"""Erasure by crypto-shredding: the chain stays valid, the statistics stay, the person is gone.

Two closed cases, one erased. Afterwards ``audit verify`` holds (chains, access log, the
projections equal a replay), a rebuild gives the same projections, the Eurostat tables count
the same, the erased person's fields read as erased, and the person's name and date of birth
(as the store would write them: ``Haddad``, ``2001-03-14``) are nowhere in the database: in the
SQLite file and its write-ahead log, byte for byte, or in any text of any table on PostgreSQL.
The other person's name is still found, so the search can find what it looks for.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from migrationpact.observe.logs import JsonFormatter
from migrationpact.statistics.periods import parse
from migrationpact.statistics.tables import TABLES
from migrationpact.store import service
from migrationpact.store.database import read_transaction
from migrationpact.store.errors import CaseNotFoundError
from migrationpact.store.eurostat import count_tables
from migrationpact.store.eventstore import EventStore
from migrationpact.store.privacy import ErasureRefusedError, due_cases, erase_case
from migrationpact.store.sealing import DEVELOPMENT_KEK, KEK_VARIABLE, SealError
from tests.integration.store.flows import drive, snapshot
from tests.support.cli import RunCli

NAME, BORN, PLACE, V_NUMBER = "Haddad", "2001-03-14", "Aleppo", "5559382849"
OTHER = "Karimi"


def _flow(names: list[str], born: str, v_number: str, place: str) -> list[dict[str, Any]]:
    person = {
        "pseudonym": f"P-{v_number[-4:]}", "names": names, "date_of_birth": born,
        "place_of_birth": place, "nationality": "SYR", "sex": "F", "languages": ["ara"],
    }  # fmt: skip
    return [
        {"type": "screening_started", "occurred_at": "2026-07-06T10:00",
         "entry": "border-crossing", "location": "Ter Apel", "person": person},
        {"type": "screening_completed", "occurred_at": "2026-07-08T16:00",
         "referral": "registration-authority",
         "form": {"names": names, "date_of_birth": born, "nationality": "SYR",
                  "applied_for_asylum": True, "health_check": f"{names[-1]} reports headaches",
                  "reason_for_screening": "border-crossing"}},
        {"type": "application_made", "occurred_at": "2026-07-08T17:00"},
        {"type": "application_registered", "occurred_at": "2026-07-09T09:00",
         "v_number": v_number, "note": f"interpreter asked for by {names[-1]}"},
        {"type": "biometrics_taken", "occurred_at": "2026-07-09T10:00"},
        {"type": "application_lodged", "occurred_at": "2026-07-15T10:00"},
        {"type": "interview_held", "occurred_at": "2026-08-03T10:00"},
        {"type": "decision_taken", "occurred_at": "2026-09-01T10:00", "outcome": "refugee-status"},
        {"type": "decision_notified", "occurred_at": "2026-09-02T10:00"},
        {"type": "case_closed", "occurred_at": "2026-09-10T10:00", "reason": "protection-granted"},
    ]  # fmt: skip


def _load(store: EventStore) -> None:
    drive(store, "C-ER", _flow(["Amal", NAME], BORN, V_NUMBER, PLACE))
    drive(store, "C-KEEP", _flow(["Sara", OTHER], "1990-05-05", "5559382850", "Herat"))


def _tables(store: EventStore) -> Any:
    with read_transaction(store.engine) as conn:
        return {
            p: count_tables(conn, list(TABLES.values()), parse(p))
            for p in ("2026-07", "2026-09", "2026")
        }


def _verified(store: EventStore) -> None:
    assert service.verify_chain(store=store).ok
    assert service.verify_access_log(store=store).ok
    report = service.verify_projections(store=store)
    assert report.ok, report.difference


def _file_bytes(url: str) -> bytes:
    path = Path(str(make_url(url).database))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _texts_containing(store: EventStore, needle: str) -> list[str]:
    """Every (table, column) of the store's schema whose text holds ``needle`` (PostgreSQL)."""
    found = []
    with read_transaction(store.engine) as conn:
        for table in inspect(conn).get_table_names():
            for column in inspect(conn).get_columns(table):
                query = text(f'SELECT 1 FROM "{table}" WHERE "{column["name"]}"::text LIKE :n')
                if conn.execute(query, {"n": f"%{needle}%"}).first() is not None:
                    found.append(f"{table}.{column['name']}")
    return found


def _everywhere(store: EventStore, url: str, needle: str) -> bool:
    if store.engine.dialect.name == "sqlite":
        return needle.encode() in _file_bytes(url)
    return bool(_texts_containing(store, needle))


def test_erasing_a_person_keeps_the_record_and_leaves_no_trace(
    store: EventStore, db_url: str
) -> None:
    _load(store)
    _verified(store)
    tables = _tables(store)
    assert (_everywhere(store, db_url, NAME), _everywhere(store, db_url, BORN)) == (True, True)
    done = erase_case(
        store, case_id="C-ER", reason="retention ended (test)", actor="privacy-officer",
        organisation="IND", on=date(2026, 12, 5), force_before_due=True,
    )  # fmt: skip
    assert (done.forced, done.rule_id, done.pseudonym) == (True, "RET-NL-ASYLUM-FILE", "P-2849")
    _verified(store)
    assert _tables(store) == tables
    erased = snapshot(store)
    service.rebuild_projections(store=store)
    assert snapshot(store) == erased
    state = store.state("C-ER")
    assert state is not None
    assert state.person is not None
    assert (state.person.names, state.person.v_number, state.person.place_of_birth) == (
        [], None, None,
    )  # fmt: skip
    assert state.person.date_of_birth != date.fromisoformat(BORN)
    first = store.records("C-ER")[1].payload["form"]
    assert (first["names"], first["health_check"]) == ([], None)
    for needle in (NAME, BORN, PLACE, V_NUMBER):  # the notes and health check name her too
        assert not _everywhere(store, db_url, needle), needle
    assert _everywhere(store, db_url, OTHER)  # the other person is kept (in the projections)
    kept = store.state("C-KEEP")
    assert kept is not None
    assert kept.person is not None
    assert kept.person.names[-1] == OTHER


def test_erasure_is_refused_before_it_is_due_twice_and_for_an_unknown_case(
    store: EventStore,
) -> None:
    _load(store)
    before = snapshot(store)
    with pytest.raises(ErasureRefusedError, match="not due for erasure before 2036-09-11"):
        erase_case(store, case_id="C-ER", reason="r", actor="a", organisation="IND",
                   on=date(2026, 12, 5))  # fmt: skip
    with pytest.raises(CaseNotFoundError):
        erase_case(store, case_id="C-404", reason="r", actor="a", organisation="IND",
                   on=date(2040, 1, 1))  # fmt: skip
    assert snapshot(store) == before
    assert [c.case_id for c in due_cases(store, on=date(2036, 9, 10))] == []
    assert [c.case_id for c in due_cases(store, on=date(2036, 9, 11))] == ["C-ER", "C-KEEP"]
    erase_case(store, case_id="C-ER", reason="r", actor="a", organisation="IND",
               on=date(2036, 9, 11))  # fmt: skip
    with pytest.raises(ErasureRefusedError, match="erased before"):
        erase_case(store, case_id="C-ER", reason="r", actor="a", organisation="IND",
                   on=date(2036, 9, 11))  # fmt: skip
    assert [c.case_id for c in due_cases(store, on=date(2036, 9, 11))] == ["C-KEEP"]


def test_the_privacy_commands_list_erase_and_export(
    store: EventStore, db_url: str, run_cli: RunCli, caplog: pytest.LogCaptureFixture
) -> None:
    _load(store)
    caplog.set_level(logging.INFO, logger="migrationpact.privacy")
    due = run_cli("privacy", "due", "--on", "2036-09-11", "--format", "json",
                  "--database", db_url)  # fmt: skip
    assert due.returncode == 0, due.stderr
    assert [c["case_id"] for c in json.loads(due.stdout)["cases"]] == ["C-ER", "C-KEEP"]
    early = run_cli("privacy", "erase", "C-ER", "--reason", "r", "--yes", "--database", db_url)
    assert (early.returncode, "not due for erasure" in early.stderr) == (2, True)
    assert len(early.stderr.strip().splitlines()) == 1
    shown = run_cli("privacy", "export", "C-ER", "--format", "json", "--database", db_url)
    assert json.loads(shown.stdout)["person"]["names"] == ["Amal", NAME]
    done = run_cli("privacy", "erase", "C-ER", "--reason", "retention ended", "--yes",
                   "--on", "2036-09-11", "--database", db_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("erased the personal data of case C-ER")
    logged = [JsonFormatter().format(r) for r in caplog.records if r.name.endswith("privacy")]
    assert len(logged) == 1
    assert '"rule_id": "RET-NL-ASYLUM-FILE"' in logged[0]
    assert not [x for x in (NAME, BORN, "C-ER", "P-2849") if x in logged[0]]
    assert NAME not in done.stdout + done.stderr
    page = run_cli("privacy", "export", "C-ER", "--format", "html", "--language", "nl",
                   "--database", db_url)  # fmt: skip
    assert ("Gegevens gewist" in page.stdout, NAME in page.stdout) == (True, False)
    bad = run_cli("privacy", "due", "--on", "tomorrow", "--database", db_url)
    assert (bad.returncode, "--on must be a date" in bad.stderr) == (2, True)
    log = run_cli("audit", "verify", "--database", db_url)
    assert log.returncode == 0, log.stdout


def test_the_key_encryption_key_is_rotated_and_the_old_one_no_longer_opens(
    store: EventStore, db_url: str, run_cli: RunCli, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    _load(store)
    old = tmp_path / "old.key"
    old.write_text(base64.b64encode(DEVELOPMENT_KEK).decode() + "\n", encoding="utf-8")
    new = base64.b64encode(bytes(range(32))).decode()
    missing = run_cli("privacy", "rotate-key", "--old-key-file", str(old), "--database", db_url)
    assert (missing.returncode, "MIGRATIONPACT_DATA_KEY must hold" in missing.stderr) == (2, True)
    env = {KEK_VARIABLE: new}
    done = run_cli("privacy", "rotate-key", "--old-key-file", str(old), "--database", db_url,
                   env=env)  # fmt: skip
    assert (done.returncode, done.stdout) == (
        0,
        f"rewrapped 2 data key(s) with the key in {KEK_VARIABLE}\n",
    )
    with pytest.raises(SealError, match="wrapped by KEK"):
        store.records("C-ER")  # the development key opens nothing now
    monkeypatch.setenv(KEK_VARIABLE, new)
    assert store.records("C-ER")[1].payload["form"]["names"] == ["Amal", NAME]
    assert service.verify_chain(store=store).ok
