"""The forecast: from the cases (counted months, the carried-forward mean, the open Dublin
cases times the take rate) and from a file (CSV or JSON), with one clear error for a bad file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.cases.state import CaseState, DublinTrack
from migrationpact.reception.plan import ForecastError, default_parameters, read_forecast
from migrationpact.reception.plan.forecast import forecast_from_cases, pending

PARAMETERS = default_parameters().parameters  # 6 months averaged; take rate 0.7 over 5 months
TODAY = date(2027, 4, 15)


def notified(case_id: str, on: datetime, **track: Any) -> CaseState:
    return CaseState(case_id, dublin=DublinTrack(transfer_decision_notified_at=on, **track))


def asked(case_id: str, **track: Any) -> CaseState:
    return CaseState(case_id, dublin=DublinTrack(role="requesting", reply="pending", **track))


def test_counted_months_the_mean_carried_forward_and_the_open_cases() -> None:
    states = [
        notified("A", datetime(2027, 1, 3)),
        notified("B", datetime(2027, 1, 30)),
        notified("C", datetime(2027, 3, 1)),
        notified("D", datetime(2026, 9, 1)),  # before the six months averaged, still counted
        notified("E", datetime(2027, 4, 2)),  # this month: projected, not counted
        asked("F"),
        asked("G"),
    ]
    f = forecast_from_cases(states, today=TODAY, until=date(2027, 12, 1), parameters=PARAMETERS)
    assert (f.at(date(2027, 1, 1)), f.at(date(2027, 3, 1)), f.at(date(2026, 9, 1))) == (2, 1, 1)
    assert f.at(date(2027, 2, 1)) == 0
    assert f.monthly_mean == pytest.approx(3 / 6)  # Oct 2026 – Mar 2027: A, B, C
    assert f.pending_cases == 2
    extra = 2 * 0.7 / 5
    assert f.at(date(2027, 4, 1)) == pytest.approx(0.5 + extra)
    assert f.at(date(2027, 8, 1)) == pytest.approx(0.5 + extra)  # the fifth month
    assert f.at(date(2027, 9, 1)) == pytest.approx(0.5)
    assert f.at(date(2027, 12, 1)) == pytest.approx(0.5)
    assert f.at(date(2028, 1, 1)) == 0  # past ``until``


def test_which_dublin_cases_are_still_open() -> None:
    assert pending(asked("A"))
    assert pending(CaseState("H", dublin=DublinTrack(hit="take-charge")))
    assert not pending(asked("B", transfer_decision_notified_at=datetime(2027, 1, 1)))
    assert not pending(asked("C", transferred_at=datetime(2027, 1, 1)))
    assert not pending(CaseState("D", dublin=DublinTrack(role="requesting", reply="refused")))
    assert not pending(replace(asked("E"), closed=True))
    assert not pending(CaseState("F", dublin=DublinTrack(role="requested", reply="pending")))
    assert not pending(CaseState("G"))


def test_a_file_forecast_in_csv_and_json() -> None:
    from_csv = read_forecast("month,transfer_decisions\n2027-02,12\n2027-01,40.5\n", "csv")
    from_json = read_forecast(
        '{"forecast": [{"month": "2027-02", "transfer_decisions": 12},'
        ' {"month": "2027-01", "transfer_decisions": 40.5}]}',
        "json",
    )
    assert from_csv.decisions == from_json.decisions
    assert from_csv.decisions == ((date(2027, 1, 1), 40.5), (date(2027, 2, 1), 12.0))
    assert from_csv.source == "file"
    listed = read_forecast('[{"month": "2027-03", "transfer_decisions": 0}]', "json")
    assert listed.at(date(2027, 3, 1)) == 0


@pytest.mark.parametrize(
    ("text", "kind", "error"),
    [
        ("month,decisions\n2027-01,4\n", "csv", "header month,transfer_decisions"),
        ("", "csv", "header month,transfer_decisions"),
        ("month,transfer_decisions\n", "csv", "names no month"),
        ("month,transfer_decisions\n2027-13,4\n", "csv", "row 1: not a month: '2027-13'"),
        ("month,transfer_decisions\nJan 2027,4\n", "csv", "row 1: not a month"),
        ("month,transfer_decisions\n2027-01,4\n2027-01,5\n", "csv", "row 2: month 2027-01 is"),
        ("month,transfer_decisions\n2027-01,-1\n", "csv", "0 or more"),
        ("month,transfer_decisions\n2027-01,many\n", "csv", "not a number: 'many'"),
        ("month,transfer_decisions\n2027-01,nan\n", "csv", "0 or more"),
        ("{", "json", "not valid JSON"),
        ('{"months": []}', "json", "a list of"),
        ('[{"month": "2027-01"}]', "json", "row 1: needs month and transfer_decisions"),
        ('[{"month": "2027-01", "transfer_decisions": true}]', "json", "0 or more"),
        ('[{"month": "2027-01", "transfer_decisions": null}]', "json", "not a number"),
        ('["2027-01"]', "json", "row 1: needs"),
    ],
)
def test_a_bad_forecast_file_is_one_clear_error(text: str, kind: Any, error: str) -> None:
    with pytest.raises(ForecastError, match=error.replace("(", r"\(")):
        read_forecast(text, kind)
