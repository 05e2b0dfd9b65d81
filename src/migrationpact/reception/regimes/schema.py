"""The shape of a regime file: one edition of the location types and their regimes.

Labels and titles are ``Title`` (Dutch and English) and citations are the rule book's
``Citation`` (instrument code, article, paragraph, point), so a regime cites the law exactly as
a time limit does. What no source has been read for is ``verified: false`` with a note saying
what is missing; the pages show the flag.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from migrationpact.law.periods import Length, PeriodError
from migrationpact.law.rulebook.schema import Citation, Title

#: A location type's code: capitals, digits and hyphens (``COL-AMV``).
CODE = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"

MaterialConditions = Literal["full", "in-kind", "sober", "foster-family", "municipal"]
ReportingDuty = Literal["none", "weekly", "daily", "twice-daily"]
AreaRestriction = Literal["none", "geographical-area", "municipality", "site"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Admits(_Model):
    """Who a location of this type may house at all (the placement's hard limits)."""

    single_adults: bool
    families: bool
    unaccompanied_minors: bool


class Verification(_Model):
    """Where the regime's facts come from (source keys of ``docs/reception.md``) and what is
    still unchecked."""

    source: str = Field(min_length=1)
    note: str | None = None


class Regime(_Model):
    """One location type and its regime."""

    code: str = Field(pattern=CODE)
    label: Title
    purpose: Title
    material_conditions: MaterialConditions
    reporting_duty: ReportingDuty
    area_restriction: AreaRestriction
    maximum_stay: str | None = None
    admits: Admits
    emergency: bool = False
    legal_basis: list[Citation] = Field(min_length=1)
    verified: bool
    verification: Verification

    @field_validator("maximum_stay")
    @classmethod
    def _length(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                Length.parse(value)
            except PeriodError as exc:
                raise ValueError(f"maximum_stay {value!r}: {exc}") from None
        return value

    @model_validator(mode="after")
    def _unverified_says_why(self) -> Self:
        if not self.verified and not self.verification.note:
            raise ValueError(
                "an unverified regime needs verification.note saying what is unchecked"
            )
        return self


class RegimeFile(_Model):
    """One edition's regime file (``data/<edition>/<name>.yaml``)."""

    edition: date
    valid_from: date
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    regimes: list[Regime] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_once(self) -> Self:
        codes = [r.code for r in self.regimes]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"location type listed twice: {', '.join(twice)}")
        return self
