"""Retention and erasure in the store: which cases are due, and erasing a person by destroying
their key.

``due_cases`` lists the closed cases whose retention has ended (``law.retention``), from the
days the store holds: when the biometric data were taken, the registration, the closing.

``erase_case`` erases one case's person in one transaction:

1. refuses what it must not do, writing nothing: an unknown or already erased case; a case
   whose events hold personal fields in clear (written before revision 0022: ``privacy
   reseal`` seals them first, ``store.reseal``); a case not due yet, unless forced;
2. works out the *surrogate date of birth*: the earliest day of birth that gives the person the
   same age on every day the case's routing and statistics asked it (each event's day, each
   fact's day, and each month's last day in between, on which the stock tables count), so the
   statistics and a rebuild stay as they were, while the date itself is not kept (never the
   true date: if only the true date fits, the day after). The month and year of birth may
   still be read off it, as they may be read off the ages the statistics publish;
3. empties the wrapped key (``person_keys``) and records the erasure (``person_erasures``: who,
   when, which case and pseudonym, the reason, the rule; no personal data);
4. replays the case with its sealed fields read as erased and writes its projections again
   (``case_states``, ``deadlines``, ``case_people``, ``case_facts``), so that no plain copy is
   left in them.

Afterwards the freed bytes are cleaned: SQLite zeroes freed cells (``PRAGMA secure_delete``, on
for every connection: ``store.database``) and the write-ahead log is checkpointed and truncated;
PostgreSQL's touched tables are vacuumed (their dead rows' bytes may stay in the files until
the pages are reused: docs/operations.md). The events, their hashes and ``audit verify`` are not
touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from migrationpact.cases.personal import surrogate_birth
from migrationpact.law.law import Law
from migrationpact.law.periods import add_months
from migrationpact.law.retention import ErasureDue, RetentionFacts, erasure_due
from migrationpact.store.database import is_sqlite, read_transaction, write_transaction
from migrationpact.store.errors import CaseNotFoundError, StoreError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.facts import fact_rows
from migrationpact.store.rebuild import project
from migrationpact.store.records import EventRecord
from migrationpact.store.sealing import Erased, Keyring, has_plain_personal, kek_id
from migrationpact.store.states import read_state
from migrationpact.store.streams import CASE, kind
from migrationpact.store.tables import case_states, events, person_erasures, person_keys

_DAYS = ("biometrics_taken", "application_registered", "case_closed")


class ErasureRefusedError(StoreError):
    """The erasure was refused; nothing was written (the message says why, in one line)."""


@dataclass(frozen=True)
class DueCase:
    """A case and when its personal data are due for erasure."""

    case_id: str
    pseudonym: str | None
    closed_on: date | None
    due: ErasureDue

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "pseudonym": self.pseudonym,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "due_on": self.due.due_on.isoformat() if self.due.due_on else None,
            "rule_id": self.due.rule_id,
            "verified": self.due.verified,
        }


@dataclass(frozen=True)
class Erasure:
    """What ``erase_case`` did."""

    case_id: str
    pseudonym: str | None
    rule_id: str | None
    due_on: date | None
    forced: bool
    at: datetime
    #: The row of ``person_erasures`` that records it.
    id: int = 0

    def line(self) -> str:
        forced = ", before it was due" if self.forced else ""
        return (
            f"erased the personal data of case {self.case_id} (pseudonym {self.pseudonym}; "
            f"rule {self.rule_id or 'none'}, due {self.due_on or 'never'}{forced}): its key is "
            "destroyed, its events and chain are kept"
        )


def _days(conn: Connection, case_ids: Sequence[str]) -> dict[str, dict[str, date]]:
    """The first day of each retention-relevant event of ``case_ids``, by case and type."""
    e = events.c
    query = (
        select(e.case_id, e.type, func.min(e.occurred_at))
        .where(e.stream_type == CASE, e.type.in_(_DAYS), e.case_id.in_(list(case_ids)))
        .group_by(e.case_id, e.type)
    )
    found: dict[str, dict[str, date]] = {}
    for case_id, type_, moment in conn.execute(query):
        found.setdefault(case_id, {})[type_] = moment.date()
    return found


def _retention(days: dict[str, date]) -> RetentionFacts:
    return RetentionFacts(
        biometrics_on=days.get("biometrics_taken"),
        registered_on=days.get("application_registered"),
        closed_on=days.get("case_closed"),
    )


def due_cases(store: EventStore, *, on: date) -> list[DueCase]:
    """The closed, not yet erased cases whose personal data are due for erasure on ``on``."""
    c, k = case_states.c, person_keys.c
    erased = select(k.case_id).where(k.erased_at.is_not(None))
    query = (
        select(c.case_id, c.state)
        .where(c.stage == "closed", c.case_id.not_in(erased))
        .order_by(c.case_id)
    )
    due: list[DueCase] = []
    with read_transaction(store.engine) as conn:
        rows = list(conn.execute(query))
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            days = _days(conn, [r.case_id for r in chunk])
            for row in chunk:
                facts = _retention(days.get(row.case_id, {}))
                when = erasure_due(facts)
                if when.due_on is not None and when.due_on <= on:
                    person = (row.state or {}).get("person") or {}
                    due.append(DueCase(row.case_id, person.get("pseudonym"), facts.closed_on,
                                       when))  # fmt: skip
    return due


def stored_records(conn: Connection, case_id: str) -> list[EventRecord]:
    """The events of case ``case_id`` in seq order, as stored (sealed fields sealed)."""
    e = events.c
    query = select(events).where(e.stream_type == CASE, e.case_id == case_id).order_by(e.seq)
    return [EventRecord.from_row(r) for r in conn.execute(query)]


def _surrogate(state: Any, opened: Sequence[EventRecord], case_id: str) -> date | None:
    person = state.person
    if person is None or person.date_of_birth is None:
        return None
    days = {r.occurred_at.date() for r in opened}
    days |= {row["on_day"] for row in fact_rows(case_id, state)}
    # The stock tables count ages on the last day of each reporting period (a month end).
    day, last = min(days), max(days)
    while day <= last:
        day = add_months(day.replace(day=1), 1) - timedelta(days=1)
        days.add(day)
        day += timedelta(days=1)
    return surrogate_birth(person.date_of_birth, sorted(days))


def erase_case(
    store: EventStore,
    *,
    case_id: str,
    reason: str,
    actor: str,
    organisation: str,
    on: date,
    force_before_due: bool = False,
) -> Erasure:
    """Erase the person of ``case_id`` (see the module text); ``ErasureRefusedError`` or
    ``CaseNotFoundError`` when refused, with nothing written."""
    if not reason.strip():
        raise ErasureRefusedError("a reason is needed (without names: it is kept in clear)")
    at = store.clock()
    with write_transaction(store.engine) as conn:
        query = select(case_states.c.state).where(case_states.c.case_id == case_id)
        if conn.dialect.name == "postgresql":
            # Appends to the case wait (they lock the same row), so none is sealed with the
            # key this erasure destroys or left out of the projection it writes again.
            query = query.with_for_update()
        found = conn.execute(query).scalar_one_or_none()
        if found is None:
            raise CaseNotFoundError(case_id)
        state = read_state(conn, case_id, found)
        keyring = Keyring()
        key = keyring.key(conn, case_id)
        if isinstance(key, Erased):
            raise ErasureRefusedError(f"case {case_id}: the person's data were erased before")
        stored = stored_records(conn, case_id)
        plain = [r.seq for r in stored if has_plain_personal(r.type, r.payload)]
        if plain:
            raise ErasureRefusedError(
                f"case {case_id}: events {plain[:5]} hold personal fields in clear (recorded "
                "before revision 0022); seal them first with `migrationpact privacy reseal`"
            )
        due = erasure_due(_retention(_days(conn, [case_id]).get(case_id, {})))
        forced = due.due_on is None or due.due_on > on
        if forced and not force_before_due:
            when = due.due_on.isoformat() if due.due_on else "not yet (the case is open)"
            raise ErasureRefusedError(
                f"case {case_id}: not due for erasure before {when}; "
                "--force-before-due erases it now"
            )
        opened = keyring.open_all(conn, stored)
        surrogate = _surrogate(state, opened, case_id)
        _destroy_key(conn, case_id, key is not None, at, actor, surrogate)
        pseudonym = state.person.pseudonym if state.person else None
        inserted = conn.execute(
            insert(person_erasures).values(
                at=at, case_id=case_id, pseudonym=pseudonym, actor=actor,
                organisation=organisation, reason=reason.strip(), rule_id=due.rule_id,
                due_on=due.due_on, forced=forced,
            )
        ).inserted_primary_key  # fmt: skip
        erasure_id = int(inserted[0]) if inserted is not None else 0
        erased = Keyring(keys={case_id: Erased(surrogate)}, replay=True)
        _project_again(conn, case_id, erased.open_all(conn, stored), store.law)
    _clean_files(store)
    return Erasure(case_id, pseudonym, due.rule_id, due.due_on, forced, at, erasure_id)


def _destroy_key(
    conn: Connection, case_id: str, has_row: bool, at: datetime, actor: str,
    surrogate: date | None,
) -> None:  # fmt: skip
    k = person_keys.c
    values = {"wrapped": None, "erased_at": at, "erased_by": actor, "surrogate_birth": surrogate}
    if has_row:
        conn.execute(update(person_keys).where(k.case_id == case_id).values(**values))
    else:  # a case without personal data: its erasure is recorded all the same
        conn.execute(insert(person_keys).values(case_id=case_id, kek_id="-", created_at=at,
                                                **values))  # fmt: skip


def _project_again(conn: Connection, case_id: str, records: list[EventRecord], law: Law) -> None:
    """Replace the case's projection rows by those of a replay of ``records``."""
    rows, _ = project(case_id, records, law)
    projectors = kind(CASE).projectors
    for projector in reversed(projectors):  # the rows that refer to the case's state first
        table = projector.table
        conn.execute(delete(table).where(table.c.case_id == case_id))
    for projector in projectors:
        if rows.get(projector.table.name):
            conn.execute(insert(projector.table), rows[projector.table.name])


def _clean_files(store: EventStore) -> None:
    """Let no freed bytes of the erased rows stay behind (see the module text)."""
    if is_sqlite(store.engine):
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    tables = [p.table.name for p in kind(CASE).projectors] + [person_keys.name]
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in tables:
            conn.exec_driver_sql(f"VACUUM {name}")


def erased_cases(store: EventStore) -> dict[str, datetime]:
    """The erased cases and when they were erased."""
    k = person_keys.c
    with read_transaction(store.engine) as conn:
        rows = conn.execute(select(k.case_id, k.erased_at).where(k.erased_at.is_not(None)))
        return {r.case_id: r.erased_at for r in rows}


def is_erased(conn: Connection, case_id: str) -> bool:
    """Whether the person of ``case_id`` was erased."""
    k = person_keys.c
    query = select(k.erased_at).where(k.case_id == case_id, k.erased_at.is_not(None))
    return conn.execute(query).first() is not None


def rotate_kek(store: EventStore, *, old: bytes, new: bytes) -> int:
    """Wrap every data key that ``old`` wrapped with ``new`` instead, in one transaction
    (keys of erased cases are gone and stay gone); the number of keys rewrapped. The data keys
    themselves do not change, so no event is touched."""
    if old == new:
        raise ErasureRefusedError("the new key-encryption key is the old one")
    before, after = Keyring(kek=old), Keyring(kek=new)
    k = person_keys.c
    done = 0
    with write_transaction(store.engine) as conn:
        live = select(k.case_id, k.wrapped, k.kek_id).where(k.wrapped.is_not(None))
        for row in list(conn.execute(live)):
            if row.kek_id == kek_id(new):
                continue  # wrapped by the new KEK already (a rotation run twice)
            data_key = before.unwrap_raw(row.case_id, row.wrapped, row.kek_id)
            values = after.wrap(row.case_id, data_key)
            conn.execute(update(person_keys).where(k.case_id == row.case_id).values(**values))
            done += 1
    return done
