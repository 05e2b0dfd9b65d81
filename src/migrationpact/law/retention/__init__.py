"""Retention periods of a case's personal data, as dated and cited data, and the day erasure is due.

The rules are held in ``data/retention.yaml`` (each with its legal basis, the day it applies
from, and whether its figure was checked against the text: ``verified``). A rule counts a
period in whole years from one of the case's days (``from``): ``biometrics`` (the day the
biometric data were taken, EDR Art. 29(1) counts from their transmission, which Art. 15(1)
requires within 72 hours; the system uses the day they were taken, or, when not recorded, the
registration), or ``closure`` (the day the case was closed). Reg. 1182/71 Art. 3(2)(c): a
period in years ends at the end of the day with the same date in the last year, or of the
month's last day when that date does not exist; the data may be erased from the day after.

``erasure_due`` gives the day a closed case's personal data become due for erasure: the latest
end among the rules that apply (a rule applies when its starting day is known and it was in
force on that day), with the rule that decided it and the steps, each citing its article. An
open case is never due (its file is still in use).

>>> from datetime import date
>>> due = erasure_due(RetentionFacts(biometrics_on=date(2026, 7, 1), registered_on=None,
...                                  closed_on=date(2027, 3, 1)))
>>> due.due_on, due.rule_id, due.verified
(datetime.date(2037, 3, 2), 'RET-NL-ASYLUM-FILE', False)
>>> erasure_due(RetentionFacts(biometrics_on=date(2026, 7, 1), registered_on=None,
...                            closed_on=None)).due_on is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from migrationpact.law import yamltext
from migrationpact.law.periods import add_months
from migrationpact.law.rulebook.schema import Title

DATA = Path(__file__).parent / "data" / "retention.yaml"


class Basis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str
    celex: str | None = None
    article: str
    paragraph: str | None = None

    def cite(self) -> str:
        para = f"({self.paragraph})" if self.paragraph else ""
        return f"{self.instrument}, Art. {self.article}{para}"


class RetentionRule(BaseModel):
    """One retention period (see the module text)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^RET-[A-Z0-9-]+$")
    title: Title
    years: int = Field(ge=1, le=100)
    start: Literal["biometrics", "closure"] = Field(alias="from")
    basis: Basis
    in_force_from: date
    source: str
    verified: bool


class RetentionBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recorded_on: date
    rules: tuple[RetentionRule, ...] = Field(min_length=1)


@cache
def retention_book() -> RetentionBook:
    """The shipped retention rules (read once)."""
    return RetentionBook.model_validate(yamltext.safe_load(DATA.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class RetentionFacts:
    """The days of a case that retention periods count from (None: not happened/recorded)."""

    biometrics_on: date | None
    registered_on: date | None
    closed_on: date | None


@dataclass(frozen=True)
class ErasureDue:
    """When a case's personal data are due for erasure, and why."""

    #: The first day the data may be erased (None: not due, the case is open or no rule applies).
    due_on: date | None
    rule_id: str | None
    verified: bool
    steps: tuple[str, ...]


def _start(rule: RetentionRule, facts: RetentionFacts) -> date | None:
    if rule.start == "biometrics":
        return facts.biometrics_on or facts.registered_on
    return facts.closed_on


def period_end(start: date, years: int) -> date:
    """The last day of a period of ``years`` from ``start`` (Reg. 1182/71 Art. 3(2)(c)).

    >>> period_end(date(2028, 2, 29), 10)
    datetime.date(2038, 2, 28)
    """
    return add_months(start, 12 * years)


def erasure_due(facts: RetentionFacts, book: RetentionBook | None = None) -> ErasureDue:
    """The day the case's personal data become due for erasure (see the module text)."""
    rules = (book or retention_book()).rules
    if facts.closed_on is None:
        return ErasureDue(None, None, True, ("the case is open: its file is still in use",))
    steps: list[str] = []
    best: tuple[date, RetentionRule] | None = None
    for rule in rules:
        start = _start(rule, facts)
        if start is None or start < rule.in_force_from:
            steps.append(f"{rule.id}: does not apply (no starting day on or after "
                         f"{rule.in_force_from.isoformat()})")  # fmt: skip
            continue
        end = period_end(start, rule.years)
        mark = "" if rule.verified else " [unverified]"
        steps.append(
            f"{rule.id}: {rule.years} years from {start.isoformat()} ({rule.start}) end "
            f"{end.isoformat()}, {rule.basis.cite()}; Reg. 1182/71 Art. 3(2)(c){mark}"
        )
        if best is None or end > best[0]:
            best = (end, rule)
    if best is None:
        return ErasureDue(None, None, True, tuple(steps))
    end, rule = best
    due = end + timedelta(days=1)
    steps.append(f"due {due.isoformat()}: the day after the latest end ({rule.id})")
    return ErasureDue(due, rule.id, rule.verified, tuple(steps))
