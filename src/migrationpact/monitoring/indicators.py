"""Indicators from the feed: how often the time limits were exceeded, and how long things took.

Each indicator measures something in every case of a feed (``monitoring.feed_records``) and puts
each measurement in the period in which it *began* (the month, quarter or year the screening,
the border procedure, the detention, the application or the stay began). Per period it gives:
how many were measured (``count``), how many of them are flagged (``flagged``: beyond the time
limit; for the border-procedure groups: a minor, an unaccompanied minor, a person with special
needs), their share, the median length in days, and how many were still running when the feed
was made (``open``; their length is counted up to that moment).

Whether a time limit was exceeded is never decided here: the case-handling system computed its
deadlines with the rule book (``law``), and the feed says of each whether it lapsed, was met
late, or was still open after its end (``beyond``). The register only counts. The article an
indicator rests on comes from the rule book's rule (``citations``) where there is one, else it
is named with the indicator (``basis``).

The indicators:

| id | measures | flagged | basis |
|---|---|---|---|
| screening-border | SCR-01 deadlines (external border) | beyond 7 days | SR Art. 8(3) |
| screening-territory | SCR-03 deadlines (in the territory) | beyond 3 days | SR Art. 8(4) |
| border-procedure | APR-16/17 deadlines | beyond 12 (16) weeks | APR Art. 51(2) |
| needs-assessment | RCD-02 deadlines | later than 30 days | RCD Art. 25(1) |
| border-minors | cases in the border procedure | a minor | APR Art. 53 |
| border-unaccompanied | cases in the border procedure | unaccompanied | APR Art. 53(1) |
| border-vulnerable | cases in the border procedure | special needs | APR Art. 53(2) |
| detention | detention periods (detained → released) | — | RCD Art. 10 |
| counselling | applications → first legal counselling | — | APR Art. 16 |
| dublin-shelter | stays in a Dublin shelter location (DOL) | — | RCD Art. 21 |

>>> from datetime import datetime
>>> made = datetime(2026, 9, 1)
>>> records = [FeedDeadline("P-AAAAAAAAAAAAAAAA", "SCR-01", "met", datetime(2026, 7, 1, 9),
...                         datetime(2026, 7, 10, 9), True)]
>>> [(r.period, r.count, r.flagged, r.median_days) for r in
...  summarise(measure(records, made), "month") if r.indicator == "screening-border"]
[('2026-07', 1, 1, 9.0)]
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.rulebook.book import RuleBook
from migrationpact.monitoring.feed_records import (
    FeedCase,
    FeedDeadline,
    FeedEvent,
    FeedStay,
    Record,
)

Period = Literal["month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("month", "quarter", "year")
Measure_ = Literal["deadline", "border-group", "detention", "counselling", "stay"]
_DAY = 86400.0


@dataclass(frozen=True)
class Indicator:
    id: str
    title: Mapping[str, str]
    measure: Measure_
    rules: tuple[str, ...] = ()
    flag: str = ""
    basis: tuple[LegalBasis, ...] = ()


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "screening-border",
        {
            "en": "Screening at the external border beyond its time limit",
            "nl": "Screening aan de buitengrens langer dan de termijn",
        },
        "deadline",
        ("SCR-01",),
    ),
    Indicator(
        "screening-territory",
        {
            "en": "Screening in the territory beyond its time limit",
            "nl": "Screening op het grondgebied langer dan de termijn",
        },
        "deadline",
        ("SCR-03",),
    ),
    Indicator(
        "border-procedure",
        {
            "en": "Border procedure beyond its maximum length",
            "nl": "Grensprocedure langer dan de maximale duur",
        },
        "deadline",
        ("APR-16", "APR-17"),
    ),
    Indicator(
        "needs-assessment",
        {
            "en": "Special reception needs assessed later than the time limit",
            "nl": "Bijzondere opvangbehoeften later beoordeeld dan de termijn",
        },
        "deadline",
        ("RCD-02",),
    ),
    Indicator(
        "border-minors",
        {"en": "Minors in the border procedure", "nl": "Minderjarigen in de grensprocedure"},
        "border-group",
        flag="minor",
        basis=(LegalBasis("APR", "53"),),
    ),
    Indicator(
        "border-unaccompanied",
        {
            "en": "Unaccompanied minors in the border procedure",
            "nl": "Alleenstaande minderjarigen in de grensprocedure",
        },
        "border-group",
        flag="unaccompanied",
        basis=(LegalBasis("APR", "53", "1"),),
    ),
    Indicator(
        "border-vulnerable",
        {
            "en": "People with special needs in the border procedure",
            "nl": "Personen met bijzondere behoeften in de grensprocedure",
        },
        "border-group",
        flag="vulnerable",
        basis=(LegalBasis("APR", "53", "2"),),
    ),
    Indicator(
        "detention",
        {"en": "Length of detention", "nl": "Duur van de bewaring"},
        "detention",
        basis=(LegalBasis("RCD", "10"),),
    ),
    Indicator(
        "counselling",
        {
            "en": "Time from the application to the first legal counselling",
            "nl": "Tijd van de aanvraag tot de eerste rechtsvoorlichting",
        },
        "counselling",
        basis=(LegalBasis("APR", "16"),),
    ),
    Indicator(
        "dublin-shelter",
        {"en": "Stays in a Dublin shelter location", "nl": "Verblijf in een Dublinonderdaklocatie"},
        "stay",
        basis=(LegalBasis("RCD", "21"),),
    ),
)
BY_ID: Mapping[str, Indicator] = {i.id: i for i in INDICATORS}
BORDER_RULES = ("APR-16", "APR-17")
DUBLIN_SHELTER = "DOL"


@dataclass(frozen=True)
class Measurement:
    """One thing measured in one case: when it began, how long (days), flagged, still open."""

    indicator: str
    case: str
    began: date
    days: float | None
    flagged: bool
    open: bool


@dataclass(frozen=True)
class Row:
    """One indicator in one period."""

    indicator: str
    period: str
    count: int
    flagged: int | None
    share: float | None
    median_days: float | None
    open: int

    def to_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "period": self.period,
            "count": self.count,
            "flagged": self.flagged,
            "share": self.share,
            "median_days": self.median_days,
            "open": self.open,
        }


def _days(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / _DAY)


def measure(records: Iterable[Record], made_at: datetime) -> list[Measurement]:
    """Every measurement of every indicator in ``records`` (a feed made at ``made_at``)."""
    found: list[Measurement] = []
    cases: dict[str, FeedCase] = {}
    border_start: dict[str, datetime] = {}
    events: dict[str, list[FeedEvent]] = {}
    for record in records:
        if isinstance(record, FeedCase):
            cases[record.case] = record
        elif isinstance(record, FeedDeadline):
            found.extend(_deadline(record, made_at))
            if record.rule in BORDER_RULES:
                first = border_start.get(record.case)
                border_start[record.case] = min(record.started, first or record.started)
        elif isinstance(record, FeedEvent):
            events.setdefault(record.case, []).append(record)
        elif isinstance(record, FeedStay) and record.location_type == DUBLIN_SHELTER:
            end = record.end or made_at.date()
            found.append(
                Measurement(
                    "dublin-shelter",
                    record.case,
                    record.start,
                    float((end - record.start).days),
                    False,
                    record.end is None,
                )
            )
    for case, began in border_start.items():
        facts = cases.get(case)
        for indicator in (i for i in INDICATORS if i.measure == "border-group"):
            flagged = facts is not None and getattr(facts, indicator.flag) is True
            found.append(Measurement(indicator.id, case, began.date(), None, flagged, False))
    for case, acts in events.items():
        found.extend(_from_events(case, sorted(acts, key=lambda e: e.at), made_at))
    return found


def _deadline(record: FeedDeadline, made_at: datetime) -> list[Measurement]:
    running = record.status in ("open", "suspended")
    end = made_at if running else record.closed_at
    days = _days(record.started, end) if end is not None else None
    return [
        Measurement(i.id, record.case, record.started.date(), days, record.beyond, running)
        for i in INDICATORS
        if i.measure == "deadline" and record.rule in i.rules
    ]


def _from_events(case: str, acts: Sequence[FeedEvent], made_at: datetime) -> list[Measurement]:
    """Detention periods (each ``detained`` to the next ``released``) and the time from the
    application to the first legal counselling after it."""
    found: list[Measurement] = []
    detained: datetime | None = None
    for act in acts:
        if act.type == "detained" and detained is None:
            detained = act.at
        elif act.type == "released" and detained is not None:
            found.append(
                Measurement(
                    "detention", case, detained.date(), _days(detained, act.at), False, False
                )
            )
            detained = None
    if detained is not None:
        found.append(
            Measurement("detention", case, detained.date(), _days(detained, made_at), False, True)
        )
    made = next((a.at for a in acts if a.type == "application_made"), None)
    if made is not None:
        counselled = next(
            (a.at for a in acts if a.type == "legal_counselling_provided" and a.at >= made), None
        )
        days = _days(made, counselled) if counselled is not None else None
        found.append(Measurement("counselling", case, made.date(), days, False, days is None))
    return found


def period_of(day: date, period: str) -> str:
    """The period ``day`` falls in: ``2026-07``, ``2026-Q3`` or ``2026``.

    >>> period_of(date(2026, 8, 31), "month"), period_of(date(2026, 8, 31), "quarter")
    ('2026-08', '2026-Q3')
    """
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return str(day.year)
    raise ValueError(f"period: one of {', '.join(PERIODS)} is needed, got {period!r}")


def summarise(
    measurements: Iterable[Measurement], period: str, *, year: int | None = None
) -> list[Row]:
    """Per indicator and period (of ``year`` only, if given): the counts, the flagged share,
    the median days; indicators in their order, periods in time order."""
    groups: dict[tuple[str, str], list[Measurement]] = {}
    for m in measurements:
        if year is None or m.began.year == year:
            groups.setdefault((m.indicator, period_of(m.began, period)), []).append(m)
    order = {i.id: n for n, i in enumerate(INDICATORS)}
    rows = []
    for (indicator, when), group in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0][1])):
        limited = BY_ID[indicator].measure in ("deadline", "border-group")
        flagged = sum(m.flagged for m in group) if limited else None
        lengths = [m.days for m in group if m.days is not None]
        rows.append(
            Row(
                indicator=indicator,
                period=when,
                count=len(group),
                flagged=flagged,
                share=round(flagged / len(group), 4) if flagged is not None else None,
                median_days=round(statistics.median(lengths), 1) if lengths else None,
                open=sum(m.open for m in group),
            )
        )
    return rows


def citations(indicator: Indicator, book: RuleBook, day: date) -> list[LegalBasis]:
    """What ``indicator`` rests on: its rules' legal basis in the rule book in force on ``day``
    (a rule not in force then is left out), else the basis named with it."""
    if not indicator.rules:
        return list(indicator.basis)
    rules = book.at(day)
    found: list[LegalBasis] = []
    for rule_id in indicator.rules:
        if rule_id in rules:
            found += [c.basis() for c in rules.get(rule_id).legal_basis]
    return list(dict.fromkeys(found))
