"""What the case list and the worklist pages share: their filters, the search, CSV export.

The pages take the API's query keys (``q``, ``rule``, ``stage``, ``procedure``,
``organisation``, ``overdue``, ``mine``, ``sort``, ``cursor``); an empty value (the "all"
choice of a form) is no filter. ``query_string`` gives them back for the links of the pager,
the sort and the export, so a page never forgets what the person chose.

A filter value the service does not know, a stage of the decision for who may not see it, or a
cursor it did not make is a 400 page in the page's language (``filter_refusals``), never an
empty list. The CSV export is the same list, every page of it up to ``MAX_EXPORT`` rows, with
headers in the page's language and a file name that says what and when
(``csv_response``); the use case has written its access-log rows before the file is made.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query
from fastapi.responses import Response

from migrationpact.cases.state import ORGANISATIONS
from migrationpact.law.periods.moments import dutch_today
from migrationpact.services.errors import Invalid
from migrationpact.services.finding import MAX_QUERY, Filters
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import translations
from migrationpact.web.labels import ACTOR_LABELS, N_

#: The most rows a CSV export holds.
MAX_EXPORT = 5000

#: Why a list cannot be shown, by the kind of the service's refusal (message ids).
REFUSED_LISTS = {
    "unknown-filter": N_(
        "The list cannot be filtered or sorted by this value: it is not a rule, stage, "
        "procedure, organisation or order this service knows."
    ),
    "stage-not-shown": N_("Your organisation may not list cases by the stage of the decision."),
    "bad-cursor": N_("This page of the list no longer exists. Start again from the first page."),
    "invalid-query": N_("The search text is too long."),
}


def page_filters(
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    rule: Annotated[str, Query(max_length=32)] = "",
    stage: Annotated[str, Query(max_length=64)] = "",
    procedure: Annotated[str, Query(max_length=32)] = "",
    organisation: Annotated[str, Query(max_length=32)] = "",
    overdue: bool = False,
    mine: bool = False,
) -> Filters:
    """The filters of a list page's query (empty: no filter)."""
    return Filters(
        q=q.strip() or None, rule=rule.strip() or None, stage=stage.strip() or None,
        procedure=procedure.strip() or None, organisation=organisation.strip() or None,
        overdue=overdue, mine=mine,
    )  # fmt: skip


def query_string(filters: Filters, **more: str | None) -> str:
    """The query keys of ``filters`` (and ``more``), for a link that keeps them."""
    keys: dict[str, Any] = {
        "q": filters.q, "rule": filters.rule, "stage": filters.stage,
        "procedure": filters.procedure, "organisation": filters.organisation,
        "overdue": "1" if filters.overdue else None, "mine": "1" if filters.mine else None,
        **more,
    }  # fmt: skip
    return urlencode({k: v for k, v in keys.items() if v})


def filter_form(filters: Filters, sort: str) -> dict[str, Any]:
    """What the filter form of a list page shows: the choices made and the organisations."""
    organisations = [(code, ACTOR_LABELS.get(code, code)) for code in ORGANISATIONS]
    return {"filters": filters, "sort": sort, "organisations": organisations}


@contextmanager
def filter_refusals() -> Iterator[None]:
    """A refused filter, order, cursor or search: a 400 page in the page's language."""
    try:
        with refusals():
            yield
    except WebError as exc:
        cause = exc.__cause__
        if isinstance(cause, Invalid) and cause.kind in REFUSED_LISTS:
            raise WebError(400, REFUSED_LISTS[cause.kind]) from cause
        raise


def overdue_day(next_due: date | None, today: date) -> bool:
    """Whether a next due day has already passed (the list flags it).

    >>> overdue_day(date(2026, 12, 1), date(2026, 12, 2)), overdue_day(None, date(2026, 12, 2))
    (True, False)
    """
    return next_due is not None and next_due < today


def csv_response(
    name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], language: str
) -> Response:
    """A CSV file of ``rows`` under the column ``headers`` (message ids, in ``language``),
    named ``<name>-<today>.csv``."""
    t = translations(language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t.gettext(h) for h in headers])
    writer.writerows(rows)
    filename = f"{name}-{dutch_today().isoformat()}.csv"
    return Response(
        content=out.getvalue().encode("utf-8-sig"),  # the BOM tells spreadsheets it is UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
