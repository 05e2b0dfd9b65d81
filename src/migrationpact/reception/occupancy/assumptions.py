"""The expected need's data file (``data/need.yaml``): stages, and the planning assumptions.

The law's lengths stay in the rule book; this file says only which running time limit ends a
case's current stage, what follows it, and, for the time after a decision, dated and cited
*assumptions* (a length, where it comes from, and ``verified``: false with a note saying why,
until a source says more). A bad file is one ``NeedDataError`` naming the file and the field.

>>> book = default_need_book()
>>> book.assumptions["after_grant"].verified, book.stage_of("APR-16").then
(False, 'after_decision')
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from migrationpact.law.periods import Length, PeriodError
from migrationpact.law.rulebook.loader import describe, read_mapping
from migrationpact.law.rulebook.schema import RULE_ID, Title

DATA = Path(__file__).parent / "data" / "need.yaml"
#: What follows a stage when the person leaves reception as it ends (a transfer).
LEAVES = "leaves"


class NeedDataError(ValueError):
    """The expected need's data file cannot be used; the message says where."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Assumption(_Model):
    """A planning assumption: how long a stay lasts after a stage, and on what it rests."""

    length: str
    title: Title
    source: str = Field(min_length=1)
    verified: bool
    note: str | None = None

    @field_validator("length")
    @classmethod
    def _length(cls, value: str) -> str:
        try:
            Length.parse(value)
        except PeriodError as exc:
            raise ValueError(f"length {value!r}: {exc}") from None
        return value

    @model_validator(mode="after")
    def _unverified_says_why(self) -> Self:
        if not self.verified and not self.note:
            raise ValueError("an unverified assumption needs a note saying what is unchecked")
        return self


class Stage(_Model):
    """Time limits that end a stage, and what follows (an assumption, a rule, or leaving)."""

    rules: tuple[str, ...] = Field(min_length=1)
    then: str

    @field_validator("rules")
    @classmethod
    def _ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [r for r in value if not re.match(RULE_ID, r)]
        if bad:
            raise ValueError(f"not a rule id: {', '.join(bad)}")
        return value


class NeedBook(_Model):
    edition: date
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    without_limit: dict[Literal["border", "regular"], str]
    assumptions: dict[str, Assumption]

    @model_validator(mode="after")
    def _follows(self) -> Self:
        for stage in self.stages:
            then = stage.then
            if then != LEAVES and then not in self.assumptions and not re.match(RULE_ID, then):
                raise ValueError(f"then {then!r} is no assumption, rule or {LEAVES!r}")
        missing = {"after_decision", "after_grant", "after_refusal"} - set(self.assumptions)
        if missing:
            raise ValueError(f"assumptions missing: {', '.join(sorted(missing))}")
        if set(self.without_limit) != {"border", "regular"}:
            raise ValueError("without_limit needs a rule for border and for regular")
        return self

    def stage_of(self, rule_id: str) -> Stage | None:
        """The stage a time limit ends (None: it ends none)."""
        return next((s for s in self.stages if rule_id in s.rules), None)


def load_need_book(path: Path = DATA) -> NeedBook:
    """The data file at ``path``, validated."""
    data = read_mapping(path, "need data file", NeedDataError)
    try:
        return NeedBook.model_validate(data)
    except ValidationError as exc:
        raise NeedDataError(f"{path.name}: {describe(exc)}") from None


@cache
def default_need_book() -> NeedBook:
    """The shipped data file (read once)."""
    return load_need_book()
