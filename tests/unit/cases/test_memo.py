"""The routing cache answers what ``route`` answers, and forgets answers when the data change."""

from __future__ import annotations

import pytest

from migrationpact.cases import memo
from migrationpact.law.routing import parse_facts, route
from migrationpact.law.routing.parameters import Parameters

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
