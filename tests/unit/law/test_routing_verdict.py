"""A verdict found once for facts that differ only in days is what routing those facts gives."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.law import Law
from migrationpact.law.routing import Parameters, RecognitionTable, parse_facts, route
from migrationpact.law.routing.verdict import Verdict, turning_days
from tests.support.facts import routing_facts

LAW = Law.default()
TURNING = turning_days(LAW.parameters, LAW.recognition)
ADULT: dict[str, Any] = {
    "entry": "in-territory",
    "applied_for_asylum": True,
    "nationality": "SYR",
    "age": 30,
}
APPLYING: dict[str, Any] = {"entry": "in-territory", "nationality": "SYR"}
#: Days on and around every turning day, and any day of the years the Pact starts in.
DAYS = st.one_of(
    st.builds(
        lambda day, offset: day + timedelta(days=offset),
        st.sampled_from(TURNING),
        st.integers(-3, 3),
    ),
    st.dates(date(2025, 1, 1), date(2029, 12, 31)),
)
FACTS = routing_facts(DAYS)


def routed(law: Law, data: dict[str, Any]) -> Verdict:
    facts = parse_facts(data)
    return Verdict.of(route(facts, rates=law.recognition, parameters=law.parameters, book=law.book))


@settings(max_examples=1000, deadline=None)
@given(FACTS, st.integers(-2, 2), st.integers(-2, 2), st.booleans())
def test_a_verdict_is_what_routing_the_facts_keeps(
    data: dict[str, Any], made: int, registered: int, applying: bool
) -> None:
    """The facts routed after others whose days are a day or two off (so a verdict remembered
    from those may answer): the verdict is what routing these facts gives."""
    if applying:  # most of the rules read the days only once an application is made
        data = {**APPLYING, **data, "applied_for_asylum": True}
    shifts = {"date_of_application": made, "date_of_registration": registered}
    other = {k: v + timedelta(days=shifts[k]) if k in shifts else v for k, v in data.items()}
    law = Law.default().replace()
    law.verdict(parse_facts(other))
    assert law.verdict(parse_facts(data)) == routed(law, data)


def test_verdicts_are_shared_between_days_routing_does_not_tell_apart() -> None:
    law = Law.default().replace()
    for day in range(60):
        made = date(2026, 8, 1) + timedelta(days=day)
        registered = made + timedelta(days=3)
        facts = {**ADULT, "date_of_application": made, "date_of_registration": registered}
        assert law.verdict(parse_facts(facts)) == routed(law, facts)
    assert len(law.memory("verdicts")) < 5


def test_the_turning_days_are_the_days_of_the_routing_data_and_the_days_after() -> None:
    applies = LAW.parameters.get("apr.applies_from").day()
    assert {applies, applies + timedelta(days=1)} <= set(TURNING)
    published = {r.published_on for r in LAW.recognition.rows}
    assert published <= set(TURNING)
    assert list(TURNING) == sorted(set(TURNING))


def test_facts_naming_a_crisis_are_routed_in_full() -> None:
    facts = {**ADULT, "date_of_application": date(2026, 9, 1), "crisis": "NL-TEST"}
    law = Law.default().replace()
    assert law.verdict(parse_facts(facts)) == Verdict.of(law.route(parse_facts(facts)))
    assert not law.memory("verdicts")


def test_a_law_with_other_days_gives_verdicts_of_its_own() -> None:
    """Two laws in one process: the turning days are each law's own."""
    shipped = Law.default().replace()
    applies = shipped.parameters.get("apr.applies_from")
    later = dataclasses.replace(applies, value=applies.day() + timedelta(days=30))
    entries = tuple(later if e is applies else e for e in shipped.parameters.entries)
    other = shipped.replace(parameters=Parameters(entries))
    facts = {**ADULT, "date_of_application": applies.day() + timedelta(days=10)}
    assert shipped.verdict(parse_facts(facts)).procedure == "regular"
    assert other.verdict(parse_facts(facts)).procedure == "legacy-apd"
    assert other.verdict(parse_facts(facts)) == routed(other, facts)


def test_a_rate_published_between_two_days_tells_them_apart() -> None:
    """A figure published on a day: the day before it and the day itself are other verdicts."""
    rows = [
        {"nationality": "TUR", "year": year, "rate": rate, "measure": "annual", "status": "V",
         "source": "test", "published": published}
        for year, rate, published in ((2025, 30.0, "2026-04-15"), (2026, 15.0, "2027-04-15"))
    ]  # fmt: skip
    law = Law.default().replace(recognition=RecognitionTable.from_rows(*rows))
    facts = {**ADULT, "nationality": "TUR", "date_of_application": date(2027, 4, 13)}
    before = {**facts, "date_of_registration": date(2027, 4, 14)}
    on = {**facts, "date_of_registration": date(2027, 4, 15)}
    found = [law.verdict(parse_facts(before)), law.verdict(parse_facts(on))]
    assert found == [routed(law, before), routed(law, on)]
    assert found[0].examination != found[1].examination == "accelerated"
