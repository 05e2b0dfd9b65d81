"""Bodies of the placement and departure resources: what a planner sends and what was recorded."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from migrationpact.reception.sites.events import HOUSEHOLD
from migrationpact.services.paths import CASE_ID


class OverrideIn(BaseModel):
    """A planner's choice: this household goes to this unit, for this reason."""

    model_config = ConfigDict(extra="forbid")

    household: str = Field(pattern=HOUSEHOLD, description="A case id, or family:<group id>.")
    unit: str = Field(min_length=3, max_length=130, description="SITE/UNIT, e.g. AZC-1/A.")
    reason: str = Field(min_length=1, max_length=500)


class PlacementsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int | None = Field(
        default=None, ge=1, le=100_000, description="Only the N households that waited longest."
    )
    overrides: list[OverrideIn] = Field(default_factory=list, max_length=200)


class RecordedOut(BaseModel):
    """A household placed: where, its cases and persons, why, and the site it left (a move)."""

    household: str
    cases: list[str]
    site_id: str
    unit_id: str
    persons: int
    basis: Literal["proposal", "override", "manual"]
    reason: str | None
    moved_from: str | None = Field(description="The site it moved from; null: a new place.")


class UnplacedOut(BaseModel):
    household: str
    persons: int
    blocked_by: str = Field(description="The hard constraint that left it without a place.")


class SkippedOut(BaseModel):
    case_id: str
    reason: str


class PlacementsOut(BaseModel):
    recorded: list[RecordedOut]
    unplaced: list[UnplacedOut]
    skipped: list[SkippedOut] = Field(description="Waiting cases placement cannot take yet.")
    events: int = Field(description="Events recorded on the sites' streams.")


class DepartureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(pattern=CASE_ID, max_length=64)
    reason: Literal["moved", "departed", "transferred", "absconded", "housed", "other"]
    on: date | None = Field(default=None, description="The day it left; default today.")


class DepartureOut(BaseModel):
    household: str
    cases: list[str]
    site_id: str
    unit_id: str
    left_on: date
    reason: str
