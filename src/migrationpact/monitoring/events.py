"""The events of a monitoring file, and the limits on what a signal may carry.

Every event has its ``type`` and ``occurred_at`` (when it was recorded, Dutch local time). A
signal's content is required and at most ``MAX_CONTENT`` characters; its attachments are
described here (name, media type, size, SHA-256 digest; the register keeps the bytes sealed
beside the event, ``monitoring.attachments`` checks them), at most ``MAX_ATTACHMENTS`` of them,
each at most ``MAX_ATTACHMENT_BYTES`` and together at most ``MAX_ATTACHMENTS_BYTES``. A case
reference is pseudonymous (the case id or a pseudonym of the feed, never a name). Input of the
wrong shape is a ``MonitoringEventError`` naming the first problem, before any rule is asked.

>>> try:
...     parse_monitoring_event({"type": "signal_received", "occurred_at": "2026-07-01T10:00",
...         "received_at": "2026-07-01T09:00", "source": "ngo", "channel": "email",
...         "content": "   "})
... except MonitoringEventError as exc:
...     print(exc)
signal_received: content: a signal needs content
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from migrationpact.law.problems import event_types, first_problem
from migrationpact.monitoring.vocabulary import (
    Authority,
    Body,
    Channel,
    CloseReason,
    Kind,
    OutsideBody,
    Phase,
    Right,
    Source,
)

MAX_CONTENT = 20_000
MAX_NOTE = 4_000
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024
CASE_REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
RULE_ID = r"^[A-Z][A-Z0-9-]{1,31}$"


class MonitoringEventError(ValueError):
    """An event that does not have the shape of one (bad input, before any rule): ``where`` the
    field (dotted), ``error_type`` the model's kind of complaint (pydantic's error type), so a
    page can say it in its own language."""

    def __init__(self, message: str, *, where: str = "", error_type: str = "") -> None:
        super().__init__(message)
        self.where = where
        self.error_type = error_type


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(value: str, what: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError(f"a {what} needs content")
    return stripped


class Attachment(_Model):
    """What the submitter attached, described; the bytes are kept sealed beside the event,
    and ``sha256`` (their digest; absent on a file recorded before the bytes were kept) ties
    them to this record and its hash chain."""

    name: str = Field(min_length=1, max_length=200)
    media_type: str = Field(pattern=r"^[a-z]+/[A-Za-z0-9.+-]+$", max_length=100)
    size_bytes: int = Field(ge=0)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("size_bytes")
    @classmethod
    def _size(cls, value: int) -> int:
        if value > MAX_ATTACHMENT_BYTES:
            raise ValueError(
                f"an attachment is at most {MAX_ATTACHMENT_BYTES} bytes, this one {value}"
            )
        return value


class _Event(_Model):
    occurred_at: datetime


class SignalReceived(_Event):
    """A signal came in: it opens the file. ``phase``, ``rights`` and ``kind`` are what the
    submitter indicated (the intake routes on them; the triage decides)."""

    type: Literal["signal_received"] = "signal_received"
    received_at: datetime
    source: Source
    channel: Channel
    content: str = Field(max_length=MAX_CONTENT)
    case_reference: str | None = Field(default=None, pattern=CASE_REFERENCE)
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=MAX_ATTACHMENTS)
    phase: Phase | None = None
    rights: tuple[Right, ...] = ()
    kind: Kind | None = None
    concerns_child: bool = False
    about_conduct: bool = False
    observed_by: Body | None = None

    @field_validator("content")
    @classmethod
    def _content(cls, value: str) -> str:
        return _text(value, "signal")

    @model_validator(mode="after")
    def _whole(self) -> Self:
        total = sum(a.size_bytes for a in self.attachments)
        if total > MAX_ATTACHMENTS_BYTES:
            raise ValueError(
                f"the attachments are at most {MAX_ATTACHMENTS_BYTES} bytes together, these {total}"
            )
        if (self.source == "own-observation") != (self.observed_by is not None):
            raise ValueError("observed_by names the body of an own observation, and only then")
        return self


class Routed(_Event):
    """The intake's decision: the body that keeps the file and, for a complaint that belongs
    elsewhere, the complaint body it was referred out to; with the rule and why."""

    type: Literal["routed"] = "routed"
    to: Body
    referred_out: OutsideBody | None = None
    rule: str = Field(pattern=RULE_ID)
    edition: date
    why: str = Field(min_length=1, max_length=MAX_NOTE)
    verified: bool


class Triaged(_Event):
    type: Literal["triaged"] = "triaged"
    kind: Kind
    phase: Phase
    rights: tuple[Right, ...] = Field(min_length=1)
    note: str | None = Field(default=None, max_length=MAX_NOTE)

    @field_validator("rights")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("each right is named once")
        return tuple(sorted(value, key=int))


class Referred(_Event):
    """Referred to the competent authority; ``follow_up_due`` overrides the limit's date."""

    type: Literal["referred"] = "referred"
    authority: Authority
    follow_up_due: date | None = None
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class OutcomeRecorded(_Event):
    """An outcome: an authority's answer to a referral, or (no authority) the body's own."""

    type: Literal["outcome_recorded"] = "outcome_recorded"
    authority: Authority | None = None
    outcome: str = Field(max_length=MAX_NOTE)
    decided_on: date

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, value: str) -> str:
        return _text(value, "outcome")


class Closed(_Event):
    type: Literal["closed"] = "closed"
    reason: CloseReason
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class Shared(_Event):
    """The file is shared with the other body, which may then read it."""

    type: Literal["shared"] = "shared"
    with_body: Body
    note: str | None = Field(default=None, max_length=MAX_NOTE)


MonitoringEvent = Annotated[
    SignalReceived | Routed | Triaged | Referred | OutcomeRecorded | Closed | Shared,
    Field(discriminator="type"),
]
#: Every event type of the kind, in the order of the union above (read off it: one list).
EVENT_TYPES: tuple[str, ...] = event_types(MonitoringEvent)


def event_parser(union: Any) -> Callable[[Any], Any]:
    """The reader of a register stream's events (a file's, an inspection's) from JSON data:
    the event, or one ``MonitoringEventError`` naming the first problem."""
    adapter: TypeAdapter[Any] = TypeAdapter(union)

    def parse(data: Any) -> Any:
        try:
            return adapter.validate_python(data)
        except ValidationError as exc:
            problem = first_problem(exc, data)
            raise MonitoringEventError(
                str(problem), where=problem.where, error_type=problem.error_type
            ) from None

    return parse


#: A file's event from its JSON data (``event_parser``).
parse_monitoring_event = event_parser(MonitoringEvent)


def event_data(event: Any) -> dict[str, Any]:
    """The whole event as JSON data (what the register seals and stores)."""
    data: dict[str, Any] = event.model_dump(mode="json")
    return data
