"""Reading Eurostat's migr_asydcfsta into an edition of the recognition rates (APR Art. 42(1)(j)).

The fixture ``tests/fixtures/eurostat/migr_asydcfsta_small.csv`` is made by hand; its rates,
worked out from the article (refugee status + subsidiary protection over all first-instance
decisions, EU-27, 2025, every sex and age):

| citizen | GENCONV | SUB_PROT | HUMSTAT | TOTAL | rate |
|---|---|---|---|---|---|
| SY Syria | 300 | 150 | 50 | 600 | 450/600 = 75 % |
| TR Türkiye | 10 | 10 | 30 | 100 | 20/100 = 20 % exactly (50 % if humanitarian counted) |
| XK Kosovo | 2 | 3 | 0 | 24 | 5/24 = 20.833… % |
| BD Bangladesh | 3 | 1 | 0 | 200 | 4/200 = 2 % |
| GE Georgia (flag p) | 1 | 0 | 0 | 7 | 1/7 = 14.285… % |
| MA Morocco | 0 | 0 | 0 | 0 | none: no decisions |
| CO Colombia | ``:`` (c) | 2 | empty (``:``) | 40 | none: refugee figure missing |

Rows for the Netherlands, for men only, for 18-34 year olds and for 2024 are in the file and
must not change these figures; TOTAL, EXT_EU27_2020, STLS and UNK have no rate of their own.
2024: Syria 90/100 = 90 %, Türkiye 30/100 = 30 %.
"""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.routing.editions import Edition, parse_edition
from migrationpact.law.routing.rates_import import RatesFileError, rate, read_decisions

FIXTURE = Path(__file__).parents[2] / "fixtures" / "eurostat" / "migr_asydcfsta_small.csv"
TEXT = FIXTURE.read_text(encoding="utf-8")
HEADER = TEXT.splitlines()[0]


def read(text: str = TEXT, **kw: object) -> Edition:
    args: dict[str, object] = {
        "source_file": "migr_asydcfsta.csv",
        "source_sha256": "a" * 64,
        "imported_on": date(2026, 5, 1),
        "in_force_from": date(2026, 5, 2),
        **kw,
    }
    return read_decisions(text, **args)  # type: ignore[arg-type]


def test_rates_worked_out_by_hand() -> None:
    edition = read()
    rates = {r.nationality: r.rate for r in edition.rows}
    assert rates == {
        "SYR": 75.0,
        "TUR": 20.0,
        "XKX": pytest.approx(100 * 5 / 24),
        "BGD": 2.0,
        "GEO": pytest.approx(100 / 7),
        "MAR": None,
        "COL": None,
    }
    assert edition.year == 2025
    assert edition.id == "migr_asydcfsta-2025-20260415T110000"
    assert edition.last_update.isoformat() == "2026-04-15T11:00:00"
    assert edition.dataflow == "ESTAT:MIGR_ASYDCFSTA(1.0)"


def test_counts_flags_and_notes_are_kept() -> None:
    edition = read()
    turkey = edition.row("TUR")
    assert turkey is not None
    assert (turkey.refugee, turkey.subsidiary, turkey.decisions, turkey.positive) == (
        10,
        10,
        100,
        20,
    )
    georgia, morocco, colombia = edition.row("GEO"), edition.row("MAR"), edition.row("COL")
    assert georgia is not None
    assert morocco is not None
    assert colombia is not None
    assert georgia.flags == ("GENCONV:p", "SUB_PROT:p", "TOTAL:p")
    assert morocco.note == "no decisions"
    assert (colombia.refugee, colombia.note, colombia.flags) == (
        None,
        "not available: GENCONV",
        ("GENCONV:c",),
    )


def test_an_earlier_year_on_request() -> None:
    edition = read(year=2024)
    assert {r.nationality: r.rate for r in edition.rows} == {"SYR": 90.0, "TUR": 30.0}
    assert edition.id == "migr_asydcfsta-2024-20260415T110000"


def test_the_edition_round_trips_through_its_yaml() -> None:
    import yaml

    edition = read()
    assert parse_edition(yaml.safe_load(edition.to_yaml()), "x") == edition


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TEXT.replace(",decision,", ",decisions,", 1), "missing columns decision"),
        (TEXT.replace("OBS_FLAG,", "", 1), "missing columns OBS_FLAG"),
        (TEXT.replace(",SY,", ",Syria,", 1), "line 2: unknown citizen code 'Syria'"),
        (TEXT.replace(",SY,", ",QQ,", 1), "unknown citizen code 'QQ'"),
        (TEXT.replace(",EU27_2020,", ",EU99,", 1), "line 2: unknown geo code 'EU99'"),
        (TEXT.replace(",600,", ",six hundred,", 1), "line 2: OBS_VALUE 'six hundred' is not"),
        (TEXT.replace(",600,", ",-600,", 1), "OBS_VALUE '-600' is not a count"),
        (TEXT.replace(",600,", ",600.5,", 1), "OBS_VALUE '600.5' is not a count"),
        (TEXT.replace(",GENCONV,", ",GENEVA_CON,", 1), "unknown decision code 'GENEVA_CON'"),
        (TEXT.replace("MIGR_ASYDCFSTA", "MIGR_ASYDCFINA", 1), "is not Eurostat's migr_asydcfsta"),
        (TEXT.replace("15/04/26", "2026-04-15", 1), "LAST UPDATE '2026-04-15"),
        (TEXT.replace(",2025,", ",2025-Q1,", 1), "TIME_PERIOD '2025-Q1' is not a year"),
        (TEXT.replace(",600,,", ",600,x,", 1), "unknown OBS_FLAG 'x'"),
        (TEXT.replace(",EU27_2020,", ",NL,"), "no EU-27 figures"),
        (HEADER + "\n", "no EU-27 figures"),
        (TEXT + TEXT.splitlines()[1] + "\n", "a second value for 2025 SY TOTAL"),
        (TEXT.replace(",300,", ",700,", 1), "(SY 2025): GENCONV + SUB_PROT (850) exceeds"),
        ("not,a,csv\n1,2,3\n", "missing columns DATAFLOW"),
    ],
)
def test_bad_files_are_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(RatesFileError) as caught:
        read(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_year_the_file_does_not_have() -> None:
    with pytest.raises(RatesFileError, match="no EU-27 figures for 2019"):
        read(year=2019)


def test_an_edition_applies_only_after_its_import() -> None:
    with pytest.raises(Exception, match="in_force_from must be after imported_on"):
        read(in_force_from=date(2026, 5, 1))


# --- properties --------------------------------------------------------------------------------

counts = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))


@given(counts)
def test_a_rate_is_a_share(values: tuple[int, int, int]) -> None:
    refugee, subsidiary, other = values
    share = rate(refugee + subsidiary, refugee + subsidiary + other)
    if refugee + subsidiary + other == 0:
        assert share is None
    else:
        assert share is not None
        assert 0 <= share <= 1


def _file(figures: dict[str, tuple[int, int, int]]) -> list[str]:
    lines = []
    for citizen, (refugee, subsidiary, other) in figures.items():
        for decision, value in (
            ("GENCONV", refugee),
            ("SUB_PROT", subsidiary),
            ("TOTAL", refugee + subsidiary + other),
        ):
            lines.append(
                f"ESTAT:MIGR_ASYDCFSTA(1.0),15/04/26 11:00:00,A,PER,{citizen},T,TOTAL,"
                f"{decision},EU27_2020,2025,{value},,"
            )
    return lines


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["SY", "TR", "AF", "IQ", "XK", "EL", "UK"]), counts, min_size=1
    ),
    st.randoms(use_true_random=False),
)
def test_rates_are_shares_and_the_order_of_rows_does_not_matter(
    figures: dict[str, tuple[int, int, int]], shuffler: random.Random
) -> None:
    lines = _file(figures)
    first = read("\n".join([HEADER, *lines]) + "\n")
    shuffler.shuffle(lines)
    second = read("\n".join([HEADER, *lines]) + "\n")
    assert first == second
    for row in first.rows:
        assert row.decisions is not None
        assert row.positive is not None
        if row.decisions == 0:
            assert row.rate is None
        else:
            assert row.rate is not None
            assert 0 <= row.rate <= 100
            assert Fraction(row.positive, row.decisions) * 100 == pytest.approx(row.rate)
