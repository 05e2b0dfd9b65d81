"""The ``case_people`` projection: kept by appends, recreated by a rebuild, filled by 0013; and
finding cases by their person (V-number, pseudonym, names) in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from migrationpact.cases.events import parse_event
from migrationpact.store import service
from migrationpact.store.caselist import CaseFilter
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import HEAD, downgrade, upgrade
from migrationpact.store.tables import case_people


def _made(name: str, pseudonym: str) -> dict[str, Any]:
    return {
        "type": "application_made",
        "occurred_at": "2026-07-06T10:00",
        "entry": "in-territory",
        "facts": {"nationality": "SYR", "age": 30},
        "person": {"pseudonym": pseudonym, "names": name.split(), "nationality": "SYR"},
    }


def _record(store: EventStore, case_id: str, *events: dict[str, Any]) -> None:
    for seq, data in enumerate(events):
        service.append_event(
            store=store, case_id=case_id, event=parse_event(data), expected_seq=seq,
            actor="ind", organisation="IND",
        )  # fmt: skip


def _people(store: EventStore) -> list[tuple[Any, ...]]:
    p = case_people.c
    query = select(p.case_id, p.pseudonym, p.v_number, p.names, p.search_names)
    with read_transaction(store.engine) as conn:
        return [tuple(r) for r in conn.execute(query.order_by(p.case_id))]


def _world(store: EventStore) -> None:
    registered = {"type": "application_registered", "occurred_at": "2026-07-07T09:00"}
    _record(store, "C-1", _made("Amal Háddad", "P-AMAL"), {**registered, "v_number": "5559382849"})
    _record(store, "C-2", _made("Omar Haddad-Noor", "P-OMAR"))
    _record(store, "C-3", _made("Lina Amal", "P-LINA"))
    # the same person again, in a later case: found by the same V-number and pseudonym
    _record(store, "D-9", _made("Amal Haddad", "P-AMAL"), {**registered, "v_number": "5559382849"})


def _found(store: EventStore, **wanted: Any) -> list[str]:
    return [s.case_id for s in service.list_cases(store=store, found=CaseFilter(**wanted))]


def test_appends_keep_the_person_of_each_case(store: EventStore) -> None:
    _world(store)
    assert _people(store)[:2] == [
        ("C-1", "P-AMAL", "5559382849", "Amal Háddad", " amal haddad "),
        ("C-2", "P-OMAR", None, "Omar Haddad-Noor", " omar haddad noor "),
    ]


def test_a_rebuild_and_the_migration_give_the_rows_the_appends_gave(store: EventStore) -> None:
    _world(store)
    appended = _people(store)
    service.rebuild_projections(store=store, workers=1)
    assert _people(store) == appended
    downgrade(store.engine, "0012")
    assert upgrade(store.engine) == ("0012", HEAD)
    assert _people(store) == appended


def test_search_by_v_number_pseudonym_case_id_and_name(store: EventStore) -> None:
    _world(store)
    assert _found(store, q="5559382849") == ["C-1", "D-9"]
    assert _found(store, q="555 938 2849") == ["C-1", "D-9"]
    assert _found(store, q="p-omar") == ["C-2"]
    assert _found(store, q="C-3") == ["C-3"]
    assert _found(store, q="D-") == ["D-9"]
    # names: every word at the start of a word of the names, accents and case ignored
    assert _found(store, q="haddad", by_name=True) == ["C-1", "C-2", "D-9"]
    assert _found(store, q="AMAL hadd", by_name=True) == ["C-1", "D-9"]
    assert _found(store, q="noor", by_name=True) == ["C-2"]
    assert _found(store, q="mal", by_name=True) == []
    assert _found(store, q="100%_", by_name=True) == []


def test_no_search_by_name_for_who_may_not_see_names(store: EventStore) -> None:
    _world(store)
    assert _found(store, q="haddad", by_name=False) == []
    assert _found(store, q="P-AMAL", by_name=False) == ["C-1", "D-9"]


def test_a_persons_cases(store: EventStore) -> None:
    _world(store)
    assert _found(store, person="5559382849") == ["C-1", "D-9"]
    assert _found(store, person="P-LINA") == ["C-3"]
    assert _found(store, person="Amal") == []
