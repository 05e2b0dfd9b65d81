"""The one way a case state becomes JSON and back.

The store keeps a case's state as a JSON document (``case_states.state``), the API and the
command line show it, and an export carries it. All of them go through ``to_document`` and
``from_document``: a day stays ``YYYY-MM-DD``, a moment ``YYYY-MM-DDTHH:MM:SS`` (the state keeps
moments to the second, ``machine.decide`` sees to it), tuples become lists and come back as
tuples. Reading a document checks it, so a damaged projection is an error, not a wrong answer;
only a code (a nationality, a language) is taken as it stands, since the events it comes from
may have been recorded before codes were checked (``law.codes.STORED``).

The store keeps the *compact* document: a field that has its default value (``None``, ``False``,
an empty list, stage ``new``) is left out and comes back as the default when read. A deadline
entry leaves out, besides, what it would only repeat (``ENTRY_ECHOES``): its key and requested
rule when they are its rule, its nominal end and alert when they are its due date or moment, its
law date when it is the day it started, and its rule-set version when it is the one of the entry
before it. Reading puts each back from the field it repeats, so nothing is lost (about 1.5 kB of
the 6 kB a case had).

The round trip is exact: ``from_document(to_document(state)) == state`` for every state
``decide`` gives (a property test checks it over generated histories), so a state read back from
the store and one kept in memory decide the next event alike.

A document written before the state was slimmed (December 2026) may still carry a deadline
entry's title, verification flag, consequence and the like: they are derived, and reading
ignores them (the migration to revision 0006 removes them from stored documents).

>>> from migrationpact.cases.state import initial_state
>>> doc = to_document(initial_state("C-1"))
>>> doc["case_id"], doc["stage"], doc["deadlines"]
('C-1', 'new', [])
>>> from_document(doc) == initial_state("C-1")
True
>>> to_json(initial_state("C-1"))
'{"case_id":"C-1"}'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.law.codes import STORED

_STATE: TypeAdapter[CaseState] = TypeAdapter(CaseState)
_ENTRY: TypeAdapter[DeadlineEntry] = TypeAdapter(DeadlineEntry)

#: Fields of a deadline entry that older documents hold and the state no longer keeps.
DERIVED_ENTRY_FIELDS = ("title", "verified", "legal_basis", "derivation", "consequence")


#: What a compact deadline entry leaves out when it repeats another field, and where reading
#: finds it again: the field it repeats, or ``None`` for the version of the entry before it
#: (``law_date`` from ``started_on`` is its day: the first ten characters of the text).
ENTRY_ECHOES: dict[str, str | None] = {
    "key": "rule_id",
    "requested_rule": "rule_id",
    "nominal_end": "due",
    "alert_on": "due",
    "law_date": "started_on",
    "rule_set_version": None,
}


#: The echo names for each combination of them (bit ``i``: the ``i``-th of ``ENTRY_ECHOES``),
#: made once: a rebuild asks for one per deadline entry. Each is a dict of names to True, the
#: form pydantic-core reads fastest: with frozensets the exclusion cost about an eighth of the
#: state's serialization, with dicts nearly nothing (the text is the same).
_ECHO_SETS: list[dict[str, bool]] = [
    dict.fromkeys((name for bit, name in enumerate(ENTRY_ECHOES) if mask >> bit & 1), True)
    for mask in range(1 << len(ENTRY_ECHOES))
]


def _echoes(state: CaseState) -> dict[str, Any] | None:
    """The ``exclude`` argument that leaves each deadline entry's echoes out (None: none)."""
    by_index: dict[int, dict[str, bool]] = {}
    version = None
    for index, e in enumerate(state.deadlines):
        rule, due, started = e.rule_id, e.due, e.started_on
        mask = (
            (e.key == rule)
            | (e.requested_rule == rule) << 1
            | (e.nominal_end == due) << 2
            | (e.alert_on == due) << 3
            | (e.law_date == (started.date() if isinstance(started, datetime) else started)) << 4
            | (e.rule_set_version == version) << 5
        )
        version = e.rule_set_version
        if mask:
            by_index[index] = _ECHO_SETS[mask]
    return {"deadlines": by_index} if by_index else None


def to_document(state: CaseState, *, compact: bool = False) -> dict[str, Any]:
    """The state as JSON data (dicts, lists, strings, numbers, booleans, None); ``compact``
    leaves out every field that has its default value and each deadline entry's echoes (as
    the store keeps it)."""
    if not compact:
        full: dict[str, Any] = _STATE.dump_python(state, mode="json")
        return full
    document: dict[str, Any] = _STATE.dump_python(
        state, mode="json", exclude_defaults=True, exclude=_echoes(state)
    )
    return document


def entry_data(entry: DeadlineEntry) -> dict[str, Any]:
    """One deadline entry as JSON data (as it stands in ``to_document``)."""
    data: dict[str, Any] = _ENTRY.dump_python(entry, mode="json")
    return data


def to_json(state: CaseState) -> str:
    """The compact document as JSON text without spaces: what the store writes."""
    text = _STATE.dump_json(state, exclude_defaults=True, exclude=_echoes(state))
    return text.decode("utf-8")


def from_document(document: Mapping[str, Any]) -> CaseState:
    """The state whose JSON data is ``document``; ``ValueError`` when it is not a valid state."""
    entries = document.get("deadlines")
    if entries:
        if any(name in entries[0] for name in DERIVED_ENTRY_FIELDS):
            entries = [_facts_only(e) for e in entries]
        document = {**document, "deadlines": full_entries(entries)}
    return _STATE.validate_python(document, context=STORED)


def full_entries(entries: Sequence[Any]) -> list[Any]:
    """Compact deadline entries (JSON data) with their echoes put back (``ENTRY_ECHOES``); an
    entry that is not a JSON object is left for validation to refuse.

    >>> a = {"rule_id": "A-1", "due": "2026-07-08", "started_on": "2026-07-01T09:00",
    ...      "rule_set_version": "v1"}
    >>> b = {"rule_id": "B-2", "due": "2026-07-09", "started_on": "2026-07-02",
    ...      "nominal_end": "2026-07-07"}
    >>> [first, second] = full_entries([a, b])
    >>> first["law_date"], second["key"], second["requested_rule"], second["rule_set_version"]
    ('2026-07-01', 'B-2', 'B-2', 'v1')
    >>> second["nominal_end"], second["alert_on"]
    ('2026-07-07', '2026-07-09')
    """
    full: list[Any] = []
    version = None
    for entry in entries:
        if isinstance(entry, Mapping):
            entry = dict(entry)
            for name, source in ENTRY_ECHOES.items():
                if name not in entry:
                    found = version if source is None else entry.get(source)
                    if source == "started_on" and isinstance(found, str):
                        found = found[:10]
                    if found is not None:
                        entry[name] = found
            version = entry.get("rule_set_version")
        full.append(entry)
    return full


def _facts_only(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in DERIVED_ENTRY_FIELDS}
