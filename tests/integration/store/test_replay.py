"""Replay under the rule set of another date, beside the deadlines as recorded."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.cases import parse_event, replay
from migrationpact.store import service
from migrationpact.store.errors import CaseNotFoundError
from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import TO_TRANSFER, drive


def test_replay_under_the_same_law_changes_nothing(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:4])
    result = service.replay_case(store=store, case_id="C-1", law_date=date(2026, 8, 1))
    assert not result.differs
    assert {c.change for c in result.deadlines} == {"same"}


def test_replay_under_the_dublin_iii_rules_shows_the_differences(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:4])
    law_date = date(2026, 6, 20)
    result = service.replay_case(store=store, case_id="C-1", law_date=law_date)
    expected = replay("C-1", [parse_event(e) for e in TO_TRANSFER[:4]], law_date=law_date)
    assert result.replayed == expected
    assert result.current == service.get_case(store=store, case_id="C-1")
    assert result.differs
    changed = {c.key: c.change for c in result.deadlines if c.change != "same"}
    assert changed
    for comparison in result.deadlines:
        if comparison.replayed is not None:
            assert comparison.replayed.rule_set_version == store.book.at(law_date).version


def test_replay_of_an_unknown_case(store: EventStore) -> None:
    with pytest.raises(CaseNotFoundError):
        service.replay_case(store=store, case_id="C-404", law_date=date(2026, 8, 1))
