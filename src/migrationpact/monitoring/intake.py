"""The shared intake: which body gets a signal, and which complaints go out, as dated data.

The split of tasks between the Inspectie JenV and the College voor de Rechten van de Mens is
still being agreed, so it is data (``data/intake/<edition>/*.yaml``), not code. A file is an
ordered list of rules; the first whose ``when`` matches the signal decides. A rule names the
body that keeps the file (``to``: a body, or ``observer`` for the body that made an own
observation) and, for a complaint that belongs to the Nationale ombudsman or the
Kinderombudsman, the complaint body it is referred out to (``referred_out``), with ``why`` in
English and Dutch, the record of the referral. The last rule matches every signal, so every
signal is routed. Conditions: ``source``, ``phase``, ``kind`` (one of the listed values),
``rights`` (any of them), ``concerns_child``, ``about_conduct`` (true or false).

>>> from datetime import datetime
>>> from migrationpact.monitoring.events import parse_monitoring_event
>>> signal = parse_monitoring_event({"type": "signal_received", "occurred_at": "2026-07-01T10:00",
...     "received_at": "2026-07-01T10:00", "source": "lawyer", "channel": "email",
...     "content": "Complaint about how a child was treated at the desk.", "kind": "complaint",
...     "concerns_child": True})
>>> decision = default_intake().route(signal)
>>> decision.to, decision.referred_out, decision.rule
('CRM', 'Kinderombudsman', 'IN-KO-01')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from migrationpact.monitoring.editions import DATA_DIR, DatedFile, in_force, load_editions
from migrationpact.monitoring.events import RULE_ID, SignalReceived
from migrationpact.monitoring.vocabulary import Body, Kind, OutsideBody, Phase, Right, Source


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    en: str = Field(min_length=1)
    nl: str = Field(min_length=1)


class When(_Model):
    """A rule's conditions; all of them must hold (none: every signal)."""

    source: tuple[Source, ...] | None = None
    phase: tuple[Phase, ...] | None = None
    kind: tuple[Kind, ...] | None = None
    rights: tuple[Right, ...] | None = None
    concerns_child: bool | None = None
    about_conduct: bool | None = None

    def matches(self, signal: SignalReceived) -> bool:
        checks = (
            self.source is None or signal.source in self.source,
            self.phase is None or signal.phase in self.phase,
            self.kind is None or signal.kind in self.kind,
            self.rights is None or bool(set(self.rights) & set(signal.rights)),
            self.concerns_child is None or signal.concerns_child == self.concerns_child,
            self.about_conduct is None or signal.about_conduct == self.about_conduct,
        )
        return all(checks)

    @property
    def always(self) -> bool:
        return self == When()


class IntakeRule(_Model):
    id: str = Field(pattern=RULE_ID)
    when: When = When()
    to: Body | Literal["observer"]
    referred_out: OutsideBody | None = None
    why: Words


class IntakeFile(DatedFile):
    rules: tuple[IntakeRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Self:
        ids = [r.id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("each rule id is used once")
        if not self.rules[-1].when.always:
            raise ValueError("the last rule matches every signal (no when), so all are routed")
        for rule in self.rules:
            if rule.to == "observer" and rule.when.source != ("own-observation",):
                raise ValueError(f"{rule.id}: 'observer' is for source [own-observation] alone")
        return self


@dataclass(frozen=True)
class IntakeDecision:
    """Where a signal goes, by which rule of which edition, and why."""

    to: str
    referred_out: str | None
    rule: str
    edition: date
    why: Words
    verified: bool

    def routed_fields(self) -> dict[str, Any]:
        """The fields of the ``routed`` event that records this decision."""
        return {
            "to": self.to,
            "referred_out": self.referred_out,
            "rule": self.rule,
            "edition": self.edition,
            "why": self.why.en,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class IntakeBook:
    files: tuple[IntakeFile, ...]

    def at(self, day: date) -> IntakeFile:
        return in_force(self.files, day, "intake rules")

    def route(self, signal: SignalReceived) -> IntakeDecision:
        """The decision of the first rule, in force on the day the signal came in, that
        matches it."""
        rules = self.at(signal.received_at.date())
        rule = next(r for r in rules.rules if r.when.matches(signal))
        # An own observation names its body (``SignalReceived`` checks it).
        to = signal.observed_by if rule.to == "observer" else rule.to
        return IntakeDecision(
            to=str(to),
            referred_out=rule.referred_out,
            rule=rule.id,
            edition=rules.edition,
            why=rule.why,
            verified=rules.verified,
        )


def load_intake(root: Path = DATA_DIR / "intake") -> IntakeBook:
    return IntakeBook(load_editions(root, IntakeFile, "intake rule file"))


@cache
def default_intake() -> IntakeBook:
    """The intake rules shipped with the package (read once)."""
    return load_intake()
