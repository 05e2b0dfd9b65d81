"""The return track: a return decision received before any application, and its seven days.

A person found without a right to stay (after screening, for instance) may receive a return
decision under Article 6 of the Return Directive (Dir. 2008/115) before asking for asylum. If
they apply only after seven working days from receiving it, and were told of that consequence,
the application may be rejected as inadmissible (APR Art. 38(1)(e), rule ``APR-38e``). Recording
the receipt starts that period; the application made within it meets it (``application_made``).
When it runs out, the lapse records that the ground of inadmissibility has become available
(``cases.lapses``); an application made afterwards shows that it came late.

A return decision given with or after the decision on an application belongs to that
decision, and a later application is a new case (APR Art. 55): it is refused here.
"""

from __future__ import annotations

from typing import Literal

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event

TRACK = Track("returns")
RULE = "APR-38e"


class ReturnDecisionReceived(Event):
    """The person received a return decision (Dir. 2008/115 Art. 6); ``informed_of_consequence``:
    they were told that an application made after seven working days may be inadmissible."""

    type: Literal["return_decision_received"] = "return_decision_received"
    informed_of_consequence: bool


@TRACK.event(ReturnDecisionReceived, N_("Return decision received"), recorded_by={"KMar", "DTenV"})
def return_decision_received(draft: Draft, event: ReturnDecisionReceived) -> None:
    if draft.state.made_at is not None:
        raise draft.refuse(
            "APR Art. 38(1)(e)",
            "an application was already made in this case; a return decision now belongs to "
            "the decision on it",
        )
    if draft.running(RULE):
        raise draft.refuse("APR Art. 38(1)(e)", "a return decision was already recorded")
    if not event.informed_of_consequence:
        draft.note(
            "APR-38e not started: the person was not informed of the consequence of applying "
            "late (APR Art. 38(1)(e))"
        )
        return
    draft.start(RULE)
