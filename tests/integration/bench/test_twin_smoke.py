"""The twin benchmark on a tiny scenario: the replay alone ends in the simulation's states."""

from __future__ import annotations

from bench import twin

from tests.unit.twin.helpers import small


def test_the_kernel_cost_replays_the_simulated_events_to_the_same_states() -> None:
    scenario = small(per_month=15, months=1)
    simulated, replayed, events = twin.kernel_cost(scenario)  # exits on a differing state
    assert events > 100
    assert simulated > 0
    assert replayed > 0
