"""The indicators from the case data in the annual report: one table per indicator.

The indicators (``monitoring.indicators``) are computed from the newest feed of pseudonymised
case data, which covers every case, not the files of one body. So they are the same figures in
each body's report and in the joint report: one column, not a column per body, and the
section's introduction says so.

``indicator_section`` takes the year's rows (per quarter and for the year, as
``services.monitoring_indicators.indicator_summary`` gives them) and makes, per indicator with a
measurement in the year, a table with a line per quarter and one for the whole year (the sum of
the quarters: each measurement counts in the quarter it began), captioned with the indicator
and the articles it rests on: how many were measured, how many beyond the limit (or, for the
groups in the border procedure, how many in the group) and still running, and beside those
counts the share beyond the limit and the median length in days. The share rests on both
counts and the median on the number measured, so the public version withholds them wherever
those are hidden (``model.FigureColumn``).

>>> rows = [{"indicator": "detention", "period": p, "count": c, "flagged": None, "share": None,
...          "median_days": m, "open": 0, "title": "Length of detention",
...          "title_nl": "Duur van de bewaring", "basis": ["RCD Art. 10"],
...          "basis_nl": ["art. 10 Opvangrichtlijn"]}
...         for p, c, m in (("2026-Q3", 2, 4.5), ("2026", 2, 4.5))]
>>> table = indicator_section(rows, 2026, made_on=date(2026, 12, 1)).tables[0]
>>> [r.cells for r in table.rows], table.figures[0].values
([(0, 0), (0, 0), (2, 0), (0, 0), (2, 0)], (None, None, 4.5, None, 4.5))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from babel.dates import format_date

from migrationpact.monitoring.indicators import BY_ID, INDICATORS
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report import labels
from migrationpact.monitoring.report.model import (
    CountTable,
    FigureColumn,
    Row,
    Section,
    W,
    counts_table,
)

QUARTERS = (
    W("first quarter", "eerste kwartaal"),
    W("second quarter", "tweede kwartaal"),
    W("third quarter", "derde kwartaal"),
    W("fourth quarter", "vierde kwartaal"),
)
#: What a flagged measurement is, by indicator (those that flag).
FLAGGED: Mapping[str, Words] = {
    "screening-border": W("beyond the time limit", "langer dan de termijn"),
    "screening-territory": W("beyond the time limit", "langer dan de termijn"),
    "border-procedure": W("beyond the maximum length", "langer dan de maximale duur"),
    "needs-assessment": W("later than the time limit", "later dan de termijn"),
    "border-minors": W("of whom minors", "waarvan minderjarigen"),
    "border-unaccompanied": W(
        "of whom unaccompanied minors", "waarvan alleenstaande minderjarigen"
    ),
    "border-vulnerable": W("of whom with special needs", "waarvan met bijzondere behoeften"),
}
TITLE = W("Indicators from the case data", "Indicatoren uit de zaakgegevens")
STILL_RUNNING = W("still running", "liep nog")
SHARE = W("share", "aandeel")
MEDIAN = W("median length in days", "mediane duur in dagen")
NO_FEED = W(
    "No case data has been received yet, so there are no indicators.",
    "Er zijn nog geen zaakgegevens ontvangen; er zijn dus geen indicatoren.",
)
NOT_SHARED = W(
    "The newest case data was imported without this body's key, so this report cannot show "
    "its indicators.",
    "De nieuwste zaakgegevens zijn ingelezen zonder de sleutel van deze instantie; dit verslag "
    "kan de indicatoren daarom niet tonen.",
)
FIGURES = W(
    "The public version withholds a share or a median (x) wherever a count it is computed from "
    "is hidden.",
    "De openbare versie laat een aandeel of mediaan weg (x) waar een aantal waaruit het is "
    "berekend, verborgen is.",
)


def _day(day: date, language: str) -> str:
    return format_date(day, format="long", locale=language)


def _table(indicator: str, year: int, found: Mapping[str, Mapping[str, Any]]) -> CountTable:
    """The indicator's table: a line per quarter and the year's line (the quarters' sum)."""
    periods = [f"{year}-Q{n}" for n in range(1, 5)] + [str(year)]
    measure = BY_ID[indicator].measure
    # An indicator that flags has its words here: a missing one fails, not drops a column.
    flags = measure in ("deadline", "border-group")
    timed = measure != "border-group"  # a group in the border procedure has no length

    def count(period: str, name: str) -> int:
        return int(found[period][name] or 0) if period in found else 0

    def figure(period: str, name: str) -> float | None:
        value = found[period][name] if period in found else None
        return float(value) if value is not None else None

    names = ["count", *(["flagged"] if flags else []), *(["open"] if timed else [])]
    columns = (labels.NUMBER, *([FLAGGED[indicator]] if flags else []),
               *([STILL_RUNNING] if timed else []))  # fmt: skip
    rows = [(q, [count(p, n) for n in names]) for q, p in zip(QUARTERS, periods, strict=False)]
    figures = []
    if flags:
        figures.append(FigureColumn(SHARE, "share", (0, 1),
                                    tuple(figure(p, "share") for p in periods)))  # fmt: skip
    if timed:
        figures.append(FigureColumn(MEDIAN, "days", (0,),
                                    tuple(figure(p, "median_days") for p in periods)))  # fmt: skip
    some = next(iter(found.values()))
    en, nl = "; ".join(some["basis"]), "; ".join(some["basis_nl"])
    caption = W(
        f"{some['title']} ({en})" if en else some["title"],
        f"{some['title_nl']} ({nl})" if nl else some["title_nl"],
    )
    table = counts_table(
        f"indicator-{indicator}", caption, W("Quarter", "Kwartaal"), columns, rows,
        total_row=True, figures=figures,
    )  # fmt: skip
    whole = [count(str(year), n) for n in names]
    if list(table.rows[-1].cells) != whole:  # the year is its quarters: else a figure is lost
        raise ValueError(f"{indicator}: the year's counts {whole} are not its quarters' sum")
    year_row = Row(W(f"the year {year}", f"heel {year}"), table.rows[-1].cells)
    return replace(table, rows=(*table.rows[:-1], year_row))


def indicator_section(
    rows: Sequence[Mapping[str, Any]], year: int, *, made_on: date | None, shared: bool = True
) -> Section:
    """The indicators section from the year's rows of the feed made on ``made_on`` (None: no
    feed); ``shared`` False: the feed is not sealed for the report's bodies."""
    by_indicator: dict[str, dict[str, Mapping[str, Any]]] = {}
    for row in rows:
        if row["indicator"] not in BY_ID:
            raise ValueError(f"no indicator {row['indicator']!r}")
        by_indicator.setdefault(row["indicator"], {})[row["period"]] = row
    measured = [i.id for i in INDICATORS if i.id in by_indicator]
    tables = tuple(_table(i, year, by_indicator[i]) for i in measured)
    if made_on is None or not shared:
        intro = W(
            "Indicators from the pseudonymised case data of every case.",
            "Indicatoren uit de gepseudonimiseerde gegevens van alle zaken.",
        )
        why = NO_FEED if made_on is None else NOT_SHARED
        return Section("indicators", TITLE, intro, notes=(why,))
    intro = W(
        f"Indicators from the pseudonymised case data of every case as it stood on "
        f"{_day(made_on, 'en')} (the newest delivery), not from the files of one body: they "
        "are the same in each body's report and in the joint report. Each measurement counts "
        "in the quarter in which it began; what was still running counts up to that day. "
        "Whether a time limit was exceeded is the case-handling system's answer.",
        f"Indicatoren uit de gepseudonimiseerde gegevens van alle zaken zoals ze op "
        f"{_day(made_on, 'nl')} waren (de nieuwste levering), niet uit de dossiers van één "
        "instantie: ze zijn gelijk in het verslag van elke instantie en in het gezamenlijke "
        "verslag. Elke meting telt in het kwartaal waarin ze begon; wat toen nog liep, telt tot "
        "die dag. Het zaaksysteem zegt of een termijn werd overschreden.",
    )
    notes = [FIGURES]
    missing = [i for i in INDICATORS if i.id not in by_indicator]
    if missing:
        notes.append(
            W(
                f"No measurements in {year}: " + "; ".join(i.title["en"] for i in missing) + ".",
                f"Geen metingen in {year}: " + "; ".join(i.title["nl"] for i in missing) + ".",
            )
        )
    return Section("indicators", TITLE, intro, tables, notes=tuple(notes))
