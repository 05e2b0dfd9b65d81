"""Period results: immutable values that carry the end of a period and how it was reached.

Every result keeps the start event, the length, the regime, the calendar, the *nominal end*
(the end as counted) and the *end* (after the rules for weekends and holidays), plus the ordered
steps from one to the other, each citing its article. For maximum durations that limit liberty
(screening, the border procedure) both ends matter: whether the weekend roll-forward may lengthen
such a maximum is legally uncertain, so ``alert_on`` is the nominal end for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods.adjustments import Extension, Suspension
from migrationpact.law.periods.lengths import Length
from migrationpact.law.periods.regimes import Regime
from migrationpact.law.text import show

Moment = date | datetime


def iso(moment: Moment) -> str:
    """``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM`` for a date-time."""
    return moment.strftime("%Y-%m-%dT%H:%M") if isinstance(moment, datetime) else moment.isoformat()


@dataclass(frozen=True)
class Step:
    """One step of a derivation: what happened to the end, and which provision says so."""

    rule: str
    text: str
    before: Moment | None
    after: Moment | None
    legal_basis: tuple[LegalBasis, ...]

    def cite(self) -> str:
        return "; ".join(b.cite() for b in self.legal_basis)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "text": self.text,
            "from": iso(self.before) if self.before is not None else None,
            "to": iso(self.after) if self.after is not None else None,
            "legal_basis": [b.to_dict() for b in self.legal_basis],
        }


@dataclass(frozen=True)
class PeriodResult:
    """The computed end of one period, with its derivation."""

    start: Moment
    length: Length
    regime: Regime
    calendar: str
    backwards: bool
    nominal_end: Moment
    end: Moment
    steps: tuple[Step, ...]
    maximum: bool = False
    instrument: str | None = None
    suspensions: tuple[Suspension, ...] = ()
    extensions: tuple[Extension, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def alert_on(self) -> Moment:
        """The moment to act by: the nominal end for a maximum duration, else the end."""
        return self.nominal_end if self.maximum else self.end

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": iso(self.start),
            "length": str(self.length),
            "regime": self.regime.value,
            "instrument": self.instrument,
            "calendar": self.calendar,
            "direction": "backwards" if self.backwards else "forwards",
            "nominal_end": iso(self.nominal_end),
            "end": iso(self.end),
            "maximum_duration": self.maximum,
            "alert_on": iso(self.alert_on),
            "steps": [s.to_dict() for s in self.steps],
            "warnings": list(self.warnings),
        }

    def explain(self) -> str:
        """The derivation in words, one numbered line a step, for a person to check."""
        direction = "back from" if self.backwards else "from"
        lines = [
            f"{self.length} {direction} {show(self.start)} "
            f"(counting: {self.regime.value}; calendar: {self.calendar})"
        ]
        for number, step in enumerate(self.steps, 1):
            lines.append(f"  {number}. {step.text} [{step.cite()}]")
        ends = "at" if isinstance(self.end, datetime) else "at the end of"
        lines.append(f"Ends {ends} {show(self.end)}.")
        if self.maximum and self.end != self.nominal_end:
            lines.append(
                f"Maximum duration: act by {show(self.nominal_end)} (nominal end); "
                f"{show(self.end)} only if the roll-forward applies to maxima."
            )
        lines.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(lines)
