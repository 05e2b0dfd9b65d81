"""The records of the pseudonymised feed of case events, as the register reads them.

The case-handling system sends the monitoring bodies a *feed*: what the indicators need of every
case, with no name, no free text and no case id. A case is named by its *pseudonym*, a keyed
hash of its id (``P-`` and 16 letters; the key stays with the case-handling system, so the
register cannot turn a pseudonym back into a case id). Each line of the feed holds one record:

- ``feed``: the first record: the layout's ``version``, when the feed was made (``made_at``,
  UTC) and which pseudonymisation key made it (``key_id``, a fingerprint);
- ``case``: what the case is: its ``procedure`` (border, regular, …) and whether the applicant
  is a minor, unaccompanied, or has special needs (``vulnerable``), or null when not known;
- ``deadline``: one time limit of a rule of the rule book as the case system computed it:
  ``rule``, ``status`` (open, met, suspended, lapsed, cancelled), ``started`` (the moment it
  started), ``closed_at`` (null while open), and whether it was exceeded: ``beyond`` (lapsed, met
  late, or still open after its end when the feed was made);
- ``event``: one act with its moment (``at``): ``application_made``, ``detained`` (with its
  ``ground``), ``released``, ``legal_counselling_provided``;
- ``stay``: a stay of the case's household in a reception location of ``location_type`` (a
  Dublin shelter location is ``DOL``), ``from`` and ``to`` (null: still there);
- ``end``: the last record: how many records came before it.

``parse_record`` checks one record and returns it as a frozen value; anything else — an unknown
kind or field, a missing field, a value of the wrong shape — is a ``FeedError`` naming the field.

>>> record = parse_record({"kind": "event", "case": "P-ABCDEFGHJKLMNPQR", "type": "released",
...                        "at": "2026-07-03T10:00:00"})
>>> record.type, record.at.isoformat()
('released', '2026-07-03T10:00:00')
>>> parse_record({"kind": "case", "case": "C-1", "procedure": "border"})
Traceback (most recent call last):
...
migrationpact.monitoring.feed_records.FeedError: case: 'C-1' is not a pseudonym (P- and 16 \
letters or digits)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: The feed's layout; a feed of another version is refused.
FEED_VERSION = 1
#: A case's pseudonym: ``P-`` and 16 characters of base32 (no padding).
PSEUDONYM = re.compile(r"^P-[A-Z2-7]{16}$")
EVENT_TYPES = ("application_made", "detained", "released", "legal_counselling_provided")
STATUSES = ("open", "met", "suspended", "lapsed", "cancelled")
#: The longest text field a record may carry (procedure, rule id, location type, ground).
MAX_CODE = 64


class FeedError(ValueError):
    """A record (or a feed) the register does not accept; the message names the problem."""


@dataclass(frozen=True)
class FeedHeader:
    version: int
    made_at: datetime
    key_id: str


@dataclass(frozen=True)
class FeedCase:
    case: str
    procedure: str
    minor: bool | None
    unaccompanied: bool | None
    vulnerable: bool | None


@dataclass(frozen=True)
class FeedDeadline:
    case: str
    rule: str
    status: str
    started: datetime
    closed_at: datetime | None
    beyond: bool


@dataclass(frozen=True)
class FeedEvent:
    case: str
    type: str
    at: datetime
    ground: str | None = None


@dataclass(frozen=True)
class FeedStay:
    case: str
    location_type: str
    start: date
    end: date | None


@dataclass(frozen=True)
class FeedEnd:
    records: int


Record = FeedHeader | FeedCase | FeedDeadline | FeedEvent | FeedStay | FeedEnd

_FIELDS: Mapping[str, tuple[str, ...]] = {
    "feed": ("version", "made_at", "key_id"),
    "case": ("case", "procedure", "minor", "unaccompanied", "vulnerable"),
    "deadline": ("case", "rule", "status", "started", "closed_at", "beyond"),
    "event": ("case", "type", "at", "ground"),
    "stay": ("case", "location_type", "from", "to"),
    "end": ("records",),
}
_OPTIONAL = {"ground", "minor", "unaccompanied", "vulnerable", "closed_at", "to"}


def _code(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > MAX_CODE:
        raise FeedError(f"{key}: a code of 1 to {MAX_CODE} characters is needed, got {value!r}")
    return value


def _pseudonym(data: Mapping[str, Any]) -> str:
    value = data.get("case")
    if not isinstance(value, str) or not PSEUDONYM.match(value):
        raise FeedError(f"case: {value!r} is not a pseudonym (P- and 16 letters or digits)")
    return value


def _moment(data: Mapping[str, Any], key: str, *, optional: bool = False) -> datetime | None:
    value = data.get(key)
    if value is None and optional:
        return None
    try:
        moment = datetime.fromisoformat(str(value).removesuffix("Z"))
    except ValueError:
        raise FeedError(f"{key}: a moment YYYY-MM-DDTHH:MM:SS is needed, got {value!r}") from None
    if not isinstance(value, str) or moment.tzinfo is not None:
        raise FeedError(f"{key}: a moment without a time zone is needed, got {value!r}")
    return moment


def _day(data: Mapping[str, Any], key: str, *, optional: bool = False) -> date | None:
    value = data.get(key)
    if value is None and optional:
        return None
    try:
        if isinstance(value, str) and len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise FeedError(f"{key}: a day YYYY-MM-DD is needed, got {value!r}")


def _flag(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise FeedError(f"{key}: true, false or null is needed, got {value!r}")
    return value


def parse_record(data: Any) -> Record:
    """One record of a feed, checked (see the module text); ``FeedError`` if it is not one."""
    if not isinstance(data, dict):
        raise FeedError("a record must be a JSON object")
    kind = data.get("kind")
    if kind not in _FIELDS:
        raise FeedError(f"kind: one of {', '.join(_FIELDS)} is needed, got {kind!r}")
    allowed = _FIELDS[str(kind)]
    unknown = sorted(set(data) - {"kind", *allowed})
    if unknown:
        raise FeedError(f"unknown field(s) {', '.join(unknown)} in a {kind} record")
    missing = [k for k in allowed if k not in data and k not in _OPTIONAL]
    if missing:
        raise FeedError(f"missing field(s) {', '.join(missing)} in a {kind} record")
    if kind == "feed":
        if data["version"] != FEED_VERSION:
            raise FeedError(f"version: this register reads feeds of version {FEED_VERSION}")
        return FeedHeader(FEED_VERSION, _need(_moment(data, "made_at")), _code(data, "key_id"))
    if kind == "end":
        records = data["records"]
        if not isinstance(records, int) or isinstance(records, bool) or records < 1:
            raise FeedError(f"records: a whole number from 1 is needed, got {records!r}")
        return FeedEnd(records)
    case = _pseudonym(data)
    if kind == "case":
        return FeedCase(
            case,
            _code(data, "procedure"),
            _flag(data, "minor"),
            _flag(data, "unaccompanied"),
            _flag(data, "vulnerable"),
        )
    if kind == "deadline":
        status = _code(data, "status")
        if status not in STATUSES:
            raise FeedError(f"status: one of {', '.join(STATUSES)} is needed, got {status!r}")
        beyond = _flag(data, "beyond")
        if beyond is None:
            raise FeedError("beyond: true or false is needed")
        return FeedDeadline(
            case,
            _code(data, "rule"),
            status,
            _need(_moment(data, "started")),
            _moment(data, "closed_at", optional=True),
            beyond,
        )
    if kind == "event":
        type_ = _code(data, "type")
        if type_ not in EVENT_TYPES:
            raise FeedError(f"type: one of {', '.join(EVENT_TYPES)} is needed, got {type_!r}")
        ground = _code(data, "ground") if data.get("ground") is not None else None
        return FeedEvent(case, type_, _need(_moment(data, "at")), ground)
    start = _need(_day(data, "from"))
    end = _day(data, "to", optional=True)
    if end is not None and end < start:
        raise FeedError(f"to: a stay cannot end ({end}) before it began ({start})")
    return FeedStay(case, _code(data, "location_type"), start, end)


def _need(value: Any) -> Any:
    if value is None:  # only reached for a field the record requires
        raise FeedError("a required moment is missing")
    return value
