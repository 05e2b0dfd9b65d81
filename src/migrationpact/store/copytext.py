"""Projection rows as PostgreSQL ``COPY`` text, for the rebuild's bulk write.

The rows are the ones ``projections`` makes, written in ``COPY``'s text format: values in column
order separated by tabs, ``\\N`` for NULL, backslash escapes, and the JSON columns as the
``jsontext.dumps`` text SQLAlchemy would send for them, so the stored text is the same as after
an append. The state document is the codec's JSON text (``cases.codec.to_json``: the same text
as ``dumps`` of the document, made without the Python dict in between).

>>> line((1, "a\\tb", None, True))
'1\\ta\\\\tb\\t\\\\N\\tt\\n'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from migrationpact.law.law import Law
from migrationpact.store.projectors import Projector
from migrationpact.store.tables import case_states, deadlines, json_columns, metadata

#: The JSON columns of the projections (``COPY`` takes them as JSON text).
JSON_COLUMNS = json_columns(case_states, deadlines)
#: Each table's columns, in the order of its ``COPY`` lines.
COLUMNS = {t.name: tuple(c.name for c in t.columns) for t in metadata.sorted_tables}


def copy_lines(
    projectors: Sequence[Projector], stream_id: str, state: Any, updated_at: datetime, law: Law
) -> dict[str, list[str]]:
    """The ``COPY`` lines of every projector's rows for one stream's state, by table name."""
    lines: dict[str, list[str]] = {}
    for projector in projectors:
        columns = itemgetter(*COLUMNS[projector.table.name])
        rows = projector.rows(stream_id, state, updated_at, law, text=True)
        lines[projector.table.name] = [line(columns(row)) for row in rows]
    return lines


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
