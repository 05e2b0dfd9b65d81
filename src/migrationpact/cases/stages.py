"""Where a case stands, in the order a case goes through it: stages and procedures.

A case's ``stage`` (``CaseState.stage``) moves forward as its events are recorded: screening,
the application made, registered and lodged, decided and notified, an appeal, final; the
Dublin and return branches have stages of their own, listed after the main line in the order
they are reached. Lists sort by stage in this order, not alphabetically (``stage_rank``), and a
filter names one of these codes or is refused.

>>> stage_rank("screening") < stage_rank("lodged") < stage_rank("final")
True
>>> stage_rank("no-such-stage") == len(STAGES)
True
"""

from __future__ import annotations

#: Every stage a case can be at, in the order of the procedure.
STAGES: tuple[str, ...] = (
    "new",
    "screening",
    "screened",
    "referred-to-return",
    "made",
    "registered",
    "lodged",
    "decided",
    "notified",
    "appeal",
    "final",
    "request-received",
    "transfer-decided",
    "transferred",
    "return-border-procedure",
    "closed",
)

#: The procedure a case follows (``CaseState.procedure``).
PROCEDURES: tuple[str, ...] = ("undetermined", "border", "regular")

#: Each stage's place in the procedure (0: the first).
RANKS: dict[str, int] = {stage: rank for rank, stage in enumerate(STAGES)}


def stage_rank(stage: str) -> int:
    """The place of ``stage`` in the procedure (an unknown stage sorts last)."""
    return RANKS.get(stage, len(STAGES))
