"""The exceeded-limits page: every deadline that ran past its end, for supervision and monitoring.

``/exceeded-limits`` lists, from the same use case as ``GET /v1/exceeded-limits``
(``services.exceeded``), each deadline that lapsed, was met late or is still open past its end:
the case (a link, never a name), the rule in the page's language, who had to act, the day it
ended, what happened (ran out; met, so many days late, on which day; open, so many days over)
and the legal basis. Filters: which limits (screening, border procedure, detention, or one
rule), the organisation, the period in which the deadline ended, and the kind; a filter that
cannot be answered is said beside it (422). The page opens for the supervisors and the
monitoring bodies (``Action.OVERSIGHT_EXCEEDED``) and pages by a "next" link.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.law.rulebook import RuleBookError
from migrationpact.services.container import services
from migrationpact.services.errors import Invalid
from migrationpact.services.exceeded import LIMIT_GROUPS, check_query, exceeded_limits
from migrationpact.services.security import asking
from migrationpact.store.eventstore import EventStore
from migrationpact.store.exceeded import KINDS, ExceededLimit
from migrationpact.web.i18n import translations
from migrationpact.web.labels import ACTOR_LABELS, N_
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render
from migrationpact.web.titles import rule_title

router = APIRouter(include_in_schema=False)
PAGE = 100
#: The organisations that act on deadlines of the Dutch authorities, for the filter.
ORGANISATIONS = ("IND", "KMar", "COA", "DTenV")
GROUP_LABELS = {
    "screening": N_("Screening past its maximum (SR Art. 8)"),
    "border-procedure": N_("Border procedure past 12 weeks (APR Art. 51(2))"),
    "detention": N_("Detention limits (AMMR Art. 45, RBPR Art. 4-6)"),
}
KIND_LABELS = {
    "lapsed": N_("ran out"),
    "met-late": N_("met late"),
    "overdue": N_("open past its end"),
}


def _row(item: ExceededLimit, language: str) -> dict[str, Any]:
    return {
        **vars(item),
        "title": rule_title(item.rule_id, item.title, language),
        "organisation_label": ACTOR_LABELS.get(item.organisation, item.organisation),
    }


def _checked(store: EventStore, values: dict[str, str], t: Any) -> dict[str, str]:
    """The filters that cannot be answered, each with its reason in the page's language."""
    errors: dict[str, str] = {}
    if values["limits"] and values["limits"] not in LIMIT_GROUPS:
        errors["limits"] = t.gettext("Choose one of the listed limits.")
    if values["rule"]:
        try:
            store.law.book.canonical_id(values["rule"])
        except RuleBookError:
            errors["rule"] = t.gettext("The rule book has no rule %(rule)s.") % {
                "rule": values["rule"]
            }
    if values["organisation"] and values["organisation"] not in ORGANISATIONS:
        errors["organisation"] = t.gettext("Choose one of the listed organisations.")
    if values["kind"] and values["kind"] not in KINDS:
        errors["kind"] = t.gettext("Choose one of the listed kinds.")
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        try:
            days[name] = date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            errors[name] = t.gettext("Give a day as YYYY-MM-DD.")
    first, last = days.get("from"), days.get("to")
    if first is not None and last is not None and last < first:
        errors["to"] = t.gettext("The period ends before it starts.")
    return errors


@router.get("/exceeded-limits")
def exceeded_page(
    request: Request,
    limits: Annotated[str, Query(max_length=40)] = "",
    rule: Annotated[str, Query(max_length=40)] = "",
    organisation: Annotated[str, Query(max_length=32)] = "",
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.OVERSIGHT_EXCEEDED)
    t = translations(who.language)
    found = services(request)
    values = {
        "limits": limits, "rule": rule.strip(), "organisation": organisation,
        "from": start, "to": end, "kind": kind,
    }  # fmt: skip
    errors = _checked(found.store, values, t)
    rules = [values["rule"]] if values["rule"] else list(LIMIT_GROUPS.get(limits, ()))
    first = date.fromisoformat(start) if start and "from" not in errors else None
    last = date.fromisoformat(end) if end and "to" not in errors else None
    items: list[dict[str, Any]] = []
    next_link = None
    if not errors:
        try:
            query = check_query(
                found.store, rules=rules, organisation=organisation or None, start=first,
                end=last, kinds=[kind] if kind else [],
            )  # fmt: skip
            page = exceeded_limits(
                store=found.store, principal=who.principal, query=query, cursor=cursor,
                limit=PAGE, asking=asking(request),
            )  # fmt: skip
        except Invalid:  # the filters are checked above: only a stale page link is left
            errors["cursor"] = t.gettext("This page link no longer works; start at the first page.")
        else:
            items = [_row(i, who.language) for i in page.items]
            if page.next_cursor:
                shown = {k: v for k, v in values.items() if v}
                next_link = "?" + urlencode({**shown, "cursor": page.next_cursor})
    return render(
        request,
        "exceeded.html",
        {
            "values": values,
            "errors": errors,
            "items": items,
            "next_link": next_link,
            "groups": GROUP_LABELS,
            "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
            "organisations": [(o, ACTOR_LABELS.get(o, o)) for o in ORGANISATIONS],
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )
