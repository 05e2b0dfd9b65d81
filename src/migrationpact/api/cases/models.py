"""Request and response bodies of the cases resource."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from migrationpact.api.types import Recorded
from migrationpact.cases.compare import DeadlineComparison
from migrationpact.cases.events import AnyEvent
from migrationpact.cases.state import DeadlineEntry
from migrationpact.store.records import AppendResult


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        description="Leave out to have one made (C- and 12 hex digits).",
    )
    event: AnyEvent = Field(description="The case's first event, e.g. screening_started.")


class DeadlineSide(BaseModel):
    """A deadline on one side of a change: its status and when it ends."""

    status: str
    due: str = Field(description="Day (YYYY-MM-DD) or local moment the deadline ends.")


class DeadlineChange(BaseModel):
    """One deadline an event changed: as it was before the event and after it."""

    key: str
    rule_id: str
    before: DeadlineSide | None = Field(description="null: the event started it.")
    after: DeadlineSide | None


class Appended(BaseModel):
    """What an append recorded; ``repeated`` is true when an Idempotency-Key was seen before."""

    case_id: str
    seq: int
    type: str
    hash: str
    prev_hash: str
    recorded_at: Recorded
    rule_set_version: str
    idempotency_key: str | None
    repeated: bool
    deadlines_changed: list[DeadlineChange] | None = Field(
        default=None,
        description="The deadlines the event changed (started, met, moved, stopped, …), "
        "before and after; only for those who may see the case's deadlines, else null.",
    )

    @classmethod
    def of(
        cls, result: AppendResult, changes: Sequence[DeadlineComparison] | None = None
    ) -> Appended:
        changed = None if changes is None else [_change(c) for c in changes]
        recorded = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
        del recorded["states"]  # the states themselves are not part of the answer
        return cls(**recorded, deadlines_changed=changed)


def _side(entry: DeadlineEntry | None) -> DeadlineSide | None:
    if entry is None:
        return None
    return DeadlineSide(status=entry.status, due=entry.due.isoformat())


def _change(c: DeadlineComparison) -> DeadlineChange:
    entry = c.replayed or c.current  # a comparison has at least one side
    return DeadlineChange(
        key=c.key,
        rule_id=entry.rule_id if entry is not None else c.key,
        before=_side(c.current),
        after=_side(c.replayed),
    )


class CaseSummaryOut(BaseModel):
    case_id: str
    seq: int
    stage: str
    procedure: str
    examination: str
    responsibility_regime: str
    updated_at: Recorded
    open_deadlines: int
    next_due: date | None
    pseudonym: str | None = Field(
        default=None, description="The person's pseudonym; only for who may see names."
    )
    v_number: str | None = Field(
        default=None, description="The person's V-number; only for who may see names."
    )
    person_name: str | None = Field(
        default=None, description="The person's names as recorded; only for who may see names."
    )


class CasePage(BaseModel):
    items: list[CaseSummaryOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null: last.")


class PlaceOut(BaseModel):
    """Where the case lives, as far as the caller may see it: COA and the monitoring bodies all
    of it, the IND the site, DTenV the site only at a Dublin shelter residence (DOL)."""

    site_id: str | None = None
    site_name: str | None = None
    municipality: str | None = Field(default=None, description="CBS code, e.g. GM0106.")
    municipality_name: str | None = None
    location_type: str | None = Field(default=None, description="e.g. AZC, DOL.")
    unit_id: str | None = None
    since: date | None = None


class CaseView(BaseModel):
    """A case as the caller may see it: fields outside their sections are left out."""

    model_config = ConfigDict(extra="allow")

    case_id: str
    seq: int
    sections: list[str] = Field(description="The sections of the file shown to the caller.")
    place: PlaceOut | None = Field(
        default=None,
        description="Its place at a reception site; left out when it has none or the caller "
        "may not see it.",
    )


class Assignment(BaseModel):
    case_id: str
    assignee: str
    organisation: str
    created: bool


def summary_out(summary: Any) -> CaseSummaryOut:
    person = summary.person
    named = (
        {"pseudonym": person.pseudonym, "v_number": person.v_number,
         "person_name": person.names or None}
        if person is not None
        else {}
    )  # fmt: skip
    return CaseSummaryOut(**{k: v for k, v in summary.__dict__.items() if k != "person"}, **named)
