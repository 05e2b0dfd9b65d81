"""The replay-alone measurement: it replays the templates' stored events through the rule book."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bench.casegen import build_templates
from bench.storemeasure import replay_alone

from migrationpact.cases.errors import TransitionError
from migrationpact.law.law import Law


def test_it_replays_whole_rounds_of_every_template_until_enough_events() -> None:
    templates = build_templates(3, seed=5)
    per_round = sum(len(t.events) for t in templates)
    rate = replay_alone(templates, Law.default(), at_least=per_round + 1)
    assert rate.events == 2 * per_round  # two whole rounds: one is not enough
    assert rate.seconds > 0
    assert replay_alone(templates, Law.default(), at_least=1).events == per_round


def test_a_stored_event_the_rule_book_refuses_stops_it() -> None:
    template = build_templates(1, seed=5)[0]
    events = template.events
    # The same history with its second event first: the state machine must refuse it.
    swapped = replace(template, events=[events[1], events[0], *events[2:]])
    with pytest.raises(TransitionError):
        replay_alone([swapped], Law.default(), at_least=1)


def test_no_events_is_no_rate() -> None:
    assert replay_alone([], Law.default(), at_least=10).per_second == 0.0
