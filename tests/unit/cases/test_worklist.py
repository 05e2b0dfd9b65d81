"""The worklist lists an organisation's open deadlines, soonest first, with overdue flags."""

from __future__ import annotations

from datetime import date

from migrationpact.cases.worklist import worklist_entries
from tests.unit.cases.helpers import ev, in_territory, run


def test_worklist_orders_by_due_then_case_and_flags_overdue() -> None:
    one = run(in_territory(), case_id="C-2")
    two = run(in_territory(made="2026-07-07T10:00", registered="2026-07-09T09:00"), case_id="C-1")
    three = run([*in_territory(), ev("application_lodged", "2026-07-10T10:00")], case_id="C-0")
    items = worklist_entries([one, two, three], organisation="IND", as_of=date(2026, 8, 6),
                             within_days=40)  # fmt: skip
    keys = [(i.case_id, i.key, str(i.due), i.days_left, i.overdue) for i in items]
    # APR-25 (30 days from making) ended Wed 5 Aug for C-2 and C-0, Thu 6 Aug for C-1.
    assert keys[:3] == [
        ("C-0", "APR-25", "2026-08-05", -1, True),
        ("C-2", "APR-25", "2026-08-05", -1, True),
        ("C-1", "APR-25", "2026-08-06", 0, False),
    ]
    assert all(i.organisation == "IND" for i in items)
    dues = [i.due for i in items]
    assert dues == sorted(dues)
    # AMMR-01 (2 months from registration, Tue 8 Sep / Wed 9 Sep) is inside 40 days.
    assert [i.case_id for i in items if i.key == "AMMR-01"] == ["C-0", "C-2", "C-1"]
    coa = worklist_entries([one], organisation="COA", as_of=date(2026, 7, 1), within_days=3)
    assert [i.key for i in coa] == []  # RCD-01 ends Thu 9 Jul: 8 days away
