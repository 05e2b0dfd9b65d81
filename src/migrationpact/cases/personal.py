"""Which fields of a case's events are personal: the one list the store seals and erasure wipes.

A field is personal when its declaration carries the mark ``PERSONAL``
(``cases.personal_marker``): the person's names, date and place of birth and V-number, the
screening form's names, date and place of birth, health check and vulnerability text, the
special-needs detail, and every event's free-text ``note``. Kept in clear, because statistics
and routing need them and they do not say who somebody is: the pseudonym, nationality, sex,
languages, family links by case, and every date of the procedure.

``personal_paths(event_type)`` gives the paths of an event's personal fields (a path is the
field names from the event down, through nested models such as ``person``); ``erased_value``
is what a personal field reads as once its key is destroyed: the field's default (None, or an
empty list), which every personal field has, so an erased event is still a valid event.

>>> personal_paths("application_registered")
(('note',), ('v_number',))
>>> ("person", "names") in personal_paths("application_made")
True
>>> erased_value("screening_completed", ("form", "names")), erased_value("case_closed", ("note",))
([], None)

Once a person is erased, the date of birth is not kept, yet the case's routing and statistics
asked the person's age on certain days. ``surrogate_birth`` gives a date that yields the same
age on each of those days, so replaying the case gives what it gave before:

>>> born = date(2001, 3, 14)
>>> days = [date(2026, 7, 1), date(2027, 2, 1)]  # 25 on both: born 2 Feb 2001 to 1 Jul 2001
>>> s = surrogate_birth(born, days)
>>> s, [age_on(s, d) for d in days] == [age_on(born, d) for d in days]
(datetime.date(2001, 2, 2), True)
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from migrationpact.cases.events import CATALOGUE
from migrationpact.cases.personal_marker import PERSONAL

Path = tuple[str, ...]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds directly or as optional (not in a list), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _fields(model: type[BaseModel], prefix: Path = ()) -> list[tuple[Path, FieldInfo]]:
    found: list[tuple[Path, FieldInfo]] = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        if PERSONAL in info.metadata:
            found.append((path, info))
        elif (inner := _nested_model(info.annotation)) is not None:
            found += _fields(inner, path)
    return found


@cache
def _personal(event_type: str) -> dict[Path, FieldInfo]:
    return dict(_fields(CATALOGUE.models[event_type]))


def personal_paths(event_type: str) -> tuple[Path, ...]:
    """The paths of the personal fields of ``event_type``, in declaration order (an unknown
    type has none)."""
    if event_type not in CATALOGUE:
        return ()
    return tuple(_personal(event_type))


def erased_value(event_type: str, path: Path) -> Any:
    """What the personal field ``path`` of ``event_type`` reads as once erased: its default
    (a new list each time, so a reader may change it)."""
    value = _default(event_type, path)
    return list(value) if isinstance(value, list) else value


@cache
def _default(event_type: str, path: Path) -> Any:
    # Pydantic inspects a default factory's signature on every call: asked once here.
    return _personal(event_type)[path].get_default(call_default_factory=True)


def all_personal_fields() -> dict[str, tuple[Path, ...]]:
    """Every event type with personal fields and their paths (the documented list)."""
    return {t: p for t in CATALOGUE.types if (p := personal_paths(t))}


def age_on(born: date, day: date) -> int:
    """Age in whole years on ``day`` of a person born on ``born`` (as ``Person.age_on``)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def surrogate_birth(born: date, days: Sequence[date]) -> date:
    """The earliest date of birth that gives the same age as ``born`` on every day of
    ``days``; never ``born`` itself (when only ``born`` fits, the day after: the age then
    differs on at most the one day that is a birthday)."""
    ages = [(day, age_on(born, day)) for day in days]
    candidate = born - timedelta(days=366)
    while candidate < born:
        if all(age_on(candidate, day) == age for day, age in ages):
            return candidate
        candidate += timedelta(days=1)
    return born + timedelta(days=1)
