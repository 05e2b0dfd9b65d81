"""The route checker: enter the facts of a case, see the procedure it follows and why.

The form has one input per routing fact (``law.routing.Facts``): how the person arrived, the
dates, age and nationality, and the findings (security risk, misleading the authorities, …) as
yes / no / not recorded. A fact left empty is *not recorded*, and the answer lists it as
missing instead of guessing. The result shows the screening, procedure, examination, whether
the border procedure is mandatory, the responsibility regime, the time limits that start, and
the explanation tree in which every step names its rule and its articles.

The check reads no case and writes nothing; it is a POST only because it submits a form, and
carries the CSRF token like every other form.
"""

from __future__ import annotations

from typing import Any, get_args

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from migrationpact.access.policy import Action
from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.law import routing
from migrationpact.law.crisis import CrisisError, CrisisRegister
from migrationpact.law.routing import FINDINGS, Facts
from migrationpact.law.routing.facts import Entry
from migrationpact.web.forms import Field, code_field, message_of
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.session import Visitor, check_csrf, may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)

_FINDINGS = ("applied_for_asylum", *FINDINGS)
FIELDS: tuple[Field, ...] = (
    Field("entry", "select", choices=tuple(get_args(Entry))),
    code_field("nationality", "nationality"),
    Field("date_of_application", "date"),
    Field("date_of_registration", "date"),
    Field("age", "text", hint=N_("Whole years")),
    *(Field(name, "tristate") for name in _FINDINGS),
    Field("crisis", "text", hint=N_("Id of a Council implementing decision, if any")),
)


def read_facts(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the facts as data, errors by field) from the submitted text.

    >>> read_facts({"entry": "in-territory", "age": "x", "security_risk": "no"})
    ({'entry': 'in-territory', 'security_risk': False}, {'age': 'Enter a whole number.'})
    """
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        text = values.get(field.name, "").strip()
        if not text:
            continue
        if field.kind == "tristate":
            if text in ("yes", "no"):
                data[field.name] = text == "yes"
        elif field.name == "age":
            if text.isdigit():
                data["age"] = int(text)
            else:
                errors["age"] = N_("Enter a whole number.")
        elif field.kind == "select" and text not in field.choices:
            errors[field.name] = N_("Choose one of the options.")
        else:
            data[field.name] = text
    return data, errors


def _page(
    request: Request,
    who: Visitor,
    values: dict[str, str],
    errors: dict[str, str],
    result: routing.RoutingResult | None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "route.html",
        {
            "fields": FIELDS,
            "fields_by_name": {f.name: f for f in FIELDS},
            "values": values,
            "errors": errors,
            "result": result,
        },
        language=who.language,
        who=who,
        status=status,
    )


@router.get("/route")
def route_form(request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.ROUTE_CHECK)
    return _page(request, who, {}, {}, None)


@router.post("/route")
async def route_check(request: Request) -> Response:
    form = await request.form()
    values = {k: str(v)[:200] for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_check, request, values)


def _check(request: Request, values: dict[str, str]) -> Response:
    who = require_visitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    may_open(who, Action.ROUTE_CHECK)
    t = translations(who.language)
    data, errors = read_facts(values)
    if errors:
        shown = {k: t.gettext(v) for k, v in errors.items()}
        return _page(request, who, values, shown, None, 422)
    try:
        facts = Facts.model_validate(data)
        crisis = CrisisRegister.load(None).get(facts.crisis) if facts.crisis else None
        result = routing.route(facts, crisis=crisis)
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"])
            errors[name] = t.gettext(message_of(err))
        return _page(request, who, values, errors, None, 422)
    except (CrisisError, ValueError) as exc:
        field = "crisis" if isinstance(exc, CrisisError) else ""
        return _page(request, who, values, {field: str(exc)}, None, 422)
    return _page(request, who, values, {}, result)
