"""Projection rows: what ``case_states`` and ``deadlines`` hold for one ``CaseState``.

The state document in ``case_states.state`` is the state's JSON form (``model_dump(mode="json")``)
without the two large parts of each deadline entry, its legal basis and its derivation: those are
kept once, in the entry's ``deadlines`` row (they are about three quarters of a state). The
store reads a state back by putting them in again (``full_document``) and validating the whole
(``states.read_states``). The other columns of ``case_states`` and the ``deadlines`` rows
are derived from the state so that lists and worklists can be answered in SQL.

>>> doc = {"case_id": "C-1", "deadlines": [{"key": "APR-01", "rule_id": "APR-01"}]}
>>> full = full_document(doc, {"APR-01": ([{"citation": "APR Art. 27(1)"}], {"length": "5 days"})})
>>> full["deadlines"][0]["derivation"], "derivation" in doc["deadlines"][0]
({'length': '5 days'}, False)
"""

from __future__ import annotations

from collections.abc import Sequence
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


#: What ``case_states.state`` leaves out of each deadline entry (kept in its ``deadlines`` row).
KEPT_IN_DEADLINES = ("legal_basis", "derivation")
#: The ``exclude`` argument of ``model_dump`` / ``model_dump_json`` for the state document.
STATE_DOCUMENT = {"deadlines": {"__all__": set(KEPT_IN_DEADLINES)}}


def state_document(state: CaseState) -> dict[str, Any]:
    """The JSON form of ``state`` as ``case_states.state`` holds it (see the module)."""
    return state.model_dump(mode="json", exclude=STATE_DOCUMENT)


def full_document(document: dict[str, Any], kept: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """A state document with each deadline entry's legal basis and derivation put back from
    ``kept`` (entry key → the two JSON values of its ``deadlines`` row); a new dict."""
    entries = []
    for entry in document.get("deadlines", ()):
        try:
            basis, derivation = kept[entry["key"]]
        except KeyError:
            raise ValueError(
                f"case {document.get('case_id')}: deadline {entry['key']} has no deadlines row "
                "(the projections are incomplete: run 'migrationpact store rebuild')"
            ) from None
        entries.append({**entry, "legal_basis": basis, "derivation": derivation})
    return {**document, "deadlines": entries}


def state_row(state: CaseState, *, updated_at: datetime, data: Any = None) -> dict[str, Any]:
    """The ``case_states`` row of a case state (``data``: its ``state_document``, or the JSON
    text of it, if already made)."""
    return {
        "case_id": state.case_id,
        "seq": state.seq,
        "stage": state.stage,
        "procedure": state.procedure,
        "examination": state.examination,
        "responsibility_regime": state.responsibility_regime,
        "state": state_document(state) if data is None else data,
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


def changed_entries(
    before: Sequence[DeadlineEntry], after: Sequence[DeadlineEntry]
) -> tuple[list[DeadlineEntry], list[DeadlineEntry], list[str]]:
    """What the ``deadlines`` rows of a case need to go from ``before`` to ``after``: the entries
    added, the entries changed (same key, other values), the keys gone.

    >>> entry = DeadlineEntry.model_construct
    >>> a, b, c = entry(key="A", status="open"), entry(key="B"), entry(key="C")
    >>> added, changed, gone = changed_entries([a, b], [entry(key="A", status="met"), b, c])
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
