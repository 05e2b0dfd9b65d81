"""The pure statistics package: code lists, rounding, periods and the checked writers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.statistics import codes
from migrationpact.statistics.output import InvalidCodeError, Row, plain_csv, sdmx_csv
from migrationpact.statistics.periods import PeriodError, check, is_provisional, parse
from migrationpact.statistics.rounding import nearest_five
from migrationpact.statistics.tables import TABLES, UnknownTableError, table


@given(st.integers(min_value=0, max_value=10**7))
def test_rounding_is_to_the_nearest_multiple_of_five_halves_up(n: int) -> None:
    rounded = nearest_five(n)
    assert rounded % 5 == 0
    assert -2 <= n - rounded <= 2  # never more than 2 away: 2.5 cannot occur for integers


def test_rounded_components_need_not_add_up_to_the_rounded_total() -> None:
    assert nearest_five(2) + nearest_five(2) + nearest_five(2) == 0
    assert nearest_five(6) == 5
    with pytest.raises(ValueError, match="never negative"):
        nearest_five(-1)


@pytest.mark.parametrize(
    ("alpha3", "code"),
    [("SYR", "SY"), ("GRC", "EL"), ("GBR", "UK"), ("XKX", "XK"), ("XXA", "STLS"),
     ("XXX", "UNK"), (None, "UNK"), ("AFG", "AF")],
)  # fmt: skip
def test_citizenship_codes(alpha3: str | None, code: str) -> None:
    assert codes.citizen(alpha3) == code
    assert code in codes.citizen_codes()


def test_greece_and_the_united_kingdom_have_no_iso_code_in_the_list() -> None:
    assert {"GR", "GB"}.isdisjoint(codes.citizen_codes())


@pytest.mark.parametrize(
    ("age", "cls"), [(0, "Y_LT14"), (13, "Y_LT14"), (14, "Y14-17"), (17, "Y14-17"),
                     (18, "Y18-34"), (34, "Y18-34"), (35, "Y35-64"), (64, "Y35-64"),
                     (65, "Y_GE65"), (None, "UNK")],
)  # fmt: skip
def test_age_classes(age: int | None, cls: str) -> None:
    assert codes.age_class(age) == cls


def test_sex_x_and_unknown_are_reported_as_unknown() -> None:
    assert [codes.sex(s) for s in ("F", "M", "X", "unknown", None)] == [
        "F",
        "M",
        "UNK",
        "UNK",
        "UNK",
    ]


def test_legal_provisions_are_dated_editions() -> None:
    assert codes.is_provision("ART13", date(2026, 6, 30))
    assert not codes.is_provision("ART13", date(2026, 7, 1))
    assert codes.is_provision("ART31", date(2026, 7, 1))
    assert codes.provisions(date(2013, 1, 1)) == {}
    assert codes.provisions(date(2026, 7, 1))["ART35_2"].instrument.startswith(
        "Reg. (EU) 2024/1351"
    )


def test_every_table_names_known_dimensions_and_a_source() -> None:
    for t in TABLES.values():
        assert t.frequency in ("M", "Q", "A")
        assert t.source_url.startswith("https://")
        for dimension in t.dimensions:
            assert codes.codes_of(dimension)
    with pytest.raises(UnknownTableError, match="known: migr_asyappctzm"):
        table("migr_asyappctza")


def test_periods() -> None:
    assert parse("2026-02").last == date(2026, 2, 28)
    assert (parse("2026-Q4").first, parse("2026-Q4").last) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert parse("2026").frequency == "A"
    for bad in ("2026-00", "2026-Q5", "26", "2026-1", ""):
        with pytest.raises(PeriodError, match="malformed"):
            parse(bad)
    today = date(2026, 12, 5)
    with pytest.raises(PeriodError, match="future"):
        check(parse("2027"), today=today, first_event=date(2026, 7, 1))
    with pytest.raises(PeriodError, match="the Pact"):
        check(parse("2026-05"), today=today, first_event=date(2026, 1, 1))
    with pytest.raises(PeriodError, match="first event is of 2026-08-03"):
        check(parse("2026-07"), today=today, first_event=date(2026, 8, 3))
    assert check(parse("2026-12"), today=today, first_event=date(2026, 7, 1)).text == "2026-12"
    assert is_provisional(parse("2026-11"), today)
    assert not is_provisional(parse("2026-10"), today)


def test_a_row_with_an_unknown_code_is_never_written() -> None:
    dubro = table("migr_dubro")
    bad = [Row({"partner": "GR", "request": "TAKE_CHARGE", "leg_prov": "ART31"}, 1)]
    with pytest.raises(InvalidCodeError, match="'GR' is not a code of partner"):
        sdmx_csv(dubro, parse("2026"), bad)
    missing = [Row({"partner": "DE", "request": "TAKE_CHARGE"}, 1)]
    with pytest.raises(InvalidCodeError, match="dimensions"):
        plain_csv(dubro, parse("2026"), missing)
    good = [Row({"partner": "EL", "request": "TAKE_BACK", "leg_prov": "UNK"}, 7, "p")]
    assert plain_csv(dubro, parse("2026"), good).splitlines()[1] == (
        "migr_dubro,2026,EL,TAKE_BACK,UNK,7,5,p"
    )
