"""The first problem of a tagged event's data, in one line: ``kind: field: message``.

Every kind of stream (a reception site's, a monitoring file's) reads its events from JSON data
with a pydantic union tagged by ``type``; when the data is not an event of the kind, the person
gets one line naming the event type, the field and what is wrong. ``first_problem`` says it, and
keeps the field and pydantic's kind of complaint apart, so a page can say it in its own words.

>>> from typing import Annotated, Literal
>>> from pydantic import BaseModel, Field, TypeAdapter, ValidationError
>>> class Opened(BaseModel):
...     type: Literal["opened"] = "opened"
...     places: int
>>> class Closed(BaseModel):
...     type: Literal["closed"] = "closed"
>>> events = TypeAdapter(Annotated[Opened | Closed, Field(discriminator="type")])
>>> data = {"type": "opened", "places": "many"}
>>> try:
...     events.validate_python(data)
... except ValidationError as exc:
...     problem = first_problem(exc, data)
>>> problem.where, problem.error_type
('places', 'int_parsing')
>>> str(problem).split(",")[0]
'opened: places: Input should be a valid integer'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """What was wrong: the event ``kind`` (its ``type``), ``where`` (the dotted field, or
    ``event``), the model's ``message`` and its ``error_type``."""

    kind: str
    where: str
    message: str
    error_type: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.message}"


def event_types(union: Any) -> tuple[str, ...]:
    """Every event type of a tagged union (``Annotated[A | B, Field(discriminator="type")]``),
    in the union's order: read off it, so no hand-kept list can fall out of step.

    >>> from typing import Annotated, Literal
    >>> from pydantic import BaseModel, Field
    >>> class Opened(BaseModel):
    ...     type: Literal["opened"] = "opened"
    >>> class Closed(BaseModel):
    ...     type: Literal["closed"] = "closed"
    >>> event_types(Annotated[Opened | Closed, Field(discriminator="type")])
    ('opened', 'closed')
    """
    return tuple(model.model_fields["type"].default for model in get_args(get_args(union)[0]))


def first_problem(exc: ValidationError, data: Any) -> Problem:
    """The first complaint of ``exc``, raised when ``data`` was read as a tagged event (the
    union's tag is the first part of each error's location, and is left out)."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"][1:]) or "event"
    kind = data.get("type", "event") if isinstance(data, dict) else "event"
    message = str(err["msg"]).removeprefix("Value error, ")
    return Problem(kind=str(kind), where=where, message=message, error_type=str(err["type"]))
