"""A store written before the state was slimmed still works after revision 0006.

``tests/fixtures/store-0005.sqlite.xz`` is a store the earlier release wrote (a8f8bc1,
``migrationpact demo --today 2026-11-30 --cases 40``): its deadline rows hold every derivation
and legal basis, its state documents every entry's title and verification. Its rows are copied
into a database of each backend at revision 0005, which is then upgraded; afterwards every case
reads back as the replay of its events, a rebuild changes nothing, the hash chains verify and
every event exports. The fixture is read under the rule book as it stood when it was written (a
later correction edition changes the rule-set version of each period it covers); a case whose
history the case engine now reads differently is named in ``REREAD`` and is checked after the
rebuild that brings it up to date.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from migrationpact.cases.codec import DERIVED_ENTRY_FIELDS, from_document
from migrationpact.cases.explain import summary
from migrationpact.cases.machine import replay
from migrationpact.law.law import Law
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.loader import load_tree
from migrationpact.store.database import make_engine
from migrationpact.store.migrate import upgrade
from migrationpact.store.service import open_store
from migrationpact.store.transfer import export_events

FIXTURE = Path(__file__).parents[2] / "fixtures" / "store-0005.sqlite.xz"
TABLES = ("events", "case_states", "deadlines", "case_assignments")
WRITTEN = date(2026, 11, 30)  # the fixture's ``--today``
#: Cases whose events the case engine reads differently since the fixture was written, and why.
REREAD = {
    "DEMO-0012": "absconded: AMMR-11b runs only from the notice to the state responsible (46(2))",
    "DEMO-0039": "detained after acceptance: AMMR-14 counts from the acceptance (45(3))",
    # Since revision 0019 the Dublin track keeps the moment of a reply (``replied_at``, for
    # the Eurostat tables): a stored state has it only after a rebuild.
    **dict.fromkeys(
        ("DEMO-0015", "DEMO-0017", "DEMO-0024", "DEMO-0030", "DEMO-0034"),
        "a reply to a Dublin request: the track now keeps its moment (replied_at)",
    ),
}


def _law_when_written() -> Law:
    """The shipped law with the rule-book editions published by the day the fixture was written."""
    return Law.default().replace(
        book=RuleBook([(path, f) for path, f in load_tree() if f.edition <= WRITTEN])
    )


def _old_store(tmp_path: Path) -> sa.Engine:
    path = tmp_path / "store-0005.db"
    path.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    return sa.create_engine(f"sqlite:///{path}")


def _copy_rows(source: sa.Engine, target: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    old, new = sa.MetaData(), sa.MetaData()
    old.reflect(source, only=TABLES)
    new.reflect(target, only=TABLES)
    copied: dict[str, list[dict[str, Any]]] = {}
    with source.connect() as read, target.begin() as write:
        for name in TABLES:
            rows = [dict(r._mapping) for r in read.execute(sa.select(old.tables[name]))]
            for row in rows:  # SQLite hands JSON back as text
                for key in ("payload", "state", "legal_basis", "derivation"):
                    if isinstance(row.get(key), str):
                        row[key] = json.loads(row[key])
            if rows:
                write.execute(sa.insert(new.tables[name]), rows)
            copied[name] = rows
    return copied


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _projections(engine: sa.Engine) -> tuple[list[Any], list[Any]]:
    with engine.connect() as conn:
        states = [
            (r.case_id, r.seq, r.stage, from_document(_json(r.state)))
            for r in conn.execute(sa.text("SELECT case_id, seq, stage, state FROM case_states"))
        ]
        rows = conn.execute(sa.text("SELECT * FROM deadlines ORDER BY case_id, key"))
        return sorted(states, key=lambda s: s[0]), [tuple(r) for r in rows]


def _unchanged(projections: tuple[list[Any], list[Any]]) -> tuple[list[Any], list[Any]]:
    """The projections of the cases the engine reads as it did when the fixture was written."""
    states, rows = projections
    return [s for s in states if s[0] not in REREAD], [r for r in rows if r[0] not in REREAD]


def test_a_store_of_the_earlier_release_is_converted_and_keeps_working(
    make_empty: Callable[[], str], tmp_path: Path
) -> None:
    url = make_empty()
    engine = make_engine(url)
    upgrade(engine, "0005")
    old = _copy_rows(_old_store(tmp_path), engine)
    assert old["deadlines"]
    assert all(r["derivation"] for r in old["deadlines"])
    upgrade(engine)

    # refuses a database that is not at the newest revision
    store = open_store(url, law=_law_when_written())
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("deadlines")}
    assert "citations" in columns
    assert not {"legal_basis", "derivation"} & columns
    with store.engine.connect() as conn:
        citations = {
            (r.case_id, r.key): r.citations
            for r in conn.execute(sa.text("SELECT case_id, key, citations FROM deadlines"))
        }
        documents = [
            json.loads(r.state) if isinstance(r.state, str) else r.state
            for r in conn.execute(sa.text("SELECT state FROM case_states ORDER BY case_id"))
        ]
    for row in old["deadlines"]:
        cited = "; ".join(b["citation"] for b in row["legal_basis"])
        assert citations[(row["case_id"], row["key"])] == cited
    for document in documents:
        for entry in document["deadlines"]:
            assert not set(DERIVED_ENTRY_FIELDS) & set(entry), entry["key"]

    for case in old["case_states"]:
        if case["case_id"] in REREAD:
            continue
        state = store.state(case["case_id"])
        events = [r.event() for r in store.records(case["case_id"])]
        assert state == replay(case["case_id"], events, law=store.law)
        for entry in state.deadlines:
            assert citations[(state.case_id, entry.key)] == summary(entry, store.law).citations

    before = _unchanged(_projections(store.engine))
    store.rebuild(workers=1)
    # the conversion gives what a rebuild gives
    assert _unchanged(_projections(store.engine)) == before
    for case_id in REREAD:
        events = [r.event() for r in store.records(case_id)]
        assert store.state(case_id) == replay(case_id, events, law=store.law)
    assert store.verify().ok
    assert len(list(export_events(store=store))) == len(old["events"])
