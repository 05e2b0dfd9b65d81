"""The cohort model worked by hand from the rule: a stay ends at the transfer, at absconding or
when the transfer time limit of the rule book (AMMR-10, six months) lapses, never later."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.reception.plan import (
    PlanDataError,
    Stay,
    TransferLimit,
    default_parameters,
    places_needed,
    residents,
    stay_from,
    transfer_limit,
)
from migrationpact.reception.plan.parameters import months_of, read_parameters

JAN = date(2027, 1, 1)


def one_cohort(month: date) -> float:
    return 100.0 if month == JAN else 0.0


def test_the_limit_is_the_rule_books_six_months() -> None:
    limit = transfer_limit(JAN)
    assert (limit.rule_id, limit.length, limit.months) == ("AMMR-10", "6 months", 6.0)


def test_a_cohort_worked_by_hand_with_the_shipped_parameters() -> None:
    # 31 % transferred after 3 months, 20 % abscond after 1 month, the other 49 % stay until
    # the six months of AMMR-10 lapse.
    stay = stay_from(default_parameters().parameters, transfer_limit(JAN))
    by_month = [round(residents(one_cohort, date(2027, m, 1), stay), 6) for m in range(1, 9)]
    assert by_month == [100.0, 80.0, 80.0, 49.0, 49.0, 49.0, 0.0, 0.0]


def test_nobody_stays_past_the_transfer_limit() -> None:
    stay = Stay.of(transferred=(0.5, 10.0), absconded=(0.1, 9.0), limit_months=3)
    assert [round(stay.present(age), 6) for age in range(5)] == [1.0, 1.0, 1.0, 0.0, 0.0]
    shorter = stay_from(default_parameters().parameters, TransferLimit("X", "2 months", 2, True))
    assert shorter.present(1) == pytest.approx(0.8)  # the absconders left after 1 month
    assert shorter.present(2) == 0.0  # the transferred (3 months) are cut at the limit


def test_cohorts_add_up() -> None:
    stay = Stay.of(transferred=(0.0, 0.0), absconded=(0.0, 0.0), limit_months=2)
    every_month = residents(lambda _: 10.0, date(2027, 5, 1), stay)
    assert every_month == 20.0  # this month's 10 and last month's 10


@pytest.mark.parametrize(("people", "needed"), [(0.0, 0), (96.0, 100), (97.0, 102), (0.5, 1)])
def test_places_needed_at_96_percent_are_rounded_up(people: float, needed: int) -> None:
    assert places_needed(people, 0.96) == needed


def test_months_of_a_length() -> None:
    assert months_of("6 months") == 6.0
    assert months_of("1 year 2 months") == 14.0
    with pytest.raises(PlanDataError, match="hours"):
        months_of("48 hours")


def test_a_bad_parameter_file_names_the_field() -> None:
    data = default_parameters().as_json()
    data["parameters"]["transferred_share"]["value"] = 0.9  # with 0.2 absconding: above 1
    with pytest.raises(PlanDataError, match="at most 1"):
        read_parameters(data)
    data = default_parameters().as_json()
    data["parameters"]["build_up_per_month"]["value"] = 0
    with pytest.raises(PlanDataError, match="build_up_per_month"):
        read_parameters(data)
    data = default_parameters().as_json()
    data["parameters"]["take_rate"]["source"] = "[NOWHERE]"
    with pytest.raises(PlanDataError, match=r"\[NOWHERE\] is not among the sources"):
        read_parameters(data)
    data = default_parameters().as_json()
    del data["parameters"]["take_rate"]
    with pytest.raises(PlanDataError, match=r"parameters\.take_rate"):
        read_parameters(data)


def test_the_shipped_parameters_are_cited_and_say_whether_verified() -> None:
    shipped = default_parameters()
    assert not shipped.verified
    for _, parameter in shipped.parameters:
        assert parameter.source.startswith("[")
        assert parameter.note
    assert shipped.parameters.planned_occupancy.verified
