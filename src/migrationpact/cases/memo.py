"""Bounded caches of pure law computations that a replay asks again and again with equal inputs.

Routing is a pure function of the facts, the crisis decision, the routing data (parameters and
recognition rates) and the rule book (for the rule-set version); many cases have equal facts.
``routed`` answers from a cache keyed by the facts and the crisis decision, and remembers which
data objects the answer was computed with: when ``Parameters.load()``,
``RecognitionTable.load()`` or ``default_book()`` give other objects (e.g. a test that replaces
the data), the answer is computed afresh. Unhashable inputs are never cached. The
cache holds at most ``ROUTE_CACHE_SIZE`` answers and is emptied when full.

A period counted in days (or weeks, months, years) depends on the day it starts, not on the
hour: the end, the nominal end, the alert day and every step of the derivation are the same for
every start moment of that day; only the start itself differs. ``deadline_parts`` computes the
rule book's answer (``law.rulebook.deadline``) once per rule, start day, law date, crisis
decision and rule book, and keeps it as the JSON-normal values of a ``DeadlineEntry``
(``cases.normal``), so an entry is built from it without counting or validating again. Periods
in hours, refusals and unhashable inputs are computed every time. At most
``DEADLINE_CACHE_SIZE`` answers are kept; the cache is emptied when full.

The store writes every entry's legal basis and derivation as JSON text (``jsontext.dumps``) in
its ``deadlines`` row, and the derivation is the largest part of a deadline. A legal basis is
shared by every entry built from the same ``DeadlineParts``, and a derivation differs from the
parts' one in its ``start`` only, so their text is made once per parts (``json_text``): the
objects ``DeadlineParts`` hands out are remembered, by identity, with the parts, and their text
is made from the parts when the store asks. Any other object (one read back from JSON, a
recomputed derivation) is dumped as before, so the text never depends on which way was taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter

from migrationpact.cases.normal import normal_moment
from migrationpact.jsontext import dumps
from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.periods.result import iso
from migrationpact.law.routing import Facts, RoutingResult, route
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.routing.recognition import RecognitionTable
from migrationpact.law.rulebook import RuleBook, RuleDeadline, deadline, default_book
from migrationpact.law.rulebook.schema import Kind

ROUTE_CACHE_SIZE = 4096
DEADLINE_CACHE_SIZE = 16384

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


#: Serializers of ``DeadlineEntry.legal_basis`` and ``.derivation`` (JSON mode: the normal form).
_LEGAL_BASIS = TypeAdapter(list[dict[str, Any]])
_DERIVATION = TypeAdapter(dict[str, Any])
#: Rule kinds that are not periods: ``Draft.start`` starts nothing for them.
_NO_PERIOD = (Kind.NO_DAY_COUNT, Kind.APPLICABILITY, Kind.COMPOSITE)


@dataclass(frozen=True)
class DeadlineParts:
    """A period as the rule book computed it, as JSON-normal ``DeadlineEntry`` field values.

    ``values`` holds every field that does not depend on the start moment or on the case;
    ``derivation`` is the derivation with the ``start`` of the moment it was computed for.
    Both are shared by every entry built from them and must not be changed.
    """

    rule_id: str
    in_hours: bool
    values: dict[str, Any]
    derivation: dict[str, Any]
    #: Texts made once: the legal basis's, the derivation's around its start value.
    _texts: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def derivation_from(self, start: date | datetime) -> dict[str, Any]:
        """The derivation of the same period started at ``start`` (same day, or in hours: same
        moment)."""
        start_text = iso(start)
        derivation = {**self.derivation, "start": start_text}
        # The entry built with this derivation holds the parts' legal basis too.
        _remember(self.values["legal_basis"], self, None)
        _remember(derivation, self, start_text)
        return derivation

    def legal_basis_text(self) -> str:
        """``dumps`` of ``values["legal_basis"]``, made once."""
        if self._texts.get("legal_basis") is None:
            self._texts["legal_basis"] = dumps(self.values["legal_basis"])
        return self._texts["legal_basis"]

    def derivation_text(self, start_text: str) -> str:
        """``dumps(self.derivation_from(start))`` for the ``start`` whose text is given:
        the derivation is dumped once, with a mark where the start's text goes."""
        around = self._texts.get("around_start")
        if around is None:
            marked = dumps({**self.derivation, "start": _MARK})
            if marked.count(_MARK_TEXT) != 1:
                return dumps({**self.derivation, "start": start_text})
            around = self._texts["around_start"] = marked.replace(_MARK_TEXT, "\0", 1)
        before, _, after = around.partition("\0")
        return before + dumps(start_text) + after


#: A start value no derivation holds, to find where the start's text goes.
_MARK = "\x00start\x00"
_MARK_TEXT = dumps(_MARK)  # escaped: a bare NUL never occurs in JSON text
#: Objects handed out by ``DeadlineParts``, by id: the object itself (so the id stays its own),
#: its parts and, for a derivation, the start's text. Their text is made only when asked for
#: (the live append path never asks). Emptied when full; a forgotten object is dumped again.
_given: dict[int, tuple[Any, DeadlineParts, str | None]] = {}
GIVEN_SIZE = 8192


def _remember(value: Any, parts: DeadlineParts, start_text: str | None) -> None:
    if len(_given) >= GIVEN_SIZE:
        _given.clear()
    _given[id(value)] = (value, parts, start_text)


def json_text(value: Any) -> str:
    """``dumps(value)``; made from the parts when ``value`` is a legal basis or derivation
    a ``DeadlineParts`` handed out (``value`` must not have been changed since)."""
    hit = _given.get(id(value))
    if hit is None or hit[0] is not value:
        return dumps(value)
    _, parts, start_text = hit
    return parts.legal_basis_text() if start_text is None else parts.derivation_text(start_text)


def parts_of(computed: RuleDeadline) -> DeadlineParts:
    """The JSON-normal entry fields of a computed deadline (see ``DeadlineParts``)."""
    result = computed.result
    values = {
        "rule_id": computed.rule.id,
        "requested_rule": computed.requested.id,
        "title": computed.rule.title.en,
        "due": normal_moment(result.end),
        "nominal_end": normal_moment(result.nominal_end),
        "alert_on": normal_moment(result.alert_on),
        "maximum": result.maximum,
        "law_date": computed.law_date,
        "rule_set_version": computed.rule_set.version,
        "verified": computed.verified,
        "legal_basis": _LEGAL_BASIS.dump_python(computed.legal_basis(), mode="json"),
        "consequence": computed.rule.consequence or computed.requested.consequence,
        "crisis": computed.crisis.id if computed.crisis else None,
    }
    derivation = _DERIVATION.dump_python(computed.to_dict(), mode="json")
    return DeadlineParts(computed.rule.id, result.length.in_hours, values, derivation)


_deadlines: dict[tuple[Any, ...], tuple[RuleBook, DeadlineParts | None]] = {}


def deadline_parts(
    rule_id: str,
    *,
    start: date | datetime,
    law_date: date,
    crisis: CrisisDecision | None,
    book: RuleBook,
) -> DeadlineParts | None:
    """``deadline(rule_id, ...)`` as ``DeadlineParts``; None when the rule in force on
    ``law_date`` is not a period. Errors of the rule book, crisis register and period engine
    propagate. Cached by start day for periods not in hours (see the module)."""
    day = start.date() if isinstance(start, datetime) else start
    key = (rule_id, day, isinstance(start, datetime), law_date, crisis)
    try:
        hit = _deadlines.get(key)
    except TypeError:  # an unhashable crisis decision: nothing to cache
        return _compute(rule_id, start, law_date, crisis, book)
    if hit is not None and hit[0] is book and (hit[1] is None or not hit[1].in_hours):
        return hit[1]
    parts = _compute(rule_id, start, law_date, crisis, book)
    if parts is None or not parts.in_hours:
        if len(_deadlines) >= DEADLINE_CACHE_SIZE:
            _deadlines.clear()
        _deadlines[key] = (book, parts)
    return parts


def _compute(
    rule_id: str,
    start: date | datetime,
    law_date: date,
    crisis: CrisisDecision | None,
    book: RuleBook,
) -> DeadlineParts | None:
    rule, _ = book.resolve(rule_id, law_date)
    if rule.kind in _NO_PERIOD:
        return None
    computed = deadline(rule_id, start=start, law_date=law_date, crisis=crisis, book=book)
    return parts_of(computed)
