"""The caches of law computations answer what the law answers.

Routing: from the cache, and afresh when the data change. Deadlines: an entry built from the
cached parts equals the one computed, validated and round-tripped for that start moment.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.cases import clock, memo
from migrationpact.cases.organisations import who
from migrationpact.cases.state import DeadlineEntry
from migrationpact.jsontext import dumps
from migrationpact.law.periods import PeriodError
from migrationpact.law.routing import parse_facts, route
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.rulebook import deadline, default_book

FACTS = {"entry": "border-crossing", "applied_for_asylum": True, "nationality": "MAR",
         "age": 30, "date_of_application": "2026-07-06"}  # fmt: skip


def test_a_cached_answer_equals_route_and_is_reused() -> None:
    facts = parse_facts(FACTS)
    first = memo.routed(facts, None)
    assert first == route(facts)
    assert memo.routed(parse_facts(FACTS), None) is first


def test_other_routing_data_give_a_fresh_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = parse_facts(FACTS)
    first = memo.routed(facts, None)
    other = Parameters(Parameters.load().entries)
    monkeypatch.setattr(Parameters, "load", classmethod(lambda cls: other))
    fresh = memo.routed(facts, None)
    assert fresh is not first
    assert fresh == route(facts, parameters=other)


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "ROUTE_CACHE_SIZE", 2)
    for age in (20, 21, 22, 23):
        memo.routed(parse_facts({**FACTS, "age": age}), None)
    assert len(memo._routes) <= 2


def _fresh(rule_id: str, start: datetime | date) -> DeadlineEntry:
    """The entry as ``Draft`` built it before the cache: computed, validated, round-tripped."""
    computed = deadline(rule_id, start=start, law_date=start_day(start))
    who_org, reason = who(computed.rule.id)
    entry = clock._entry(
        key=computed.rule.id, computed=computed, start=start, organisation=who_org,
        reason=reason, seq=3,
    )  # fmt: skip
    return DeadlineEntry.model_validate(entry.model_dump(mode="json"))


def start_day(start: datetime | date) -> date:
    return start.date() if isinstance(start, datetime) else start


def _built(rule_id: str, start: datetime | date) -> DeadlineEntry:
    parts = memo.deadline_parts(
        rule_id, start=start, law_date=start_day(start), crisis=None, book=default_book()
    )
    assert parts is not None
    org, reason = who(parts.rule_id)
    return clock._new_entry(parts, parts.rule_id, start, org, reason, 3)


@pytest.mark.parametrize("rule_id", ["APR-04", "AMMR-01", "APR-13", "SCR-01", "EDR-01"])
def test_deadline_parts_give_the_entry_a_fresh_computation_gives(rule_id: str) -> None:
    moments = [datetime(2026, 8, 31, 9, 0), datetime(2026, 8, 31, 17, 45, 30, 250),
               date(2026, 8, 31), datetime(2026, 9, 1, 0, 0)]  # fmt: skip
    for start in moments:
        try:
            fresh = _fresh(rule_id, start)
        except PeriodError as exc:  # e.g. a period in hours from a day
            with pytest.raises(PeriodError, match=str(exc)):
                _built(rule_id, start)
            continue
        built = _built(rule_id, start)
        assert built == fresh
        assert built.model_dump(mode="json") == fresh.model_dump(mode="json")
        assert json.dumps(built.derivation) == json.dumps(fresh.derivation)


def test_day_counted_periods_are_computed_once_per_day(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = deadline

    def counting(rule_id: str, **kwargs: Any) -> Any:
        calls.append(rule_id)
        return real(rule_id, **kwargs)

    monkeypatch.setattr(memo, "deadline", counting)
    monkeypatch.setattr(memo, "_deadlines", {})
    for hour in (8, 12, 16):
        _built("APR-04", datetime(2026, 10, 5, hour, 0))
        _built("EDR-01", datetime(2026, 10, 5, hour, 0))  # in hours: every time
    assert calls.count("APR-04") == 1
    assert calls.count("EDR-01") == 3


def test_the_deadline_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "DEADLINE_CACHE_SIZE", 2)
    for day in range(1, 6):
        _built("APR-04", date(2026, 10, day))
    assert len(memo._deadlines) <= 2


@pytest.mark.parametrize("rule_id", ["APR-04", "AMMR-01", "APR-13", "EDR-01"])
def test_remembered_texts_are_the_stored_json_text(rule_id: str) -> None:
    for start in (datetime(2026, 8, 31, 9, 0), datetime(2026, 8, 31, 17, 45), date(2026, 9, 1)):
        try:
            built = _built(rule_id, start)
        except PeriodError:
            continue
        for value in (built.derivation, built.legal_basis):
            assert memo.json_text(value) == dumps(value)
        copied = dict(built.derivation)  # not handed out by the parts: dumped
        assert memo.json_text(copied) == dumps(copied)


def test_forgotten_objects_are_dumped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "GIVEN_SIZE", 1)
    first = _built("APR-04", datetime(2026, 10, 5, 8, 0))
    _built("APR-04", datetime(2026, 10, 6, 8, 0))
    assert id(first.derivation) not in memo._given
    assert memo.json_text(first.derivation) == dumps(first.derivation)
