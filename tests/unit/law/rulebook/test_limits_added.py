"""The time limits added in the 2026-12-05 edition for Eurodac, the Reception Conditions
Directive, the Qualification Regulation and the return border procedure (legal audit 2026-12,
§4), each checked against a date counted by hand from the article (Italian OJ text).

Counting by hand, as docs/rulebook.md says:

- EDR (no counting article; Reg. 1182/71 by analogy, hours): the hour in which the event falls is
  not counted (Art 3(1)); the hours then run without regard to weekends (Art 3(2)(a), 3(4) does
  not move a period in hours).
- RCD (a directive; the Algemene termijnenwet): the event day is not counted; a period ending on
  a Saturday, Sunday or public holiday ends on the next working day (Atw Art 1); a maximum keeps
  its nominal end as the alert.
- QR (Reg. 1182/71): the event day is not counted; a last day on a Saturday, Sunday or holiday
  moves to the next working day (Art 3(4)).
- RBPR (Art 11): the event day is not counted; a maximum is not rolled over.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.crisis import CrisisError, CrisisRegister
from migrationpact.law.periods.hours import elapsed
from migrationpact.law.rulebook import Kind, RuleBookError, deadline, default_book

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EXAMPLE_REGISTER = Path(__file__).parents[4] / "docs" / "examples" / "crisis-example.yaml"


def _end(rule: str, start: date | datetime, *ext: tuple[str, str]) -> date | datetime:
    return deadline(rule, start=start, extensions=list(ext)).result.end


# --- Eurodac (Reg. 2024/1358) -----------------------------------------------------------------


def test_edr_24_disembarked_person_72_hours_plus_technical_and_influx() -> None:
    # EDR Art 24(2): 72 h "from the date of disembarkation", counted from the moment (as EDR-03).
    # Disembarked Fri 4 Sep 2026 22:30 → the clock starts 23:00 → 72 h → Mon 7 Sep 2026 23:00.
    start = datetime(2026, 9, 4, 22, 30)
    assert _end("EDR-16", start) == datetime(2026, 9, 7, 23, 0)
    # Art 24(5) 2nd subpara: +48 h for serious technical problems → Wed 9 Sep 23:00; with the
    # sudden-influx derogation of Art 24(6) another +48 h → Fri 11 Sep 2026 23:00.
    technical = ("EDR-19", "serious-technical-problems")
    assert _end("EDR-16", start, technical) == datetime(2026, 9, 9, 23, 0)
    influx = ("EDR-20", "sudden-influx")
    assert _end("EDR-16", start, technical, influx) == datetime(2026, 9, 11, 23, 0)


def test_edr_retaken_fingerprints_48_hours_from_the_successful_retaking() -> None:
    # EDR Art 15(1) 2nd subpara: retaken Sat 10 Oct 2026 09:15 → from 10:00 → Mon 12 Oct 10:00;
    # the weekend does not move a period in hours. Art 22(5), 23(4), 24(4) alike.
    start = datetime(2026, 10, 10, 9, 15)
    for rule in ("EDR-04", "EDR-09", "EDR-13", "EDR-17"):
        assert _end(rule, start) == datetime(2026, 10, 12, 10, 0), rule


def test_edr_health_grounds_48_hours_from_their_end() -> None:
    # EDR Art 15(2) 1st subpara: health grounds ceased Thu 1 Oct 2026 14:05 → from 15:00 →
    # Sat 3 Oct 2026 15:00. Art 22(6), 23(5), 24(5) alike.
    start = datetime(2026, 10, 1, 14, 5)
    for rule in ("EDR-05", "EDR-10", "EDR-14", "EDR-18"):
        assert _end(rule, start) == datetime(2026, 10, 3, 15, 0), rule


def test_edr_15_technical_extension_of_the_applicants_72_hours() -> None:
    # EDR Art 15(1)(a): registered Tue 3 Nov 2026 16:40 → from 17:00 → Fri 6 Nov 17:00;
    # Art 15(2) 2nd subpara: +48 h → Sun 8 Nov 2026 17:00.
    start = datetime(2026, 11, 3, 16, 40)
    assert _end("EDR-01", start, ("EDR-06", "serious-technical-problems")) == datetime(
        2026, 11, 8, 17, 0
    )
    assert _end("EDR-02", start, ("EDR-06b", "serious-technical-problems")) == datetime(
        2026, 11, 8, 17, 0
    )
    with pytest.raises(RuleBookError, match="not an extension of EDR-02"):
        deadline("EDR-02", start=start, extensions=[("EDR-06", "serious-technical-problems")])


def test_edr_22_and_23_technical_extensions() -> None:
    # Art 22(2): apprehended Wed 2 Sep 2026 08:10 → from 09:00 → Sat 5 Sep 09:00; 22(6) 2nd
    # subpara +48 h → Mon 7 Sep 2026 09:00.
    apprehended = datetime(2026, 9, 2, 8, 10)
    assert _end("EDR-03", apprehended, ("EDR-11", "serious-technical-problems")) == datetime(
        2026, 9, 7, 9, 0
    )
    # Art 23(2): found staying illegally Sun 6 Sep 2026 03:45 → from 04:00 → Wed 9 Sep 04:00;
    # 23(5) 2nd subpara +48 h → Fri 11 Sep 2026 04:00.
    found = datetime(2026, 9, 6, 3, 45)
    assert _end("EDR-12", found) == datetime(2026, 9, 9, 4, 0)
    assert _end("EDR-12", found, ("EDR-15", "serious-technical-problems")) == datetime(
        2026, 9, 11, 4, 0
    )


def test_edr_18_admission_72_hours_from_the_decision() -> None:
    # EDR Art 18(2) 2nd subpara: decision Mon 14 Dec 2026 11:20 → from 12:00 → Thu 17 Dec 12:00.
    assert _end("EDR-07", datetime(2026, 12, 14, 11, 20)) == datetime(2026, 12, 17, 12, 0)


def test_edr_22_4_custody_over_72_hours_has_no_day_count() -> None:
    # Art 22(4): transmitted before release — no period to count.
    with pytest.raises(RuleBookError, match="sets no day count"):
        deadline("EDR-08", start=datetime(2026, 9, 2, 8, 10))


def test_edr_sudden_influx_is_refused_on_another_ground() -> None:
    with pytest.raises(RuleBookError, match="the law allows only"):
        deadline("EDR-16", start=datetime(2026, 9, 4, 22, 30), extensions=[("EDR-20", "busy week")])


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(min_value=datetime(2026, 6, 12), max_value=datetime(2029, 12, 31)),
    st.sampled_from([("EDR-01", "EDR-06"), ("EDR-03", "EDR-11"), ("EDR-16", "EDR-19")]),
)
def test_a_technical_extension_adds_48_hours_of_elapsed_time(
    start: datetime, pair: tuple[str, str]
) -> None:
    base, ext = pair
    plain = _end(base, start)
    longer = _end(base, start, (ext, "serious-technical-problems"))
    assert isinstance(plain, datetime)
    assert isinstance(longer, datetime)
    # Elapsed time: across a change of the clocks the end shows another time of day.
    assert elapsed(plain, longer, AMSTERDAM) == timedelta(hours=48)


# --- Reception Conditions Directive (Dir. 2024/1346) --------------------------------------------


def test_rcd_11_3_ex_officio_review_of_detention() -> None:
    # Detention from Fri 2 Oct 2026: 15 days → Sat 17 Oct 2026 → Atw Art 1 → Mon 19 Oct 2026.
    review = deadline("RCD-05", start=date(2026, 10, 2))
    assert review.result.end == date(2026, 10, 19)
    assert not review.verified  # the Dutch choice (ex officio / on request) was not read
    # Release if not concluded within 21 days: from Sat 3 Oct 2026 → Sat 24 Oct 2026, a maximum
    # whose nominal end is kept as the alert.
    release = deadline("RCD-06", start=date(2026, 10, 3))
    assert release.result.nominal_end == date(2026, 10, 24)
    assert release.result.alert_on == date(2026, 10, 24)
    assert release.result.maximum
    assert "released immediately" in (release.rule.consequence or "")


def test_rcd_11_3_review_on_request() -> None:
    # Requested Mon 9 Nov 2026: 15 days → Tue 24 Nov 2026; 21 days → Mon 30 Nov 2026.
    assert _end("RCD-07", date(2026, 11, 9)) == date(2026, 11, 24)
    assert deadline("RCD-08", start=date(2026, 11, 9)).result.nominal_end == date(2026, 11, 30)


def test_rcd_9_5_assigned_residence_review_after_two_months() -> None:
    # Decision applied from Mon 31 Aug 2026: 2 months → Sat 31 Oct 2026 → Mon 2 Nov 2026.
    assert _end("RCD-09", date(2026, 8, 31)) == date(2026, 11, 2)


def test_rcd_16_2_education_within_two_months_of_lodging() -> None:
    # Lodged Tue 15 Sep 2026: 2 months → Sun 15 Nov 2026 → Atw → Mon 16 Nov 2026.
    assert _end("RCD-10", date(2026, 9, 15)) == date(2026, 11, 16)
    # Education outside the system from Mon 30 Nov 2026: at most 1 month → Wed 30 Dec 2026.
    assert _end("RCD-11", date(2026, 11, 30)) == date(2026, 12, 30)


def test_rcd_27_representative_delayed_by_ten_days() -> None:
    # APR-24 from Tue 1 Sep 2026: 15 working days → Tue 22 Sep 2026 (2-4, 7-11, 14-18, 21, 22
    # Sep); RCD Art 27(1) 5th subpara: delayed by 10 days (IT "giorni") → Fri 2 Oct 2026.
    start = date(2026, 9, 1)
    assert _end("APR-24", start) == date(2026, 9, 22)
    assert _end("APR-24", start, ("RCD-12", "disproportionate-numbers-of-minors")) == date(
        2026, 10, 2
    )


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2026, 6, 12), max_value=date(2030, 12, 31)))
def test_the_review_limit_ends_before_the_release_maximum(start: date) -> None:
    # 15 days, rolled over a weekend and holidays, always end before the 21 days' nominal end.
    review = deadline("RCD-05", start=start).result.end
    release = deadline("RCD-06", start=start).result.nominal_end
    assert review < release


# --- Qualification Regulation (Reg. 2024/1347) --------------------------------------------------


def test_qr_20_3_interim_measures_after_15_days() -> None:
    # Granted Fri 6 Nov 2026: 15 days → Sat 21 Nov 2026 → Reg. 1182/71 Art 3(4) → Mon 23 Nov.
    result = deadline("QR-02", start=date(2026, 11, 6))
    assert result.result.end == date(2026, 11, 23)
    assert "interim measures" in (result.rule.consequence or "")
    with pytest.raises(RuleBookError, match="not in force"):
        deadline("QR-02", start=date(2026, 6, 30))  # QR applies from 1 July 2026 (Art 42)


# --- Return Border Procedure Regulation (Reg. 2024/1349) ----------------------------------------


def test_rbpr_5_4_detention_ends_with_the_12_weeks() -> None:
    # No right to remain from Wed 10 Mar 2027: 12 weeks → Wed 2 Jun 2027 (RBPR Art 4(2), 5(4)).
    detention = deadline("RBP-04", start=date(2027, 3, 10))
    assert detention.result.nominal_end == date(2027, 6, 2)
    assert detention.result.maximum


def test_rbpr_6_1_b_crisis_extension_of_detention_needs_a_decision_and_a_ground() -> None:
    decision = CrisisRegister.load(EXAMPLE_REGISTER).get("FICTIONAL-NL-2027-01")
    ground = [("RBP-04b", "rejected-under-cfmr-11-3")]
    longer = deadline("RBP-04", start=date(2027, 3, 10), crisis=decision, extensions=ground)
    assert longer.result.nominal_end == date(2027, 7, 14)  # + 6 weeks: Wed 14 Jul 2027
    with pytest.raises((RuleBookError, CrisisError)):
        deadline("RBP-04", start=date(2027, 3, 10), extensions=ground)


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2026, 6, 12), max_value=date(2030, 12, 31)))
def test_rbp_04_ends_with_rbp_01(start: date) -> None:
    stay = deadline("RBP-01", start=start).result
    detention = deadline("RBP-04", start=start).result
    assert (detention.nominal_end, detention.end) == (stay.nominal_end, stay.end)


# --- the book ----------------------------------------------------------------------------------

ADDED = [
    *[f"EDR-{n:02d}" for n in range(4, 21)], "EDR-06b",
    *[f"RCD-{n:02d}" for n in range(5, 13)], "QR-02", "RBP-04", "RBP-04b",
]  # fmt: skip


def test_the_added_rules_cite_their_articles_and_are_in_the_2026_12_05_edition() -> None:
    book = default_book()
    for rule_id in ADDED:
        (version,) = book.versions(rule_id)
        assert version.source.startswith("2026-12-05/"), rule_id
        assert version.rule.legal_basis, rule_id
        instrument = version.rule.legal_basis[0].instrument
        assert rule_id.split("-")[0] in (instrument, "RBP"), rule_id
        if version.rule.kind == Kind.EXTENSION:
            assert version.rule.conditions, rule_id
