"""The public-holiday calendars: the NL list of Atw Art. 3, the working-day helpers, and data.

Expected dates are written out by hand (Western Easter: 2024-03-31, 2025-04-20, 2026-04-05,
2027-03-28, 2028-04-16, 2030-04-21, 2031-04-13), never computed with the code under test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from migrationpact.law.calendars import (
    CalendarError,
    HolidayCalendar,
    available_calendars,
    get_calendar,
)
from migrationpact.law.calendars.registry import parse_calendar
from migrationpact.law.periods import PeriodError, compute_period

NL = get_calendar("NL")
DECREE_2026 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
    "26 mei 2028 met een algemeen erkende feestdag"
)
DECREE_2023 = (
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en "
    "30 mei 2025 met een algemeen erkende feestdag"
)


def names(year: int) -> dict[date, str]:
    return {h.day: h.name for h in NL.holidays(year)}


# --------------------------------------------------------------------------------------------
# Atw Art. 3: the NL holidays
# --------------------------------------------------------------------------------------------

# year: (Good Friday, Easter Monday, Ascension Day, Whit Monday)
EASTER_DAYS = {
    2024: (date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 20)),
    2025: (date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)),
    2026: (date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)),
    2027: (date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)),
    2028: (date(2028, 4, 14), date(2028, 4, 17), date(2028, 5, 25), date(2028, 6, 5)),
    2030: (date(2030, 4, 19), date(2030, 4, 22), date(2030, 5, 30), date(2030, 6, 10)),
    2031: (date(2031, 4, 11), date(2031, 4, 14), date(2031, 5, 22), date(2031, 6, 2)),
}


@pytest.mark.parametrize("year", sorted(EASTER_DAYS))
def test_easter_based_holidays(year: int) -> None:
    good_friday, easter_monday, ascension, whit_monday = EASTER_DAYS[year]
    found = names(year)
    assert found[good_friday] == "Good Friday"  # equated by Atw Art 3(2)
    assert found[easter_monday] == "Easter Monday"
    assert found[ascension] == "Ascension Day"
    assert found[whit_monday] == "Whit Monday"
    assert good_friday.weekday() == 4
    assert easter_monday.weekday() == 0
    assert ascension.weekday() == 3
    assert whit_monday.weekday() == 0


@pytest.mark.parametrize("year", [2014, 2020, 2026, 2027, 2033, 2050])
def test_fixed_holidays(year: int) -> None:
    found = names(year)
    assert found[date(year, 1, 1)] == "New Year's Day"
    assert found[date(year, 5, 5)].startswith("Liberation Day")  # every year, not only lustra
    assert found[date(year, 12, 25)] == "Christmas Day"
    assert found[date(year, 12, 26)] == "Boxing Day"


@pytest.mark.parametrize(
    ("year", "kings_day"),
    [
        (2014, date(2014, 4, 26)),  # 27 Apr 2014 was a Sunday
        (2024, date(2024, 4, 27)),
        (2025, date(2025, 4, 26)),  # 27 Apr 2025 is a Sunday
        (2026, date(2026, 4, 27)),
        (2027, date(2027, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 Apr 2031 is a Sunday
        (2036, date(2036, 4, 26)),  # 27 Apr 2036 is a Sunday
    ],
)
def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday(year: int, kings_day: date) -> None:
    found = names(year)
    assert found[kings_day] == "King's Day"
    other = date(year, 4, 26) if kings_day.day == 27 else date(year, 4, 27)
    assert other not in found
    assert [d for d, n in found.items() if n == "King's Day"] == [kings_day]


def test_liberation_day_on_a_sunday_is_still_listed_and_not_moved() -> None:
    # 5 May 2024 was a Sunday; Atw Art 3(1) moves only King's Day.
    found = names(2024)
    assert date(2024, 5, 5) in found
    assert date(2024, 5, 6) not in found


def test_every_holiday_cites_atw_article_3() -> None:
    for year in (2022, 2026):
        for holiday in NL.holidays(year):
            assert holiday.basis is not None
            assert holiday.basis.cite().startswith("Atw Art. 3")


def test_a_year_without_equated_days_has_the_statutory_list_only() -> None:
    # 2022: no decree recorded; New Year, Good Friday, Easter Monday, King's Day, 5 May,
    # Ascension, Whit Monday, Christmas, Boxing Day (Easter 2022 was 17 April).
    assert [h.day for h in NL.holidays(2022)] == [
        date(2022, 1, 1),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 4, 27),
        date(2022, 5, 5),
        date(2022, 5, 26),
        date(2022, 6, 6),
        date(2022, 12, 25),
        date(2022, 12, 26),
    ]


# --------------------------------------------------------------------------------------------
# Days equated with holidays by Royal Decree (Atw Art. 3(3))
# --------------------------------------------------------------------------------------------

EQUATED = [
    (date(2023, 4, 28), DECREE_2023),
    (date(2023, 5, 19), DECREE_2023),
    (date(2024, 5, 10), DECREE_2023),
    (date(2024, 12, 27), DECREE_2023),
    (date(2025, 5, 30), DECREE_2023),
    (date(2026, 1, 2), DECREE_2026),
    (date(2026, 5, 15), DECREE_2026),
    (date(2027, 5, 7), DECREE_2026),
    (date(2028, 4, 28), DECREE_2026),
    (date(2028, 5, 26), DECREE_2026),
]


@pytest.mark.parametrize(("day", "decree"), EQUATED)
def test_equated_days_carry_their_decree_and_are_unverified(day: date, decree: str) -> None:
    holiday = NL.holiday_on(day)
    assert holiday is not None
    assert holiday.decree == decree
    assert holiday.verified is False
    assert holiday.basis is not None
    assert holiday.basis.cite() == "Atw Art. 3(3)"
    assert "decree text not verified" in holiday.describe()
    assert not NL.is_working_day(day)
    assert day.weekday() == 4  # every equated day so far is a Friday (bridge day)


def test_equated_days_are_the_decrees_days_and_no_others() -> None:
    recorded = sorted(e.day for e in NL.equated)
    assert recorded == [day for day, _ in EQUATED]
    assert all(not e.verified and e.source.startswith("https://") for e in NL.equated)


@pytest.mark.parametrize(
    ("year", "known"),
    [(2014, False), (2022, False), (2023, True), (2026, True), (2028, True), (2029, False)],
)
def test_years_with_a_recorded_decree(year: int, known: bool) -> None:
    assert NL.equated_days_known(year) is known


def test_a_period_in_a_year_without_a_recorded_decree_warns() -> None:
    result = compute_period(start=date(2020, 6, 1), length="5 days", regime="pact")
    assert any("no decree equating days" in w and "2020" in w for w in result.warnings)
    covered = compute_period(start=date(2026, 6, 1), length="5 days", regime="pact")
    assert covered.warnings == ()


# --------------------------------------------------------------------------------------------
# Working-day helpers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2026, 12, 24), True, None),  # Thu
        (date(2026, 12, 25), False, "Christmas Day"),  # Fri
        (date(2026, 12, 26), False, "Boxing Day"),  # Sat: the holiday is named
        (date(2026, 12, 27), False, "Sunday"),
        (date(2026, 6, 13), False, "Saturday"),
        (date(2026, 4, 27), False, "King's Day"),
        (date(2026, 5, 4), True, None),  # Mon before 5 May: not equated
    ],
)
def test_is_working_day_and_why_not(day: date, working: bool, why: str | None) -> None:
    assert NL.is_working_day(day) is working
    assert NL.why_not_working(day) == why


def test_weekend_is_saturday_and_sunday() -> None:
    assert NL.weekend == frozenset({5, 6})
    assert NL.is_weekend(date(2026, 6, 13))
    assert NL.is_weekend(date(2026, 6, 14))
    assert not NL.is_weekend(date(2026, 12, 25))  # a holiday, not a weekend day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 24)),  # already a working day
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2026, 5, 14), date(2026, 5, 18)),  # Ascension, equated Fri, weekend
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday .. Easter Monday
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert NL.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("first", "last", "count"),
    [
        (date(2026, 6, 22), date(2026, 6, 26), 5),  # Mon-Fri
        (date(2026, 6, 22), date(2026, 6, 28), 5),  # Mon-Sun
        (date(2026, 12, 25), date(2026, 12, 28), 1),
        (date(2026, 5, 11), date(2026, 5, 17), 3),  # Thu 14 and Fri 15 May are off
        (date(2026, 6, 23), date(2026, 6, 22), 0),  # empty range
        (date(2026, 6, 13), date(2026, 6, 13), 0),
    ],
)
def test_working_days_between(first: date, last: date, count: int) -> None:
    assert NL.working_days_between(first, last) == count


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 4, 20), 10, date(2026, 5, 6)),
        (date(2026, 12, 24), 1, date(2026, 12, 28)),
        (date(2026, 12, 29), -2, date(2026, 12, 24)),
        (date(2026, 6, 13), 0, date(2026, 6, 13)),
    ],
)
def test_shift_working_days(day: date, n: int, expected: date) -> None:
    assert NL.shift_working_days(day, n) == expected


def test_holiday_dates_over_several_years() -> None:
    dates = NL.holiday_dates(2026, 2027)
    assert len(dates) == 11 + 10
    assert date(2026, 5, 15) in dates
    assert date(2027, 5, 7) in dates
    assert dates == sorted(dates)


# --------------------------------------------------------------------------------------------
# The registry: unknown calendars and years outside coverage
# --------------------------------------------------------------------------------------------


def test_registry_lists_nl_and_is_case_insensitive() -> None:
    assert "NL" in available_calendars()
    assert get_calendar("nl") == get_calendar("NL")
    assert NL.timezone == "Europe/Amsterdam"
    assert NL.source == "Algemene termijnenwet Art. 3"


@pytest.mark.parametrize("code", ["XX", "BE", ""])
def test_unknown_calendar(code: str) -> None:
    with pytest.raises(CalendarError, match="unknown calendar"):
        get_calendar(code)


def test_unknown_calendar_is_refused_by_the_engine_too() -> None:
    with pytest.raises(CalendarError, match="unknown calendar"):
        compute_period(start=date(2026, 6, 1), length="5 days", calendar="XX")


@pytest.mark.parametrize("year", [1999, 2013, 2201])
def test_years_outside_coverage(year: int) -> None:
    with pytest.raises(CalendarError, match="covers 2014–2200"):
        NL.holidays(year)
    with pytest.raises(CalendarError):
        NL.holiday_on(date(year, 6, 1))
    weekday = date(year, 6, 1)
    while weekday.weekday() >= 5:  # a weekend day is known not to work without the holiday list
        weekday = date(year, 6, weekday.day + 1)
    with pytest.raises(CalendarError):
        NL.is_working_day(weekday)


def test_a_period_running_past_the_coverage_is_refused() -> None:
    # The engine reports the calendar's limit as its own error type, PeriodError.
    with pytest.raises(PeriodError, match="not 2201"):
        compute_period(start=date(2200, 12, 20), length="30 days", regime="pact")


# --------------------------------------------------------------------------------------------
# Another calendar is data only
# --------------------------------------------------------------------------------------------


def fictional_data() -> dict[str, Any]:
    """A member state that does not exist: Friday-Saturday weekend, two holidays, one decree."""
    return {
        "code": "ZZ",
        "name": "Zedland",
        "timezone": "Europe/Lisbon",
        "weekend": [4, 5],
        "valid_from": date(2020, 1, 1),
        "source": "Zedland Public Holidays Act, s. 1",
        "equated_years": [2026, 2026],
        "holiday": [
            {
                "id": "national-day",
                "name": {"en": "National Day"},
                "rule": "fixed",
                "month": 6,
                "day": 7,
                "if_sunday": 1,
                "basis": {"instrument": "R1182", "article": "2", "paragraph": "1"},
            },
            {
                "id": "easter-tuesday",
                "name": {"en": "Easter Tuesday"},
                "rule": "easter",
                "offset": 2,
                "basis": {"instrument": "R1182", "article": "2", "paragraph": "1"},
            },
        ],
        "equated": [
            {
                "date": date(2026, 6, 8),
                "decree": "Zedland bridge-day decree 2026",
                "source": "test data",
                "verified": True,
            }
        ],
    }


def test_a_calendar_is_added_by_data_alone() -> None:
    zz = parse_calendar(fictional_data())
    assert isinstance(zz, HolidayCalendar)
    assert (zz.code, zz.name, zz.timezone) == ("ZZ", "Zedland", "Europe/Lisbon")
    # 7 Jun 2026 is a Sunday → moved to Mon 8 Jun; 7 Jun 2027 is a Monday.
    # Easter Tuesday: 7 Apr 2026, 30 Mar 2027.  The 2026 decree equates 8 Jun, already a holiday.
    assert [h.day for h in zz.holidays(2026)] == [date(2026, 4, 7), date(2026, 6, 8)]
    assert [h.day for h in zz.holidays(2027)] == [date(2027, 3, 30), date(2027, 6, 7)]
    assert zz.holiday_on(date(2026, 4, 7)) is not None
    # Its weekend is Friday and Saturday: Sunday works, Friday does not.
    assert zz.is_working_day(date(2026, 6, 14))  # Sun
    assert not zz.is_working_day(date(2026, 6, 12))  # Fri
    assert zz.why_not_working(date(2026, 6, 13)) == "Saturday"
    assert zz.equated_days_known(2026)
    assert not zz.equated_days_known(2027)
    # The shipped data is untouched.
    assert "ZZ" not in available_calendars()
    assert NL.is_working_day(date(2026, 4, 7))


def test_the_engine_counts_with_a_calendar_given_as_data() -> None:
    zz = parse_calendar(fictional_data())
    # 2 days from Wed 3 Jun 2026 → Fri 5 Jun, a weekend day in Zedland; Sat 6 Jun too; National
    # Day (7 Jun) falls on a Sunday and moves to Mon 8 Jun, so Sun 7 Jun is a working day.
    result = compute_period(start=date(2026, 6, 3), length="2 days", regime="pact", calendar=zz)
    assert (result.nominal_end, result.end) == (date(2026, 6, 5), date(2026, 6, 7))
    assert result.calendar == "ZZ"
    # 4 days from Wed 3 Jun 2026 → Sun 7 Jun, a working day in Zedland, and not in the NL.
    zz_end = compute_period(start=date(2026, 6, 3), length="4 days", regime="pact", calendar=zz)
    nl_end = compute_period(start=date(2026, 6, 3), length="4 days", regime="pact")
    assert (zz_end.end, nl_end.end) == (date(2026, 6, 7), date(2026, 6, 8))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"code": None}, "invalid calendar data"),
        (
            {
                "holiday": [
                    {
                        "id": "x",
                        "name": {"en": "X"},
                        "rule": "lunar",
                        "basis": {"instrument": "R1182", "article": "2"},
                    }
                ]
            },
            "unknown rule 'lunar'",
        ),
        (
            {
                "holiday": [
                    {
                        "id": "x",
                        "name": {"en": "X"},
                        "rule": "fixed",
                        "basis": {"instrument": "R1182", "article": "2"},
                    }
                ]
            },
            "needs month and day",
        ),
        (
            {
                "holiday": [
                    {
                        "id": "x",
                        "name": {"en": "X"},
                        "rule": "easter",
                        "basis": {"instrument": "NOPE", "article": "1"},
                    }
                ]
            },
            "unknown instrument code",
        ),
    ],
)
def test_invalid_calendar_data_is_refused(broken: dict[str, Any], message: str) -> None:
    data = fictional_data()
    for key, value in broken.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    with pytest.raises(CalendarError, match=message):
        parse_calendar(data)
