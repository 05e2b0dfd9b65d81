"""The worklist in SQL gives exactly what the pure reference gives, and pages by cursor."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.cases.worklist import worklist_entries
from migrationpact.store import service
from migrationpact.store.errors import StoreError
from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive

ORGANISATIONS = ("IND", "KMar", "COA", "DTenV", "applicant", "other-member-state")


def _cases(store: EventStore) -> list[str]:
    flows = {
        "C-01": TO_TRANSFER[:2],
        "C-02": TO_TRANSFER[:4],
        "C-03": TO_TRANSFER[:6],
        "C-04": TO_DECISION[:1],
        "C-05": TO_DECISION[:4],
        "C-06": TO_DECISION,
        "C-07": TO_TRANSFER[:3],
        "C-08": TO_DECISION[:5],
    }
    for case_id, flow in flows.items():
        drive(store, case_id, flow)
    return list(flows)


@pytest.mark.parametrize(
    ("as_of", "within"),
    [
        (date(2026, 7, 10), 7),
        (date(2026, 7, 1), 0),
        (date(2026, 8, 20), 30),
        (date(2027, 3, 1), 400),
    ],
)
def test_sql_worklist_equals_the_pure_reference(
    store: EventStore, as_of: date, within: int
) -> None:
    ids = _cases(store)
    states = [service.get_case(store=store, case_id=i) for i in ids]
    seen = 0
    for org in ORGANISATIONS:
        page = service.worklist(
            store=store, organisation=org, as_of=as_of, within_days=within, limit=1000
        )
        expected = worklist_entries(states, organisation=org, as_of=as_of, within_days=within)
        assert page.items == expected, org
        assert page.next_cursor is None
        seen += len(expected)
    if within >= 7:
        assert seen > 0  # the comparison is not vacuous


def test_overdue_items_come_first_and_are_flagged(store: EventStore) -> None:
    _cases(store)
    page = service.worklist(
        store=store, organisation="IND", as_of=date(2026, 8, 20), within_days=30
    )
    assert any(item.overdue for item in page.items)
    flags = [item.overdue for item in page.items]
    assert flags == sorted(flags, reverse=True)
    ends = [(item.days_left, item.case_id) for item in page.items]
    assert [e[0] for e in ends] == sorted(e[0] for e in ends)


def test_cursor_pages_add_up_to_the_whole_list(store: EventStore) -> None:
    _cases(store)
    whole = service.worklist(
        store=store, organisation="IND", as_of=date(2027, 3, 1), within_days=400, limit=1000
    ).items
    assert len(whole) >= 5
    pages, cursor = [], None
    while True:
        page = service.worklist(
            store=store,
            organisation="IND",
            as_of=date(2027, 3, 1),
            within_days=400,
            cursor=cursor,
            limit=2,
        )
        pages.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == whole


def test_a_bad_cursor_is_one_clear_error(store: EventStore) -> None:
    with pytest.raises(StoreError, match="invalid worklist cursor"):
        service.worklist(
            store=store, organisation="IND", as_of=date(2026, 7, 1), within_days=7, cursor="zz"
        )
