"""The list of exceeded limits: the use case of ``GET /v1/exceeded-limits`` and its web page.

Supervisors (IND, KMar, COA) and the monitoring bodies (Inspectie JenV, College voor de Rechten
van de Mens: SR Art. 10, APR Art. 43) need every time limit that was exceeded: a screening past
its 7 days (SR Art. 8(3)), a border procedure past its 12 weeks (APR Art. 51(2)), a detained
person's transfer or return border procedure past its maximum, and every lapsed or late-met
deadline (``store.exceeded``). Who may is the policy's answer (``Action.OVERSIGHT_EXCEEDED``).

The filters are checked before anything is read: an unknown organisation, kind or rule, or a
period that ends before it starts, is refused (``Invalid``), never answered with an empty list.
The list shows case ids, not names; a case id leads to a person's file, so each page read is
written to the access log (one row, no case id, the fields shown), and so is a refusal.

``LIMIT_GROUPS`` names the limits the monitoring asks for by name, as lists of rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide, purpose
from migrationpact.cases.state import ORGANISATIONS
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.services import pagination
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.reading import UNSTATED, Asking
from migrationpact.services.recording import dutch_now
from migrationpact.store.accesslog import log_access
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.exceeded import KINDS, ExceededLimit, ExceededQuery, exceeded_page

#: The limits asked for by name: screening maxima (SR Art. 8(3)-(4)), the border procedure's
#: 12 weeks (APR Art. 51(2); AMMR Art. 67(11)), and the time limits that bound detention
#: (AMMR Art. 45; Reg. 604/2013 Art. 28(3); RBPR Art. 4(2), 6(1)).
LIMIT_GROUPS: dict[str, tuple[str, ...]] = {
    "screening": ("SCR-01", "SCR-02", "SCR-03"),
    "border-procedure": ("APR-16", "APR-17"),
    "detention": (
        "AMMR-12", "AMMR-12b", "AMMR-13", "AMMR-14", "D3-12", "D3-13", "D3-14", "RBP-01", "RBP-02",
    ),
}  # fmt: skip
RESOURCE = "exceeded-limits"
#: The fields a page of the list shows (written to the access log).
FIELDS = ("case_id", "rule_id", "organisation", "kind", "due", "closed_at", "days_late")


@dataclass(frozen=True)
class ExceededList:
    items: list[ExceededLimit]
    next_cursor: str | None


def check_query(
    store: EventStore,
    *,
    rules: list[str],
    organisation: str | None,
    start: date | None,
    end: date | None,
    kinds: list[str],
) -> ExceededQuery:
    """The query of these filters; ``Invalid`` names the first one that cannot be answered."""
    if organisation and organisation not in ORGANISATIONS:
        known = ", ".join(ORGANISATIONS)
        raise Invalid(f"unknown organisation {organisation!r} (one of: {known})", kind="bad-filter")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise Invalid(
            f"unknown kind {unknown[0]!r} (one of: {', '.join(KINDS)})", kind="bad-filter"
        )
    try:
        rule_ids = tuple(store.law.book.canonical_id(r) for r in rules)
    except RuleBookError as exc:
        raise Invalid(str(exc), kind="bad-filter") from None
    if start is not None and end is not None and end < start:
        raise Invalid(f"the period ends ({end}) before it starts ({start})", kind="bad-filter")
    return ExceededQuery(
        rule_ids=rule_ids,
        organisation=organisation or None,
        start=start,
        end=end,
        kinds=tuple(kinds),
    )


def exceeded_limits(
    *,
    store: EventStore,
    principal: Principal,
    query: ExceededQuery,
    cursor: str | None = None,
    limit: int = 50,
    asking: Asking = UNSTATED,
    now: datetime | None = None,
) -> ExceededList:
    """One page of the exceeded limits (``Forbidden`` to those the policy does not let see
    them); the read is logged before the page is handed back."""
    decision = decide(principal, Action.OVERSIGHT_EXCEEDED)
    if not decision:
        _log(store, principal, asking, granted=False)
        raise Forbidden(decision.reason)
    after = _position(cursor)
    moment = now or dutch_now(store)
    with read_transaction(store.engine) as conn:
        page = exceeded_page(conn, query, now=moment, after=after, limit=limit)
    _log(store, principal, asking, granted=True)
    next_cursor = None
    if page.next_after is not None:
        end, case_id, key = page.next_after
        next_cursor = pagination.encode({"end": end.isoformat(), "case": case_id, "key": key})
    return ExceededList(items=page.items, next_cursor=next_cursor)


def _position(cursor: str | None) -> tuple[datetime, str, str] | None:
    if cursor is None:
        return None
    position = pagination.decode(cursor)
    try:
        end, case_id, key = position["end"], position["case"], position["key"]
        if not (isinstance(case_id, str) and isinstance(key, str)):
            raise TypeError
        return datetime.fromisoformat(end), case_id, key
    except (KeyError, TypeError, ValueError):
        raise Invalid(pagination.UNKNOWN_CURSOR, kind="bad-cursor") from None


def _log(store: EventStore, principal: Principal, asking: Asking, *, granted: bool) -> None:
    log_access(
        store.engine,
        principal=principal,
        action=Action.OVERSIGHT_EXCEEDED.value,
        resource=RESOURCE,
        fields=FIELDS if granted else (),
        purpose=asking.purpose or purpose(principal),
        granted=granted,
        request_id=asking.request_id,
    )
