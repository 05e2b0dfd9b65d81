"""The inspections' dated data: the locations a body may visit, and the response time limits.

Both are data files in ``monitoring/data/<kind>/<edition>/*.yaml`` (``editions``), each flagged
``verified`` with why: which locations host screening and the border procedure, and how long an
authority has to respond to a recommendation, are not settled in a source that was read. The
edition in force on the day a visit is planned gives its list of locations; the edition in force
on the day a recommendation is made gives its response limit.

>>> default_locations().at(date(2026, 12, 1)).location("AC-SCHIPHOL").name.nl
'Aanmeldcentrum Schiphol'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from migrationpact.law.periods import Length, PeriodError, Regime
from migrationpact.monitoring.editions import DATA_DIR, DatedFile, in_force, load_editions
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.vocabulary import Phase

#: The authorities an inspection addresses: those of the monitoring files' referrals that run
#: locations, and the custodial institutions (DJI) and the return service (DTenV).
InspectedAuthority = Literal["IND", "KMar", "COA", "DJI", "DTenV"]
INSPECTED_AUTHORITIES: tuple[str, ...] = get_args(InspectedAuthority)
LOCATION_CODE = r"^[A-Z][A-Z0-9-]{1,31}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Model):
    code: str = Field(pattern=LOCATION_CODE)
    name: Words
    phases: tuple[Phase, ...] = Field(min_length=1)
    run_by: InspectedAuthority


class LocationsFile(DatedFile):
    locations: tuple[Location, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        codes = [location.code for location in self.locations]
        if len(set(codes)) != len(codes):
            raise ValueError("each location code is used once")
        return self

    def location(self, code: str) -> Location | None:
        return next((found for found in self.locations if found.code == code), None)


@dataclass(frozen=True)
class LocationsBook:
    files: tuple[LocationsFile, ...]

    def at(self, day: date) -> LocationsFile:
        return in_force(self.files, day, "list of locations")


class ResponseLimit(_Model):
    id: str = Field(pattern=r"^INS-[A-Z0-9-]{1,24}$")
    title: Words
    length: str
    regime: Regime = Regime.NL
    verified: bool
    note: str = Field(min_length=1)

    @field_validator("length")
    @classmethod
    def _length(cls, value: str) -> str:
        try:
            length = Length.parse(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        if length.in_hours:
            raise ValueError("a response limit is counted in days or longer")
        return value


class ResponseLimitsFile(DatedFile):
    #: One limit: the authority's response to a recommendation (a list, so more can follow).
    limits: tuple[ResponseLimit, ...] = Field(min_length=1, max_length=1)


@dataclass(frozen=True)
class ResponseLimitsBook:
    files: tuple[ResponseLimitsFile, ...]

    def at(self, day: date) -> ResponseLimitsFile:
        return in_force(self.files, day, "inspection time limits")


def load_locations(root: Path = DATA_DIR / "locations") -> LocationsBook:
    return LocationsBook(load_editions(root, LocationsFile, "locations file"))


def load_response_limits(root: Path = DATA_DIR / "inspection-limits") -> ResponseLimitsBook:
    return ResponseLimitsBook(load_editions(root, ResponseLimitsFile, "inspection limits file"))


@cache
def default_locations() -> LocationsBook:
    """The locations shipped with the package (read once)."""
    return load_locations()


@cache
def default_response_limits() -> ResponseLimitsBook:
    """The response limits shipped with the package (read once)."""
    return load_response_limits()
