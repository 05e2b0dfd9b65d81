"""Stopping and restarting clocks, whereabouts and liberty, and closing a case.

A clock stops only on a recorded legal basis (e.g. APR Art. 41(4): time to explain before an
implicit withdrawal) and only for named deadlines; while it is stopped the deadline is
``suspended`` and its end is unknown (the last computed end stays on view). When it resumes, the
end is computed afresh by the rule book from the start and every stop. Periods counted in hours
cannot be stopped (the period engine counts stops in days).
"""

from __future__ import annotations

from migrationpact.cases import events as ev
from migrationpact.cases.clock import Draft
from migrationpact.cases.explain import explain
from migrationpact.cases.state import DeadlineEntry


def _targets(draft: Draft, names: list[str], rule: str) -> list[DeadlineEntry]:
    found: list[DeadlineEntry] = []
    for name in names:
        hits = [d for d in draft.deadlines if d.key == name and d.is_running]
        hits = hits or [d for d in draft.deadlines if d.rule_id == name and d.is_running]
        if not hits:
            raise draft.refuse(rule, "no running deadline '%(name)s' in this case", name=name)
        found += [d for d in hits if d not in found]
    return found


def clock_suspended(draft: Draft, event: ev.ClockSuspended) -> None:
    rule = event.legal_basis[0].cite()
    for entry in _targets(draft, event.deadlines, rule):
        if entry.status == "suspended":
            raise draft.refuse(rule, "the clock of %(key)s is already stopped", key=entry.key)
        if explain(entry, draft.law).result.length.in_hours:
            raise draft.refuse(
                rule, "%(key)s is counted in hours and cannot be stopped", key=entry.key
            )
        draft.suspend(entry, [c.model_dump() for c in event.legal_basis], event.reason)


def clock_resumed(draft: Draft, event: ev.ClockResumed) -> None:
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


def reappeared(draft: Draft, event: ev.Reappeared) -> None:
    if not draft.state.absconded:
        raise draft.refuse("AMMR Art. 46(2)", "the person was not recorded as absconded")
    draft.set(absconded=False)
    draft.note("AMMR Art. 46(2) (3 months left after reappearance) is not applied automatically")


def released(draft: Draft, event: ev.Released) -> None:
    if not draft.state.detained:
        raise draft.refuse("RCD Art. 10", "the person is not detained")
    draft.set(detained=False, detention_ground=None)
    draft.cancel("AMMR-14", "D3-14", reason="released from detention")
    if draft.running("AMMR-12b"):
        draft.cancel("AMMR-12b", reason="released: AMMR-01/02 govern again")


def case_closed(draft: Draft, event: ev.CaseClosed) -> None:
    draft.cancel_all(f"case closed ({event.reason})")
    draft.set(closed=True, closed_reason=event.reason, stage="closed")
