"""The analysts' dashboards: Eurostat counts as monthly series and as breakdowns of one period.

The figures come from the Eurostat use case (``services.eurostat``), the one way this system
counts them: a *series* asks it for each month of a range (one SQL round per month, at most
``MAX_MONTHS``) and picks, for each line of the chart, one cell of one table (``MEASURES``);
a *breakdown* asks it for one period (a month, quarter or year) and reads the cells of one
dimension — citizenship (the ``TOP`` largest and the rest as ``OTHER``), sex or age class —
with the others at their totals. A citizenship filter fixes the citizenship of every cell.

**Small numbers.** Whoever may not single out a person sees the figures as the monitoring
bodies' public report does (``monitoring.report.suppression``, the edition in force today): a
count from 1 up to below the threshold is hidden (``Hidden.SMALL``, "< 5") and, where a total
would give it away, a second count of the same line is withheld (``Hidden.WITHHELD``, "x").
A line is a month of a series whose first line is the total of the others (applicants,
decisions, withdrawals), and the column of a breakdown with its total. Only those who read the
case files themselves see exact figures (``EXACT_ROLES``: IND supervisors and the monitors);
the ministry's analysts and COA's supervisors see suppressed ones (``docs/access.md``). The
hidden cells are replaced here, before any page, chart or CSV is made from them.

Refusals: ``Forbidden`` (no ``statistics.read``) and ``Invalid`` with a ``Text`` a page can
say in its language (a malformed month or period, a range the wrong way round or longer than
``MAX_MONTHS``, a period in the future or before the data start, an unknown measure,
breakdown or citizenship, a combination that does not exist).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.law.codes import is_valid
from migrationpact.law.text import Text
from migrationpact.monitoring.report.model import TOTAL, CountTable, Hidden, Row, W
from migrationpact.monitoring.report.suppression import policy_on, suppress
from migrationpact.services.errors import Invalid
from migrationpact.services.eurostat import EurostatTable, eurostat_table, eurostat_tables
from migrationpact.services.recording import dutch_now
from migrationpact.statistics import codes
from migrationpact.statistics.periods import Period, PeriodError, data_starts, parse
from migrationpact.statistics.periods import check as check_period
from migrationpact.statistics.tables import TABLES
from migrationpact.store.database import read_transaction
from migrationpact.store.eurostat import first_event_day
from migrationpact.store.eventstore import EventStore

__all__ = [
    "BREAKDOWNS",
    "EXACT_ROLES",
    "MAX_MONTHS",
    "MEASURES",
    "OTHER",
    "Breakdown",
    "Cell",
    "Dashboard",
    "Filters",
    "Measure",
    "Series",
    "dashboard",
    "sees_exact",
]

MAX_MONTHS = 36
TOP = 10
#: The code of the citizenships outside the top of a breakdown (not a Eurostat code).
OTHER = "OTHER"
BREAKDOWNS = ("citizen", "sex", "age")
#: Who sees exact figures: those who read the case files the counts are made from anyway.
EXACT_ROLES = frozenset(
    {
        (Organisation.IND, Role.SUPERVISOR),
        (Organisation.INSPECTIE, Role.MONITOR),
        (Organisation.CRM, Role.MONITOR),
    }
)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

Cell = int | Hidden


@dataclass(frozen=True)
class Series:
    """One line of a chart: one cell (``cell``: the codes of the dimensions other than the
    citizenship, which is TOTAL or the filter's) of one table."""

    key: str
    table: str
    cell: Mapping[str, str]


@dataclass(frozen=True)
class Measure:
    """What a chart shows; ``total``: its first series is the total of the others."""

    key: str
    series: tuple[Series, ...]
    total: bool = False

    @property
    def by_person(self) -> bool:
        """Whether its tables have a citizenship, sex and age (all but the Dublin ones)."""
        return all("citizen" in TABLES[s.table].dimensions for s in self.series)


def _by(table: str, dimension: str, keys: Sequence[str]) -> tuple[Series, ...]:
    rest = {d: codes.total(d) for d in TABLES[table].dimensions if d not in ("citizen", dimension)}
    return tuple(Series(k, table, {**rest, dimension: k}) for k in keys)


def _total(table: str, key: str = "TOTAL") -> Series:
    dims = TABLES[table].dimensions
    return Series(key, table, {d: codes.total(d) for d in dims if d != "citizen"})


MEASURES: Mapping[str, Measure] = {
    m.key: m
    for m in (
        Measure("applicants", _by("migr_asyappctzm", "applicant", ("TOTAL", "FRST", "SSEQ")),
                total=True),
        Measure("decisions", _by("migr_asydcfstq", "decision",
                                 ("TOTAL", "POS_RFG", "POS_SPROT", "POS_HUM", "NEG")), total=True),
        Measure("withdrawals", _by("migr_asywitheu", "withdrawal", ("TOTAL", "EXPL", "IMPL")),
                total=True),
        Measure("pending", (_total("migr_asypenctzm"),)),
        Measure("minors", (_total("migr_asyunaa"),)),
        Measure("dublin", (_total("migr_dubro", "migr_dubro"), _total("migr_dubri", "migr_dubri"),
                           _total("migr_dubto", "migr_dubto"),
                           _total("migr_dubti", "migr_dubti"))),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for, as typed (empty: the default)."""

    start: str = ""
    end: str = ""
    measure: str = "applicants"
    breakdown: str = "citizen"
    period: str = ""
    citizenship: str = ""


@dataclass(frozen=True)
class Breakdown:
    """One measure's total in one period by one dimension; the total last."""

    dimension: str
    period: Period
    codes: tuple[str, ...]
    values: tuple[Cell, ...]


@dataclass(frozen=True)
class Dashboard:
    """The figures of one filled-in form (``values``: per month, one cell per series)."""

    filters: Filters
    measure: Measure
    months: tuple[date, ...]
    values: tuple[tuple[Cell, ...], ...]
    breakdown: Breakdown | None
    citizen: str | None
    exact: bool
    threshold: int


def sees_exact(principal: Principal) -> bool:
    """Whether ``principal`` sees exact figures rather than suppressed ones."""
    return (principal.organisation, principal.role) in EXACT_ROLES


def _invalid(text: Text) -> Invalid:
    return Invalid(str(text), text=text)


def _month(text: str) -> date:
    if not _MONTH.match(text):
        raise _invalid(Text("%(value)s is not a month: give it as YYYY-MM.", value=text))
    return date(int(text[:4]), int(text[5:]), 1)


def _add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _range(filters: Filters, today: date, first: date) -> list[date]:
    """The months asked for (by default the last twelve, from the data start at the earliest)."""
    last = _month(filters.end) if filters.end else today.replace(day=1)
    start = _month(filters.start) if filters.start else min(max(_add(last, -11), first), last)
    if start > last:
        raise _invalid(Text("The first month comes after the last month."))
    count = (last.year - start.year) * 12 + last.month - start.month + 1
    if count > MAX_MONTHS:
        raise _invalid(Text("Choose at most %(n)s months.", n=str(MAX_MONTHS)))
    return [_add(start, i) for i in range(count)]


def _check(period: Period, today: date, first_event: date | None, first: date) -> None:
    try:
        check_period(period, today=today, first_event=first_event)
    except PeriodError as exc:
        raise Invalid(
            str(exc),
            text=Text(
                "There are no figures for %(period)s: it lies in the future or before the first "
                "month with data (%(first)s).",
                period=period.text,
                first=first.strftime("%Y-%m"),
            ),
        ) from None


def _citizen(filters: Filters, measure: Measure) -> str | None:
    if not filters.citizenship:
        return None
    if not is_valid("nationality", filters.citizenship):
        raise _invalid(Text("%(value)s is not a citizenship.", value=filters.citizenship))
    if not measure.by_person:
        raise _invalid(Text("The Dublin figures are not counted by citizenship."))
    return codes.citizen(filters.citizenship)


def _value(table: EurostatTable, cell: Mapping[str, str]) -> int:
    for row in table.rows:
        if all(row.codes[d] == c for d, c in cell.items()):
            return row.value
    return 0  # a cell nobody falls in is not a row


def _series_cells(
    answers: Sequence[EurostatTable], measure: Measure, citizen: str | None
) -> tuple[int, ...]:
    by_table = {a.table.code: a for a in answers}
    values = []
    for s in measure.series:
        cell = dict(s.cell)
        if measure.by_person:
            cell["citizen"] = citizen or "TOTAL"
        values.append(_value(by_table[s.table], cell))
    return tuple(values)


def _breakdown(answer: EurostatTable, dimension: str, cell: Mapping[str, str]) -> Breakdown:
    total_code = codes.total(dimension)
    fixed = {d: c for d, c in cell.items() if d != dimension}
    counts = {
        row.codes[dimension]: row.value
        for row in answer.rows
        if all(row.codes[d] == c for d, c in fixed.items())
    }
    total = counts.pop(total_code, 0)
    if dimension == "age":
        order = [c for c, _ in codes.age_bounds()] + [str(codes.lists()["age"]["unknown"])]
    elif dimension == "sex":
        order = [c for c in codes.lists()["sex"]["codes"] if c != total_code]
    else:
        order = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:TOP]
    shown = [(c, counts.get(c, 0)) for c in order]
    if dimension == "citizen":
        shown.append((OTHER, max(0, total - sum(n for _, n in shown))))
    shown.append((total_code, total))
    return Breakdown(
        dimension, answer.period, tuple(c for c, _ in shown), tuple(n for _, n in shown)
    )


def _hide_series(
    measure: Measure, values: list[tuple[int, ...]], threshold: int
) -> list[tuple[Cell, ...]]:
    """The series suppressed: each month a line when the first series is the others' total."""
    if not values:
        return []
    order = [*range(1, len(measure.series)), 0] if measure.total else None
    rows = [tuple(v[i] for i in order) if order else v for v in values]
    heads = tuple(W(s.key, s.key) for s in measure.series)
    table = CountTable("series", TOTAL, TOTAL, heads,
                       tuple(Row(TOTAL, r) for r in rows), total_column=measure.total)  # fmt: skip
    hidden = [row.cells for row in suppress(table, threshold).rows]
    if order is None:
        return hidden
    return [tuple(row[order.index(i)] for i in range(len(order))) for row in hidden]


def _hide_breakdown(breakdown: Breakdown, threshold: int) -> Breakdown:
    rows = tuple(Row(TOTAL, (v if isinstance(v, int) else 0,)) for v in breakdown.values)
    table = CountTable("breakdown", TOTAL, TOTAL, (TOTAL,), rows, total_row=True)
    cells = tuple(row.cells[0] for row in suppress(table, threshold).rows)
    return Breakdown(breakdown.dimension, breakdown.period, breakdown.codes, cells)


def dashboard(
    *, store: EventStore, principal: Principal, filters: Filters, today: date | None = None
) -> Dashboard:
    """The figures ``filters`` ask for, as ``principal`` may see them (see the module text)."""
    measure = MEASURES.get(filters.measure)
    if measure is None:
        raise _invalid(Text("%(value)s is not a measure.", value=filters.measure))
    dimension = filters.breakdown if measure.by_person else ""
    if dimension not in (*BREAKDOWNS, ""):
        raise _invalid(Text("%(value)s is not a breakdown.", value=filters.breakdown))
    citizen = _citizen(filters, measure)
    if citizen is not None and dimension == "citizen":
        raise _invalid(Text("Break the figures of one citizenship down by sex or by age."))
    day = today or dutch_now(store).date()
    with read_transaction(store.engine) as conn:
        first_event = first_event_day(conn)
    first = max(data_starts(), first_event or data_starts()).replace(day=1)
    months = _range(filters, day, first)
    for month in (months[0], months[-1]):
        _check(parse(month.strftime("%Y-%m")), day, first_event, first)
    try:
        period = parse(filters.period or months[-1].strftime("%Y-%m"))
    except PeriodError:
        raise _invalid(
            Text("%(value)s is not a period: give YYYY-MM, YYYY-Qn or YYYY.", value=filters.period)
        ) from None
    _check(period, day, first_event, first)
    tables = sorted({s.table for s in measure.series})
    values = [
        _series_cells(
            eurostat_tables(store=store, principal=principal, tables=tables,
                            period=m.strftime("%Y-%m"), today=day),
            measure, citizen,
        )
        for m in months
    ]  # fmt: skip
    breakdown = None
    if dimension:
        head = measure.series[0]
        answer = eurostat_table(
            store=store, principal=principal, table=head.table, period=period.text, today=day
        )
        breakdown = _breakdown(answer, dimension, {**head.cell, "citizen": citizen or "TOTAL"})
    exact = sees_exact(principal)
    threshold = policy_on(day).threshold
    shown: list[tuple[Cell, ...]] = list(values)
    if not exact:
        shown = _hide_series(measure, values, threshold)
        breakdown = breakdown and _hide_breakdown(breakdown, threshold)
    return Dashboard(
        filters, measure, tuple(months), tuple(shown), breakdown, citizen, exact, threshold
    )
