"""A second kind of stream for tests of the store: a site's capacity, opened and resized.

Small on purpose: it shows what a kind needs (events, a pure ``decide``, a state with a codec)
and nothing about reception itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from migrationpact.law.law import Law
from migrationpact.store.streams import StreamKind, documented_kind

SITE = "test-site"


class SiteEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["site_opened", "capacity_changed"]
    occurred_at: datetime
    capacity: int = Field(ge=0)


@dataclass(frozen=True)
class SiteState:
    site_id: str
    seq: int = 0
    open: bool = False
    capacity: int = 0


def decide_site(state: SiteState, event: SiteEvent, law: Law) -> SiteState:
    if event.type == "site_opened" and state.open:
        raise ValueError(f"site {state.site_id} is open already")
    if event.type == "capacity_changed" and not state.open:
        raise ValueError(f"site {state.site_id} is not open")
    return replace(state, seq=state.seq + 1, open=True, capacity=event.capacity)


def join(type_: str, occurred_at: datetime, payload: dict[str, Any]) -> SiteEvent:
    return SiteEvent.model_validate({**payload, "type": type_, "occurred_at": occurred_at})


def split(event: SiteEvent) -> tuple[str, datetime, dict[str, Any]]:
    return event.type, event.occurred_at, {"capacity": event.capacity}


def site_kind() -> StreamKind:
    return documented_kind(
        SITE,
        initial=SiteState,
        decide=decide_site,
        join=join,
        split=split,
        document=asdict,
        read=lambda data: SiteState(**data),
    )


def site_event(type_: str, at: str, capacity: int) -> SiteEvent:
    return SiteEvent(type=type_, occurred_at=datetime.fromisoformat(at), capacity=capacity)  # type: ignore[arg-type]
