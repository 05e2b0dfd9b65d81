"""The expected need for places: how long each open case stays (its own due date first, the rule
book's length without one, the assumptions after a decision), who is not counted, and the
month-by-month need, which is never negative and never rises without new arrivals."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.cases.state import evolve
from migrationpact.law.law import Law
from migrationpact.law.periods.engine import add_months
from migrationpact.reception.occupancy import Stay, expected_need, stay_of
from migrationpact.reception.occupancy.assumptions import (
    DATA,
    NeedDataError,
    default_need_book,
    load_need_book,
)
from tests.unit.cases.helpers import ev, in_territory, run
from tests.unit.cases.test_stories import border_case

LAW = Law.default()
TODAY = date(2026, 7, 20)


def lodged() -> list:  # type: ignore[type-arg]
    return [*in_territory(), ev("application_lodged", "2026-07-10T10:00")]


def test_a_regular_case_stays_until_its_own_examination_limit_and_three_months_after() -> None:
    state = run(lodged())
    apr13 = next(d for d in state.deadlines if d.rule_id == "APR-13")
    stay = stay_of(state, TODAY, LAW)
    assert stay is not None
    assert (stay.rule_id, stay.citation, stay.then) == (
        "APR-13",
        "APR Art. 35(4); APR Art. 35(6)",
        "after_decision",
    )
    assert stay.until == add_months(apr13.due, 3) == date(2027, 4, 11)
    # the case's own due date counts: a later one (an extension) moves the stay with it
    later = evolve(apr13, due=date(2027, 3, 1))
    moved = evolve(state, deadlines=tuple(later if d is apr13 else d for d in state.deadlines))
    assert stay_of(moved, TODAY, LAW).until == date(2027, 6, 1)  # type: ignore[union-attr]


def test_a_border_case_stays_until_its_border_limit_then_by_its_decision() -> None:
    events = border_case()
    before = stay_of(run(events[:6]), TODAY, LAW)
    assert before is not None
    assert (before.rule_id, before.citation) == ("APR-16", "APR Art. 51(2)")
    apr16 = next(d for d in run(events[:6]).deadlines if d.rule_id == "APR-16")
    assert before.until == add_months(apr16.due, 3)
    refused = stay_of(run(events), date(2026, 8, 10), LAW)  # manifestly unfounded, notified
    assert refused is not None
    assert refused.then == "after_refusal"
    assert refused.until == apr16.due + timedelta(weeks=20)


def test_without_a_running_limit_the_rule_books_length_counts_from_registration() -> None:
    state = evolve(run(border_case()[:6]), deadlines=())
    stay = stay_of(state, TODAY, LAW)
    assert stay is not None
    assert stay.rule_id == "APR-16"
    # registered 9 July 2026 + 12 weeks (APR-16) = 1 October, + 3 months after the decision
    assert stay.until == date(2027, 1, 1)
    regular = stay_of(evolve(run(lodged()), deadlines=()), TODAY, LAW)
    assert regular is not None
    assert regular.rule_id == "APR-13"
    assert regular.until == add_months(date(2026, 7, 10), 9)  # lodged + 6 months + 3 months


def test_a_decision_notified_counts_by_its_outcome() -> None:
    base = lodged()
    granted = run([*base, ev("decision_taken", "2026-09-01T10:00", outcome="refugee-status"),
                   ev("decision_notified", "2026-09-02T10:00")])  # fmt: skip
    stay = stay_of(granted, date(2026, 9, 10), LAW)
    assert stay is not None
    assert (stay.rule_id, stay.then) == (None, "after_grant")
    assert stay.until == date(2026, 12, 2)
    assert stay.basis == "decision + after_grant"
    refused = run([*base, ev("decision_taken", "2026-09-01T10:00", outcome="unfounded"),
                   ev("decision_notified", "2026-09-02T10:00")])  # fmt: skip
    stay = stay_of(refused, date(2026, 9, 10), LAW)
    assert stay is not None
    assert stay.then == "after_refusal"
    assert stay.until == date(2026, 9, 2) + timedelta(weeks=20)
    # a person still here after the wait is still here today
    assert stay_of(granted, date(2027, 1, 5), LAW).until == date(2027, 1, 5)  # type: ignore[union-attr]


def test_a_stage_end_that_has_passed_counts_from_today() -> None:
    late = date(2027, 3, 1)  # after APR-13's due date (11 January 2027)
    assert stay_of(run(lodged()), late, LAW).until == add_months(late, 3)  # type: ignore[union-attr]


def test_who_needs_no_place() -> None:
    made = run(lodged())
    assert stay_of(evolve(made, closed=True), TODAY, LAW) is None
    assert stay_of(evolve(made, absconded=True), TODAY, LAW) is None
    assert stay_of(evolve(made, made_at=None), TODAY, LAW) is None
    gone = evolve(made, dublin=evolve(made.dublin, transferred_at=made.made_at))
    assert stay_of(gone, TODAY, LAW) is None


def test_every_rule_the_data_file_names_is_in_the_rule_book_with_a_length_where_one_follows() -> (
    None
):
    book = default_need_book()
    rules = LAW.book.at(date(2026, 12, 5))
    for stage in book.stages:
        assert all(r in rules for r in stage.rules), stage
        if stage.then not in book.assumptions and stage.then != "leaves":
            assert rules.get(stage.then).length is not None
    assert all(r in rules for r in book.without_limit.values())


def test_a_bad_data_file_is_one_error(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["assumptions"]["after_grant"].pop("note")
    bad = tmp_path / "need.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(NeedDataError, match="unverified assumption needs a note"):
        load_need_book(bad)
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["stages"][0]["then"] = "somewhere else"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(NeedDataError, match="is no assumption, rule or 'leaves'"):
        load_need_book(bad)


stays = st.lists(
    st.builds(
        Stay,
        case_id=st.text(min_size=1, max_size=5),
        until=st.dates(date(2026, 1, 1), date(2029, 12, 31)),
        rule_id=st.sampled_from([None, "APR-13", "APR-16", "AMMR-10"]),
        citation=st.just(""),
        then=st.sampled_from([None, "after_decision", "after_grant"]),
    ),
    max_size=40,
)


@given(stays, st.dates(date(2026, 6, 1), date(2028, 1, 1)), st.integers(1, 24))
def test_the_need_is_never_negative_and_never_rises(
    listed: list[Stay], today: date, months: int
) -> None:
    found = expected_need(listed, today, months)
    assert len(found) == months
    assert found[0].day == today
    people = [m.people for m in found]
    assert all(n >= 0 for n in people)
    assert people == sorted(people, reverse=True)
    for month in found:
        assert month.people == sum(n for _, n in month.by_basis)
        assert month.people == sum(1 for s in listed if s.until >= month.day)


def test_months_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="months must be 1 or more"):
        expected_need([], TODAY, 0)
