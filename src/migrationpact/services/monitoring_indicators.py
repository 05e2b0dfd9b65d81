"""The register's side of the feed: importing it, the indicators, and re-identification requests.

Only the monitors of the two bodies use these, each for their own body (the same check as the
files: ``services.monitoring``); every other principal is refused before anything is read.

- ``import_feed``: a feed made by the case-handling system (``services.monitoring_feed``) is
  verified on receipt — its hash chain, its first and last records, every record — and kept
  sealed and read-only in the register; a feed that does not verify is refused whole with the
  first bad line, and nothing is written.
- ``indicators``: the indicators of the newest feed per month, quarter or year
  (``monitoring.indicators``), each with the articles it rests on; the read is logged in the
  register (``monitor_reads``). ``indicator_summary(register, year)`` gives the year's rows for
  the annual report.
- ``request_reidentification`` / ``record_answer``: a body asks for the case behind a pseudonym
  for a stated purpose; the case system's answer (``monitor feed resolve``) is recorded against
  the request. Both are in the register's re-identification log, sealed for the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.law.law import Law
from migrationpact.law.periods.moments import DUTCH_TIME, dutch_today
from migrationpact.law.text import Text
from migrationpact.monitoring.feed_records import (
    PSEUDONYM,
    FeedCase,
    FeedDeadline,
    FeedEvent,
    FeedStay,
)
from migrationpact.monitoring.indicators import (
    BY_ID,
    INDICATORS,
    PERIODS,
    citations,
    measure,
    summarise,
)
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store import feed as store_feed
from migrationpact.monitoring_store.feed import FeedRefusedError, VerifiedFeed
from migrationpact.monitoring_store.register import Register
from migrationpact.services.errors import Invalid, NotFound
from migrationpact.services.monitoring import _authorise, _bad_input, _log

#: The longest stated purpose of a re-identification request.
MAX_PURPOSE = 2000
REQUEST = re.compile(r"^REID-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def import_feed(
    *, register: Register, principal: Principal, body: str, lines: Iterable[str | bytes]
) -> dict[str, Any]:
    """Verify and keep a feed; what was imported (records, head hash, when it was made)."""
    body = _authorise(register, principal, body, "feed.import")
    try:
        feed = store_feed.verify_feed(lines)
        with _bad_input():
            store_feed.store_feed(
                register.engine,
                register.keys,
                feed,
                actor=principal.actor,
                organisation=principal.organisation.value,
                at=register.clock(),
            )
    except FeedRefusedError as exc:
        raise Invalid(str(exc), kind="feed-refused") from exc
    return {
        "records": len(feed.records),
        "head": feed.head,
        "made_at": feed.header.made_at.isoformat(timespec="seconds") + "Z",
    }


def newest_feed(register: Register, body: str) -> VerifiedFeed | None:
    """The newest imported feed, opened with ``body``'s key (None: no feed yet)."""
    rows = store_feed.feed_rows(register.engine)
    if not rows:
        return None
    try:
        with _bad_input():
            return store_feed.open_feed(register.engine, register.keys, rows[0].id, body)
    except FeedRefusedError as exc:
        raise Invalid(str(exc), kind="feed-refused") from exc


def _indicator_rows(
    feed: VerifiedFeed, period: str, year: int | None, language: str = "en"
) -> list[dict[str, Any]]:
    law, day = Law.default(), feed.header.made_at.date()
    # The feed's moments are Dutch local time; the moment it was made is UTC.
    made = feed.header.made_at.replace(tzinfo=UTC).astimezone(DUTCH_TIME).replace(tzinfo=None)
    rows = []
    for row in summarise(measure(feed.records, made), period, year=year):
        indicator = BY_ID[row.indicator]
        basis = citations(indicator, law.book, day)
        rows.append(
            {
                **row.to_dict(),
                "title": indicator.title["en"],
                "title_nl": indicator.title["nl"],
                "basis": [b.cite() for b in basis],
                "basis_nl": [b.cite_nl() for b in basis],
            }
        )
    return rows


def indicators(
    *,
    register: Register,
    principal: Principal,
    body: str,
    period: str = "month",
    year: int | None = None,
) -> dict[str, Any]:
    """The indicators of the newest feed, per ``period`` (of ``year`` only, if given)."""
    if period not in PERIODS:
        raise Invalid(f"period: one of {', '.join(PERIODS)} is needed, got {period!r}")
    body = _authorise(register, principal, body, "indicators")
    feed = newest_feed(register, body)
    _log(register, principal, "indicators", None, "granted")
    if feed is None:
        return {"feed": None, "period": period, "rows": [], "indicators": _catalogue(None)}
    return {
        "feed": {
            "made_at": feed.header.made_at.isoformat(timespec="seconds") + "Z",
            "records": len(feed.records),
            "head": feed.head,
        },
        "period": period,
        "rows": _indicator_rows(feed, period, year),
        "indicators": _catalogue(feed.header.made_at.date()),
    }


def _catalogue(day: date | None) -> list[dict[str, Any]]:
    """Every indicator with its titles and the articles it rests on (on ``day``, else today)."""
    law = Law.default()
    found = []
    for indicator in INDICATORS:
        basis = citations(indicator, law.book, day or dutch_today())
        found.append(
            {
                "id": indicator.id,
                "title": indicator.title["en"],
                "title_nl": indicator.title["nl"],
                "basis": [b.cite() for b in basis],
                "basis_nl": [b.cite_nl() for b in basis],
            }
        )
    return found


def indicator_summary(
    register: Register, year: int, *, body: str | None = None
) -> list[dict[str, Any]]:
    """The indicators of ``year`` per quarter and for the year, from the newest feed, for the
    annual report: rows of ``indicator``, ``period``, ``count``, ``flagged``, ``share``,
    ``median_days``, ``open``, titles and articles (English and Dutch). Opened with ``body``'s
    key, else with that of the first body this register process holds; empty without a
    feed."""
    holder = body or next((b for b in BODIES if b in register.keys.keys), None)
    if holder is None:
        raise Invalid("the register process holds no body's key to open the feed with")
    feed = newest_feed(register, holder)
    if feed is None:
        return []
    return _indicator_rows(feed, "quarter", year) + _indicator_rows(feed, "year", year)


def _refuse(text: Text) -> None:
    """Bad input as ``Invalid``, with its sentence for a page to say in its language."""
    raise Invalid(str(text), kind="reidentify", text=text)


def _pseudonyms(feed: VerifiedFeed) -> set[str]:
    return {
        r.case
        for r in feed.records
        if isinstance(r, FeedCase | FeedDeadline | FeedEvent | FeedStay)
    }


def request_reidentification(
    *, register: Register, principal: Principal, body: str, pseudonym: str, purpose: str
) -> str:
    """Log a request for the case behind ``pseudonym`` for ``purpose``; its reference."""
    body = _authorise(register, principal, body, "reidentify.request")
    if not PSEUDONYM.match(pseudonym):
        _refuse(Text("%(pseudonym)s is not a pseudonym (P- and 16 letters)", pseudonym=pseudonym))
    purpose = purpose.strip()
    if not purpose or len(purpose) > MAX_PURPOSE:
        _refuse(Text("A request states its purpose, in 1 to %(most)s characters", most=MAX_PURPOSE))
    feed = newest_feed(register, body)
    if feed is None or pseudonym not in _pseudonyms(feed):
        _refuse(Text("Pseudonym %(pseudonym)s is not in the newest feed", pseudonym=pseudonym))
    request = store_feed.new_request()
    with _bad_input():
        store_feed.log_reidentification(
            register.engine,
            register.keys,
            request=request,
            kind="request",
            body=body,
            actor=principal.actor,
            at=register.clock(),
            data={"pseudonym": pseudonym, "purpose": purpose},
        )
    return request


def record_answer(
    *,
    register: Register,
    principal: Principal,
    body: str,
    request: str,
    pseudonym: str,
    case_id: str,
) -> None:
    """Record the case system's answer to ``request``: the case id behind its pseudonym."""
    body = _authorise(register, principal, body, "reidentify.answer")
    entries = _entries(register, body)
    asked = next((e for e in entries if e.request == request and e.kind == "request"), None)
    if asked is None:
        raise NotFound(f"no re-identification request {request} of {body}", kind="reidentify")
    if any(e.request == request and e.kind == "answer" for e in entries):
        raise Invalid(f"request {request} has its answer already", kind="reidentify")
    if asked.data["pseudonym"] != pseudonym:
        raise Invalid(
            f"the answer is for {pseudonym}; request {request} asked about "
            f"{asked.data['pseudonym']}",
            kind="reidentify",
        )
    if not case_id or len(case_id) > 64:
        raise Invalid("the answer needs the case id (at most 64 characters)", kind="reidentify")
    with _bad_input():
        store_feed.log_reidentification(
            register.engine,
            register.keys,
            request=request,
            kind="answer",
            body=body,
            actor=principal.actor,
            at=register.clock(),
            data={"pseudonym": pseudonym, "case_id": case_id},
        )


def _entries(register: Register, body: str) -> list[store_feed.ReidEntry]:
    with _bad_input():
        return store_feed.reidentifications(register.engine, register.keys, body)


def reidentification_log(
    *, register: Register, principal: Principal, body: str
) -> list[dict[str, Any]]:
    """The body's requests, each with its purpose and, once answered, the case id."""
    body = _authorise(register, principal, body, "reidentify.read")
    _log(register, principal, "reidentify.read", None, "granted")
    found: dict[str, dict[str, Any]] = {}
    for e in _entries(register, body):
        item = found.setdefault(
            e.request, {"request": e.request, "case_id": None, "answered_at": None}
        )
        if e.kind == "request":
            item.update(
                pseudonym=e.data["pseudonym"],
                purpose=e.data["purpose"],
                requested_at=e.at.isoformat(timespec="seconds") + "Z",
                by=e.actor,
            )
        else:
            item.update(
                case_id=e.data["case_id"], answered_at=e.at.isoformat(timespec="seconds") + "Z"
            )
    return list(found.values())
