"""The case-handling system's side of the monitoring feed: making it, and answering who is behind a
pseudonym.

``make_feed`` reads every case of the case store — its events and its projection (the state with
the deadlines the rule book gave it) — and writes what the monitoring bodies' indicators need,
with no name, no free text and no case id: each case is named by its pseudonym under the feed
key (``MIGRATIONPACT_FEED_KEY``, held by the case-handling system only). Per case: its procedure
and whether the applicant is a minor, unaccompanied or has special needs; the deadlines of the
rules the indicators count (screening, border procedure, special-needs assessment), each with
whether it was exceeded as the case system decides it (lapsed, met late by
``cases.lateness``, or still open after its end now); the application, detentions, releases and
legal counselling with their moments; and the stays of the case's household in Dublin shelter
locations. The lines are hash-chained (``monitoring_store.feed``), first a feed record, last an
end record.

``resolve_pseudonym`` finds the case id behind a pseudonym with the same key: the case system's
answer to a body's re-identification request, which the body then records in its register.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.law.periods.moments import DUTCH_TIME
from migrationpact.monitoring.feed_records import EVENT_TYPES, FEED_VERSION, PSEUDONYM
from migrationpact.monitoring.indicators import DUBLIN_SHELTER, INDICATORS
from migrationpact.monitoring_store.feed import chain_records, key_id, pseudonym
from migrationpact.reception.sites.events import HouseholdLeft, HouseholdPlaced
from migrationpact.services.errors import Invalid
from migrationpact.services.settings_model import read_settings
from migrationpact.store.eventstore import EventStore
from migrationpact.store.hashing import utc_text
from migrationpact.store.reception_sites import read_site_events, read_sites
from migrationpact.store.records import EventRecord

ENV_FEED_KEY = "MIGRATIONPACT_FEED_KEY"
#: The rules whose deadlines go into the feed: those the indicators count.
FEED_RULES = frozenset(r for i in INDICATORS for r in i.rules)


def feed_key(text: str | None = None) -> bytes:
    """The case system's feed key: ``text``, else ``$MIGRATIONPACT_FEED_KEY`` (32 characters or
    more); ``Invalid`` when there is none."""
    if text is None:
        configured = read_settings().feed_key
        text = configured.get_secret_value() if configured else ""
    value = text
    if len(value) < 32:
        raise Invalid(
            f"the feed needs the case system's feed key: set {ENV_FEED_KEY} (at least 32 "
            "characters, kept by the case-handling system only)",
            kind="feed-key",
        )
    return value.encode("utf-8")


def _local(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _minor(state: CaseState) -> bool | None:
    if state.facts.age is not None:
        return state.facts.age < 18
    when = state.made_at or state.first_event_at
    if state.person is None or when is None:
        return None
    return state.person.is_minor_on(when.date())


def _vulnerable(state: CaseState) -> bool | None:
    """Special needs: an assessment found a category (RCD Art. 24), or the facts say so."""
    needs = state.reception_needs
    signs = (
        bool(needs and needs.categories),
        state.facts.special_needs_unsupported is True,
        state.facts.medical_grounds is True,
        state.procedural_guarantees_signal is True,
    )
    if any(signs):
        return True
    return False if needs is not None else None


def _beyond(entry: DeadlineEntry, now: datetime) -> bool:
    """Exceeded as the case system decides it: lapsed, met late, or running past its end."""
    if entry.status == "lapsed":
        return True
    if entry.is_running:
        return now >= entry.ends_at
    return entry_lateness(entry).late


def _started(entry: DeadlineEntry) -> datetime:
    start: Any = entry.started_on
    return start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)


def case_records(
    state: CaseState, history: list[EventRecord], key: bytes, now: datetime
) -> Iterator[dict[str, Any]]:
    """The feed records of one case (``now``: the local moment the feed is made)."""
    p = pseudonym(key, state.case_id)
    yield {
        "kind": "case",
        "case": p,
        "procedure": state.procedure,
        "minor": _minor(state),
        "unaccompanied": state.facts.unaccompanied,
        "vulnerable": _vulnerable(state),
    }
    for entry in state.deadlines:
        if entry.rule_id in FEED_RULES:
            closed = entry.closed_at if not entry.is_running else None
            yield {
                "kind": "deadline",
                "case": p,
                "rule": entry.rule_id,
                "status": entry.status,
                "started": _local(_started(entry)),
                "closed_at": _local(closed) if closed else None,
                "beyond": _beyond(entry, now),
            }
    for record in history:
        if record.type in EVENT_TYPES:
            line: dict[str, Any] = {
                "kind": "event",
                "case": p,
                "type": record.type,
                "at": _local(record.occurred_at),
            }
            if record.type == "detained":
                line["ground"] = record.payload.get("ground")
            yield line


def dublin_stays(store: EventStore, key: bytes) -> Iterator[dict[str, Any]]:
    """The stays of households in Dublin shelter locations, one record per case of a household.
    A household that moved to another unit of the same site stays on."""
    shelters = {row.site["site_id"] for row in read_sites(store.engine, location_type="DOL")}
    for site_id, site_events in read_site_events(store.engine).items():
        if site_id not in shelters:
            continue
        open_: dict[str, tuple[Any, tuple[str, ...]]] = {}
        moving: dict[str, tuple[Any, tuple[str, ...], Any]] = {}
        closed: list[tuple[Any, Any, tuple[str, ...]]] = []
        for event in site_events:
            if isinstance(event, HouseholdPlaced):
                if event.household in moving:
                    start, cases, _ = moving.pop(event.household)
                    open_[event.household] = (start, cases)
                elif event.household not in open_:
                    open_[event.household] = (event.placed_on, tuple(event.cases))
            elif isinstance(event, HouseholdLeft) and event.household in open_:
                start, cases = open_.pop(event.household)
                if event.reason == "moved":
                    moving[event.household] = (start, cases, event.left_on)
                else:
                    closed.append((start, event.left_on, cases))
        closed += [(start, left, cases) for start, cases, left in moving.values()]
        closed += [(start, None, cases) for start, cases in open_.values()]
        for start, end, cases in closed:
            for case_id in cases:
                yield {
                    "kind": "stay",
                    "case": pseudonym(key, case_id),
                    "location_type": DUBLIN_SHELTER,
                    "from": start.isoformat(),
                    "to": end.isoformat() if end else None,
                }


def make_feed(*, store: EventStore, key: bytes, made_at: datetime | None = None) -> list[str]:
    """The feed of every case in ``store`` as hash-chained lines (``made_at``: naive UTC, the
    store's clock unless given)."""
    made = made_at or store.clock()
    now = made.replace(tzinfo=UTC).astimezone(DUTCH_TIME).replace(tzinfo=None)
    records: list[dict[str, Any]] = [
        {"kind": "feed", "version": FEED_VERSION, "made_at": utc_text(made), "key_id": key_id(key)}
    ]
    histories: dict[str, list[EventRecord]] = {}
    for record in store.records():
        histories.setdefault(record.case_id, []).append(record)
    for case_id, history in sorted(histories.items()):
        state = store.state(case_id)
        if state is not None:
            records.extend(case_records(state, history, key, now))
    records.extend(dublin_stays(store, key))
    records.append({"kind": "end", "records": len(records)})
    return chain_records(records)


def resolve_pseudonym(*, store: EventStore, key: bytes, pseudonym_: str) -> str:
    """The case id behind ``pseudonym_`` under ``key``; ``Invalid`` if no case has it."""
    if not PSEUDONYM.match(pseudonym_):
        raise Invalid(f"{pseudonym_!r} is not a pseudonym (P- and 16 letters)", kind="pseudonym")
    ids = {record.case_id for record in store.records()}
    for case_id in sorted(ids):
        if pseudonym(key, case_id) == pseudonym_:
            return case_id
    raise Invalid(
        f"no case of this store has pseudonym {pseudonym_} under this feed key", kind="pseudonym"
    )
