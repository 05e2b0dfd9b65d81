"""Revision 0015 rewrites stored state documents without their deadline entries' echoes.

A store whose documents still repeat each entry's key, requested rule, nominal end, alert, law
date and rule-set version (as every store before 0015 did) converts to exactly the documents a
replay writes (the check ``audit verify`` runs); a downgrade writes every echo back.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from migrationpact.cases.codec import ENTRY_ECHOES
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import downgrade, upgrade
from migrationpact.store.projection_check import compare_projections
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive


def _entries(engine: sa.Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        documents = [
            json.loads(r.state) if isinstance(r.state, str) else r.state
            for r in conn.execute(sa.text("SELECT state FROM case_states ORDER BY case_id"))
        ]
    return [e for d in documents for e in d.get("deadlines", ())]


def test_documents_lose_their_echoes_and_get_them_back_on_downgrade(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    before = {case_id: store.state(case_id) for case_id in ("C-A", "C-B")}
    compact = _entries(store.engine)
    assert compact
    assert not any(set(ENTRY_ECHOES) <= set(e) for e in compact[1:])

    downgrade(store.engine, "0014")
    full = _entries(store.engine)
    assert all(set(ENTRY_ECHOES) <= set(e) for e in full)
    assert [{k: v for k, v in e.items() if k in c} for e, c in zip(full, compact, strict=True)] == (
        compact
    )
    # (The projection check is not asked here: it reads the tables as the newest revision
    # has them, and later revisions add columns revision 0014 does not have.)

    upgrade(store.engine)
    assert _entries(store.engine) == compact
    assert compare_projections(store.engine, store.law).ok
    assert {case_id: store.state(case_id) for case_id in before} == before
