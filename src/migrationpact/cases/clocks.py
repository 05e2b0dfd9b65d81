"""Stopping and restarting clocks, whereabouts and liberty, and closing a case.

A clock stops only on a recorded legal basis (e.g. APR Art. 41(4): time to explain before an
implicit withdrawal) and only for named deadlines; while it is stopped the deadline is
``suspended`` and its end is unknown (the last computed end stays on view). When it resumes, the
end is computed afresh by the rule book from the start and every stop. Periods counted in hours
cannot be stopped (the period engine counts stops in days).

Whereabouts and liberty change time limits too: absconding or imprisonment gives a Dublin
transfer a longer period (AMMR Art. 46(2); after absconding it runs from the notice to the state
responsible, ``dublin.absconding_notified``), detention starts the shorter detained ones (AMMR
Art. 44-45; the transfer limit counted from the acceptance, Art. 45(3)), release ends them. The
events of this track are declared above their handlers (``cases.catalogue``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from migrationpact.cases.catalogue import N_, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.dublin import start_detained_transfer
from migrationpact.cases.eventbase import MAX_ITEMS, Event
from migrationpact.cases.explain import explain
from migrationpact.cases.guarantees import (
    end_detention_review,
    start_detention_review,
    start_return_border_detention,
)
from migrationpact.cases.state import DeadlineEntry, DublinTrack
from migrationpact.law.rulebook.schema import Citation

TRACK = Track("clocks")


def _targets(draft: Draft, names: list[str], rule: str) -> list[DeadlineEntry]:
    found: list[DeadlineEntry] = []
    for name in names:
        hits = [d for d in draft.deadlines if d.key == name and d.is_running]
        hits = hits or [d for d in draft.deadlines if d.rule_id == name and d.is_running]
        if not hits:
            raise draft.refuse(rule, "no running deadline '%(name)s' in this case", name=name)
        found += [d for d in hits if d not in found]
    return found


class ClockSuspended(Event):
    type: Literal["clock_suspended"] = "clock_suspended"
    deadlines: list[str] = Field(
        min_length=1, max_length=MAX_ITEMS, description="deadline keys or rule ids"
    )
    legal_basis: list[Citation] = Field(min_length=1, max_length=MAX_ITEMS)
    reason: str = Field(min_length=1)


@TRACK.event(ClockSuspended, N_("Clock suspended"))
def clock_suspended(draft: Draft, event: ClockSuspended) -> None:
    rule = event.legal_basis[0].cite()
    for entry in _targets(draft, event.deadlines, rule):
        if entry.status == "suspended":
            raise draft.refuse(rule, "the clock of %(key)s is already stopped", key=entry.key)
        if explain(entry, draft.law).result.length.in_hours:
            raise draft.refuse(
                rule, "%(key)s is counted in hours and cannot be stopped", key=entry.key
            )
        draft.suspend(entry, [c.model_dump() for c in event.legal_basis], event.reason)


class ClockResumed(Event):
    type: Literal["clock_resumed"] = "clock_resumed"
    deadlines: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="empty: every suspended one"
    )


@TRACK.event(ClockResumed, N_("Clock resumed"))
def clock_resumed(draft: Draft, event: ClockResumed) -> None:
    if event.deadlines:
        entries = _targets(draft, event.deadlines, "suspension ledger")
    else:
        entries = [d for d in draft.deadlines if d.status == "suspended"]
    if not entries or any(d.status != "suspended" for d in entries):
        raise draft.refuse("suspension ledger", "no stopped clock to restart")
    for entry in entries:
        basis = entry.suspensions[-1].legal_basis
        cite = ", ".join(f"{b['instrument']} Art. {b['article']}" for b in basis)
        if event.occurred_at.date() < entry.suspensions[-1].stopped_on:
            raise draft.refuse(
                cite or "suspension ledger", "a clock cannot restart before it stops"
            )
        draft.resume(entry)


class Absconded(Event):
    type: Literal["absconded"] = "absconded"


@TRACK.event(Absconded, N_("Absconded"), recorded_by={"COA", "DTenV", "KMar"})
def absconded(draft: Draft, event: Absconded) -> None:
    if draft.state.absconded:
        raise draft.refuse("AMMR Art. 46(2)", "the person is already recorded as absconded")
    draft.set(absconded=True)
    # Dublin III: eighteen months from the acceptance (Reg. 604/2013 Art. 29(2)). Under the AMMR
    # the three years run only from the notice to the state responsible (``absconding_notified``).
    for entry in draft.running("D3-09"):
        draft.close(entry, "cancelled", "replaced by D3-11: absconding (Reg. 604/2013 Art. 29(2))")
        draft.start("D3-11", entry.started_on)
    if draft.running("AMMR-10"):
        draft.note("AMMR-11b runs from the notice to the member state responsible (Art. 46(2))")


class Detained(Event):
    type: Literal["detained"] = "detained"
    ground: Literal["border-procedure", "dublin-transfer", "return", "imprisonment", "other"]


@TRACK.event(Detained, N_("Detained"), recorded_by={"DTenV", "KMar"})
def detained(draft: Draft, event: Detained) -> None:
    if draft.state.detained:
        raise draft.refuse("RCD Art. 10", "the person is already detained")
    if event.ground == "border-procedure" and (
        draft.state.entry_authorised or draft.state.procedure != "border"
    ):
        raise draft.refuse("APR Art. 43(1)", "border-procedure detention needs a border case")
    draft.set(detained=True, detention_ground=event.ground)
    track: DublinTrack = draft.get("dublin")
    ammr = draft.state.responsibility_regime == "AMMR"
    not_sent = ammr and track.sent_at is None and track.responsible_state is None
    if not_sent and draft.running("AMMR-01", "AMMR-02"):
        draft.start("AMMR-12b")
    start_detained_transfer(draft)
    start_detention_review(draft, event.ground)
    start_return_border_detention(draft)
    if event.ground == "imprisonment":
        for entry in draft.running("AMMR-10", "D3-09"):
            longer = "D3-10" if entry.rule_id == "D3-09" else "AMMR-11"
            draft.close(entry, "cancelled", f"replaced by {longer}: imprisonment (46(2))")
            draft.start(longer, entry.started_on)


class Reappeared(Event):
    type: Literal["reappeared"] = "reappeared"


@TRACK.event(Reappeared, N_("Reappeared"), recorded_by={"COA", "DTenV", "KMar"})
def reappeared(draft: Draft, event: Reappeared) -> None:
    if not draft.state.absconded:
        raise draft.refuse("AMMR Art. 46(2)", "the person was not recorded as absconded")
    draft.set(absconded=False)
    draft.note("AMMR Art. 46(2) (3 months left after reappearance) is not applied automatically")


class Released(Event):
    type: Literal["released"] = "released"


@TRACK.event(Released, N_("Released"), recorded_by={"DTenV", "KMar"})
def released(draft: Draft, event: Released) -> None:
    if not draft.state.detained:
        raise draft.refuse("RCD Art. 10", "the person is not detained")
    draft.set(detained=False, detention_ground=None)
    draft.cancel("AMMR-14", "D3-14", "RBP-04", reason="released from detention")
    end_detention_review(draft)
    if draft.running("AMMR-12b"):
        draft.cancel("AMMR-12b", reason="released: AMMR-01/02 govern again")


class CaseClosed(Event):
    type: Literal["case_closed"] = "case_closed"
    reason: Literal[
        "protection-granted", "transferred", "returned", "withdrawn", "departed", "merged", "other"
    ]


@TRACK.event(CaseClosed, N_("Case closed"))
def case_closed(draft: Draft, event: CaseClosed) -> None:
    draft.cancel_all(f"case closed ({event.reason})")
    draft.set(closed=True, closed_reason=event.reason, stage="closed")
