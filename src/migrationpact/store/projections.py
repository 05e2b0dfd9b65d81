"""Projection rows: what ``case_states`` and ``deadlines`` hold for one ``CaseState``.

The state JSON in ``case_states.state`` is the source the store reads back (``model_validate``
of ``model_dump(mode="json")``); the other columns and the ``deadlines`` rows are derived from it
so that lists and worklists can be answered in SQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from migrationpact.cases.state import CaseState, DeadlineEntry, due_day, due_end


def due_columns(due: date | datetime) -> dict[str, Any]:
    """``due_on``, ``due_at`` and the exclusive end ``due_end`` of a due date or moment.

    >>> due_columns(date(2026, 11, 2))["due_end"]
    datetime.datetime(2026, 11, 3, 0, 0)
    >>> due_columns(datetime(2026, 7, 8, 9, 30))["due_on"]
    datetime.date(2026, 7, 8)
    """
    return {
        "due_on": due_day(due),
        "due_at": due if isinstance(due, datetime) else None,
        "due_end": due_end(due),
    }


def state_row(
    state: CaseState, *, updated_at: datetime, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``case_states`` row of a case state (``data``: its JSON dump, if already made)."""
    return {
        "case_id": state.case_id,
        "seq": state.seq,
        "stage": state.stage,
        "procedure": state.procedure,
        "examination": state.examination,
        "responsibility_regime": state.responsibility_regime,
        "state": state.model_dump(mode="json") if data is None else data,
        "updated_at": updated_at,
    }


def deadline_row(
    case_id: str, entry: DeadlineEntry, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``deadlines`` row of one deadline entry (``data``: its JSON dump, if already made)."""
    if data is None:
        data = entry.model_dump(mode="json")
    return {
        "case_id": case_id,
        "key": entry.key,
        "rule_id": entry.rule_id,
        "title": entry.title,
        "organisation": entry.organisation,
        "status": entry.status,
        "started_on": due_day(entry.started_on),
        **due_columns(entry.due),
        "alert_on": due_day(entry.alert_on),
        "alert_at": entry.alert_on if isinstance(entry.alert_on, datetime) else None,
        "maximum": bool(entry.maximum),
        "law_date": entry.law_date,
        "rule_set_version": entry.rule_set_version,
        "verified": bool(entry.verified),
        "legal_basis": data["legal_basis"],
        "derivation": data["derivation"],
        "consequence": entry.consequence,
        "opened_by_seq": entry.opened_by_seq,
        "closed_by_seq": entry.closed_by_seq,
        "closed_reason": entry.closed_reason,
    }


def deadline_rows(state: CaseState) -> list[dict[str, Any]]:
    return [deadline_row(state.case_id, entry) for entry in state.deadlines]
