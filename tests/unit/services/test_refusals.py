"""``refuse_unless``: the policy's refusal as ``Forbidden``, its reason still a ``Text`` that a
page says in the reader's language (the Dutch pages test shows it on every page)."""

from __future__ import annotations

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import Action, decide
from migrationpact.law.text import Text
from migrationpact.services.errors import Forbidden, refuse_unless

PLANNER = Principal("p-1", "P", Organisation.COA, Role.PLANNER)
KMAR = Principal("k-1", "K", Organisation.KMAR, Role.CASEWORKER)


def test_an_allowed_action_passes() -> None:
    refuse_unless(PLANNER, Action.RECEPTION_PLAN)


@pytest.mark.parametrize(
    ("principal", "action", "context"),
    [
        (PLANNER, Action.CASE_CREATE, {}),
        (KMAR, Action.EVENT_APPEND, {"event_type": "decision_taken"}),
    ],
)
def test_a_refusal_keeps_the_policys_reason_as_a_text(
    principal: Principal, action: Action, context: dict[str, str]
) -> None:
    with pytest.raises(Forbidden) as refused:
        refuse_unless(principal, action, **context)  # type: ignore[arg-type]
    reason = decide(principal, action, **context).reason  # type: ignore[arg-type]
    assert refused.value.message == reason
    assert isinstance(refused.value.message, Text)
    assert refused.value.kind == "forbidden"
