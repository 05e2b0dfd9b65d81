"""Projection rows as PostgreSQL ``COPY`` text, for the rebuild's bulk write.

The rows are the ones ``projections`` makes, written in ``COPY``'s text format: values in column
order separated by tabs, ``\\N`` for NULL, backslash escapes, and the JSON columns as the
``json.dumps`` text the driver would send for them, so the stored text is the same as after an
append. The state JSON is put together from pieces, each exactly the ``json.dumps`` text of its
part (``json.dumps`` writes a dict as ``{`` + ``"key": value`` items joined by ``, `` + ``}``):
an entry's legal basis and derivation are dumped once (or taken from ``memo.json_text``) and
used both in the state JSON and in the entry's ``deadlines`` row.

>>> line((1, "a\\tb", None, True))
'1\\ta\\\\tb\\t\\\\N\\tt\\n'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from migrationpact.cases.memo import json_text
from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.store.projections import deadline_row, state_row
from migrationpact.store.tables import case_states, deadlines

#: The JSON columns of the projections (``COPY`` takes them as JSON text).
JSON_COLUMNS = frozenset({"state", "legal_basis", "derivation"})
#: Each projection table's columns, in the order of its ``COPY`` lines.
COLUMNS = {t.name: tuple(c.name for c in t.columns) for t in (case_states, deadlines)}

_STATE_COLUMNS = itemgetter(*COLUMNS[case_states.name])
_DEADLINE_COLUMNS = itemgetter(*COLUMNS[deadlines.name])


def copy_lines(state: CaseState, updated_at: datetime) -> tuple[str, list[str]]:
    """The ``COPY`` line of ``state_row(state, …)`` and those of its deadline rows."""
    data = state.model_dump(mode="json", exclude=_DEADLINES)
    entries, dl_lines = [], []
    for entry in state.deadlines:
        basis, derivation = json_text(entry.legal_basis), json_text(entry.derivation)
        entries.append(_entry_json(entry, basis, derivation))
        dl = deadline_row(state.case_id, entry, {"legal_basis": basis, "derivation": derivation})
        dl_lines.append(line(_DEADLINE_COLUMNS(dl)))
    row = state_row(state, updated_at=updated_at, data=data)
    row["state"] = _spliced(data, _STATE_SPLIT, "deadlines", "[" + ", ".join(entries) + "]")
    return line(_STATE_COLUMNS(row)), dl_lines


_DEADLINES = {"deadlines"}
_BIG = {"legal_basis", "derivation"}
_STATE_SPLIT = tuple(CaseState.model_fields).index("deadlines")
_ENTRY_FIELDS = tuple(DeadlineEntry.model_fields)
_ENTRY_SPLIT = _ENTRY_FIELDS.index("legal_basis")
assert _ENTRY_FIELDS[_ENTRY_SPLIT + 1] == "derivation"


def _spliced(data: dict[str, Any], at: int, name: str, text: str) -> str:
    """``json.dumps`` of ``data`` with the field ``name`` (text ``text``) put back at place
    ``at``: the items before and after are dumped as dicts and joined (both are never empty)."""
    items = list(data.items())
    before, after = json.dumps(dict(items[:at])), json.dumps(dict(items[at:]))
    return f"{before[:-1]}, {json.dumps(name)}: {text}, {after[1:]}"


def _entry_json(entry: DeadlineEntry, basis: str, derivation: str) -> str:
    """``json.dumps(entry.model_dump(mode="json"))`` with the legal basis and derivation texts
    given."""
    data = entry.model_dump(mode="json", exclude=_BIG)
    items = list(data.items())
    before = json.dumps(dict(items[:_ENTRY_SPLIT]))
    after = json.dumps(dict(items[_ENTRY_SPLIT:]))
    return f'{before[:-1]}, "legal_basis": {basis}, "derivation": {derivation}, {after[1:]}'


def _text(value: str) -> str:
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\n" in value or "\r" in value or "\t" in value:
        value = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return value


#: Each value's ``COPY`` text format by its type (PostgreSQL reads it back as the same value).
_FIELD: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def _field(value: Any) -> str:
    for kind in (bool, str, int, datetime, date):  # subclasses, as their base type
        if isinstance(value, kind):
            return _FIELD[kind](value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def line(values: tuple[Any, ...]) -> str:
    """One row in ``COPY`` text format."""
    get = _FIELD.get
    return "\t".join([(get(type(v)) or _field)(v) for v in values]) + "\n"
