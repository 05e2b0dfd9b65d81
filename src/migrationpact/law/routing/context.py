"""What every routing rule gets to look at: the facts, the decision day, the data and the crisis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.routing.facts import Facts
from migrationpact.law.routing.logic import Tri
from migrationpact.law.routing.parameters import Parameters
from migrationpact.law.routing.recognition import RecognitionTable


@dataclass(frozen=True)
class Context:
    """Inputs shared by the rules of one routing run."""

    facts: Facts
    decision_date: date | None
    decision_date_source: str
    params: Parameters
    rates: RecognitionTable
    crisis: CrisisDecision | None  # only a decision that applies to this application

    @property
    def uam(self) -> Tri:
        """Is the applicant an unaccompanied minor? (``unaccompanied`` means a minor.)"""
        return Tri.of(self.facts.unaccompanied, "unaccompanied")

    def fact(self, *names: str) -> dict[str, Any]:
        """The named facts as used by a rule (missing ones shown as ``None``)."""
        return {n: getattr(self.facts, n) for n in names}


@lru_cache(maxsize=1024)
def cite(
    instrument: str, article: str, paragraph: str | None = None, point: str | None = None
) -> LegalBasis:
    """Shorthand for a ``LegalBasis``; the same one for the same citation (a value, frozen),
    made once: every routing run cites some twenty provisions, all written in the code, and
    checking the instrument of each anew was a seventh of a run."""
    return LegalBasis(instrument, article, paragraph, point)
