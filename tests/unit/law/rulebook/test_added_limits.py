"""The time limits added for issue 14 item 7 (APR, AMMR, Dublin III, Reg. 1560/2003), each
checked against an end computed by hand from the article (legal audit 2026-12 §4).

Counting as docs/rulebook.md and docs/periods.md say: the event day is not counted; ``pact``
(APR Art 73, AMMR Art 75) moves an end on a Saturday, Sunday or public holiday to the next
working day and skips those days in a count of working days; ``dublin3`` (Reg. 604/2013 Art 42)
counts them and never moves the end. A month or year without the same-numbered day ends on its
last day. The examples avoid the days the holiday-list choice is disputed on (Good Friday,
5 May, the days equated by decree): King's Day, Easter Monday, Ascension and Christmas are
public holidays on either list.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from migrationpact.law.rulebook import RuleBookError, deadline, default_book

EXAMPLES = [
    # APR 38(1)(e): return decision received Thu 22 Apr 2027; 7 working days: Fri 23 (1),
    # Mon 26 (2), Tue 27 King's Day skipped, Wed 28 (3), Thu 29 (4), Fri 30 (5), Mon 3 May (6),
    # Tue 4 May (7).
    ("APR-38e", date(2027, 4, 22), None, date(2027, 5, 4)),
    # APR 23(2)(b) and AMMR 23(2)(b): made Thu 10 Dec 2026; 15 working days: 11 (1), 14-18
    # (2-6), 21-24 (7-10), Fri 25 Christmas skipped, 28-31 (11-14), Fri 1 Jan skipped, Mon 4 Jan
    # 2027 (15).
    ("APR-24", date(2026, 12, 10), None, date(2027, 1, 4)),
    ("AMMR-23", date(2026, 12, 10), None, date(2027, 1, 4)),
    # AMMR 29(4): residence document expired Thu 29 Feb 2024; 3 years: no 29 Feb 2027, so Sun
    # 28 Feb 2027, not a working day: Mon 1 Mar 2027 (law date: a registration in Dec 2026).
    ("AMMR-29", date(2024, 2, 29), date(2026, 12, 5), date(2027, 3, 1)),
    # AMMR 29(4): visa expired Thu 31 Jul 2025; 18 months: Sun 31 Jan 2027 → Mon 1 Feb 2027.
    ("AMMR-29b", date(2025, 7, 31), date(2026, 12, 5), date(2027, 2, 1)),
    # AMMR 30(1): diploma issued Wed 30 Jun 2021; 6 years: Wed 30 Jun 2027.
    ("AMMR-30", date(2021, 6, 30), date(2026, 12, 5), date(2027, 6, 30)),
    # AMMR 35(2): humanitarian request received Wed 31 Mar 2027; 2 months: Mon 31 May 2027.
    ("AMMR-35", date(2027, 3, 31), None, date(2027, 5, 31)),
    # AMMR 37(4): left the member states Wed 30 Sep 2026; 9 months: Wed 30 Jun 2027.
    ("AMMR-37d", date(2026, 9, 30), None, date(2027, 6, 30)),
    # AMMR 39(2): urgent request received Sat 18 Dec 2027; 1 week: Sat 25 Dec (Christmas),
    # Sun 26 Dec: Mon 27 Dec 2027 is the earliest end the request may set.
    ("AMMR-39b", date(2027, 12, 18), None, date(2027, 12, 27)),
    # AMMR 67(9): information received Mon 22 Mar 2027; 1 week: Mon 29 Mar, Easter Monday:
    # Tue 30 Mar 2027; two weeks (complex): Mon 5 Apr 2027.
    ("AMMR-67", date(2027, 3, 22), None, date(2027, 3, 30)),
    ("AMMR-67b", date(2027, 3, 22), None, date(2027, 4, 5)),
    # AMMR 67(10): confirmed Tue 30 Mar 2027; transfer decision within 1 week: Tue 6 Apr 2027.
    ("AMMR-67c", date(2027, 3, 30), None, date(2027, 4, 6)),
    # AMMR 67(10): transfer decision notified Mon 15 Mar 2027; an applicant is transferred at
    # the earliest two days later, Wed 17 Mar; a beneficiary one week later, Mon 22 Mar 2027.
    ("AMMR-67d", date(2027, 3, 15), None, date(2027, 3, 17)),
    ("AMMR-67e", date(2027, 3, 15), None, date(2027, 3, 22)),
    # AMMR 67(11): confirmed Tue 30 Mar 2027; 4 weeks: Tue 27 Apr, King's Day: Wed 28 Apr 2027.
    ("AMMR-67f", date(2027, 3, 30), None, date(2027, 4, 28)),
    # Dublin III 17(2): humanitarian request received Sat 31 Jan 2026; 2 months: Tue 31 Mar.
    ("D3-15", date(2026, 1, 31), None, date(2026, 3, 31)),
    # Dublin III 21(2): urgent request received Wed 24 Jun 2026; 1 week: Wed 1 Jul 2026.
    ("D3-16", date(2026, 6, 24), None, date(2026, 7, 1)),
    # Dublin III 24(2) 1st subpara: Eurodac hit Wed 31 Dec 2025; 2 months: no 31 Feb, so
    # Sat 28 Feb 2026, which Art 42 does not move.
    ("D3-17", date(2025, 12, 31), None, date(2026, 2, 28)),
    # Dublin III 24(2) 2nd subpara: aware Tue 31 Mar 2026; 3 months: no 31 Jun: Tue 30 Jun.
    ("D3-18", date(2026, 3, 31), None, date(2026, 6, 30)),
    # Reg. 1560/2003 Art 5(2): negative reply received Wed 10 Jun 2026; 3 weeks: Wed 1 Jul;
    # re-examination request received Fri 26 Jun 2026; 2 weeks: Fri 10 Jul 2026.
    ("D3-19", date(2026, 6, 10), None, date(2026, 7, 1)),
    ("D3-20", date(2026, 6, 26), None, date(2026, 7, 10)),
]


@pytest.mark.parametrize(("rule", "start", "law_date", "end"), EXAMPLES)
def test_worked_example(rule: str, start: date, law_date: date | None, end: date) -> None:
    assert deadline(rule, start=start, law_date=law_date).result.end == end


@pytest.mark.parametrize(
    ("rule", "extension", "ground"),
    [
        ("APR-24", "APR-24b", "disproportionate-numbers"),
        ("AMMR-23", "AMMR-23b", "exceptional-situation"),
    ],
)
def test_representative_extension(rule: str, extension: str, ground: str) -> None:
    # APR 23(3), AMMR 23(2) 3rd subpara: +10 working days counted on from Mon 4 Jan 2027:
    # 5-8 (1-4), 11-15 (5-9), Mon 18 Jan 2027 (10).
    extended = deadline(rule, start=date(2026, 12, 10), extensions=[(extension, ground)])
    assert extended.result.end == date(2027, 1, 18)
    with pytest.raises(RuleBookError, match="the law allows only"):
        deadline(rule, start=date(2026, 12, 10), extensions=[(extension, "workload")])


def test_the_criterion_bars_are_lapses_and_their_counting_is_flagged() -> None:
    for rule_id in ("AMMR-29", "AMMR-29b", "AMMR-30"):
        result = deadline(rule_id, start=date(2024, 3, 1), law_date=date(2026, 12, 5))
        assert result.rule.kind == "lapse"
        assert not result.verified  # "less than … before registration": counting unverified
        assert any("counting rule UNVERIFIED" in str(r) for r in result.unverified_reasons())


def test_dublin_iii_additions_keep_dublin_iii_validity() -> None:
    book = default_book()
    for rule_id in ("D3-15", "D3-16", "D3-17", "D3-18", "D3-19", "D3-20"):
        (version,) = book.versions(rule_id)
        assert version.rule.valid_to == date(2026, 6, 30)
        assert not version.rule.verified  # read in Italian only
    # an application registered before 1 July 2026 keeps them (AMMR Art 84(2))
    late = deadline("D3-19", start=date(2026, 7, 20), law_date=date(2026, 6, 30))
    assert late.result.end == date(2026, 8, 10)
    assert late.rule.legal_basis[0].cite() == "Reg. 1560/2003 Art. 5(2), 2nd sentence"


def test_postponed_cessation_has_no_day_count() -> None:
    with pytest.raises(RuleBookError, match="sets no day count"):
        deadline("AMMR-37c", start=date(2027, 1, 4))


def test_no_id_is_stated_twice_in_one_edition() -> None:
    book = default_book()
    for rule_id in book.ids():
        editions = [v.edition for v in book.versions(rule_id)]
        assert len(editions) == len(set(editions)), rule_id


_DAYS = st.dates(min_value=date(2026, 7, 1), max_value=date(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(_DAYS)
def test_urgent_reply_limit_is_at_least_one_week(received: date) -> None:
    # AMMR 39(2), Dublin III 21(2): the limit set is "at least one week"; the earliest end is
    # never before the same weekday a week later, and never after the two weeks of Art 40(7).
    earliest = deadline("AMMR-39b", start=received).result.end
    assert earliest >= received + timedelta(weeks=1)
    assert earliest <= deadline("AMMR-04", start=received).result.end
    d3 = deadline("D3-16", start=received, law_date=date(2026, 6, 30)).result.end
    assert d3 == received + timedelta(weeks=1)  # Art 42: no move
    assert d3 <= deadline("D3-04", start=received, law_date=date(2026, 6, 30)).result.end


@settings(max_examples=60, deadline=None)
@given(_DAYS)
# Two days from Mon 3 May 2027 fall on Liberation Day, then Ascension, a day equated with a
# holiday and a weekend: the notice's end rolls forward to Mon 10 May, the week's own end.
@example(date(2027, 5, 3))
def test_relocation_periods_keep_their_order(received: date) -> None:
    # AMMR 67(9): one week, at most two weeks; 67(10): notice of two days is shorter than a
    # week's (counted; rolled forward over holidays it may end on the same working day);
    # 67(11): the transfer's four weeks end after the decision's one week.
    one = deadline("AMMR-67", start=received).result.end
    two = deadline("AMMR-67b", start=received).result.end
    assert received + timedelta(weeks=1) <= one <= two
    assert two >= received + timedelta(weeks=2)
    notice = deadline("AMMR-67d", start=received).result
    week = deadline("AMMR-67e", start=received).result
    assert notice.nominal_end < week.nominal_end
    assert notice.end <= week.end
    assert (
        deadline("AMMR-67c", start=received).result.end
        < deadline("AMMR-67f", start=received).result.end
    )


@settings(max_examples=60, deadline=None)
@given(_DAYS)
def test_representative_extension_adds_ten_working_days(made: date) -> None:
    plain = deadline("AMMR-23", start=made).result.end
    extended = deadline(
        "AMMR-23", start=made, extensions=[("AMMR-23b", "disproportionate-numbers")]
    ).result.end
    assert isinstance(plain, date)
    assert isinstance(extended, date)
    assert plain == deadline("APR-24", start=made).result.end  # the same count in both acts
    # ten working days: two weeks, more over public holidays (never more than three weeks)
    assert timedelta(weeks=2) <= extended - plain <= timedelta(weeks=3)
