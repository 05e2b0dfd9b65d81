"""The one way a case state becomes JSON and back.

The store keeps a case's state as a JSON document (``case_states.state``), the API and the
command line show it, and an export carries it. All of them go through ``to_document`` and
``from_document``: a day stays ``YYYY-MM-DD``, a moment ``YYYY-MM-DDTHH:MM:SS`` (the state keeps
moments to the second, ``machine.decide`` sees to it), tuples become lists and come back as
tuples. Reading a document checks it, so a damaged projection is an error, not a wrong answer;
only a code (a nationality, a language) is taken as it stands, since the events it comes from
may have been recorded before codes were checked (``law.codes.STORED``).

The store keeps the *compact* document: a field that has its default value (``None``, ``False``,
an empty list, stage ``new``) is left out and comes back as the default when read.

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

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter

from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.law.codes import STORED

_STATE: TypeAdapter[CaseState] = TypeAdapter(CaseState)
_ENTRY: TypeAdapter[DeadlineEntry] = TypeAdapter(DeadlineEntry)

#: Fields of a deadline entry that older documents hold and the state no longer keeps.
DERIVED_ENTRY_FIELDS = ("title", "verified", "legal_basis", "derivation", "consequence")


def to_document(state: CaseState, *, compact: bool = False) -> dict[str, Any]:
    """The state as JSON data (dicts, lists, strings, numbers, booleans, None); ``compact``
    leaves out every field that has its default value (as the store keeps it)."""
    document: dict[str, Any] = _STATE.dump_python(state, mode="json", exclude_defaults=compact)
    return document


def entry_data(entry: DeadlineEntry) -> dict[str, Any]:
    """One deadline entry as JSON data (as it stands in ``to_document``)."""
    data: dict[str, Any] = _ENTRY.dump_python(entry, mode="json")
    return data


def to_json(state: CaseState) -> str:
    """The compact document as JSON text without spaces: what the store writes."""
    return _STATE.dump_json(state, exclude_defaults=True).decode("utf-8")


def from_document(document: Mapping[str, Any]) -> CaseState:
    """The state whose JSON data is ``document``; ``ValueError`` when it is not a valid state."""
    entries = document.get("deadlines")
    if entries and any(name in entries[0] for name in DERIVED_ENTRY_FIELDS):
        document = {**document, "deadlines": [_facts_only(e) for e in entries]}
    return _STATE.validate_python(document, context=STORED)


def _facts_only(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in DERIVED_ENTRY_FIELDS}
