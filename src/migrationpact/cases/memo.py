"""Bounded caches of pure law computations that a replay asks again and again with equal inputs.

Routing is a pure function of the facts, the crisis decision, the routing data (parameters and
recognition rates) and the rule book (for the rule-set version); many cases have equal facts.
``routed`` answers from a cache keyed by the facts and the crisis decision, and remembers which
data objects the answer was computed with: when ``Parameters.load()``,
``RecognitionTable.load()`` or ``default_book()`` give other objects (e.g. a test that replaces
the data), the answer is computed afresh. Unhashable inputs are never cached. The
cache holds at most ``ROUTE_CACHE_SIZE`` answers and is emptied when full.
"""

from __future__ import annotations

from typing import Any

from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.routing import Facts, RoutingResult, route
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.routing.recognition import RecognitionTable
from migrationpact.law.rulebook import RuleBook, default_book

ROUTE_CACHE_SIZE = 4096

_Data = tuple[Parameters, RecognitionTable, RuleBook]
_routes: dict[tuple[Any, ...], tuple[_Data, RoutingResult]] = {}


def routed(facts: Facts, crisis: CrisisDecision | None) -> RoutingResult:
    """``route(facts, crisis=crisis)``, from the cache when the same question was asked before."""
    data = (Parameters.load(), RecognitionTable.load(), default_book())
    key = (facts, crisis)
    try:
        hit = _routes.get(key)
    except TypeError:  # unhashable facts or decision: nothing to cache
        return route(facts, crisis=crisis)
    if hit is not None and all(a is b for a, b in zip(hit[0], data, strict=True)):
        return hit[1]
    result = route(facts, crisis=crisis)
    if len(_routes) >= ROUTE_CACHE_SIZE:
        _routes.clear()
    _routes[key] = (data, result)
    return result
