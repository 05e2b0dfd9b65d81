"""The worked examples of the period engine, each checked by hand against the counting articles.

Source: legal-rules.md §3.3 (worked examples) and §3.6 (NL holidays 2026 and 2027), checked
against Reg. 1182/71 Art. 3, APR Art. 73 / AMMR Art. 75 (the "pact" regime), Dublin III Art. 42
and the Algemene termijnenwet (Atw) Arts. 1-4, with the NL calendar (Atw Art. 3, including the
days equated with holidays by Royal Decree).

One correction to the reference table is encoded here (see docs/periods.md, "Worked examples"):
the 1-week period from Thu 7 May 2026 ends Mon 18 May 2026, not Fri 15 May, because Fri 15 May
2026 is equated with a public holiday by Royal Decree (Atw Art. 3(3)).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrationpact.law.calendars import get_calendar
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods import (
    Deadline,
    Length,
    PeriodError,
    PeriodResult,
    Regime,
    Suspension,
    compute_period,
)

NL = get_calendar("NL")
PACT_CITES = ["APR Art. 73", "AMMR Art. 75", "RBPR Art. 11"]


def rules_of(result: PeriodResult) -> list[str]:
    return [step.rule for step in result.steps]


def citations(result: PeriodResult, rule: str) -> list[str]:
    """Every citation of the steps with this rule code."""
    return [b.cite() for step in result.steps if step.rule == rule for b in step.legal_basis]


def weekday(day: date) -> str:
    return f"{day:%a}"


# --------------------------------------------------------------------------------------------
# legal-rules.md §3.3, row by row (corrected where the reference was wrong)
# --------------------------------------------------------------------------------------------

# (case, event, length, regime, nominal end, end); the comment above each row is the hand check
WORKED_EXAMPLES = [
    # 12 Jun + 7 = Fri 19 Jun, a working day: nothing moves (1182/71 Art 3(2)(b)).
    ("SCR-01 7 days", "2026-06-12", "7 days", "eu", "2026-06-19", "2026-06-19"),
    # 22 Jun + 5 = Sat 27 Jun → Mon 29 Jun (APR Art 73: end on a Saturday moves on).
    ("APR-01 5 days", "2026-06-22", "5 days", "pact", "2026-06-27", "2026-06-29"),
    # 4 Dec + 21 = Fri 25 Dec (Christmas); Sat 26 (Boxing Day), Sun 27 → Mon 28 Dec.
    ("APR-04 21 days", "2026-12-04", "21 days", "pact", "2026-12-25", "2026-12-28"),
    # Same weekday two weeks on: Mon 27 Apr 2026 is King's Day → Tue 28 Apr.
    ("AMMR-06 2 weeks", "2026-04-13", "2 weeks", "pact", "2026-04-27", "2026-04-28"),
    # 16 Jun + 84 days = Tue 8 Sep 2026, a working day.
    ("APR-16 12 weeks", "2026-06-16", "12 weeks", "pact", "2026-09-08", "2026-09-08"),
    # Same date two months on: Sat 31 Oct → Mon 2 Nov (Sun 1 Nov is not a working day either).
    ("AMMR-01 2 months", "2026-08-31", "2 months", "pact", "2026-10-31", "2026-11-02"),
    # No 31 Feb 2027 → last day of February, Sun 28 Feb → Mon 1 Mar 2027.
    ("AMMR-01 2 months (month end)", "2026-12-31", "2 months", "pact", "2027-02-28", "2027-03-01"),
    # No 29 Feb 2027 (not a leap year) → Sun 28 Feb → Mon 1 Mar 2027.
    ("AMMR-10 6 months", "2026-08-29", "6 months", "pact", "2027-02-28", "2027-03-01"),
    # Easter 2027 is 28 Mar: Fri 26 Mar Good Friday (Atw Art 3(2)), Sat, Sun, Mon 29 Easter Monday.
    ("AMMR-03 1 month", "2027-02-26", "1 month", "pact", "2027-03-26", "2027-03-30"),
    # CORRECTED: Thu 14 May 2026 Ascension; Fri 15 May 2026 equated by Royal Decree; weekend
    # → Mon 18 May (the reference gave Fri 15 May, hedging on the decree).
    ("1-week period (corrected)", "2026-05-07", "1 week", "pact", "2026-05-14", "2026-05-18"),
    ("2-day period, Reg. 1182/71", "2026-12-24", "2 days", "eu", "2026-12-26", "2026-12-29"),
    ("2-day period, APR 73 / AMMR 75", "2026-12-24", "2 days", "pact", "2026-12-26", "2026-12-28"),
]


@pytest.mark.parametrize(
    ("case", "event", "length", "regime", "nominal_end", "end"),
    WORKED_EXAMPLES,
    ids=[row[0] for row in WORKED_EXAMPLES],
)
def test_worked_example(
    case: str, event: str, length: str, regime: str, nominal_end: str, end: str
) -> None:
    result = compute_period(start=date.fromisoformat(event), length=length, regime=regime)
    assert (result.nominal_end.isoformat(), result.end.isoformat()) == (nominal_end, end), case
    assert result.calendar == "NL"
    assert result.regime is Regime(regime)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 6, 12), "Fri"),
        (date(2026, 6, 22), "Mon"),
        (date(2026, 12, 4), "Fri"),
        (date(2026, 12, 25), "Fri"),
        (date(2026, 4, 13), "Mon"),
        (date(2026, 4, 27), "Mon"),
        (date(2026, 6, 16), "Tue"),
        (date(2026, 9, 8), "Tue"),
        (date(2026, 8, 31), "Mon"),
        (date(2026, 10, 31), "Sat"),
        (date(2026, 12, 31), "Thu"),
        (date(2027, 2, 28), "Sun"),
        (date(2026, 8, 29), "Sat"),
        (date(2027, 2, 26), "Fri"),
        (date(2027, 3, 26), "Fri"),
        (date(2026, 5, 7), "Thu"),
        (date(2026, 5, 14), "Thu"),
        (date(2026, 12, 24), "Thu"),
        (date(2026, 12, 26), "Sat"),
    ],
)
def test_weekdays_named_in_the_reference_table(day: date, name: str) -> None:
    assert weekday(day) == name


def test_two_day_period_shows_each_step_of_reg_1182_71() -> None:
    # Nominal Sat 26 Dec (Boxing Day) → Art 3(4) Mon 28 Dec; Fri 25 .. Mon 28 holds one working
    # day only → Art 3(5) Tue 29 Dec. Holidays decide it, so the list used is named too.
    result = compute_period(start=date(2026, 12, 24), length="2 days", regime="eu")
    assert rules_of(result) == ["start", "count", "calendar", "roll-forward", "min-working-days"]
    steps = {s.rule: s for s in result.steps}
    assert steps["roll-forward"].after == date(2026, 12, 28)
    assert steps["min-working-days"].before == date(2026, 12, 28)
    assert steps["min-working-days"].after == date(2026, 12, 29)


def test_one_week_period_warns_that_its_equated_day_comes_from_an_unread_decree() -> None:
    result = compute_period(start=date(2026, 5, 7), length="1 week", regime="pact")
    assert any("Fri 15 May 2026" in w and "not verified" in w for w in result.warnings)
    assert "Ascension Day" in result.steps[-1].text


# --------------------------------------------------------------------------------------------
# The same start and length under each regime
# --------------------------------------------------------------------------------------------

# (event, length, {regime: end}); the nominal end is the same under every regime.
PER_REGIME = [
    # Nominal Sat 26 Dec 2026.  eu: 3(4) → Mon 28, 3(5) (Fri 25..Mon 28 has 1 working day)
    # → Tue 29.  pact: roll-forward only → Mon 28.  dublin3: no roll → Sat 26.  nl: Atw Art 1
    # → Mon 28; Art 2 needs a period of at least 3 days, this one has 2 → Mon 28.
    (date(2026, 12, 24), "2 days", {"eu": date(2026, 12, 29), "pact": date(2026, 12, 28),
                                    "dublin3": date(2026, 12, 26), "nl": date(2026, 12, 28)}),
    # Nominal Sun 27 Dec 2026.  eu and nl: roll → Mon 28, then Fri 25..Mon 28 holds one working
    # day → Tue 29 (1182/71 Art 3(5); Atw Art 2, 3 days ≥ 3).  pact: Mon 28.  dublin3: Sun 27.
    (date(2026, 12, 24), "3 days", {"eu": date(2026, 12, 29), "pact": date(2026, 12, 28),
                                    "dublin3": date(2026, 12, 27), "nl": date(2026, 12, 29)}),
    # Nominal Thu 14 May 2026 (Ascension); Fri 15 May equated; weekend → Mon 18 May.
    (date(2026, 5, 7), "1 week", {"eu": date(2026, 5, 18), "pact": date(2026, 5, 18),
                                  "dublin3": date(2026, 5, 14), "nl": date(2026, 5, 18)}),
    # Nominal Sat 26 Dec 2026, four months: Atw Art 4 excludes periods longer than 3 months.
    (date(2026, 8, 26), "4 months", {"eu": date(2026, 12, 28), "pact": date(2026, 12, 28),
                                     "dublin3": date(2026, 12, 26), "nl": date(2026, 12, 26)}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("event", "length", "regime", "end"),
    [(e, n, r, end) for e, n, ends in PER_REGIME for r, end in ends.items()],
)
def test_same_period_under_each_regime(event: date, length: str, regime: str, end: date) -> None:
    result = compute_period(start=event, length=length, regime=regime)
    assert result.end == end


def test_per_regime_examples_cover_every_regime() -> None:
    for _, _, ends in PER_REGIME:
        assert set(ends) == {r.value for r in Regime}


@pytest.mark.parametrize(
    ("event", "length", "end", "excluded"),
    [
        # Atw Art 4 (secondary source: not for periods longer than 90 days / 12 weeks / 3 months).
        # All these end nominally on Sat 26 Dec 2026.
        (date(2026, 9, 27), "90 days", date(2026, 12, 28), False),
        (date(2026, 9, 26), "91 days", date(2026, 12, 26), True),
        (date(2026, 10, 3), "12 weeks", date(2026, 12, 28), False),
        (date(2026, 9, 26), "13 weeks", date(2026, 12, 26), True),
        (date(2026, 9, 26), "3 months", date(2026, 12, 28), False),
        (date(2026, 8, 26), "4 months", date(2026, 12, 26), True),
        (date(2026, 9, 25), "3 months 1 day", date(2026, 12, 26), True),
    ],
)
def test_nl_art_4_boundary(event: date, length: str, end: date, excluded: bool) -> None:
    result = compute_period(start=event, length=length, regime="nl")
    assert result.nominal_end == date(2026, 12, 26)
    assert result.end == end
    assert ("excluded" in rules_of(result)) is excluded
    if excluded:
        assert citations(result, "excluded") == ["Atw Art. 4"]


def test_nl_art_4_is_judged_on_the_period_as_the_law_sets_it() -> None:
    # 3 months from Sun 4 Jan 2026: nominal Sat 4 Apr 2026 → Tue 7 Apr (Easter Monday 6 Apr).
    # A one-day suspension moves the nominal end to Sun 5 Apr; the period is still a 3-month
    # period, so Atw Art 1 still applies and the end stays Tue 7 Apr (it must not move earlier).
    plain = compute_period(start=date(2026, 1, 4), length="3 months", regime="nl")
    suspended = compute_period(
        start=date(2026, 1, 4),
        length="3 months",
        regime="nl",
        suspensions=[Suspension(date(2026, 1, 9), date(2026, 1, 10), basis=())],
    )
    assert (plain.nominal_end, plain.end) == (date(2026, 4, 4), date(2026, 4, 7))
    assert (suspended.nominal_end, suspended.end) == (date(2026, 4, 5), date(2026, 4, 7))
    assert "excluded" not in rules_of(suspended)


# --------------------------------------------------------------------------------------------
# Periods in hours (Reg. 1182/71 Art 3(1) 1st subpara., 3(2)(a))
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "event", "hours", "end"),
    [
        # The hour 10:00-11:00 is not counted; 11:00 + 72 h.
        ("EDR-01", datetime(2026, 6, 15, 10, 15), 72, datetime(2026, 6, 18, 11, 0)),
        # Clock starts Sun 14 Jun 00:00; weekends do not matter.
        ("EDR-03", datetime(2026, 6, 13, 23, 40), 72, datetime(2026, 6, 17, 0, 0)),
        # Ends on Christmas Day: a period in hours is never moved (Art 3(4) is for other periods).
        ("Christmas", datetime(2026, 12, 24, 10, 15), 24, datetime(2026, 12, 25, 11, 0)),
        # Clocks go forward Sun 29 Mar 2026 02:00 → 03:00: 24 elapsed hours from Sat 11:00 CET
        # end at 12:00 CEST on the local clock.
        ("DST spring", datetime(2026, 3, 28, 10, 15), 24, datetime(2026, 3, 29, 12, 0)),
        # Clocks go back Sun 25 Oct 2026 03:00 → 02:00: 24 elapsed hours end at 10:00 CET.
        ("DST autumn", datetime(2026, 10, 24, 10, 15), 24, datetime(2026, 10, 25, 10, 0)),
    ],
)
def test_hours_under_reg_1182_71(case: str, event: datetime, hours: int, end: datetime) -> None:
    result = compute_period(start=event, length=f"{hours} hours", regime="eu")
    assert result.end == end, case
    assert result.nominal_end == end
    assert "roll-forward" not in rules_of(result)


def test_hours_start_at_the_next_clock_hour() -> None:
    result = compute_period(start=datetime(2026, 6, 15, 10, 15), length="72 hours", regime="eu")
    first = result.steps[0]
    assert first.rule == "hours-start"
    assert first.after == datetime(2026, 6, 15, 11, 0)
    assert citations(result, "hours-start") == ["Reg. 1182/71 Art. 3(1), 1st subpara."]
    assert "Reg. 1182/71 Art. 3(2)(a)" in citations(result, "count")


def test_clock_change_is_a_step_of_its_own() -> None:
    spring = compute_period(start=datetime(2026, 3, 28, 10, 15), length="24 hours", regime="eu")
    summer = compute_period(start=datetime(2026, 6, 13, 10, 15), length="24 hours", regime="eu")
    assert "clock-change" in rules_of(spring)
    assert "clock-change" not in rules_of(summer)
    assert summer.end == datetime(2026, 6, 14, 11, 0)


# The autumn change, Sun 25 Oct 2026: at 01:00 UTC the clocks go back from 03:00 summer time
# (CEST, UTC+2) to 02:00 winter time (CET, UTC+1), so 02:00-02:59 happens twice. Hours are
# elapsed time; a local time in the repeated hour names its first pass; an end in the second
# pass is written 03:00, the end of the repeated hour (docs/periods.md §3).
@pytest.mark.parametrize(
    ("case", "event", "hours", "regime", "end", "real_end"),
    [
        # EDR-03 72 h from Thu 22 Oct 02:40 CEST: the hour 02:00-03:00 is not counted; the
        # clock starts 03:00 CEST (01:00 UTC); +72 h = Sun 01:00 UTC, the very moment the
        # clocks go back: 02:00 CET, the second 02:00 of the night.
        ("EDR-03 at the change", datetime(2026, 10, 22, 2, 40), 72, "eu", (25, 3, 0), "02:00"),
        # One hour earlier: +72 h from 02:00 CEST Thu = Sun 00:00 UTC = 02:00 CEST, first pass.
        ("EDR-03 first pass", datetime(2026, 10, 22, 1, 40), 72, "eu", (25, 2, 0), None),
        # Atw: from the moment. Sat 24 Oct 03:10 CEST = 01:10 UTC; +24 h = Sun 01:10 UTC =
        # 02:10 CET, second pass → written 03:00.
        ("nl second pass", datetime(2026, 10, 24, 3, 10), 24, "nl", (25, 3, 0), "02:10"),
        # Twenty minutes earlier: Sat 02:50 CEST + 24 h = Sun 02:50 CEST, first pass. The later
        # start above must not get the earlier-looking end 02:10.
        ("nl first pass", datetime(2026, 10, 24, 2, 50), 24, "nl", (25, 2, 50), None),
        # A start in the repeated hour is its first pass: Sun 02:30 CEST = 00:30 UTC; +24 h =
        # Mon 26 Oct 00:30 UTC = 01:30 CET.
        ("start repeated", datetime(2026, 10, 25, 2, 30), 24, "nl", (26, 1, 30), None),
        # ... even when the time says fold=1 (as a conversion from UTC gives): the event log
        # keeps local times as text, without the fold, and a replay must read the same.
        ("fold=1", datetime(2026, 10, 25, 2, 30, fold=1), 24, "nl", (26, 1, 30), None),
    ],
)
def test_hours_across_the_autumn_change(
    case: str,
    event: datetime,
    hours: int,
    regime: str,
    end: tuple[int, int, int],
    real_end: str | None,
) -> None:
    result = compute_period(start=event, length=f"{hours} hours", regime=regime)
    day, hour, minute = end
    assert result.end == datetime(2026, 10, day, hour, minute), case
    assert result.nominal_end == result.end
    written = [step for step in result.steps if step.rule == "repeated-hour" and step.before]
    if real_end is None:
        assert all(step.after == step.before for step in written), case
    else:
        assert [f"{step.before:%H:%M}" for step in written if step.after != step.before] == [
            real_end
        ], case
        assert f"ends at {real_end} winter time (UTC+01:00)" in written[-1].text


def test_a_start_in_the_repeated_hour_says_how_it_is_read() -> None:
    result = compute_period(start=datetime(2026, 10, 25, 2, 30), length="1 hours", regime="eu")
    assert result.steps[0].rule == "repeated-hour"
    assert "summer time (UTC+02:00)" in result.steps[0].text
    assert citations(result, "repeated-hour") == ["Reg. 1182/71 Art. 3(1), 1st subpara."]
    # The hour 02:00-03:00 CEST is not counted; the clock starts at 03:00 CEST = 01:00 UTC,
    # which the clock shows as 02:00 CET; +1 h = 02:00 UTC = 03:00 CET.
    assert "starts at Sun 25 Oct 2026 02:00 (the second time, winter time" in result.steps[1].text
    assert result.end == datetime(2026, 10, 25, 3, 0)


def test_hours_across_the_spring_change() -> None:
    # Sun 29 Mar 2026: at 01:00 UTC the clocks go forward from 02:00 CET to 03:00 CEST.
    # Atw: Sat 28 Mar 02:30 CET = 01:30 UTC; +24 h = Sun 01:30 UTC = 03:30 CEST.
    result = compute_period(start=datetime(2026, 3, 28, 2, 30), length="24 hours", regime="nl")
    assert result.end == datetime(2026, 3, 29, 3, 30)
    assert "clock-change" in rules_of(result)
    assert "repeated-hour" not in rules_of(result)
    # 23 elapsed hours from Sat 03:30 CET (02:30 UTC) end Sun 01:30 UTC, also 03:30 CEST: an end
    # never falls in the skipped hour.
    earlier = compute_period(start=datetime(2026, 3, 28, 3, 30), length="23 hours", regime="nl")
    assert earlier.end == datetime(2026, 3, 29, 3, 30)


def test_hours_under_the_atw_run_from_the_moment_of_the_event() -> None:
    # Atw Art 4: the Atw does not apply to periods in hours; elapsed time from the event.
    result = compute_period(start=datetime(2026, 3, 28, 10, 15), length="24 hours", regime="nl")
    assert result.end == datetime(2026, 3, 29, 11, 15)
    assert citations(result, "hours-start") == ["Atw Art. 4"]


@pytest.mark.parametrize("regime", ["pact", "dublin3"])
def test_hours_are_refused_where_the_counting_article_has_no_hours_rule(regime: str) -> None:
    with pytest.raises(PeriodError, match="no rule for periods in hours"):
        compute_period(start=datetime(2026, 6, 15, 10, 15), length="72 hours", regime=regime)


def test_hours_need_a_time_of_day() -> None:
    with pytest.raises(PeriodError, match="time of day"):
        compute_period(start=date(2026, 6, 15), length="72 hours", regime="eu")


def test_hours_backwards_count_back_from_the_start_of_the_event_hour() -> None:
    result = compute_period(
        start=datetime(2026, 6, 15, 10, 15), length="48 hours", regime="eu", backwards=True
    )
    assert result.end == datetime(2026, 6, 13, 10, 0)


# --------------------------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "event", "length", "end"),
    [
        # APR-10 (APR Art 35(1) 2nd subpara.): lodged Mon 20 Apr 2026. Counted: Tue 21, Wed 22,
        # Thu 23, Fri 24, [Mon 27 King's Day], Tue 28, Wed 29, Thu 30, Fri 1 May, Mon 4 May,
        # [Tue 5 May], Wed 6 May = 10th.
        ("APR-10 10 working days", date(2026, 4, 20), "10 working days", date(2026, 5, 6)),
        # Fri 11 Dec 2026: 14-18 (5), 21-24 (9), [25, 26, 27], Mon 28 Dec = 10th.
        ("APR-10 over Christmas", date(2026, 12, 11), "10 working-days", date(2026, 12, 28)),
        # APR-01b 3 working days from Thu 13 May 2027: Fri 14, [Mon 17 Whit Monday], Tue 18,
        # Wed 19 = 3rd.
        ("APR-01b 3 working days", date(2027, 5, 13), "3 working days", date(2027, 5, 19)),
    ],
)
def test_working_days(case: str, event: date, length: str, end: date) -> None:
    result = compute_period(start=event, length=length, regime="pact")
    assert result.nominal_end == end, case
    assert result.end == end
    assert NL.is_working_day(end)
    assert "roll-forward" not in rules_of(result)


def test_a_working_day_period_cites_the_working_day_definition() -> None:
    result = compute_period(start=date(2026, 4, 20), length="10 working days", regime="pact")
    assert citations(result, "count") == [*PACT_CITES, "Reg. 1182/71 Art. 2(2)"]


# --------------------------------------------------------------------------------------------
# Backwards periods: counted back from the event, never moved
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", [r.value for r in Regime])
@pytest.mark.parametrize(
    ("event", "length", "end"),
    [
        (date(2026, 12, 7), "10 days", date(2026, 11, 27)),  # Fri, a working day
        (date(2026, 12, 10), "5 days", date(2026, 12, 5)),  # Sat: not moved
        (date(2027, 3, 31), "1 month", date(2027, 2, 28)),  # no 31 Feb; Sun: not moved
        (date(2026, 12, 29), "2 working days", date(2026, 12, 24)),  # Mon 28, [25-27], Thu 24
    ],
)
def test_backwards_periods_are_not_moved(regime: str, event: date, length: str, end: date) -> None:
    result = compute_period(start=event, length=length, regime=regime, backwards=True)
    assert result.nominal_end == result.end == end
    assert result.backwards
    assert rules_of(result)[-1] == "backwards"
    assert not {"roll-forward", "min-working-days"} & set(rules_of(result))


@pytest.mark.parametrize(
    ("regime", "cite"),
    [
        ("eu", "Reg. 1182/71 Art. 3(4)"),
        ("nl", "Atw Art. 1(2)"),
        ("dublin3", "Reg. 604/2013 Art. 42"),
    ],
)
def test_backwards_step_cites_its_article(regime: str, cite: str) -> None:
    result = compute_period(
        start=date(2026, 12, 10), length="5 days", regime=regime, backwards=True
    )
    assert citations(result, "backwards") == [cite]


def test_backwards_periods_cannot_be_suspended() -> None:
    with pytest.raises(PeriodError, match="backwards"):
        compute_period(
            start=date(2026, 12, 10),
            length="5 days",
            backwards=True,
            suspensions=[Suspension(date(2026, 12, 6), date(2026, 12, 7), basis=())],
        )


# --------------------------------------------------------------------------------------------
# Month ends and mixed lengths
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "length", "nominal_end", "end"),
    [
        (date(2026, 1, 31), "1 month", date(2026, 2, 28), date(2026, 3, 2)),  # Sat → Mon
        (date(2028, 1, 31), "1 month", date(2028, 2, 29), date(2028, 2, 29)),  # leap year, Tue
        (date(2028, 2, 29), "1 year", date(2029, 2, 28), date(2029, 2, 28)),  # Wed
        (date(2026, 11, 30), "3 months", date(2027, 2, 28), date(2027, 3, 1)),  # Sun → Mon
        (date(2026, 3, 31), "1 month", date(2026, 4, 30), date(2026, 4, 30)),  # Thu
    ],
)
def test_month_end_clipping(event: date, length: str, nominal_end: date, end: date) -> None:
    result = compute_period(start=event, length=length, regime="pact")
    assert (result.nominal_end, result.end) == (nominal_end, end)
    if nominal_end.day != event.day:
        assert "so its last day counts" in result.steps[1].text


@pytest.mark.parametrize("text", ["1 month 10 days", "10 days 1 month", "1 month + 10 days"])
def test_mixed_length_counts_months_first(text: str) -> None:
    # Sat 30 Jan 2027: 1 month → 28 Feb 2027 (no 30 Feb), + 10 days → Wed 10 Mar 2027.
    # Days first would give 9 Feb + 1 month = 9 Mar: a different, wrong end.
    result = compute_period(start=date(2027, 1, 30), length=text, regime="eu")
    assert result.end == result.nominal_end == date(2027, 3, 10)
    assert "Reg. 1182/71 Art. 3(2)(d)" in citations(result, "count")


def test_year_and_week_parts_count_as_months_and_days() -> None:
    # 1 year 2 weeks from Mon 31 Aug 2026: 31 Aug 2027 (Tue) + 14 days = Tue 14 Sep 2027.
    result = compute_period(start=date(2026, 8, 31), length="1 year 2 weeks", regime="pact")
    assert result.end == date(2027, 9, 14)


# --------------------------------------------------------------------------------------------
# Maximum durations that limit liberty: both ends kept, alert on the nominal end
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "event", "length", "regime", "nominal_end", "end"),
    [
        ("SCR-01 from Fri", "2026-06-12", "7 days", "eu", "2026-06-19", "2026-06-19"),
        ("SCR-01 from Sat", "2026-06-13", "7 days", "eu", "2026-06-20", "2026-06-22"),
        ("APR-16 from Tue", "2026-06-16", "12 weeks", "pact", "2026-09-08", "2026-09-08"),
        ("APR-16 over Christmas", "2026-10-03", "12 weeks", "pact", "2026-12-26", "2026-12-28"),
    ],
)
def test_maximum_durations_keep_both_ends(
    case: str, event: str, length: str, regime: str, nominal_end: str, end: str
) -> None:
    start = date.fromisoformat(event)
    result = compute_period(start=start, length=length, regime=regime, maximum=True)
    assert (result.nominal_end.isoformat(), result.end.isoformat()) == (nominal_end, end), case
    assert result.alert_on == date.fromisoformat(nominal_end)
    assert result.maximum
    assert rules_of(result)[-1] == "maximum"
    data = result.to_dict()
    assert (data["alert_on"], data["nominal_end"], data["end"]) == (nominal_end, nominal_end, end)


def test_without_maximum_the_alert_is_the_rolled_end() -> None:
    result = compute_period(start=date(2026, 6, 13), length="7 days", regime="eu")
    assert result.alert_on == result.end == date(2026, 6, 22)


def test_maximum_explanation_names_the_nominal_end() -> None:
    result = compute_period(start=date(2026, 10, 3), length="12 weeks", regime="pact", maximum=True)
    assert "act by Sat 26 Dec 2026 (nominal end)" in result.explain()


# --------------------------------------------------------------------------------------------
# Suspension and extension through Deadline: the end is recomputed from the whole ledger
# --------------------------------------------------------------------------------------------

APR_35_5 = (LegalBasis("APR", "35", "5"),)


def test_apr_13_extended_by_apr_14() -> None:
    # APR-13: 6 months from lodging Tue 14 Jul 2026 → Thu 14 Jan 2027.
    # APR-14: + 6 months counted on from that end → Wed 14 Jul 2027.
    apr13 = Deadline(start=date(2026, 7, 14), length=Length.parse("6 months"), regime=Regime.PACT)
    apr14 = apr13.extend(Length.parse("6 months"), basis=APR_35_5, reason="APR-14")
    assert apr13.result().end == date(2027, 1, 14)
    assert apr14.result().end == date(2027, 7, 14)
    assert apr13.result().end == date(2027, 1, 14)  # the original is not overwritten
    assert len(apr14.extensions) == 1
    assert citations(apr14.result(), "extension") == ["APR Art. 35(5)"]


def test_extension_counts_on_from_the_nominal_end() -> None:
    # 6 months from Mon 31 Aug 2026 → 28 Feb 2027 (Sun) → Mon 1 Mar.  The extension counts on
    # from the nominal end 28 Feb: + 6 months = Sat 28 Aug 2027 → Mon 30 Aug 2027 (documented
    # choice; not from the rolled end, and not "12 months from the event" = Tue 31 Aug 2027).
    base = Deadline(start=date(2026, 8, 31), length=Length.parse("6 months"), regime=Regime.PACT)
    extended = base.extend(Length.parse("6 months"), basis=APR_35_5).result()
    assert base.result().end == date(2027, 3, 1)
    assert extended.nominal_end == date(2027, 8, 28)
    assert extended.end == date(2027, 8, 30)


def test_suspension_adds_the_suspended_days_back() -> None:
    # 10 days from Mon 1 Jun 2026 → Thu 11 Jun.  Clock stopped Wed 3 Jun, resumed Mon 8 Jun:
    # 3, 4, 5, 6, 7 Jun = 5 days added → Tue 16 Jun.
    basis = (LegalBasis("APR", "41", "4"),)
    base = Deadline(start=date(2026, 6, 1), length=Length.parse("10 days"), regime=Regime.EU)
    stopped = base.suspend(date(2026, 6, 3), None, basis=basis, reason="asked to explain")
    assert stopped.is_suspended
    with pytest.raises(PeriodError, match="cannot be known until it resumes"):
        stopped.result()
    resumed = stopped.resume(date(2026, 6, 8))
    assert not resumed.is_suspended
    assert base.result().end == date(2026, 6, 11)
    result = resumed.result()
    assert (result.nominal_end, result.end) == (date(2026, 6, 16), date(2026, 6, 16))
    assert citations(result, "suspension") == ["APR Art. 41(4)"]
    assert "5 days added" in result.steps[-1].text


@pytest.mark.parametrize(
    ("stopped", "resumed", "end"),
    [
        (date(2026, 5, 25), date(2026, 5, 30), date(2026, 6, 11)),  # entirely before: ignored
        (date(2026, 5, 30), date(2026, 6, 4), date(2026, 6, 13)),  # 2-3 Jun inside: +2 → Sat 13
        (date(2026, 6, 12), date(2026, 6, 20), date(2026, 6, 11)),  # after the end: ignored
        (date(2026, 6, 11), date(2026, 6, 12), date(2026, 6, 12)),  # last day: +1
    ],
)
def test_only_suspended_days_inside_the_period_count(
    stopped: date, resumed: date, end: date
) -> None:
    # 10 days from Mon 1 Jun 2026, counted days 2 .. 11 Jun; dublin3 so the end does not roll.
    deadline = Deadline(
        start=date(2026, 6, 1), length=Length.parse("10 days"), regime=Regime.DUBLIN3
    )
    result = deadline.suspend(stopped, resumed, basis=()).result()
    assert result.nominal_end == end


def test_suspension_without_own_basis_cites_the_regime() -> None:
    deadline = Deadline(start=date(2026, 6, 1), length=Length.parse("10 days"), regime=Regime.NL)
    result = deadline.suspend(date(2026, 6, 3), date(2026, 6, 4), basis=()).result()
    assert citations(result, "suspension") == ["Atw Art. 1(1)"]


def test_working_day_period_is_suspended_by_working_days() -> None:
    # APR-10 from Mon 20 Apr 2026 ends Wed 6 May.  Clock stopped Mon 27 Apr .. Sun 3 May
    # (resumed Mon 4 May): working days inside are Tue 28, Wed 29, Thu 30 Apr, Fri 1 May = 4.
    # Wed 6 May + 4 working days: Thu 7, Fri 8, Mon 11, Tue 12 May 2026.
    deadline = Deadline(
        start=date(2026, 4, 20), length=Length.parse("10 working days"), regime=Regime.PACT
    )
    result = deadline.suspend(date(2026, 4, 27), date(2026, 5, 4), basis=()).result()
    assert (result.nominal_end, result.end) == (date(2026, 5, 12), date(2026, 5, 12))
    assert "4 working days added" in result.steps[-1].text


def test_ledger_misuse_is_refused() -> None:
    deadline = Deadline(start=date(2026, 6, 1), length=Length.parse("10 days"))
    with pytest.raises(PeriodError, match="not stopped"):
        deadline.resume(date(2026, 6, 5))
    stopped = deadline.suspend(date(2026, 6, 3), None, basis=())
    with pytest.raises(PeriodError, match="already stopped"):
        stopped.suspend(date(2026, 6, 4), None, basis=())
    with pytest.raises(PeriodError, match="resume before it stops"):
        stopped.resume(date(2026, 6, 2))
    with pytest.raises(PeriodError, match="resume before it stops"):
        Suspension(date(2026, 6, 3), date(2026, 6, 2), basis=())


def test_hours_cannot_be_suspended() -> None:
    with pytest.raises(PeriodError, match="days or longer"):
        compute_period(
            start=datetime(2026, 6, 15, 10, 15),
            length="72 hours",
            suspensions=[Suspension(date(2026, 6, 16), date(2026, 6, 17), basis=())],
        )


# --------------------------------------------------------------------------------------------
# Every step carries its legal basis
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "start", "length", "rule", "cites"),
    [
        ("eu", date(2026, 6, 22), "5 days", "start", ["Reg. 1182/71 Art. 3(1), 2nd subpara."]),
        ("eu", date(2026, 6, 22), "5 days", "count", ["Reg. 1182/71 Art. 3(2)(b)"]),
        ("eu", date(2026, 6, 22), "5 days", "roll-forward", ["Reg. 1182/71 Art. 3(4)"]),
        ("eu", date(2026, 8, 31), "2 months", "count", ["Reg. 1182/71 Art. 3(2)(c)"]),
        ("eu", date(2026, 12, 24), "2 days", "min-working-days", ["Reg. 1182/71 Art. 3(5)"]),
        ("pact", date(2026, 6, 22), "5 days", "roll-forward", PACT_CITES),
        ("pact", date(2026, 12, 24), "2 days", "no-minimum", PACT_CITES),
        ("dublin3", date(2026, 6, 22), "5 days", "start", ["Reg. 604/2013 Art. 42(a)"]),
        ("dublin3", date(2026, 6, 22), "5 days", "no-roll", ["Reg. 604/2013 Art. 42(c)"]),
        ("nl", date(2026, 6, 22), "5 days", "start", ["Awb Art. 6:8(1)"]),
        ("nl", date(2026, 6, 22), "5 days", "roll-forward", ["Atw Art. 1(1)"]),
        ("nl", date(2026, 12, 24), "3 days", "min-working-days", ["Atw Art. 2"]),
    ],
)
def test_step_cites_its_article(
    regime: str, start: date, length: str, rule: str, cites: list[str]
) -> None:
    result = compute_period(start=start, length=length, regime=regime)
    assert citations(result, rule) == cites


def test_instrument_narrows_the_pact_citation() -> None:
    result = compute_period(
        start=date(2026, 8, 31), length="2 months", regime="pact", instrument="AMMR"
    )
    assert citations(result, "roll-forward") == ["AMMR Art. 75"]
    assert result.end == date(2026, 11, 2)
    with pytest.raises(PeriodError, match="no Pact counting article"):
        compute_period(start=date(2026, 8, 31), length="2 months", regime="pact", instrument="SR")


@pytest.mark.parametrize("regime", [r.value for r in Regime])
@pytest.mark.parametrize(
    ("start", "length"),
    [
        (date(2026, 12, 24), "2 days"),
        (date(2026, 5, 7), "1 week"),
        (date(2026, 12, 31), "2 months"),
        (date(2026, 4, 20), "10 working days"),
        (date(2027, 1, 30), "1 month 10 days"),
    ],
)
def test_every_step_has_a_legal_basis(regime: str, start: date, length: str) -> None:
    result = compute_period(start=start, length=length, regime=regime, maximum=True)
    assert result.steps
    for step in result.steps:
        assert step.legal_basis, step.rule
        assert step.cite()
        assert step.text
    explained = result.explain()
    assert all(f"[{step.cite()}]" in explained for step in result.steps)


# --------------------------------------------------------------------------------------------
# legal-rules.md §3.6: the NL holidays of 2026 and 2027, with the equated days
# --------------------------------------------------------------------------------------------

HOLIDAYS_2026 = [
    date(2026, 1, 1),  # Thu, New Year's Day
    date(2026, 1, 2),  # Fri, equated (decree of 2026-2028)
    date(2026, 4, 3),  # Fri, Good Friday (Atw Art 3(2))
    date(2026, 4, 6),  # Mon, Easter Monday
    date(2026, 4, 27),  # Mon, King's Day
    date(2026, 5, 5),  # Tue, 5 May
    date(2026, 5, 14),  # Thu, Ascension Day
    date(2026, 5, 15),  # Fri, equated
    date(2026, 5, 25),  # Mon, Whit Monday
    date(2026, 12, 25),  # Fri, Christmas Day
    date(2026, 12, 26),  # Sat, Boxing Day
]
HOLIDAYS_2027 = [
    date(2027, 1, 1),  # Fri
    date(2027, 3, 26),  # Fri, Good Friday
    date(2027, 3, 29),  # Mon, Easter Monday
    date(2027, 4, 27),  # Tue, King's Day
    date(2027, 5, 5),  # Wed, 5 May
    date(2027, 5, 6),  # Thu, Ascension Day
    date(2027, 5, 7),  # Fri, equated
    date(2027, 5, 17),  # Mon, Whit Monday
    date(2027, 12, 25),  # Sat
    date(2027, 12, 26),  # Sun
]


@pytest.mark.parametrize(("year", "expected"), [(2026, HOLIDAYS_2026), (2027, HOLIDAYS_2027)])
def test_nl_holidays_of_section_3_6(year: int, expected: list[date]) -> None:
    assert [h.day for h in NL.holidays(year)] == expected


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 5, 4),  # Mon before 5 May 2026: queried in §3.6, not equated by the decree
        date(2027, 4, 26),  # Mon before King's Day 2027: queried in §3.6, not equated
    ],
)
def test_days_queried_in_section_3_6_are_working_days(day: date) -> None:
    assert NL.is_working_day(day)
