"""The mark of a personal field: ``Annotated[T, PERSONAL]`` on a field of an event or of a model
an event holds (``Person``, ``ScreeningForm``).

A personal field says who somebody is or what is private about them (a name, a date of birth,
a V-number, a free-text note). The store seals such fields under the person's own data key
before it writes an event, and erasing the person destroys that key (``cases.personal`` lists
the fields, ``store.sealing`` seals them). Pydantic keeps the mark in the field's metadata and
ignores it otherwise, so a marked field validates and serialises as before.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Personal:
    """The marker object; use the one instance ``PERSONAL``."""


PERSONAL = Personal()
