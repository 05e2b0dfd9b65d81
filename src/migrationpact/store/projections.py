"""Projection rows: what ``case_states`` and ``deadlines`` hold for one ``CaseState``.

The state document in ``case_states.state`` is the state's compact JSON form
(``cases.codec``): facts only, a few kB. The other columns of ``case_states`` and the
``deadlines`` rows are derived from the state so that lists and worklists can be answered in
SQL: a deadline row holds the entry's dates and status and, for the worklist, the title,
verification flag, consequence and citations of its rules (``cases.explain.summary``, from the
law the store decides with). What a person is shown of the derivation is computed on read
(``cases.explain``), never stored.

>>> due_columns(date(2026, 11, 2))["due_end"]
datetime.datetime(2026, 11, 3, 0, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from migrationpact.cases.codec import to_document
from migrationpact.cases.explain import summary
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.state import CaseState, DeadlineEntry, due_day, due_end
from migrationpact.law.law import Law


def due_columns(due: date | datetime) -> dict[str, Any]:
    """``due_on``, ``due_at`` and the exclusive end ``due_end`` of a due date or moment.

    >>> due_columns(datetime(2026, 7, 8, 9, 30))["due_on"]
    datetime.date(2026, 7, 8)
    """
    return {
        "due_on": due_day(due),
        "due_at": due if isinstance(due, datetime) else None,
        "due_end": due_end(due),
    }


def state_row(state: CaseState, *, updated_at: datetime, data: Any = None) -> dict[str, Any]:
    """The ``case_states`` row of a case state (``data``: its document, or the JSON text of
    it, if already made)."""
    return {
        "case_id": state.case_id,
        "seq": state.seq,
        "stage": state.stage,
        "procedure": state.procedure,
        "examination": state.examination,
        "responsibility_regime": state.responsibility_regime,
        "state": to_document(state, compact=True) if data is None else data,
        "updated_at": updated_at,
    }


def deadline_row(case_id: str, entry: DeadlineEntry, law: Law) -> dict[str, Any]:
    """The ``deadlines`` row of one deadline entry."""
    about = summary(entry, law)
    late = entry_lateness(entry)
    return {
        "case_id": case_id,
        "key": entry.key,
        "rule_id": entry.rule_id,
        "title": about.title,
        "organisation": entry.organisation,
        "status": entry.status,
        "started_on": due_day(entry.started_on),
        **due_columns(entry.due),
        "alert_on": due_day(entry.alert_on),
        "alert_at": entry.alert_on if isinstance(entry.alert_on, datetime) else None,
        "maximum": bool(entry.maximum),
        "law_date": entry.law_date,
        "rule_set_version": entry.rule_set_version,
        "verified": about.verified,
        "citations": about.citations,
        "consequence": about.consequence,
        "opened_by_seq": entry.opened_by_seq,
        "closed_by_seq": entry.closed_by_seq,
        "closed_reason": entry.closed_reason,
        "closed_at": entry.closed_at,
        "late": late.late,
        "days_late": late.days_late,
    }


def deadline_rows(state: CaseState, law: Law) -> list[dict[str, Any]]:
    return [deadline_row(state.case_id, entry, law) for entry in state.deadlines]


def changed_entries(
    before: Sequence[DeadlineEntry], after: Sequence[DeadlineEntry]
) -> tuple[list[DeadlineEntry], list[DeadlineEntry], list[str]]:
    """What the ``deadlines`` rows of a case need to go from ``before`` to ``after``: the entries
    added, the entries changed (same key, other values), the keys gone.

    >>> from migrationpact.cases.state import evolve
    >>> a = DeadlineEntry(key="A", rule_id="A", requested_rule="A", organisation="IND",
    ...     status="open", started_on=date(2026, 7, 1), due=date(2026, 7, 8),
    ...     nominal_end=date(2026, 7, 8), alert_on=date(2026, 7, 7), maximum=False,
    ...     law_date=date(2026, 7, 1), rule_set_version="v", opened_by_seq=1)
    >>> b, c = evolve(a, key="B"), evolve(a, key="C")
    >>> added, changed, gone = changed_entries([a, b], [evolve(a, status="met"), b, c])
    >>> [e.key for e in added], [e.status for e in changed], gone
    (['C'], ['met'], [])
    """
    old = {entry.key: entry for entry in before}
    added, changed = [], []
    for entry in after:
        previous = old.pop(entry.key, None)
        if previous is None:
            added.append(entry)
        elif previous is not entry and previous != entry:
            changed.append(entry)
    return added, changed, list(old)
