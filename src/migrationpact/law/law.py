"""The law as one value: everything a decision about a case may depend on, and its version.

A ``Law`` bundles the rule-book editions (every time limit, dated), the routing parameters, the
recognition-rate table, the crisis register of Council implementing decisions and the
public-holiday calendar of the member state. Every domain decision takes one: ``decide``,
``replay``, routing and the explanation of a deadline. Nothing in the domain reaches for the
shipped data behind the caller's back, so a ministry analyst can ask "what if this amendment
passes?" by building a second ``Law`` with other data and replaying the same events under it,
in the same process, without either answer leaking into the other.

A ``Law`` owns its caches (routing answers, computed periods, explanations): two values never
share them, and a cache never outlives the law it was computed under. The data objects inside
are immutable, so a ``Law`` never changes; ``replace`` gives a new one with fresh caches.

Its version has two parts: the rule-set version in force on a day (a SHA-256 of exactly the
rules in force, from the rule book) and ``parameter_version``, a SHA-256 of the routing
parameters, the recognition rates, the crisis register and the calendar. Results carry them.

>>> law = Law.default()
>>> law is Law.default(), law.rule_set_version(date(2026, 7, 1)).startswith("sha256:")
(True, True)
>>> other = law.replace()
>>> other is law, other.parameter_version == law.parameter_version
(False, True)
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from migrationpact.law.calendars import HolidayCalendar, get_calendar
from migrationpact.law.crisis import CrisisDecision, CrisisRegister
from migrationpact.law.crisis.register import ENV_VAR as CRISIS_REGISTER_ENV
from migrationpact.law.routing import Facts, RoutingResult, route
from migrationpact.law.routing.editions import ENV_VAR as RATES_DIR_ENV
from migrationpact.law.routing.parameters import Parameters, content_hash
from migrationpact.law.routing.recognition import RecognitionTable
from migrationpact.law.routing.verdict import Verdict, decision_day, epoch_key, turning_days
from migrationpact.law.routing.versions import rule_set_version
from migrationpact.law.rulebook import RuleBook, RuleBookError, default_book

V = TypeVar("V")

#: How many answers each of a law's caches keeps before it is emptied.
CACHE_SIZE = 16384


@dataclass(frozen=True, eq=False)
class Law:
    """The law a decision is taken under (see the module text)."""

    book: RuleBook
    parameters: Parameters
    recognition: RecognitionTable
    calendar: HolidayCalendar
    #: The crisis register; None: the file ``crisis_file`` (else the shipped one), read the first
    #: time a case names a crisis, so a broken register file fails only the cases that use it.
    crises: CrisisRegister | None = None
    crisis_file: Path | None = None
    _caches: dict[str, dict[Hashable, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def default(cls) -> Law:
        """The shipped law: the rule book, routing data with the imported editions of the
        recognition rates (the directory named by ``MIGRATIONPACT_RATES_DIR``, if any), crisis
        register (the file named by ``MIGRATIONPACT_CRISIS_REGISTER``, else the shipped one)
        and the Dutch calendar."""
        return _shipped(os.environ.get(CRISIS_REGISTER_ENV), os.environ.get(RATES_DIR_ENV))

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy (e.g. for a worker process) takes the law, not what this one remembered.
        fields = (self.book, self.parameters, self.recognition, self.calendar)
        return (Law, (*fields, self.crises, self.crisis_file))

    def replace(self, **changes: Any) -> Law:
        """A new law with some parts replaced (and caches of its own)."""
        return dataclasses.replace(self, **changes)

    # -- versions -------------------------------------------------------------------------

    def rule_set_version(self, day: date | None) -> str | None:
        """The rule book's version on ``day`` (None when no day is known or no rules apply)."""
        if day is None:
            return None
        try:
            return self.book.at(day).version
        except RuleBookError:
            return None

    @cached_property
    def parameter_version(self) -> str:
        """A SHA-256 of everything besides the rule book that a decision may depend on."""
        return content_hash(
            {
                "parameters": self.parameters.fingerprint(),
                "rates": self.recognition.version(),
                "crises": sorted(
                    (d.to_dict() for d in self.register().values()), key=lambda d: str(d["id"])
                ),
                "calendar": self.calendar.code,
            }
        )

    # -- the law's own memory -------------------------------------------------------------

    def remembered(self, cache_name: str, key: Hashable, compute: Callable[[], V]) -> V:
        """``compute()``, remembered under ``key`` in this law's cache ``cache_name``.

        For pure computations only: the answer must follow from the key and this law. An
        unhashable key is computed every time; a full cache is emptied.
        """
        store = self._caches.setdefault(cache_name, {})
        try:
            hit = store.get(key, _MISSING)
        except TypeError:
            return compute()
        if hit is not _MISSING:
            return hit  # type: ignore[no-any-return]
        value = compute()
        if len(store) >= CACHE_SIZE:
            store.clear()
        store[key] = value
        return value

    def memory(self, cache_name: str) -> dict[Hashable, Any]:
        """This law's cache ``cache_name`` itself, for a hot path that looks its answers up
        directly (a replay asks millions of times); answers go in through ``remembered``."""
        store = self._caches.get(cache_name)
        if store is None:
            store = self._caches.setdefault(cache_name, {})
        return store

    def route(self, facts: Facts, *, crisis: CrisisDecision | None = None) -> RoutingResult:
        """``law.routing.route`` under this law, remembered: many cases have equal facts."""
        try:
            found: RoutingResult | None = self.memory("routes").get((facts, crisis))
        except TypeError:  # a key that cannot be one: ``remembered`` routes every time
            found = None
        if found is not None:
            return found  # found without a closure, as nearly every time in a replay
        return self.remembered(
            "routes",
            (facts, crisis),
            lambda: route(
                facts,
                crisis=crisis,
                rates=self.recognition,
                parameters=self.parameters,
                book=self.book,
            ),
        )

    def verdict(self, facts: Facts, *, crisis: CrisisDecision | None = None) -> Verdict:
        """What a case keeps of ``route(facts)`` under this law, remembered for all facts that
        differ only in days no routing rule tells apart (``law.routing.verdict``)."""
        if crisis is not None or facts.crisis is not None:
            return Verdict.of(self.route(facts, crisis=crisis))
        turning = self.memory("turning-days").get(None)
        if turning is None:
            turning = self.remembered(
                "turning-days", None, lambda: turning_days(self.parameters, self.recognition)
            )
        day = decision_day(facts)
        # The versions of the case's own day (the only way the rule book enters routing).
        versions = (
            rule_set_version(day, self.book),
            self.recognition.data_version(day, self.parameters),
        )
        key = (epoch_key(facts, turning), versions)
        found: Verdict | None = self.memory("verdicts").get(key)
        if found is not None:
            return found
        return self.remembered(
            "verdicts",
            key,
            lambda: Verdict.of(
                route(facts, rates=self.recognition, parameters=self.parameters, book=self.book)
            ),
        )

    def register(self) -> CrisisRegister:
        """The crisis register (``CrisisError`` when its file cannot be read)."""
        if self.crises is not None:
            return self.crises
        return self.remembered(
            "crisis-register", None, lambda: CrisisRegister.load(self.crisis_file)
        )

    def crisis(self, crisis_id: str) -> CrisisDecision:
        """The Council implementing decision ``crisis_id`` (``CrisisError`` when unknown)."""
        return self.register().get(crisis_id)


_MISSING = object()


@cache
def _shipped(register: str | None, rates_dir: str | None) -> Law:
    return Law(
        book=default_book(),
        parameters=Parameters.load(),
        recognition=RecognitionTable.with_directory(Path(rates_dir) if rates_dir else None),
        calendar=get_calendar("NL"),
        crisis_file=Path(register) if register else None,
    )
