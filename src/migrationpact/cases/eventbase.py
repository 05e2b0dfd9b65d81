"""What every event shares: the moment it happened, a note, and strict reading of its fields.

An event says *what* happened (``type``) and *when* (``occurred_at``: local Dutch time, without
a zone, the moment the act happened — time limits count from it, not from the moment somebody
typed it in). Each kind of event is a frozen pydantic model derived from ``Event`` and declared
in the module of its track (``application``, ``decision``, ``dublin``, ``clocks``, ``lapses``),
beside the code that applies it; ``events`` assembles them into the union the store and the
API read.

The models refuse unknown fields, so a misspelt field is an error rather than a silently lost
fact. Every text is bounded (``MAX_TEXT`` characters, a note included; each list field of a
track names its own bound) and must be valid Unicode: a lone surrogate, which JSON can carry
but UTF-8 cannot, is refused before it reaches the store's hash (an event read back from the
store, ``law.codes.STORED``, was checked so when it was recorded and is not walked again).

The few value types more than one track uses (a local moment, routing facts, the
inadmissibility grounds) live here.

>>> class Example(Event):
...     type: Literal["example"] = "example"
>>> Example(occurred_at="2026-07-02T09:30").occurred_at
datetime.datetime(2026, 7, 2, 9, 30)
>>> try:
...     Example(occurred_at="2026-07-02T09:30+02:00")
... except ValueError as exc:
...     print(exc.errors()[0]["msg"])
Value error, local Dutch time without a zone is needed (got '2026-07-02T09:30+02:00')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from migrationpact.cases.personal_marker import PERSONAL
from migrationpact.law.codes import NationalityCode, is_stored

__all__ = ["MAX_ITEMS", "MAX_TEXT", "Event", "FactsUpdate", "InadmissibilityGround", "LocalMoment"]

#: The longest text an event field holds (a note, a reason, a court's name).
MAX_TEXT = 4000
#: The most items a list field of an event holds (needs, deadlines, citations).
MAX_ITEMS = 50
#: The longest code or name a fact holds (a nationality, a crisis id).
MAX_CODE = 200


def valid_unicode(value: Any) -> Any:
    """Refuse a text anywhere in ``value`` (nested mappings and lists too) that UTF-8 cannot
    encode, such as a lone surrogate; walked without recursion, so deep nesting is no risk.

    >>> valid_unicode({"note": ["fine"]})
    {'note': ['fine']}
    >>> valid_unicode({"note": chr(0xD800)})
    Traceback (most recent call last):
    ...
    ValueError: text must be valid Unicode (a lone surrogate is not)
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("text must be valid Unicode (a lone surrogate is not)") from None
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return value


InadmissibilityGround = Literal["38(1)(a)", "38(1)(b)", "38(1)(c)", "38(1)(d)", "38(1)(e)", "38(2)"]


def _moment(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("local Dutch time without a zone is needed (got a time zone)")
        return value
    if isinstance(value, str) and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                return parsed
            raise ValueError(f"local Dutch time without a zone is needed (got {value!r})")
    raise ValueError(
        f"a date-time YYYY-MM-DDTHH:MM is needed (got {json.dumps(value, default=str)})"
    )


LocalMoment = Annotated[
    datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
            "description": "Local Dutch time without a zone, YYYY-MM-DDTHH:MM",
            "examples": ["2026-07-06T10:00"],
        }
    ),
]


class FactsUpdate(BaseModel):
    """Routing facts (``law.routing.Facts``) recorded or corrected by an event; None = unchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_CODE)

    nationality: NationalityCode | None = None
    age: int | None = Field(default=None, ge=0, le=130)
    unaccompanied: bool | None = None
    security_risk: bool | None = None
    misled_authorities: bool | None = None
    special_needs_unsupported: bool | None = None
    medical_grounds: bool | None = None
    detention_guarantees_unmet: bool | None = None
    border_capacity_reached: bool | None = None
    annual_maximum_reached: bool | None = None
    crisis: str | None = None


def _type_is_required(schema: dict[str, Any]) -> None:
    """In JSON Schema the ``type`` tag is required: it selects the kind of event."""
    required = schema.setdefault("required", [])
    if "type" not in required:
        required.insert(0, "type")


class Event(BaseModel):
    """One act in a case. A kind of event narrows ``type`` to its own literal name."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra=_type_is_required,
        str_max_length=MAX_TEXT,
    )

    if TYPE_CHECKING:
        # For the type checker only: each kind declares ``type: Literal["…"] = "…"`` as its
        # field, and code that holds any event reads ``event.type`` as text.
        type: str

    occurred_at: LocalMoment
    #: Free text about the person or the act: personal, sealed by the store (``cases.personal``).
    note: Annotated[str | None, PERSONAL] = Field(default=None, max_length=MAX_TEXT)

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any, info: ValidationInfo) -> Any:
        if is_stored(info.context):
            return data  # checked before it was stored; a rebuild reads millions of these
        return valid_unicode(data)
