"""Stays at reception sites: who lived where from which day until which, for the statistics.

``reception_residents`` holds only the households living at a site now; the statistics of
persons benefiting from material reception conditions need the days, also of the stays that
ended. A site's state keeps every placement in placing order (``SiteState.stays``: the household,
its cases, the day placed, the day it left), so ``ReceptionStays`` can keep
``reception_stays`` in step like every projector: one row per case of each stay, keyed by the
site, the stay's place in that order (``n``, from 1) and the case. An append inserts the rows
of the new stays and sets ``until_day`` on the stays that ended; ``store rebuild`` writes them
all from the events. A stay counts on a day when ``from_day <= day`` and it did not end by
then (``until_day`` None or after the day): the day a household leaves it no longer lives there.

>>> from datetime import date
>>> from migrationpact.reception.sites.state import SiteState, Stay
>>> state = SiteState(site_id="AZC-1", stays=(Stay(household="F", cases=("C-1", "C-2"),
...                   placed_on=date(2026, 7, 1), left_on=date(2026, 7, 9)),))
>>> [(r["n"], r["case_id"], r["until_day"].day) for r in stay_rows(state)]
[(1, 'C-1', 9), (1, 'C-2', 9)]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from migrationpact.law.law import Law
from migrationpact.reception.sites.state import SiteState, Stay
from migrationpact.store.projectors import Change
from migrationpact.store.tables import reception_stays


def _rows(site_id: str, n: int, stay: Stay) -> list[dict[str, Any]]:
    return [
        {
            "site_id": site_id,
            "n": n,
            "case_id": case_id,
            "household": stay.household,
            "from_day": stay.placed_on,
            "until_day": stay.left_on,
        }
        for case_id in stay.cases
    ]


def stay_rows(state: SiteState) -> list[dict[str, Any]]:
    """The ``reception_stays`` rows of a site's state, one per case of every stay."""
    return [row for n, stay in enumerate(state.stays, 1) for row in _rows(state.site_id, n, stay)]


class ReceptionStays:
    """``reception_stays``: every stay of every case at the site (see the module text). Stays
    are only added and ended, never removed, so an append inserts the new ones and updates the
    ended ones by their ``n``."""

    table = reception_stays

    def rows(
        self,
        stream_id: str,
        state: SiteState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        return stay_rows(state)

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        s = reception_stays.c
        fresh: list[dict[str, Any]] = []
        for c in changes:
            before: tuple[Stay, ...] = c.before.stays if c.before is not None else ()
            for n, stay in enumerate(c.after.stays, 1):
                if n > len(before):
                    fresh += _rows(c.stream_id, n, stay)
                elif before[n - 1] != stay:
                    conn.execute(
                        update(reception_stays)
                        .where(s.site_id == c.stream_id, s.n == n)
                        .values(until_day=stay.left_on)
                    )
        if fresh:
            conn.execute(insert(reception_stays), fresh)
