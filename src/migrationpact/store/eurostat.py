"""The Eurostat tables in SQL, over the fact projection (``case_facts``, ``store.facts``).

One statement per table and period: for every way of breaking the table down (each dimension
either by its codes, as its ``TOTAL``, or as one of its aggregates such as ``Y_LT18`` or
``POS``), a ``GROUP BY`` over the period's facts, all joined by ``UNION ALL``. A table of
persons counts ``DISTINCT person`` in every cell, so a person with two applications in a month
counts once in each cell they fall in, and once in the total; a table of requests counts rows.
A flow counts the facts whose day falls in the period; a stock (pending applications) counts
the applications made by the period's last day and not ended by then, with the age on that day
(compared with the birthdays each age class starts from, so the database needs no date
arithmetic). The persons in reception (fact ``reception``) are a stock over the stays at the
sites (``reception_stays``) joined to each case's application fact for the person's
attributes. Only rounding and flags are done afterwards, in ``statistics``.

>>> from datetime import date
>>> born_after(date(2028, 2, 29), 18)
datetime.date(2010, 2, 28)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import product
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)

from migrationpact.statistics import codes
from migrationpact.statistics.periods import Period
from migrationpact.statistics.tables import Table
from migrationpact.store.tables import case_facts, events, reception_stays

f = case_facts.c
r = reception_stays.c

#: The kind of fact counted from the stays at the reception sites rather than from the facts.
RECEPTION = "reception"

#: The column each dimension is read from (``age`` of a stock is computed, see ``_age``).
COLUMNS: Mapping[str, Any] = {
    "citizen": f.citizen,
    "sex": f.sex,
    "age": f.age,
    "applicant": f.code,
    "decision": f.code,
    "withdrawal": f.code,
    "dublin_decision": f.code,
    "partner": f.partner,
    "request": f.request,
    "leg_prov": func.coalesce(f.leg_prov, "UNK"),
}


def aggregates(dimension: str) -> dict[str, list[str]]:
    """The aggregate codes of a dimension besides TOTAL, with the codes each sums up."""
    if dimension == "age":
        totals: dict[str, list[str]] = dict(codes.lists()["age"]["totals"])
        totals.pop("TOTAL", None)
        return totals
    if dimension == "decision":
        return {"POS": [*codes.lists()["decision"]["positive"], "POS"]}
    return {}


def born_after(day: date, years: int) -> date:
    """The latest birthday of someone who is ``years`` old on ``day``: a person born after it
    is younger (29 February becomes 28 February in a year without it)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age(on: date) -> ColumnElement[Any]:
    """The age class on ``on``, from the date of birth."""
    whens: list[tuple[Any, str]] = [(f.birth.is_(None), str(codes.lists()["age"]["unknown"]))]
    for code, below in codes.age_bounds():
        if below is None:
            whens.append((literal(True), code))
            break
        whens.append((f.birth > born_after(on, below), code))
    return case(*whens)


def _in_reception(period: Period) -> list[ColumnElement[bool]]:
    """Applicants living at a site on the period's last day (their application fact joined to
    their stays: ``from_day`` on or before it, not left by then)."""
    return [
        f.fact == "applied",
        f.on_day <= period.last,
        r.from_day <= period.last,
        or_(r.until_day.is_(None), r.until_day > period.last),
    ]


def _facts(table: Table, period: Period) -> list[ColumnElement[bool]]:
    if table.fact == RECEPTION:
        return _in_reception(period)
    where: list[ColumnElement[bool]] = [f.fact == table.fact]
    if table.stock:
        where += [f.on_day <= period.last, or_(f.until_day.is_(None), f.until_day > period.last)]
    else:
        where += [f.on_day >= period.first, f.on_day <= period.last]
    if table.direction is not None:
        where.append(f.direction == table.direction)
    if table.only == "uam":
        where.append(f.uam.is_(True))
    return where


def _choices(dimension: str) -> list[str | None]:
    """How a dimension may be broken down: None by its codes, else one aggregate code."""
    return [None, "TOTAL", *aggregates(dimension)]


def statement(table: Table, period: Period, *, binary: bool = False) -> Any:
    """The one SQL statement that counts every cell of ``table`` in ``period``: the period's
    facts are read once (a common table expression), then grouped every way. ``binary``
    (PostgreSQL): the codes and ids are compared byte by byte (``COLLATE "C"``), which makes
    the sorts behind the grouping and the distinct counts several times cheaper than the
    database's language collation; codes are ASCII, so nothing else changes."""
    column = dict(COLUMNS)
    if table.stock:
        column["age"] = _age(period.last)

    def plain(expression: Any) -> Any:
        return expression.collate("C") if binary else expression

    chosen = select(
        plain(f.person).label("person"),
        *(plain(column[d]).label(d) for d in table.dimensions),
    ).where(and_(*_facts(table, period)))
    if table.fact == RECEPTION:
        chosen = chosen.select_from(case_facts.join(reception_stays, r.case_id == f.case_id))
    base = chosen.cte("facts_in_period")
    counted = func.count(base.c.person.distinct()) if table.unit == "PER" else func.count()
    parts = []
    for choice in product(*(_choices(d) for d in table.dimensions)):
        where: list[ColumnElement[bool]] = []
        shown, grouped = [], []
        for dimension, how in zip(table.dimensions, choice, strict=True):
            col = base.c[dimension]
            named = aggregates(dimension)
            if how is None:
                shown.append(col.label(dimension))
                grouped.append(col)
                if named:  # a leaf row never carries an aggregate's code
                    where.append(col.not_in(list(named)))
            elif how == "TOTAL":
                shown.append(literal(codes.total(dimension)).label(dimension))
            else:
                shown.append(literal(how).label(dimension))
                where.append(col.in_(named[how]))
        query = select(*shown, counted.label("value")).select_from(base).where(and_(true(), *where))
        parts.append(query.group_by(*grouped) if grouped else query)
    return union_all(*parts)


def count_cells(conn: Connection, table: Table, period: Period) -> list[tuple[dict[str, str], int]]:
    """Every non-empty cell of ``table`` in ``period``: its codes and its count, sorted."""
    binary = conn.dialect.name == "postgresql"
    rows = conn.execute(statement(table, period, binary=binary)).mappings()
    cells = [({d: str(r[d]) for d in table.dimensions}, int(r["value"])) for r in rows]
    cells = [(c, n) for c, n in cells if n > 0]
    return sorted(cells, key=lambda cell: tuple(cell[0][d] for d in table.dimensions))


def first_event_day(conn: Connection) -> date | None:
    """The day of the first event of any case (None: no case has an event)."""
    first = conn.execute(
        select(func.min(events.c.occurred_at)).where(events.c.stream_type == "case")
    ).scalar_one()
    return None if first is None else first.date()


def count_tables(
    conn: Connection, tables: Sequence[Table], period: Period
) -> dict[str, list[tuple[dict[str, str], int]]]:
    """``count_cells`` of several tables in one transaction, by table code."""
    return {t.code: count_cells(conn, t, period) for t in tables}
