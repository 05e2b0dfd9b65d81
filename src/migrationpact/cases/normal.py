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
* the deadline entries and consequences that are not the previous state's objects and not known
  to be normal (``Draft`` builds new deadline entries in their normal form with ``construct``,
  and closing a normal entry keeps it normal): each through its own model's round trip;
* the notes: strings, which JSON keeps as they are.

Everything else is the previous state's (normal) value, and the result is assembled with
``model_construct``. A state is *known to be normal* when ``normal_state``, the full round trip
(``round_trip``) or validation from JSON data (``read_back``) produced it; any other state (one
a caller built) takes the full round trip, so the result never depends on which way was taken.
``tests/unit/cases/test_normal.py`` checks, over generated histories, that both ways give equal
states with equal JSON.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from operator import is_
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from migrationpact.cases.models import Moment
from migrationpact.cases.state import CaseState, Consequence, DeadlineEntry, initial_state

_M = TypeVar("_M", bound=BaseModel)
_LEDGERS = ("deadlines", "consequences", "notes")
_MOMENT = get_args(Moment)[1:]

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


def read_back(data: Mapping[str, Any]) -> CaseState:
    """The state whose JSON form is ``data`` (as the store keeps it), known to be normal.

    Validation from JSON data gives the normal form: dumped and validated again, it gives the
    same state (``tests/unit/cases/test_normal.py`` checks this over generated histories), so
    the next ``decide`` need not round-trip the whole state.
    """
    return _mark(CaseState.model_validate(data))


_INITIAL: list[CaseState] = []  # the normal initial state of a case with the id ""


def normal_initial(case_id: str) -> CaseState:
    """``round_trip(initial_state(case_id))``: from a normal template when the initial state
    differs from the template's in the case id only (a string, its own JSON form)."""
    state = initial_state(case_id)
    if not _INITIAL:
        _INITIAL.append(round_trip(initial_state("")))
    template = _INITIAL[0].__dict__
    values = {**state.__dict__, "case_id": ""}
    if type(case_id) is not str or values != template:
        return round_trip(state)
    return _mark(construct(CaseState, {**template, "case_id": case_id}))


def normal_moment(value: date | datetime) -> date | datetime:
    """A ``Moment`` as its JSON form reads back: a date, or a date-time to the whole second."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0) if value.microsecond else value
    return value


def construct(model: type[_M], values: dict[str, Any]) -> _M:
    """``model`` holding exactly ``values`` (every field, in field order), without validation.

    What ``model.model_construct(**values)`` gives when every field is given (all fields set),
    without its per-field work: for values that are already what validation would produce.
    """
    item = model.__new__(model)
    object.__setattr__(item, "__dict__", values)
    object.__setattr__(item, "__pydantic_fields_set__", set(values))
    object.__setattr__(item, "__pydantic_extra__", None)
    object.__setattr__(item, "__pydantic_private__", None)
    return item


def _normal_items(
    model: type[_M], items: Sequence[_M], old: tuple[_M, ...], known: Collection[int]
) -> tuple[_M, ...]:
    """``items`` with every item that is neither ``old``'s (at the same place) nor ``known``
    taken through its JSON form; ``old`` itself when nothing changed."""
    count = len(old)
    same = list(map(is_, items, old))  # C-level identity checks, item by item (zip's length)
    if len(items) == count and all(same):
        return old
    return tuple(
        item
        if (i < count and same[i]) or id(item) in known
        else model.model_validate(item.model_dump(mode="json"))
        for i, item in enumerate(items)
    )


def _plain_check(info: FieldInfo) -> Callable[[Any], bool] | None:
    """For a field whose JSON form of some values is the value itself: a test for such values
    (validation would give back an equal value of the same type); else None."""
    annotation = info.annotation
    if info.metadata:  # a constraint, or (pydantic keeps a field's own ``Annotated`` here) Moment
        if tuple(info.metadata) != _MOMENT or annotation != date | datetime:
            return None
        annotation = Moment
    options = (
        get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    )
    optional = type(None) in options
    kinds = [o for o in options if o is not type(None)]
    if len(kinds) != 1:
        return None
    test = _value_check(kinds[0])
    if test is None:
        return None
    return (lambda v: v is None or test(v)) if optional else test


def _value_check(kind: Any) -> Callable[[Any], bool] | None:
    origin = get_origin(kind)
    if origin is Literal:
        allowed = frozenset(a for a in get_args(kind) if type(a) is str)
        return lambda v: type(v) is str and v in allowed
    if origin is Annotated:
        if get_args(kind)[1:] == _MOMENT:  # models.Moment: a date, or a date-time to the second
            return lambda v: (
                type(v) is date or (type(v) is datetime and v.tzinfo is None and not v.microsecond)
            )
        return None
    if kind is datetime:
        return lambda v: type(v) is datetime and v.tzinfo is None
    if kind in (str, int, bool, date):
        return lambda v: type(v) is kind
    return None  # models and other containers: checking them costs about as much as a round trip


def _model_check(model: type[BaseModel]) -> Callable[[Any], bool] | None:
    """A test for instances of ``model`` that are their own normal form: every field set, every
    value plain (models with validators or constraints are never plain)."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators or decorators.validators:
        return None
    checks = [(name, _plain_check(info)) for name, info in model.model_fields.items()]
    if any(check is None for _, check in checks):
        return None
    tests = [(name, check) for name, check in checks if check is not None]
    count = len(tests)

    def test(v: Any) -> bool:
        values = v.__dict__
        return (
            type(v) is model
            and len(v.__pydantic_fields_set__) == count
            and all(check(values[name]) for name, check in tests)
        )

    return test


#: Per field of ``CaseState``: a test for values that are their own normal form (see above).
_PLAIN = {name: _plain_check(info) for name, info in CaseState.model_fields.items()}
#: Per ledger model: a test for items that are their own normal form.
CONSEQUENCE_PLAIN = _model_check(Consequence)


def normal_state(
    previous: CaseState,
    changes: Mapping[str, Any],
    *,
    deadlines: Sequence[DeadlineEntry],
    consequences: Sequence[Consequence],
    notes: Sequence[str],
    known: Collection[int] = (),
) -> CaseState:
    """``round_trip`` of ``previous`` with ``changes`` and the three ledgers (see the module).

    ``previous`` must be normal (``is_normal``); ``changes`` maps field names to new values;
    ``known`` holds the ids of ledger items known to be normal already. A new value that is its
    own JSON form (a string, number, flag, naive date-time or None where the field takes it) is
    kept as it is; the others take the round trip.
    """
    values = dict(previous.__dict__)
    other: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _LEDGERS:
            continue
        plain = _PLAIN[name]
        if plain is not None and plain(value):
            values[name] = value
        else:
            other[name] = value
    if other:
        draft = construct(CaseState, {**previous.__dict__, **other})
        data = draft.model_dump(mode="json", include={*other, "case_id"})
        fresh = CaseState.model_validate(data)
        for name in other:
            values[name] = getattr(fresh, name)
    values["deadlines"] = _normal_items(DeadlineEntry, deadlines, previous.deadlines, known)
    values["consequences"] = _normal_items(Consequence, consequences, previous.consequences, known)
    values["notes"] = (
        tuple(notes) if all(type(n) is str for n in notes) else tuple(str(n) for n in notes)
    )
    return _mark(construct(CaseState, values))
