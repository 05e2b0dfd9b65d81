"""Revision 0016 adds ``case_people.health_referral`` and fills it from the stored states.

A store of revision 0015 whose cases were assessed (one referred to a psychologist with consent,
one not referred) gets the column filled as a replay would fill it (``audit verify``'s check);
a downgrade drops it again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from migrationpact.cases.events import parse_event
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import downgrade, upgrade
from migrationpact.store.people import is_referred, referred_cases
from migrationpact.store.projection_check import compare_projections
from tests.integration.store.flows import TO_DECISION, drive


def _assessed(store: EventStore, case_id: str, **fields: Any) -> None:
    state = store.state(case_id)
    assert state is not None
    assert state.last_event_at is not None
    at = (state.last_event_at + timedelta(hours=1)).isoformat(timespec="minutes")
    event = {"type": "special_needs_assessed", "occurred_at": at, **fields}
    store.append(
        case_id=case_id, event=parse_event(event), expected_seq=state.seq,
        idempotency_key=None, actor="coa-1", organisation="COA",
    )  # fmt: skip


def _referrals(engine: sa.Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT case_id, health_referral FROM case_people"))
        return {r.case_id: r.health_referral for r in rows}


def test_the_referrals_of_an_earlier_store_are_filled_in(store: EventStore) -> None:
    drive(store, "C-A", TO_DECISION)
    drive(store, "C-B", TO_DECISION)
    _assessed(store, "C-A", referral="psychologist", referral_consent=True)
    _assessed(store, "C-B", needs=["mental-health-care"])
    assert _referrals(store.engine) == {"C-A": "psychologist", "C-B": None}

    downgrade(store.engine, "0015")
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("case_people")}
    assert "health_referral" not in columns

    upgrade(store.engine)
    assert _referrals(store.engine) == {"C-A": "psychologist", "C-B": None}
    assert referred_cases(store.engine) == ["C-A"]
    assert is_referred(store.engine, case_id="C-A")
    assert not is_referred(store.engine, case_id="C-B")
    assert compare_projections(store.engine, store.law).ok
