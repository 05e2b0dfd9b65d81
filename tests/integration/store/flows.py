"""Real case histories to drive through the store, and helpers to look at what it holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from migrationpact.cases.events import parse_event
from migrationpact.store.accesslog import AccessEntry
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore, NewEvent
from migrationpact.store.records import AppendResult
from migrationpact.store.service import count_rows
from migrationpact.store.tables import case_facts, case_states, deadlines, events

#: The export key the tests' stores share (a file signed with it is a verified export).
EXPORT_KEY = b"test-export-key-of-at-least-32-characters"

#: Screening at the border → application → registration → lodging → interview → decision.
TO_DECISION: list[dict[str, Any]] = [
    {
        "type": "screening_started",
        "occurred_at": "2026-07-06T10:00",
        "entry": "border-crossing",
        "location": "Ter Apel",
    },
    {
        "type": "screening_completed",
        "occurred_at": "2026-07-08T16:00",
        "referral": "registration-authority",
        "form": {
            "names": ["Amal", "Haddad"],
            "nationality": "SYR",
            "applied_for_asylum": True,
            "reason_for_screening": "border-crossing",
        },
    },
    {
        "type": "application_made",
        "occurred_at": "2026-07-08T17:00",
        "facts": {"nationality": "SYR", "age": 30},
    },
    {"type": "application_registered", "occurred_at": "2026-07-09T09:00"},
    {"type": "application_lodged", "occurred_at": "2026-07-15T10:00"},
    {"type": "interview_held", "occurred_at": "2026-08-03T10:00"},
    {"type": "decision_taken", "occurred_at": "2026-09-01T10:00", "outcome": "refugee-status"},
    {"type": "decision_notified", "occurred_at": "2026-09-02T10:00"},
]

#: Application in the territory → Eurodac hit → take charge request → accepted → transfer.
TO_TRANSFER: list[dict[str, Any]] = [
    {
        "type": "application_made",
        "occurred_at": "2026-07-06T10:00",
        "entry": "in-territory",
        "facts": {"nationality": "AFG", "age": 24},
    },
    {"type": "application_registered", "occurred_at": "2026-07-08T09:00"},
    {
        "type": "eurodac_hit_received",
        "occurred_at": "2026-07-08T12:00",
        "purpose": "take-charge",
        "member_state": "DEU",
    },
    {
        "type": "take_charge_request_sent",
        "occurred_at": "2026-07-20T10:00",
        "member_state": "DEU",
        "hit_based": True,
    },
    {"type": "reply_received", "occurred_at": "2026-08-03T10:00", "outcome": "accepted"},
    {"type": "transfer_decision_taken", "occurred_at": "2026-08-10T10:00"},
    {"type": "transfer_decision_notified", "occurred_at": "2026-08-11T10:00"},
    {"type": "transfer_carried_out", "occurred_at": "2026-09-15T10:00"},
]

#: An event the machine refuses on a case that is only registered (no lodging yet).
DECISION_TOO_EARLY: dict[str, Any] = {
    "type": "decision_taken",
    "occurred_at": "2026-07-09T12:00",
    "outcome": "unfounded",
}


def drive(
    store: EventStore, case_id: str, flow: Sequence[dict[str, Any]], *, org: str = "IND"
) -> list[AppendResult]:
    """Append the events one by one, each naming the seq it expects."""
    return [
        store.append(
            case_id=case_id,
            event=parse_event(data),
            expected_seq=n,
            idempotency_key=None,
            actor="caseworker",
            organisation=org,
        )
        for n, data in enumerate(flow)
    ]


def batch(case_id: str, flow: Sequence[dict[str, Any]]) -> list[NewEvent]:
    return [
        NewEvent(case_id, parse_event(data), n, None, "loader", "IND")
        for n, data in enumerate(flow)
    ]


def counts(store: EventStore) -> dict[str, int]:
    with read_transaction(store.engine) as conn:
        return count_rows(conn)


def snapshot(store: EventStore) -> str:
    """Every projection row as canonical JSON: equal text means equal projections."""
    with read_transaction(store.engine) as conn:
        states = conn.execute(select(case_states).order_by(case_states.c.case_id)).mappings()
        state_rows = [dict(r) for r in states]
        dl = conn.execute(
            select(deadlines).order_by(deadlines.c.case_id, deadlines.c.key)
        ).mappings()
        dl_rows = [dict(r) for r in dl]
        facts = conn.execute(
            select(case_facts).order_by(case_facts.c.case_id, case_facts.c.n)
        ).mappings()
        fact_rows = [dict(r) for r in facts]
    return json.dumps(
        {"case_states": state_rows, "deadlines": dl_rows, "case_facts": fact_rows},
        sort_keys=True,
        default=str,
    )


def chain(store: EventStore) -> list[tuple[str, int, str, str]]:
    with read_transaction(store.engine) as conn:
        rows = conn.execute(
            select(events.c.case_id, events.c.seq, events.c.prev_hash, events.c.hash).order_by(
                events.c.case_id, events.c.seq
            )
        )
        return [(r.case_id, r.seq, r.prev_hash, r.hash) for r in rows]


def access_entry(actor: str = "ind", at: datetime = datetime(2026, 7, 1, 9, 0)) -> AccessEntry:
    """An access-log row of an IND caseworker's granted read of case C-1."""
    return AccessEntry(
        at=at,
        actor=actor,
        organisation="IND",
        role="caseworker",
        action="case.read",
        resource="case:C-1",
        case_id="C-1",
        fields=("summary", "asylum"),
        purpose="decision",
        outcome="granted",
        channel="token",
    )
