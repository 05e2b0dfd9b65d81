"""The facts Eurostat's tables count, one row each, kept in step with the cases (``case_facts``).

A case's state holds what happened to it; ``fact_rows`` reads off it the dated facts the
statistics need, in Eurostat's codes (``statistics.codes``): the application made (first-time
or subsequent, APR Art. 55; unaccompanied minor or not), the time it was pending (until a final
decision, an explicit withdrawal, a transfer or the closing of the case), every first-instance
decision (including one annulled on appeal), a withdrawal, a decision on appeal, and each Dublin
request, reply and transfer (out: carried out by the Netherlands; in: the person's arrival here)
with its partner state and legal provision. ``CaseFacts`` is the
projector: an append rewrites the rows of the cases whose facts changed, and ``store rebuild``
writes them from the events like every projection, so the tables are SQL over this one table.

The person is counted once per period by a *pseudonymous person id* made here, at the edge of
the store: an HMAC-SHA256 of the V-number under the key in ``MIGRATIONPACT_PERSON_KEY`` (hex;
a fixed development key when unset), so the facts never carry the V-number and the same person
has the same id in every case. A case without a V-number gets an id of its own (the HMAC of its
case id): its person is counted once per case, and twice if they have two cases and no V-number.

>>> person_id("1234567890") == person_id("1234567890") != person_id("1234567891")
True
>>> person_id(None, "C-1") == person_id(None, "C-2")
False
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, insert

from migrationpact.cases.state import CaseState, Decision
from migrationpact.law.law import Law
from migrationpact.statistics import codes
from migrationpact.store.tables import case_facts

#: The environment variable holding the person-id key (hex), and the development key used when
#: it is unset (a production store sets its own, and keeps it: a new key gives new ids).
KEY_VARIABLE = "MIGRATIONPACT_PERSON_KEY"
DEVELOPMENT_KEY = b"migrationpact development person key"

#: Appeal periods: their lapse makes the decision final (``cases.lapses``).
_APPEAL_FINAL = "decision-final"


@cache
def _key() -> bytes:
    text = os.environ.get(KEY_VARIABLE, "").strip()
    return bytes.fromhex(text) if text else DEVELOPMENT_KEY


def person_id(v_number: str | None, case_id: str = "") -> str:
    """The pseudonymous id of a person (see the module text)."""
    subject = f"V:{v_number}" if v_number else f"C:{case_id}"
    return hmac.new(_key(), subject.encode(), hashlib.sha256).hexdigest()[:32]


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _pending_until(state: CaseState) -> date | None:
    """The day the application stopped being pending (None: still pending)."""
    ends: list[date] = []
    decision = state.decision
    if decision is not None:
        if decision.appeal_rule is None:  # no appeal lies: final when taken
            ends.append(_day(decision.taken_at))
        elif decision.final:
            done = [
                a.decided_at for a in state.appeals
                if a.against == "decision" and a.decided_at is not None
                and a.outcome in ("dismissed", "withdrawn")
            ]  # fmt: skip
            lapsed = [c.on for c in state.consequences if c.code == _APPEAL_FINAL]
            ends += [_day(m) for m in (*done, *lapsed)] or [_day(decision.taken_at)]
    if state.dublin.transferred_at is not None and state.dublin.role == "requesting":
        ends.append(_day(state.dublin.transferred_at))
    if state.closed and state.last_event_at is not None:
        ends.append(_day(state.last_event_at))
    return min(ends) if ends else None


def _appealed(decisions: Sequence[Decision], lodged_at: datetime) -> Decision | None:
    before = [d for d in decisions if d.taken_at <= lodged_at]
    return before[-1] if before else None


def fact_rows(case_id: str, state: CaseState) -> list[dict[str, Any]]:
    """The ``case_facts`` rows of one case (see the module text)."""
    person = state.person
    who = person_id(person.v_number if person else None, case_id)
    born = person.date_of_birth if person else None
    common = {
        "case_id": case_id,
        "person": who,
        "citizen": codes.citizen(person.nationality if person else None),
        "sex": codes.sex(person.sex if person else None),
        "birth": born,
        "uam": bool(state.facts.unaccompanied),
    }
    rows: list[dict[str, Any]] = []

    def add(fact: str, on: date | datetime, **values: Any) -> None:
        day = _day(on)
        age = person.age_on(day) if person else None
        rows.append({
            **common, "n": len(rows) + 1, "fact": fact, "on_day": day, "until_day": None,
            "age": codes.age_class(age), "code": None, "direction": None, "partner": None,
            "request": None, "leg_prov": None, **values,
        })  # fmt: skip

    if state.made_at is not None:
        add("applied", state.made_at, code="SSEQ" if state.subsequent else "FRST")
        add("pending", state.made_at, until_day=_pending_until(state))
    decisions = (*state.annulled_decisions, *([state.decision] if state.decision else []))
    for d in decisions:
        if (code := codes.decision(d.outcome)) is not None:
            add("decided", d.taken_at, code=code)
        elif (kind := codes.withdrawal(d.outcome)) is not None:
            add("withdrawn", d.taken_at, code=kind)
    for appeal in state.appeals:
        if appeal.against != "decision" or appeal.decided_at is None:
            continue
        if appeal.outcome == "upheld":
            add("final", appeal.decided_at, code="POS")
        elif appeal.outcome in ("dismissed", "withdrawn"):
            appealed = _appealed(decisions, appeal.lodged_at)
            code = codes.decision(appealed.outcome) if appealed is not None else None
            if code is not None:
                add("final", appeal.decided_at, code=code)
    _dublin_facts(state, add)
    return rows


def _dublin_facts(state: CaseState, add: Any) -> None:
    """Add the request, reply and transfer of the case's Dublin track (``add``: one fact)."""
    track = state.dublin
    if track.role is None or track.request not in ("take-charge", "take-back"):
        return
    direction = "out" if track.role == "requesting" else "in"
    about = {
        "direction": direction,
        "partner": codes.citizen(track.partner_state),
        "request": codes.request_type(track.request),
        "leg_prov": track.legal_provision,
    }
    asked = track.sent_at if direction == "out" else track.received_at
    if asked is not None:
        add("request", asked, **about)
    reply = codes.dublin_decision(track.reply)
    if reply is not None and track.replied_at is not None:
        add("reply", track.replied_at, code=reply, **about)
    # A transfer out is carried out by the Netherlands; one in is the person's arrival here
    # (``cases.dublin_arrivals``), counted on its day.
    moved = track.transferred_at if direction == "out" else track.arrived_at
    if moved is not None:
        add("transfer", moved, **about)


class CaseFacts:
    """``case_facts``: the facts of every case that the Eurostat tables count."""

    table = case_facts

    def rows(
        self,
        stream_id: str,
        state: CaseState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        return fact_rows(stream_id, state)

    def write(self, conn: Connection, changes: Sequence[Any], law: Law) -> None:
        """Rewrite the rows of the cases whose facts changed (all of a new case's)."""
        fresh: list[dict[str, Any]] = []
        for c in changes:
            after = fact_rows(c.stream_id, c.after)
            if c.before is not None:
                if fact_rows(c.stream_id, c.before) == after:
                    continue
                conn.execute(delete(case_facts).where(case_facts.c.case_id == c.stream_id))
            fresh += after
        for start in range(0, len(fresh), 500):
            conn.execute(insert(case_facts), fresh[start : start + 500])
