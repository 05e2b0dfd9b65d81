"""Oversight pages: the statistics (aggregates only) and the access log (read only).

``/statistics`` shows the analysts' dashboards (``web.dashboards``: Eurostat counts as
monthly series and breakdowns, with charts, tables and CSV downloads, small numbers suppressed
for whoever may not single out a person) and, beside them, how many cases there are by stage
and by procedure, and how many deadlines are open per organisation — counts, never a case id
or a person — from ``store.statistics.case_statistics``, the same function the API's
``GET /v1/statistics`` answers with. It is for those the policy lets read statistics
(``Action.STATISTICS_READ``: ministry analysts, IND and COA supervisors, the monitoring
bodies). It also offers the implementation progress report for download
(``web.progress_report``).

``/access-log`` shows the newest rows of the access log (who read which case, when, why, and
whether it was refused), filtered by case id and by actor, for the monitoring bodies and IND
supervisors (``Action.ACCESS_LOG_READ``). The page only reads: the log cannot be changed. An IND
supervisor does not see the monitoring bodies' rows, and nobody sees their sealed reads of case
data, which open in the register only (``policy.hidden_in_access_log``, ``store.sealed_reads``).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action, hidden_in_access_log
from migrationpact.services.container import services
from migrationpact.services.paths import CASE_ID
from migrationpact.store.accesslog import access_entries
from migrationpact.store.statistics import case_statistics
from migrationpact.web import dashboards
from migrationpact.web.forms import Field
from migrationpact.web.i18n import translations
from migrationpact.web.labels import ACTOR_LABELS, N_, PROCEDURE_LABELS, STAGE_LABELS
from migrationpact.web.progress_report import progress_choices
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
LOG_LIMIT = 200
_ACTOR = re.compile(r"^[\w.@-]{1,128}$")
LOG_FIELDS = (
    Field("case_id", "text", hint=N_("e.g. C-1A2B3C4D5E6F")),
    Field("actor", "text", hint=N_("The user name of the person")),
)


@router.get("/statistics")
def statistics_page(request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.STATISTICS_READ)
    counted = case_statistics(services(request).engine)
    return render(
        request,
        "statistics.html",
        {
            "dashboard": dashboards.context(request, who),
            "total": counted.cases,
            "by_stage": [(STAGE_LABELS.get(k, k), n) for k, n in counted.by_stage.items()],
            "by_procedure": [
                (PROCEDURE_LABELS.get(k, k), n) for k, n in counted.by_procedure.items()
            ],
            "by_organisation": [
                (ACTOR_LABELS.get(k, k), n)
                for k, n in counted.open_deadlines_by_organisation.items()
            ],
            **progress_choices(request, who.language),
        },
        language=who.language,
        who=who,
    )


@router.get("/statistics/series.csv")
def statistics_series_csv(request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.STATISTICS_READ)
    return dashboards.series_csv(request, who)


@router.get("/statistics/breakdown.csv")
def statistics_breakdown_csv(request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.STATISTICS_READ)
    return dashboards.breakdown_csv(request, who)


@router.get("/access-log")
def access_log_page(
    request: Request,
    case_id: Annotated[str, Query(max_length=80)] = "",
    actor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.ACCESS_LOG_READ)
    t = translations(who.language)
    values = {"case_id": case_id.strip(), "actor": actor.strip()}
    errors: dict[str, str] = {}
    if values["case_id"] and not re.match(CASE_ID, values["case_id"]):
        errors["case_id"] = t.gettext("This is not a case id.")
    if values["actor"] and not _ACTOR.match(values["actor"]):
        errors["actor"] = t.gettext("This is not a user name.")
    entries = []
    if not errors:
        entries = access_entries(
            services(request).engine,
            case_id=values["case_id"] or None,
            actor=values["actor"] or None,
            limit=LOG_LIMIT,
            hidden_organisations=hidden_in_access_log(who.principal),
        )
    return render(
        request,
        "access_log.html",
        {
            "fields": LOG_FIELDS,
            "fields_by_name": {f.name: f for f in LOG_FIELDS},
            "values": values,
            "errors": errors,
            "entries": entries,
            "limit": LOG_LIMIT,
            "filtered": bool(values["case_id"] or values["actor"]),
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )
