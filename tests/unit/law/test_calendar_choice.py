"""The holiday list each counting regime uses is a dated, cited setting, shown in the derivation.

Worked examples derived by hand from APR Art. 73 / AMMR Art. 75 (event day not counted; a day
period ends on its last day; a month period on the same date; an end on a Saturday, Sunday or
public holiday moves to the next working day) and the two lists of the Netherlands:
the Algemene termijnenwet list (Atw Art. 3(1)-(3): with Good Friday, 5 May and the decree days,
e.g. Fri 7 May 2027) and the general list (Atw Art. 3(1) only).
"""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.calendars import CalendarError, choose_calendar, get_calendar
from migrationpact.law.calendars import choice as choice_module
from migrationpact.law.calendars.choice import CalendarChoice
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods import (
    Length,
    PeriodError,
    Regime,
    Step,
    Unit,
    compute_batch,
    compute_period,
)
from migrationpact.law.rulebook import deadline
from migrationpact.law.text import Text


def _calendar_step(result_steps: tuple[Step, ...]) -> Step:
    found = [s for s in result_steps if s.rule == "calendar"]
    assert len(found) == 1
    return found[0]


def test_apr_01_from_30_april_2027_under_the_atw_list_names_the_choice() -> None:
    # 5 days from Fri 30 Apr 2027: Wed 5 May (5 May, Atw 3(1)) → Thu 6 May (Ascension) →
    # Fri 7 May (equated by decree, Atw 3(3)) → Sat, Sun → Mon 10 May 2027.
    r = deadline("APR-01", start=date(2027, 4, 30)).result
    assert r.end == date(2027, 5, 10)
    step = _calendar_step(r.steps)
    assert step.legal_basis == (LegalBasis("R1182", "2", "1"),)
    assert "has not been read" in step.text
    assert isinstance(step.text, Text)
    assert step.text.template.startswith("Holidays: the list %(calendar)s, chosen for")


def test_apr_01_from_30_april_2027_under_the_general_list() -> None:
    # Wed 5 May 2027 (5 May, kept every year but unverified) → Thu 6 May (Ascension) → Fri 7 May,
    # which no decree touches in this list: a working day.
    r = deadline("APR-01", start=date(2027, 4, 30), calendar="NL-EU").result
    assert r.nominal_end == date(2027, 5, 5)
    assert r.end == date(2027, 5, 7)
    assert r.calendar == "NL-EU"
    assert "general public holidays" in _calendar_step(r.steps).text
    assert any("5 May 2027" in w and "not verified" in w for w in r.warnings)


def test_ammr_03_from_26_february_2027_across_good_friday() -> None:
    # 1 month: Fri 26 Mar 2027. Atw list: Good Friday (Atw 3(2)) → Sat, Sun, Easter Monday →
    # Tue 30 Mar. General list: no Good Friday, so Fri 26 Mar 2027 is a working day.
    atw = deadline("AMMR-03", start=date(2027, 2, 26)).result
    general = deadline("AMMR-03", start=date(2027, 2, 26), calendar="NL-EU").result
    assert (atw.end, general.end) == (date(2027, 3, 30), date(2027, 3, 26))
    assert "AMMR Art. 75" in _calendar_step(atw.steps).text
    _calendar_step(general.steps)


def test_no_calendar_step_when_no_holiday_could_move_the_end() -> None:
    # 5 days from Mon 22 Jun 2026: Sat 27 Jun → Mon 29 Jun; no holiday of either list near.
    r = compute_period(start=date(2026, 6, 22), length="5 days", regime="pact")
    assert r.end == date(2026, 6, 29)
    assert all(s.rule != "calendar" for s in r.steps)


def test_the_setting_is_dated_per_regime() -> None:
    assert choose_calendar("NL", "nl", date(2027, 1, 1)).calendar == "NL"
    assert choose_calendar("NL", "pact", date(2027, 1, 1)).verified is False
    with pytest.raises(CalendarError, match="no holiday list is chosen"):
        choose_calendar("NL", "pact", date(2013, 12, 31))


def test_the_general_list_has_no_good_friday_and_no_decree_days() -> None:
    general = get_calendar("NL-EU")
    assert general.is_working_day(date(2027, 3, 26))  # Good Friday
    assert general.is_working_day(date(2027, 5, 7))  # equated by decree in the Atw list
    assert not general.is_working_day(date(2027, 5, 6))  # Ascension
    assert not get_calendar("NL").is_working_day(date(2027, 5, 7))


_B = LegalBasis("R1182", "2", "1")
# A setting that switches the Pact regime to the general list on 12 Jun 2026.
_SWITCHED = (
    CalendarChoice("NL", frozenset({"nl", "dublin3"}), "NL", date(2014, 1, 1), _B, "atw", True),
    CalendarChoice("NL", frozenset({"eu", "pact"}), "NL", date(2014, 1, 1), _B, "atw", False),
    CalendarChoice("NL", frozenset({"eu"}), "NL-EU", date(2020, 1, 1), _B, "general", False),
    CalendarChoice("NL", frozenset({"pact"}), "NL-EU", date(2026, 6, 12), _B, "general", False),
)


def test_a_later_entry_switches_the_list_from_its_date() -> None:
    with patch.object(choice_module, "_choices", lambda _code: _SWITCHED):
        before = compute_period(start=date(2026, 2, 26), length="1 month", regime="pact")
        after = compute_period(start=date(2027, 2, 26), length="1 month", regime="pact")
    assert (before.calendar, after.calendar) == ("NL", "NL-EU")
    assert after.end == date(2027, 3, 26)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(date(2014, 1, 1), date(2035, 12, 31)),
            st.integers(1, 40),
            st.sampled_from([Unit.DAYS, Unit.WORKING_DAYS, Unit.WEEKS, Unit.MONTHS]),
            st.sampled_from(list(Regime)),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_batch_follows_the_dated_setting_like_the_scalar_engine(
    periods: list[tuple[date, int, Unit, Regime]],
) -> None:
    with patch.object(choice_module, "_choices", lambda _code: _SWITCHED):
        batch = compute_batch(
            starts=np.array([p[0] for p in periods], dtype="datetime64[D]"),
            amounts=np.array([p[1] for p in periods]),
            units=np.array([p[2].value for p in periods]),
            regimes=np.array([p[3].value for p in periods]),
        )
        for (start, amount, unit, regime), end in zip(periods, batch.end, strict=True):
            try:
                r = compute_period(start=start, length=Length.of(amount, unit), regime=regime)
            except PeriodError:
                continue
            assert np.datetime64(end, "D").item() == r.end, (start, amount, unit, regime)
