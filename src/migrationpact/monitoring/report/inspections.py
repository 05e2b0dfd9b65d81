"""The bodies' inspections of one year in the annual report: visits, recommendations, responses.

``inspection_section`` turns the year's counts of each body (``monitoring.inspections.summary``:
what a body's inspections did in the year) into one section of three tables:

- **Visits**: planned for the year (and of those to be unannounced), carried out in the year
  (and of those unannounced), and planned visits cancelled. The lines overlap ("of which"), so
  this table has no total row.
- **Recommendations by authority**, made in the year, with their total.
- **The authorities' responses** to those recommendations, as they stood on the day the report
  is made: on time, late, awaited and not yet due, awaited past the due day. Each
  recommendation is in exactly one of these, so their total is the recommendations' total.

One body's report has one column of counts; the joint report a column per body and their sum
(as the files' sections do). The authorities are named in words in both languages.

>>> from datetime import date
>>> from migrationpact.monitoring.inspections.summary import InspectionSummary
>>> s = InspectionSummary("CRM", 2026, date(2026, 12, 21), planned=2, carried_out=1,
...     recommendations=2, by_authority={"COA": 2}, responded_on_time=1, open=1)
>>> section = inspection_section([s], 2026)
>>> [(r.label.en, r.cells) for r in section.tables[2].rows]  # doctest: +NORMALIZE_WHITESPACE
[('answered on time', (1,)), ('answered late', (0,)), ('awaited, not yet due', (1,)),
 ('awaited, past the due day', (0,)), ('Total', (2,))]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from migrationpact.monitoring.inspections.data import ResponseLimitsBook, default_response_limits
from migrationpact.monitoring.inspections.summary import InspectionSummary
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report import labels
from migrationpact.monitoring.report.model import Chart, CountTable, Section, W, counts_table

#: The authorities an inspection addresses (``inspections.data.InspectedAuthority``), in words.
AUTHORITIES: Mapping[str, Words] = {
    "IND": W("Immigration and Naturalisation Service (IND)",
             "Immigratie- en Naturalisatiedienst (IND)"),
    "KMar": W("Royal Netherlands Marechaussee", "Koninklijke Marechaussee"),
    "COA": W("Central Agency for the Reception of Asylum Seekers (COA)",
             "Centraal Orgaan opvang asielzoekers (COA)"),
    "DJI": W("Custodial Institutions Agency (DJI)", "Dienst Justitiële Inrichtingen (DJI)"),
    "DTenV": W("Repatriation and Departure Service (DTenV)",
               "Dienst Terugkeer en Vertrek (DTenV)"),
}  # fmt: skip

Count = Callable[[InspectionSummary], int]

VISITS: tuple[tuple[Words, Count], ...] = (
    (W("planned for the year", "gepland voor het jaar"), lambda s: s.planned),
    (W("of which to be unannounced", "waarvan onaangekondigd"), lambda s: s.planned_unannounced),
    (W("carried out", "uitgevoerd"), lambda s: s.carried_out),
    (W("of which unannounced", "waarvan onaangekondigd uitgevoerd"),
     lambda s: s.carried_out_unannounced),
    (W("cancelled", "geannuleerd"), lambda s: s.cancelled),
)  # fmt: skip
RESPONSES: tuple[tuple[Words, Count], ...] = (
    (W("answered on time", "op tijd beantwoord"), lambda s: s.responded_on_time),
    (W("answered late", "te laat beantwoord"), lambda s: s.responded_late),
    (W("awaited, not yet due", "wacht op reactie, termijn loopt nog"),
     lambda s: s.open - s.overdue),
    (W("awaited, past the due day", "wacht op reactie, termijn verstreken"),
     lambda s: s.overdue),
)  # fmt: skip


def _table(
    table_id: str,
    caption: Words,
    head: Words,
    summaries: Sequence[InspectionSummary],
    lines: Sequence[tuple[Words, Count]],
    *,
    total_row: bool,
) -> CountTable:
    """A line per count, a column per body (and their sum when there are two)."""
    joint = len(summaries) > 1
    columns = tuple(labels.BODIES[s.body] for s in summaries) if joint else (labels.NUMBER,)
    rows = [(label, [count(s) for s in summaries]) for label, count in lines]
    return counts_table(
        table_id, caption, head, columns, rows, total_row=total_row, total_column=joint
    )


def _authority(code: str) -> Count:
    return lambda s: s.by_authority.get(code, 0)


UNVERIFIED = W(
    "A response is due within the time limit of the edition in force on the day the "
    "recommendation was made; that limit is a working assumption, not yet verified against a "
    "source (docs/monitoring.md).",
    "Een reactie is verwacht binnen de termijn die gold op de dag van de aanbeveling; die "
    "termijn is een werkaanname die nog niet aan een bron is getoetst.",
)


def limits_verified(year: int, book: ResponseLimitsBook | None = None) -> bool:
    """Whether every edition of the response limit in force on a day of ``year`` is verified."""
    files = sorted((book or default_response_limits()).files, key=lambda f: f.valid_from)
    ends = [f.valid_from for f in files[1:]] + [date.max]
    in_year = [
        f
        for f, end in zip(files, ends, strict=True)
        if f.valid_from <= date(year, 12, 31) and end > date(year, 1, 1)
    ]
    return all(f.verified and all(limit.verified for limit in f.limits) for f in in_year)


def inspection_section(
    summaries: Sequence[InspectionSummary], year: int, *, verified: bool = False
) -> Section:
    """The inspections section from the year's counts of each body (one, or both);
    ``verified``: the response limits of the year are verified (else a note says they are
    not)."""
    unknown = {a for s in summaries for a in s.by_authority} - set(AUTHORITIES)
    if unknown:  # a count without its words would be dropped from the report unseen
        raise ValueError(f"no words for the authorities {sorted(unknown)}")
    by_authority = [(words, _authority(code)) for code, words in AUTHORITIES.items()]
    tables = (
        _table("inspections-visits",
               W("Visits planned, carried out and cancelled",
                 "Geplande, uitgevoerde en geannuleerde bezoeken"),
               W("Visits", "Bezoeken"), summaries, VISITS, total_row=False),
        _table("inspections-recommendations",
               W("Recommendations by authority", "Aanbevelingen naar instantie"),
               W("Authority", "Instantie"), summaries, by_authority, total_row=True),
        _table("inspections-responses",
               W("Responses to the recommendations", "Reacties op de aanbevelingen"),
               W("Response", "Reactie"), summaries, RESPONSES, total_row=True),
    )  # fmt: skip
    return Section(
        "inspections",
        W("Inspections", "Inspecties"),
        W(f"The visits planned for or carried out in {year} at the places of screening, the "
          f"border procedure and detention, the recommendations made in {year}, and the "
          "authorities' responses as they stood on the day this report was made.",
          f"De bezoeken die voor {year} gepland waren of in {year} werden uitgevoerd op de "
          "plaatsen van screening, grensprocedure en bewaring, de aanbevelingen uit "
          f"{year}, en de reacties van de instanties zoals ze ervoor stonden op de dag dat "
          "dit verslag werd gemaakt."),
        tables,
        chart=Chart("inspections-recommendations", -1),
        notes=() if verified else (UNVERIFIED,),
    )  # fmt: skip
