"""After a deadline has passed: the step its lapse made impossible is refused, a late one recorded.

When the act a deadline asks for comes after the deadline ended, the law says what follows, rule
by rule (docs/cases.md, "After a deadline has passed"):

* where the lapse itself decides the matter, the step is **refused**, citing the article: a take
  charge request after AMMR-01/02/12 (AMMR Art. 39(1): the Netherlands is then responsible), a
  reply after the reply period (AMMR Art. 40(8), 45(2): silence was acceptance), a confirmation
  after AMMR-06 (Art. 41(4): silence was confirmation), a transfer after the transfer period
  (Art. 37(1): responsibility shifted); the Dublin III periods alike (Reg. 604/2013);
* where the law attaches no such effect, the step is **recorded as late**: the deadline closes
  as met at the act's moment, which ``cases.lateness`` counts as late; or, when the lapse job had
  closed it first, it stays lapsed and a ``late-step`` consequence names the deadline, when it
  ended and the article: screening completed after SCR-01/02/03 (SR
  Art. 18(1): screening ends, the referral still happens), a decision after APR-09…14 (APR Art.
  35 attaches no consequence), registration, lodging, a transfer decision, and every other act.

Both are decided on the event's ``occurred_at`` against the end of the deadline
(``DeadlineEntry.ends_at``), never on whether the lapse job has recorded the lapse yet, so the
answer does not depend on when the job ran. A deadline whose clock is stopped has no end yet.

History replays: ``machine.replay`` decides recorded events with ``history=True``, and a step
recorded before it was refused (``TooLateError``) is kept as a fact, marked ``not-effective``
with the refusal as its text, and changes nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.state import Consequence, DeadlineEntry, minute


class Draft(Protocol):
    """What this module reads of ``cases.clock.Draft`` (which calls it, so it cannot import it)."""

    deadlines: list[DeadlineEntry]
    consequences: list[Consequence]

    @property
    def at(self) -> datetime: ...

    @property
    def kind(self) -> str: ...

    def consequence(
        self,
        code: str,
        text: str,
        *,
        rule_id: str | None = None,
        key: str | None = None,
        basis: str | None = None,
    ) -> None: ...

    def refuse(self, rule: str, reason: str, /, **params: str) -> TransitionError: ...


#: The article under which a late act of each rule is recorded (the rules whose lapse refuses
#: the act are refused in their track's handler, citing their own article).
LATE_BASIS: dict[str, str] = {
    "SCR-01": "SR Art. 8(3), 18(1)",
    "SCR-02": "SR Art. 8(3), 18(1)",
    "SCR-03": "SR Art. 8(4), 18(1)",
    "APR-01": "APR Art. 27(1)",
    "APR-01b": "APR Art. 27(3)",
    "APR-02": "APR Art. 27(5)",
    "APR-04": "APR Art. 28(1), 41(1)(a)",
    "APR-09": "APR Art. 35(1)",
    "APR-10": "APR Art. 35(1)",
    "APR-11": "APR Art. 35(2)",
    "APR-12": "APR Art. 35(3)",
    "APR-13": "APR Art. 35(4)",
    "APR-14": "APR Art. 35(5)",
    "AMMR-05": "AMMR Art. 41(1)",
    "AMMR-07": "AMMR Art. 42(1)",
    "AMMR-14": "AMMR Art. 45(4)",
}


class TooLateError(TransitionError):
    """A step that the end of a deadline made impossible (see the module text)."""


def too_late(refusal: TransitionError) -> TooLateError:
    """``refusal`` (made with ``Draft.refuse``, whose reason the catalogs extract) as the refusal
    of a step after a deadline's end."""
    return TooLateError(refusal.rule, refusal.event_type, refusal.template, refusal.params)


def lapsed_by_job(draft: Draft, entry: DeadlineEntry) -> bool:
    """Whether ``deadline_lapsed`` closed ``entry`` (its consequence names the entry)."""
    return entry.status == "lapsed" and any(
        c.key == entry.key and c.seq == entry.closed_by_seq for c in draft.consequences
    )


def ended(draft: Draft, *rule_ids: str) -> DeadlineEntry | None:
    """The deadline of ``rule_ids`` that had ended when this event happened: open past its end,
    or lapsed by the lapse job (None: none had)."""
    for entry in draft.deadlines:
        if entry.rule_id not in rule_ids or draft.at < entry.ends_at:
            continue
        if entry.status == "open" or lapsed_by_job(draft, entry):
            return entry
    return None


def ended_on(entry: DeadlineEntry) -> str:
    """When ``entry`` ended, as a refusal or consequence says it."""
    return minute(entry.ends_at)


def refuse_after_transfer_period(draft: Draft, *rule_ids: str) -> None:
    """A step that changes a running transfer period (``rule_ids``), after that period ended:
    responsibility has shifted to the Netherlands (AMMR Art. 37(1)), so it is refused."""
    late = ended(draft, *rule_ids)
    if late is not None:
        raise too_late(
            draft.refuse(
                "AMMR Art. 37(1)",
                "the transfer period %(key)s ended at %(end)s: responsibility has shifted to "
                "the Netherlands",
                key=late.key,
                end=ended_on(late),
            )
        )


def record_late(draft: Draft, entry: DeadlineEntry) -> None:
    """The ``late-step`` consequence of this event coming after ``entry`` ended."""
    if any(c.code == "late-step" and c.key == entry.key for c in draft.consequences):
        return
    draft.consequence(
        "late-step",
        f"{draft.kind} after {entry.key} ended ({ended_on(entry)})",
        rule_id=entry.rule_id,
        key=entry.key,
        basis=LATE_BASIS.get(entry.rule_id),
    )


def record_late_after_lapse(draft: Draft, *rule_ids: str) -> None:
    """Record as late the act of ``rule_ids`` whose deadline the lapse job has already closed
    (the act the deadline asked for came after all, later than it should)."""
    # The status first: it is the cheapest test, and few entries have lapsed. ``record_late``
    # adds a consequence, never a deadline, so the ledger is walked as it stands.
    for entry in draft.deadlines:
        if (
            entry.status == "lapsed"
            and entry.rule_id in rule_ids
            and draft.at >= entry.ends_at
            and lapsed_by_job(draft, entry)
        ):
            record_late(draft, entry)
