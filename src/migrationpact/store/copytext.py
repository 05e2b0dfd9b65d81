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

from migrationpact.cases.explain import summary
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.state import DeadlineEntry, due_end
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
        name = projector.table.name
        if name == deadlines.name:
            lines[name] = deadline_lines(stream_id, state.deadlines, law)
            continue
        columns = itemgetter(*COLUMNS[name])
        rows = projector.rows(stream_id, state, updated_at, law, text=True)
        lines[name] = [line(columns(row)) for row in rows]
    return lines


def deadline_lines(case_id: str, entries: Sequence[DeadlineEntry], law: Law) -> list[str]:
    """The ``deadlines`` rows of a case's entries as ``COPY`` lines, made from each entry
    without the row's dict: what ``line`` gives of ``projections.deadline_row`` in the
    table's column order (``tests/unit/store/test_copy_lines.py`` compares them), in about half
    the time. Nearly every case has several; a rebuild writes one for every deadline."""
    case = _text(case_id)
    out = []
    for entry in entries:
        about = summary(entry, law)
        late = entry_lateness(entry)
        due, alert = entry.due, entry.alert_on
        due_at = due if isinstance(due, datetime) else None
        alert_at = alert if isinstance(alert, datetime) else None
        closed_by, reason, closed_at = entry.closed_by_seq, entry.closed_reason, entry.closed_at
        consequence, days = about.consequence, late.days_late
        values = (
            case,
            _text(entry.key),
            _text(entry.rule_id),
            _text(about.title),
            _text(entry.organisation),
            _text(entry.status),
            _day(entry.started_on),
            _day(due),
            _NULL if due_at is None else due_at.isoformat(),
            due_end(due).isoformat(),
            _day(alert),
            _NULL if alert_at is None else alert_at.isoformat(),
            "t" if entry.maximum else "f",
            entry.law_date.isoformat(),
            _text(entry.rule_set_version),
            "t" if about.verified else "f",
            _text(about.citations),
            _NULL if consequence is None else _text(consequence),
            str(entry.opened_by_seq),
            _NULL if closed_by is None else str(closed_by),
            _NULL if reason is None else _text(reason),
            _NULL if closed_at is None else closed_at.isoformat(),
            "t" if late.late else "f",
            _NULL if days is None else str(days),
        )
        out.append("\t".join(values) + "\n")
    return out


def _day(moment: date | datetime) -> str:
    return moment.date().isoformat() if isinstance(moment, datetime) else moment.isoformat()


_NULL = "\\N"


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
