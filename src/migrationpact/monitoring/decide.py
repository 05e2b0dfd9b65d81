"""The rules of a monitoring file: ``decide`` applies one event to a file, or refuses it.

Like the case machine, ``decide`` is pure and total: the same file and event always give the
same new state or the same refusal, and ``replay`` (a fold of ``decide``) rebuilds any file. A
refusal is a ``MonitoringRefused`` naming the register rule it would break (``RULES``), with
its reason as a template and values, so a page can say it in Dutch later; nothing changes.

>>> from datetime import datetime
>>> from migrationpact.monitoring.events import parse_monitoring_event as ev
>>> at = "2026-07-01T10:00"
>>> f = decide(initial_file("M-1"), ev({"type": "signal_received", "occurred_at": at,
...     "received_at": at, "source": "ngo", "channel": "email", "content": "Held 9 days."}))
>>> f.status, f.seq
('received', 1)
>>> decide(f, ev({"type": "triaged", "occurred_at": at, "kind": "allegation",
...     "phase": "detention", "rights": ["6"]}))
Traceback (most recent call last):
...
migrationpact.monitoring.decide.MonitoringRefused: triaged refused: the file is not routed yet \
(MR-2: the intake routes a signal before anything else happens to it)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from migrationpact.monitoring import events as ev
from migrationpact.monitoring.state import (
    FileState,
    Outcome,
    Referral,
    Routing,
    Signal,
    Triage,
    initial_file,
)

__all__ = ["RULES", "MonitoringRefused", "decide", "initial_file", "replay"]

#: The register's rules, by id: what each refusal cites.
RULES: Mapping[str, str] = {
    "MR-1": "a file opens with one signal",
    "MR-2": "the intake routes a signal before anything else happens to it",
    "MR-3": "an own observation stays with the body that made it",
    "MR-4": "a file referred out to a complaint body is only closed or shared",
    "MR-5": "every event says something new",
    "MR-6": "a file is referred after its triage, once at a time per authority",
    "MR-7": "an authority's outcome answers its open referral, on or after it",
    "MR-8": "a file closes when no referral waits for its answer",
    "MR-9": "a file is shared with the other body, once",
    "MR-10": "a closed file takes no more events",
    "MR-11": "events follow the signal in time",
}


class MonitoringRefused(ValueError):  # noqa: N818 - read as the refusal itself
    """The event breaks a rule of the register; nothing changes. ``rule`` is its id."""

    def __init__(
        self, rule: str, event_type: str, reason: str, params: Mapping[str, str] | None = None
    ) -> None:
        self.rule = rule
        self.event_type = event_type
        self.template = reason
        self.params = dict(params or {})
        self.reason = reason % self.params if self.params else reason
        super().__init__(f"{event_type} refused: {self.reason} ({rule}: {RULES[rule]})")


def _refuse(rule: str, event: Any, reason: str, **params: str) -> MonitoringRefused:
    return MonitoringRefused(rule, event.type, reason, params)


def decide(state: FileState, event: Any) -> FileState:
    """The file after ``event``, or ``MonitoringRefused`` naming the rule it breaks."""
    if isinstance(event, ev.SignalReceived):
        if state.status is not None:
            raise _refuse("MR-1", event, "the file has its signal already")
        signal = Signal(**event.model_dump(exclude={"type", "occurred_at"}))
        return state.model_copy(update={"seq": 1, "status": "received", "signal": signal})
    if state.status is None or state.signal is None:
        raise _refuse("MR-1", event, "the file has no signal yet")
    if state.status == "closed":
        raise _refuse("MR-10", event, "the file is closed")
    if event.occurred_at < state.signal.received_at:
        raise _refuse(
            "MR-11", event, "it is dated before the signal came in (%(at)s)",
            at=f"{state.signal.received_at:%Y-%m-%d %H:%M}",
        )  # fmt: skip
    if state.routing is None and not isinstance(event, ev.Routed):
        raise _refuse("MR-2", event, "the file is not routed yet")
    handler = _HANDLERS[event.type]
    return handler(state, event).model_copy(update={"seq": state.seq + 1})


def replay(reference: str, events: Iterable[Any]) -> FileState:
    """Fold ``decide`` over recorded ``events`` from the empty file ``reference``."""
    state = initial_file(reference)
    for event in events:
        state = decide(state, event)
    return state


def _routed(state: FileState, event: ev.Routed) -> FileState:
    if state.routing is not None:
        raise _refuse("MR-2", event, "the file is routed already")
    observer = state.signal.observed_by if state.signal else None
    if observer is not None and event.to != observer:
        raise _refuse(
            "MR-3", event, "%(body)s observed it; it cannot go to %(to)s", body=observer,
            to=event.to,
        )  # fmt: skip
    routing = Routing(**event.model_dump(exclude={"type", "occurred_at"}), at=event.occurred_at)
    status = "referred-out" if event.referred_out else "received"
    return state.model_copy(update={"routing": routing, "status": status})


def _not_referred_out(state: FileState, event: Any) -> None:
    if state.status == "referred-out":
        raise _refuse(
            "MR-4", event, "the complaint was referred out to %(to)s",
            to=state.routing.referred_out or "" if state.routing else "",
        )  # fmt: skip


def _triaged(state: FileState, event: ev.Triaged) -> FileState:
    _not_referred_out(state, event)
    triage = Triage(**event.model_dump(exclude={"type", "occurred_at"}), at=event.occurred_at)
    if state.triage is not None and state.triage.model_copy(update={"at": event.occurred_at}) == (
        triage
    ):
        raise _refuse("MR-5", event, "the file has this triage already")
    first = state.first_triaged_at or event.occurred_at
    return state.model_copy(
        update={"triage": triage, "status": "triaged", "first_triaged_at": first}
    )


def _referred(state: FileState, event: ev.Referred) -> FileState:
    _not_referred_out(state, event)
    if state.triage is None:
        raise _refuse("MR-6", event, "the file is not triaged yet")
    if state.open_referral(event.authority) is not None:
        raise _refuse(
            "MR-6", event, "a referral to %(authority)s waits for its answer",
            authority=event.authority,
        )  # fmt: skip
    if event.follow_up_due is not None and event.follow_up_due < event.occurred_at.date():
        raise _refuse("MR-6", event, "the follow-up is due before the referral")
    referral = Referral(
        authority=event.authority,
        at=event.occurred_at,
        follow_up_due=event.follow_up_due,
        note=event.note,
    )
    return state.model_copy(update={"referrals": (*state.referrals, referral)})


def _outcome(state: FileState, event: ev.OutcomeRecorded) -> FileState:
    _not_referred_out(state, event)
    referrals = state.referrals
    if event.authority is not None:
        waiting = state.open_referral(event.authority)
        if waiting is None:
            raise _refuse(
                "MR-7", event, "no referral to %(authority)s waits for an answer",
                authority=event.authority,
            )  # fmt: skip
        if event.decided_on < waiting.at.date():
            raise _refuse("MR-7", event, "the answer is dated before the referral")
        answered = waiting.model_copy(update={"answered_on": event.decided_on})
        referrals = tuple(answered if r is waiting else r for r in referrals)
    outcome = Outcome(
        authority=event.authority,
        outcome=event.outcome,
        decided_on=event.decided_on,
        at=event.occurred_at,
    )
    return state.model_copy(update={"referrals": referrals, "outcomes": (*state.outcomes, outcome)})


def _closed(state: FileState, event: ev.Closed) -> FileState:
    waiting = [r.authority for r in state.referrals if r.answered_on is None]
    if waiting:
        raise _refuse(
            "MR-8", event, "referrals wait for their answer: %(authorities)s",
            authorities=", ".join(waiting),
        )  # fmt: skip
    if (state.status == "referred-out") != (event.reason == "referred-out"):
        raise _refuse(
            "MR-4", event, "a file referred out closes as referred-out, and only such a file"
        )
    return state.model_copy(
        update={
            "status": "closed",
            "closed_at": event.occurred_at,
            "close_reason": event.reason,
            "close_note": event.note,
        }
    )


def _shared(state: FileState, event: ev.Shared) -> FileState:
    if event.with_body == state.body:
        raise _refuse("MR-9", event, "%(body)s keeps the file", body=event.with_body)
    if event.with_body in state.shared_with:
        raise _refuse(
            "MR-9", event, "the file is shared with %(body)s already", body=event.with_body
        )
    return state.model_copy(update={"shared_with": (*state.shared_with, event.with_body)})


_HANDLERS: Mapping[str, Callable[[FileState, Any], FileState]] = {
    "routed": _routed,
    "triaged": _triaged,
    "referred": _referred,
    "outcome_recorded": _outcome,
    "closed": _closed,
    "shared": _shared,
}
