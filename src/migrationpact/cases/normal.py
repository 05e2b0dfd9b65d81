"""The next ``CaseState`` in its JSON-normal form, without a JSON round trip of the whole state.

``decide`` returns every state exactly as a rebuild would read it back from the store: the state
of ``CaseState.model_validate(state.model_dump(mode="json"))`` (the *normal* form: e.g. a
``Moment`` keeps whole seconds only, the derivations hold JSON values). Doing that round trip for
the whole state after every event costs time in proportion to the case's whole ledger, so a long
case's replay grows with the square of its events.

The JSON round trip works field by field and element by element (``CaseState`` has no validator
across fields), and it leaves a normal value as it is. So when the state an event starts from is
known to be normal, only what the event changed needs the round trip:

* the fields the handler set (and ``seq``, ``first_event_at``, ``last_event_at``): dumped with
  ``CaseState``'s own serializer restricted to those fields and validated by ``CaseState``;
* the deadline entries and consequences that are not the previous state's objects: each through
  its own model's round trip;
* the notes: strings, which JSON keeps as they are.

Everything else is the previous state's (normal) value, and the result is assembled with
``model_construct``. A state is *known to be normal* when ``normal_state`` (or the full round
trip, ``round_trip``) produced it; any other state (one a caller built) takes the full round trip,
so the result never depends on which way was taken. ``tests/unit/cases/test_normal.py`` checks,
over generated histories, that both ways give equal states with equal JSON.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from migrationpact.cases.state import CaseState, Consequence, DeadlineEntry

_M = TypeVar("_M", bound=BaseModel)
_LEDGERS = ("deadlines", "consequences", "notes")
_FIELDS = tuple(CaseState.model_fields)

#: States known to be normal, by id (the weak value makes a reused id harmless).
_NORMAL: weakref.WeakValueDictionary[int, CaseState] = weakref.WeakValueDictionary()


def is_normal(state: CaseState) -> bool:
    """Whether ``state`` came from ``round_trip`` or ``normal_state`` (so is JSON-normal)."""
    return _NORMAL.get(id(state)) is state


def _mark(state: CaseState) -> CaseState:
    _NORMAL[id(state)] = state
    return state


def round_trip(state: CaseState) -> CaseState:
    """The state validated through its JSON form (what a rebuild reads back from the store)."""
    return _mark(CaseState.model_validate(state.model_dump(mode="json")))


def _normal_items(model: type[_M], items: Sequence[_M], old: Iterable[_M]) -> tuple[_M, ...]:
    kept = {id(item) for item in old}
    return tuple(
        item if id(item) in kept else model.model_validate(item.model_dump(mode="json"))
        for item in items
    )


def normal_state(
    previous: CaseState,
    changes: Mapping[str, Any],
    *,
    deadlines: Sequence[DeadlineEntry],
    consequences: Sequence[Consequence],
    notes: Sequence[str],
) -> CaseState:
    """``round_trip`` of ``previous`` with ``changes`` and the three ledgers (see the module).

    ``previous`` must be normal (``is_normal``); ``changes`` maps field names to new values.
    """
    fields = {name for name in changes if name not in _LEDGERS}
    draft = previous.model_copy(update={name: changes[name] for name in fields})
    data = draft.model_dump(mode="json", include=fields | {"case_id"})
    fresh = CaseState.model_validate(data)
    values = {name: getattr(previous, name) for name in _FIELDS}
    for name in fields | {"case_id"}:
        values[name] = getattr(fresh, name)
    values["deadlines"] = _normal_items(DeadlineEntry, deadlines, previous.deadlines)
    values["consequences"] = _normal_items(Consequence, consequences, previous.consequences)
    values["notes"] = tuple(str(note) for note in notes)
    return _mark(CaseState.model_construct(**values))
