"""The indicators section of the annual report, worked by hand from a small feed.

Screening at the external border (SR Art. 8(3): at most 7 days, rule SCR-01), four screenings;
the case system said of each whether it went beyond the limit. The feed was made Wed 12 Aug
2026 12:00.

- D started Mon 2 Feb 10:00, completed Fri 6 Feb 10:00: 4 days, within (first quarter);
- A started Wed 1 Jul 09:00, completed Sun 5 Jul 09:00: 4 days, within;
- B started Fri 10 Jul 08:00, lapsed Mon 20 Jul 08:00: 10 days, beyond;
- C started Sun 2 Aug 12:00, still open when the feed was made: 10 days so far, beyond.

First quarter: 1 measured, 0 beyond (0 %), median 4 days, none running. Third quarter: 3, 2
beyond (66.67 %), median of 4, 10, 10 = 10 days, 1 running. The year: 4, 2 beyond (50 %),
median of 4, 4, 10, 10 = 7 days, 1 running. Case B's border procedure (APR-16) began Tue 14 Jul;
B is a minor, not unaccompanied: the border groups count 1 case, 1 minor (100 %), 0
unaccompanied (0 %).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.monitoring.feed_records import FeedCase, FeedDeadline, Record
from migrationpact.monitoring.indicators import BY_ID, INDICATORS, measure, summarise
from migrationpact.monitoring.report.indicators import indicator_section
from migrationpact.monitoring.report.model import CountTable, Hidden, Section
from migrationpact.monitoring.report.suppression import suppress

A, B, C, D = (f"P-{x * 16}" for x in "ABCD")
MADE = datetime(2026, 8, 12, 12, 0)
RECORDS: list[Record] = [
    FeedDeadline(D, "SCR-01", "met", datetime(2026, 2, 2, 10), datetime(2026, 2, 6, 10), False),
    FeedDeadline(A, "SCR-01", "met", datetime(2026, 7, 1, 9), datetime(2026, 7, 5, 9), False),
    FeedDeadline(B, "SCR-01", "lapsed", datetime(2026, 7, 10, 8), datetime(2026, 7, 20, 8), True),
    FeedDeadline(C, "SCR-01", "open", datetime(2026, 8, 2, 12), None, True),
    FeedCase(B, "border", True, False, None),
    FeedDeadline(B, "APR-16", "open", datetime(2026, 7, 14, 9), None, False),
]
#: The articles as the service gives them (from the rule book; named here by hand).
BASIS = {
    "screening-border": (["SR Art. 8(3)"], ["art. 8, derde lid, Screeningsverordening"]),
    "border-procedure": (["APR Art. 51(2)"], ["art. 51, tweede lid, Procedureverordening"]),
    "border-minors": (["APR Art. 53"], ["art. 53 Procedureverordening"]),
    "border-unaccompanied": (["APR Art. 53(1)"], ["art. 53, eerste lid, Procedureverordening"]),
    "border-vulnerable": (["APR Art. 53(2)"], ["art. 53, tweede lid, Procedureverordening"]),
}


def feed_rows(year: int = 2026) -> list[dict[str, Any]]:
    """The rows ``services.monitoring_indicators.indicator_summary`` gives for ``RECORDS``."""
    found = []
    for period in ("quarter", "year"):
        for row in summarise(measure(RECORDS, MADE), period, year=year):
            indicator = BY_ID[row.indicator]
            en, nl = BASIS[row.indicator]
            titles = {"title": indicator.title["en"], "title_nl": indicator.title["nl"]}
            found.append({**row.to_dict(), **titles, "basis": en, "basis_nl": nl})
    return found


def table(section: Section, indicator: str) -> CountTable:
    found = next(t for t in section.tables if t.id == f"indicator-{indicator}")
    assert isinstance(found, CountTable)
    return found


def test_an_indicator_per_quarter_and_for_the_year() -> None:
    section = indicator_section(feed_rows(), 2026, made_on=date(2026, 8, 12))
    screening = table(section, "screening-border")
    assert screening.caption.en == (
        "Screening at the external border beyond its time limit (SR Art. 8(3))"
    )
    assert screening.caption.nl == (
        "Screening aan de buitengrens langer dan de termijn "
        "(art. 8, derde lid, Screeningsverordening)"
    )
    assert [c.en for c in screening.columns] == [
        "Number", "beyond the time limit", "still running"
    ]  # fmt: skip
    assert [(r.label.nl, r.cells) for r in screening.rows] == [
        ("eerste kwartaal", (1, 0, 0)),
        ("tweede kwartaal", (0, 0, 0)),
        ("derde kwartaal", (3, 2, 1)),
        ("vierde kwartaal", (0, 0, 0)),
        ("heel 2026", (4, 2, 1)),
    ]
    share, median = screening.figures
    assert (share.head.en, share.rests_on) == ("share", (0, 1))
    assert share.values == (0.0, None, 0.6667, None, 0.5)
    assert (median.kind, median.rests_on) == ("days", (0,))
    assert median.values == (4.0, None, 10.0, None, 7.0)


def test_the_border_groups_have_their_group_and_its_share_but_no_length() -> None:
    section = indicator_section(feed_rows(), 2026, made_on=date(2026, 8, 12))
    minors = table(section, "border-minors")
    assert [c.nl for c in minors.columns] == ["Aantal", "waarvan minderjarigen"]
    assert [r.cells for r in minors.rows] == [(0, 0), (0, 0), (1, 1), (0, 0), (1, 1)]
    (share,) = minors.figures
    assert share.values == (None, None, 1.0, None, 1.0)
    alone = table(section, "border-unaccompanied")
    assert alone.rows[-1].cells == (1, 0)
    assert alone.figures[0].values[-1] == 0.0


def test_the_intro_says_the_figures_are_every_cases_and_the_same_in_every_report() -> None:
    section = indicator_section(feed_rows(), 2026, made_on=date(2026, 8, 12))
    assert section.intro is not None
    assert "12 augustus 2026" in section.intro.nl
    assert "gelijk in het verslag van elke instantie en in het gezamenlijke" in section.intro.nl
    assert "the same in each body's report and in the joint report" in section.intro.en
    measured = {"screening-border", "border-procedure", "border-minors",
                "border-unaccompanied", "border-vulnerable"}  # fmt: skip
    assert [t.id for t in section.tables] == [
        f"indicator-{i.id}" for i in INDICATORS if i.id in measured
    ]
    missing = section.notes[-1].nl
    assert missing.startswith("Geen metingen in 2026: ")
    assert "Duur van de bewaring" in missing
    assert "Screening aan de buitengrens" not in missing


def test_another_year_has_no_measurement_and_no_feed_no_table() -> None:
    empty = indicator_section(feed_rows(2027), 2027, made_on=date(2026, 8, 12))
    assert empty.tables == ()
    assert len(empty.notes[-1].en.split(";")) == len(INDICATORS)
    none = indicator_section([], 2026, made_on=None)
    assert none.tables == ()
    assert "no indicators" in none.notes[0].en
    unshared = indicator_section([], 2026, made_on=date(2026, 8, 12), shared=False)
    assert unshared.tables == ()
    assert "without this body's key" in unshared.notes[0].en


def test_a_year_that_is_not_its_quarters_sum_is_refused() -> None:
    rows = feed_rows()
    for row in rows:
        if row["indicator"] == "screening-border" and row["period"] == "2026":
            row["count"] = 5
    with pytest.raises(ValueError, match="not its quarters' sum"):
        indicator_section(rows, 2026, made_on=date(2026, 8, 12))


def test_the_public_version_withholds_the_figures_of_small_counts() -> None:
    screening = table(indicator_section(feed_rows(), 2026, made_on=date(2026, 8, 12)),
                      "screening-border")  # fmt: skip
    public = suppress(screening, 5)
    small, held = Hidden.SMALL, Hidden.WITHHELD
    assert [r.cells for r in public.rows] == [
        (small, 0, 0), (0, 0, 0), (small, small, small), (0, 0, 0), (small, small, small)
    ]  # fmt: skip
    assert public.figures[0].values == (held, None, held, None, held)
    assert public.figures[1].values == (held, None, held, None, held)
