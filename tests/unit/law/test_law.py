"""One ``Law`` value: two laws in one process give independent answers, each stamped with its
own versions, and neither's caches leak into the other's answers."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

from migrationpact.cases import replay
from migrationpact.law.law import Law
from migrationpact.law.routing import Facts, Parameters, RecognitionTable
from migrationpact.law.routing.parameters import content_hash
from tests.support.facts import AT_BORDER
from tests.support.rulebooks import amended_book
from tests.unit.cases.helpers import in_territory

#: A table in which Syrians are recognised in 5 % of first-instance decisions (fictional):
#: the border procedure becomes mandatory for them (APR Art. 42(1)(j), 45(1)).
LOW_SYR = RecognitionTable.from_rows(
    {"nationality": "SYR", "year": 2025, "rate": 5.0, "measure": "annual", "status": "E",
     "source": "test", "published": "2026-05-01"},
)  # fmt: skip

AMENDMENT = """instrument: APR
edition: 2027-01-01
title: Fictional amendment for tests
source: test
valid_from: 2027-01-01
rules:
  - id: APR-04
    title: {en: Lodging (fictional 30 days), nl: Indienen (fictief)}
    kind: time-limit
    length: 30 days
    start_event: application_registered
    counting: {regime: pact, instrument: APR, end_rule: APR73}
    legal_basis: [{instrument: APR, article: "28", paragraph: "1"}]
    verified: false
    verification: {reference: "N", source: "test"}
"""


def test_two_laws_route_the_same_facts_each_their_own_way() -> None:
    shipped = Law.default()
    low = shipped.replace(recognition=LOW_SYR)
    facts = Facts.model_validate({**AT_BORDER, "nationality": "SYR"})
    first = shipped.route(facts)
    other = low.route(facts)
    again = shipped.route(facts)  # asked after the other law: its own cache, its own answer
    assert first.border_mandatory is False
    assert other.border_mandatory is True
    assert again.border_mandatory is False
    assert first.routing_data_version != other.routing_data_version
    assert shipped.parameter_version != low.parameter_version
    assert first.rule_set_version == shipped.rule_set_version(date(2026, 7, 7))


def test_a_case_replayed_under_an_amendment_and_under_the_law_in_force(tmp_path: Path) -> None:
    events = [*in_territory(made="2027-01-04T10:00", registered="2027-01-05T09:00")]
    shipped = Law.default()
    amended = shipped.replace(book=amended_book(tmp_path, AMENDMENT))
    now = replay("C-1", events, law=shipped)
    then = replay("C-1", events, law=amended)
    again = replay("C-1", events, law=shipped)
    lodging_now = next(d for d in now.deadlines if d.rule_id == "APR-04")
    lodging_then = next(d for d in then.deadlines if d.rule_id == "APR-04")
    # APR Art. 28(1): 21 days from Tue 5 Jan 2027 → Tue 26 Jan; the fictional 30 days → Thu 4 Feb.
    assert lodging_now.due == date(2027, 1, 26)
    assert lodging_then.due == date(2027, 2, 4)
    assert lodging_now.rule_set_version != lodging_then.rule_set_version
    assert lodging_then.rule_set_version == amended.rule_set_version(date(2027, 1, 5))
    assert again == now


def test_a_law_is_copied_without_what_it_remembered() -> None:
    law = Law.default().replace()
    law.route(Facts.model_validate({**AT_BORDER, "nationality": "SYR"}))
    copy = pickle.loads(pickle.dumps(law))
    assert copy._caches == {}
    assert copy.parameter_version == law.parameter_version


def test_the_routing_data_version_follows_the_parameters_content_not_their_object() -> None:
    table, shipped = RecognitionTable.load(), Parameters.load()
    day = date(2026, 7, 7)
    expected = content_hash({"rates": table.version_on(day), "parameters": shipped.fingerprint()})
    assert table.data_version(day, shipped) == expected
    same = Parameters(tuple(shipped.entries))  # another object, the same content
    assert table.data_version(day, same) == expected
    first, *rest = shipped.entries
    changed = Parameters((dataclasses.replace(first, value="changed"), *rest))
    assert table.data_version(day, changed) != expected
    assert table.data_version(day, shipped) == expected  # asked again, unchanged
