"""The Eurostat tables for every front end: one table (or all of one period) as rows.

``eurostat_table`` answers one table for one period, ``eurostat_tables`` every table that may be
made for a period (a month gives all tables, each labelled with the month; a quarter or year
the same), and ``TABLES`` lists what exists. The rows carry the exact count, the count rounded
to the nearest 5 and the provisional flag (``statistics.output.Row``); the writers of
``statistics.output`` turn them into SDMX-CSV, CSV or JSON.

Only counts leave: the person ids stay in the store, so like the other statistics the read is
not written to the access log. Access: ``statistics.read``. Refusals: ``Forbidden`` and
``Invalid`` (an unknown table; a malformed period, one in the future or before the data start).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.recording import dutch_now
from migrationpact.statistics.output import WRITERS, Row, check
from migrationpact.statistics.periods import Period, PeriodError, is_provisional, parse
from migrationpact.statistics.periods import check as check_period
from migrationpact.statistics.tables import TABLES, Table, UnknownTableError, table
from migrationpact.store.database import read_transaction
from migrationpact.store.eurostat import count_tables, first_event_day
from migrationpact.store.eventstore import EventStore

__all__ = ["FORMATS", "TABLES", "EurostatTable", "eurostat_table", "eurostat_tables"]

FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class EurostatTable:
    """One table of one period: its rows, checked against the code lists."""

    table: Table
    period: Period
    rows: tuple[Row, ...]

    def text(self, format: str) -> str:
        """The table as ``format`` (sdmx-csv, csv or json)."""
        return WRITERS[format](self.table, self.period, self.rows)


def _allow(principal: Principal) -> None:
    refuse_unless(principal, Action.STATISTICS_READ)


def _tables(codes: list[str]) -> list[Table]:
    try:
        return [table(code) for code in codes]
    except UnknownTableError as exc:
        raise Invalid(str(exc)) from None


def eurostat_tables(
    *, store: EventStore, principal: Principal, tables: list[str] | None, period: str,
    today: date | None = None,
) -> list[EurostatTable]:  # fmt: skip
    """The tables named (None: all) for ``period`` (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``)."""
    _allow(principal)
    wanted = _tables(sorted(TABLES) if tables is None else tables)
    day = today or dutch_now(store).date()
    try:
        asked = parse(period)
    except PeriodError as exc:
        raise Invalid(str(exc)) from None
    with read_transaction(store.engine) as conn:
        try:
            check_period(asked, today=day, first_event=first_event_day(conn))
        except PeriodError as exc:
            raise Invalid(str(exc)) from None
        counted = count_tables(conn, wanted, asked)
    flag = "p" if is_provisional(asked, day) else ""
    answers = []
    for t in wanted:
        rows = tuple(Row(cell, value, flag) for cell, value in counted[t.code])
        check(t, rows)
        answers.append(EurostatTable(t, asked, rows))
    return answers


def eurostat_table(
    *, store: EventStore, principal: Principal, table: str, period: str, today: date | None = None
) -> EurostatTable:
    """One table for ``period`` (see ``eurostat_tables``)."""
    found = eurostat_tables(
        store=store, principal=principal, tables=[table], period=period, today=today
    )
    return found[0]
