"""The phase-in plan's planning parameters and the transfer time limit, both as data.

The figures a plan rests on (the shares of decisions that end in a transfer, in absconding or
in a lapse; how long each stays; the take rate of open Dublin cases; occupancy; how fast a
site is built up) are dated, cited data in ``data/dublin-shelter.yaml``, each with ``verified``,
its source and a note, never constants in the code. The transfer time limit, which ends the stay
of everyone whose transfer does not happen, is the rule book's (``AMMR-10``, AMMR Art. 46(1)),
in force on the plan's first day.

>>> from datetime import date
>>> limit = transfer_limit(date(2027, 1, 1))
>>> limit.rule_id, limit.length, limit.months
('AMMR-10', '6 months', 6.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from migrationpact.law import yamltext
from migrationpact.law.periods import Length
from migrationpact.law.periods.lengths import Unit
from migrationpact.law.rulebook import default_book

#: The rule whose period ends a Dublin claimant's stay when no transfer happens.
TRANSFER_RULE = "AMMR-10"

#: Months in each unit of a length (a day and a week as a share of the mean month).
_MONTHS = {Unit.YEARS: 12.0, Unit.MONTHS: 1.0, Unit.WEEKS: 7 / 30.4375, Unit.DAYS: 1 / 30.4375}


class PlanDataError(ValueError):
    """A parameter file that is not valid, naming the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Model):
    """One figure with what it rests on."""

    value: float
    verified: bool
    source: str
    note: str


class Parameters(_Model):
    transferred_share: Parameter
    absconded_share: Parameter
    transferred_stay_months: Parameter
    absconded_stay_months: Parameter
    take_rate: Parameter
    pending_spread_months: Parameter
    history_months: Parameter
    planned_occupancy: Parameter
    build_up_per_month: Parameter

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        shares = ("transferred_share", "absconded_share", "take_rate")
        for name in shares:
            if not 0 <= getattr(self, name).value <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.transferred_share.value + self.absconded_share.value > 1:
            raise ValueError("transferred_share + absconded_share must be at most 1")
        if not 0 < self.planned_occupancy.value <= 1:
            raise ValueError("planned_occupancy must be above 0 and at most 1")
        for name in ("transferred_stay_months", "absconded_stay_months"):
            if getattr(self, name).value < 0:
                raise ValueError(f"{name} must be 0 or more")
        for name in ("pending_spread_months", "history_months", "build_up_per_month"):
            value = getattr(self, name).value
            if value < 1 or value != int(value):
                raise ValueError(f"{name} must be a whole number of 1 or more")
        return self


class ParameterFile(_Model):
    edition: date
    title: str
    verified: bool
    sources: dict[str, str]
    parameters: Parameters

    @model_validator(mode="after")
    def _cited(self) -> Self:
        for name, parameter in self.parameters:
            for key in re.findall(r"\[([A-Z0-9-]+)\]", parameter.source):
                if key not in self.sources:
                    raise ValueError(f"{name}: source [{key}] is not among the sources")
        return self

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def read_parameters(data: Any) -> ParameterFile:
    """The parameter file ``data`` (parsed YAML), or a ``PlanDataError`` naming the field."""
    try:
        return ParameterFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "file"
        raise PlanDataError(f"planning parameters: {where}: {error['msg']}") from None


@cache
def default_parameters() -> ParameterFile:
    """The shipped planning parameters, read once per process."""
    text = resources.files(__package__).joinpath("data/dublin-shelter.yaml").read_text("utf-8")
    return read_parameters(yamltext.safe_load(text))


@dataclass(frozen=True)
class TransferLimit:
    """The transfer time limit in force: the rule, its length and that length in months."""

    rule_id: str
    length: str
    months: float
    verified: bool


def months_of(length: str) -> float:
    """A length in (mean) months: ``'6 months'`` is 6.0, ``'1 year'`` 12.0, ``'2 weeks'`` ~0.46.

    >>> months_of("1 year"), round(months_of("2 weeks"), 2)
    (12.0, 0.46)
    """
    parsed = Length.parse(length)
    unknown = [unit for _, unit in parsed.parts if unit not in _MONTHS]
    if unknown:
        raise PlanDataError(f"a transfer time limit in {unknown[0]} cannot be planned in months")
    return sum(amount * _MONTHS[unit] for amount, unit in parsed.parts)


def transfer_limit(day: date) -> TransferLimit:
    """The transfer time limit (``TRANSFER_RULE``) of the rule book in force on ``day``."""
    rule, _ = default_book().resolve(TRANSFER_RULE, day)
    if rule.length is None:
        raise PlanDataError(f"rule {rule.id} has no length to plan with")
    return TransferLimit(rule.id, rule.length, months_of(rule.length), rule.verified)
