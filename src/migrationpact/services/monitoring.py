"""The monitoring register's use cases, one function each, for every front end.

Who may use the register: the monitors of the two bodies (``Action.MONITORING_FILES``), each
for its own body only. Every other principal (IND, KMar, COA, DTenV, counsellors, analysts) is
refused by the policy before any file is looked up, so the refusal is the same for a file that
exists and one that does not. A body reads the files it keeps and those shared with it; for
any other reference it gets the same ``NotFound`` as for a reference no file has. Only the
keeper records on a file. Reads are logged in the register's own log (``monitor_reads``),
never in the case store's access log.

A signal is submitted without a principal: anyone may bring one (a person, a lawyer, an NGO,
staff, a body itself). ``submit_signal`` checks it, routes it by the intake rules in force on
the day it came in and records both events in a new file; the submitter gets the reference and
nothing else.

Refusals: ``Forbidden`` (the policy's reason, or another body's name), ``NotFound`` (no such
file for this body), ``Invalid`` (bad input: an unknown body, an oversized attachment, an empty
signal, a date in the future, a missing key), and the register's own ``MonitoringRefused``
naming its rule. Nothing is written on a refusal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.law.periods.moments import DUTCH_TIME
from migrationpact.monitoring.attachments import AttachmentError, Upload, attachments_of
from migrationpact.monitoring.editions import MonitoringDataError
from migrationpact.monitoring.events import MonitoringEventError, event_data, parse_monitoring_event
from migrationpact.monitoring.intake import default_intake
from migrationpact.monitoring.limits import Due, due
from migrationpact.monitoring.state import FileState
from migrationpact.monitoring_store.keys import MonitorKeyError, create_key, known_body
from migrationpact.monitoring_store.register import FileRow, Register
from migrationpact.monitoring_store.sealing import SealError
from migrationpact.services.errors import Forbidden, Invalid, NotFound

#: How far ahead of the register's clock a person may date a signal (clocks differ a little).
FUTURE_SKEW = timedelta(minutes=5)
INTAKE_ACTOR = "intake"


@contextmanager
def _bad_input() -> Iterator[None]:
    """The register's input and key errors as the service's ``Invalid``."""
    try:
        yield
    except MonitoringEventError as exc:
        raise Invalid(str(exc), kind="invalid-monitoring-event") from exc
    except AttachmentError as exc:
        raise Invalid(str(exc), kind="invalid-attachment", text=exc.text) from exc
    except MonitorKeyError as exc:
        raise Invalid(str(exc), kind="monitor-key") from exc
    except SealError as exc:
        raise Invalid(str(exc), kind="monitor-key") from exc
    except MonitoringDataError as exc:
        # A signal dated before the first intake rules or limits in force: nothing routes it.
        raise Invalid(str(exc), kind="invalid-monitoring-event") from exc


def local_now(register: Register) -> datetime:
    """The register's clock (naive UTC) as naive Dutch time to the second, as events are
    dated."""
    moment = register.clock().replace(tzinfo=UTC, microsecond=0)
    return moment.astimezone(DUTCH_TIME).replace(tzinfo=None)


def create_body_key(*, body: str, directory: Path | str | None = None) -> Path:
    """Write a new key file for ``body`` (refused if one exists)."""
    with _bad_input():
        return create_key(body, directory)


def submit_signal(
    *,
    register: Register,
    signal: Mapping[str, Any],
    submitted_by: str,
    attachments: Sequence[Upload] = (),
) -> str:
    """Record ``signal`` (its fields as JSON data) and its ``attachments`` (the files, checked
    first: ``monitoring.attachments``) in a new file, routed by the intake rules; the file's
    reference."""
    with _bad_input():
        described = attachments_of(signal, attachments)
    now = local_now(register)
    # Recorded now, by the register's clock; when it came in is the submitter's to say.
    data = {**signal, "type": "signal_received", "occurred_at": now, "attachments": described}
    data.setdefault("received_at", now)
    with _bad_input():
        received = parse_monitoring_event(data)
        if received.received_at.tzinfo is not None:
            # A moment with an offset (an API client's) is kept, as every event, in Dutch time.
            local = received.received_at.astimezone(DUTCH_TIME).replace(tzinfo=None)
            received = received.model_copy(update={"received_at": local})
        _not_ahead(received.received_at, now)
        decision = default_intake().route(received)
        routed = parse_monitoring_event(
            {"type": "routed", "occurred_at": received.occurred_at, **decision.routed_fields()}
        )
        reference, _ = register.create(
            [received, routed],
            actor=submitted_by or INTAKE_ACTOR,
            attachments=[upload.data for upload in attachments],
        )
    return reference


def _not_ahead(moment: datetime, now: datetime) -> None:
    if moment > now + FUTURE_SKEW:
        raise Invalid(
            f"a signal cannot be dated in the future ({moment:%Y-%m-%d %H:%M})",
            kind="invalid-monitoring-event",
        )


def _authorise(register: Register, principal: Principal, body: str, action: str) -> str:
    """``body`` if ``principal`` is a monitor of that body; else ``Forbidden`` (logged)."""
    decision = decide(principal, Action.MONITORING_FILES)
    with _bad_input():
        known = known_body(body)
    if not decision.allowed:
        _log(register, principal, action, None, "denied")
        raise Forbidden(str(decision.reason))
    if principal.organisation.value != known:
        _log(register, principal, action, None, "denied")
        raise Forbidden(
            f"{principal.organisation.value} {principal.role.value} works in the files of "
            f"{principal.organisation.value}, not of {known}"
        )
    return known


def _log(
    register: Register, principal: Principal, action: str, reference: str | None, outcome: str
) -> None:
    register.log_read(
        actor=principal.actor,
        organisation=principal.organisation.value,
        action=action,
        reference=reference,
        outcome=outcome,
    )


def _readable(register: Register, principal: Principal, body: str, reference: str) -> FileRow:
    # An inspection (INS-) shares the table but is no file: the same answer as no file.
    row = register.file_row(reference) if reference.startswith("MON-") else None
    if row is None or not row.readable_by(body):
        _log(register, principal, "file.read", reference, "not-found")
        raise NotFound(
            f"no monitoring file {reference} for {body}", kind="monitoring-file-not-found"
        )
    return row


def worklist(
    *, register: Register, principal: Principal, body: str, today: date | None = None
) -> list[dict[str, Any]]:
    """The open time limits of the files ``body`` keeps or shares, soonest due first."""
    body = _authorise(register, principal, body, "worklist")
    day = today or local_now(register).date()
    items: list[dict[str, Any]] = []
    with _bad_input():
        for reference in register.references(body):
            row = register.file_row(reference)
            state = register.state(reference, body)
            for item in due(state, day):
                if item.met_on is None:
                    items.append(_due_item(item, row, body))
    _log(register, principal, "worklist", None, "granted")
    return sorted(items, key=lambda i: (i["due"], i["reference"], i["limit"]))


def closed_files(*, register: Register, principal: Principal, body: str) -> list[dict[str, Any]]:
    """The closed files ``body`` keeps or that were shared with it, last closed first: when,
    why, and whose. (The worklist shows the open ones; a closed file stays readable.)"""
    body = _authorise(register, principal, body, "closed")
    found: list[dict[str, Any]] = []
    with _bad_input():
        for reference in register.references(body, include_closed=True):
            row = register.file_row(reference)
            if row is None or row.status != "closed":
                continue
            state = register.state(reference, body)
            closed_at = state.closed_at.isoformat() if state.closed_at is not None else ""
            found.append({"reference": reference, "keeper": row.body, "shared": row.body != body,
                          "closed_at": closed_at, "reason": state.close_reason})  # fmt: skip
    _log(register, principal, "closed", None, "granted")
    return sorted(found, key=lambda f: (f["closed_at"], f["reference"]), reverse=True)


def _due_item(item: Due, row: FileRow | None, body: str) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "keeper": row.body if row else body,
        "status": row.status if row else "",
        "shared": bool(row and row.body != body),
        "limit": item.limit,
        "title": item.title.en,
        "title_nl": item.title.nl,
        "authority": item.authority,
        "start": item.start.isoformat(),
        "due": item.due.isoformat(),
        "met_on": item.met_on.isoformat() if item.met_on else None,
        "overdue": item.overdue,
        "verified": item.verified,
        "note": item.note,
    }


def show_file(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    today: date | None = None,
) -> dict[str, Any]:
    """The file as ``body`` may read it: its events opened, and its time limits."""
    body = _authorise(register, principal, body, "file.read")
    row = _readable(register, principal, body, reference)
    with _bad_input():
        history = register.history(reference, body)
        state = register.state(reference, body)
    day = today or local_now(register).date()
    _log(register, principal, "file.read", reference, "granted")
    return {
        "reference": reference,
        "keeper": row.body,
        "status": row.status,
        "shared_with": list(row.shared_with),
        "events": [
            {
                "seq": r.seq,
                "type": r.type,
                "recorded_at": r.recorded_at.isoformat(timespec="seconds") + "Z",
                "actor": r.actor,
                "data": event_data(r.event),
            }
            for r in history
        ],
        "limits": [_due_item(item, row, body) for item in due(state, day)],
    }


def _record(
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    data: Mapping[str, Any],
    at: datetime | None,
) -> FileState:
    """Record one event on a file the principal's body keeps."""
    body = _authorise(register, principal, body, "file.write")
    row = _readable(register, principal, body, reference)
    if row.body != body:
        raise Forbidden(f"{reference} is shared with {body}; only {row.body} records on it")
    now = local_now(register)
    with _bad_input():
        event = parse_monitoring_event({"occurred_at": at or now, **data})
        if event.occurred_at > now + FUTURE_SKEW:
            raise MonitoringEventError(f"{event.type}: occurred_at: it lies in the future")
        return register.append(reference, [event], actor=principal.actor)


def triage_file(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    kind: str,
    phase: str,
    rights: Sequence[str],
    note: str | None = None,
    at: datetime | None = None,
) -> FileState:
    """Classify the file by kind, phase and the Charter rights at stake."""
    data = {"type": "triaged", "kind": kind, "phase": phase, "rights": list(rights), "note": note}
    return _record(register, principal, body, reference, data, at)


def refer_file(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    authority: str,
    follow_up_due: date | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> FileState:
    """Refer the file to the competent authority (its answer is due by the limits, or by
    ``follow_up_due``)."""
    data = {
        "type": "referred",
        "authority": authority,
        "follow_up_due": follow_up_due,
        "note": note,
    }
    return _record(register, principal, body, reference, data, at)


def record_outcome(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    outcome: str,
    decided_on: date,
    authority: str | None = None,
    at: datetime | None = None,
) -> FileState:
    """Record an authority's answer to its referral, or the body's own outcome."""
    data = {
        "type": "outcome_recorded",
        "authority": authority,
        "outcome": outcome,
        "decided_on": decided_on,
    }
    return _record(register, principal, body, reference, data, at)


def close_file(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    reason: str,
    note: str | None = None,
    at: datetime | None = None,
) -> FileState:
    """Close the file."""
    data = {"type": "closed", "reason": reason, "note": note}
    return _record(register, principal, body, reference, data, at)


def share_file(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    with_body: str,
    note: str | None = None,
    at: datetime | None = None,
) -> FileState:
    """Share the file with the other body, which may then read all of it."""
    data = {"type": "shared", "with_body": with_body, "note": note}
    return _record(register, principal, body, reference, data, at)
