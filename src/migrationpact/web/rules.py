"""The rule-book explorer: the time limits in force on a day, and every version of one rule.

``/rules`` lists the rules in force on a chosen day (today by default) with the rule-set
version that day's answers carry, filterable by text (id, title, article), instrument and
"only unverified". ``/rules/{id}`` shows each dated version of one rule: its period, when it
starts, how it is counted, its validity, its legal basis with CELEX number and ELI link, and
whether its source was verified (and why not). The data come from ``law.rulebook.present``,
shared with the API and the command line; every signed-in person may read them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.law.rulebook import default_book
from migrationpact.law.rulebook.present import period_text, rule_summary, version_detail
from migrationpact.web.errors import refusals
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)


def _title(title: dict[str, str], language: str) -> str:
    return title.get(language) or title.get("en") or next(iter(title.values()), "")


def matches(row: dict[str, Any], q: str, instrument: str, unverified: bool) -> bool:
    """Whether a rule row passes the filters (text search is case-insensitive)."""
    if unverified and row["verified"]:
        return False
    if instrument and not any(c.startswith(instrument + " ") for c in row["legal_basis"]):
        return False
    if q:
        haystack = " ".join(
            [row["id"], *row["title"].values(), *row["legal_basis"], row["period"]]
        ).lower()
        return q.lower() in haystack
    return True


@router.get("/rules")
def rules_page(
    request: Request,
    at: Annotated[str, Query(max_length=10)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    instrument: Annotated[str, Query(max_length=10)] = "",
    unverified: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RULES_READ)
    try:
        day = date.fromisoformat(at) if at else date.today()
    except ValueError:
        day = date.today()
    rule_set = default_book().at(day)
    everything = [rule_summary(r) for r in rule_set]
    instruments = sorted({c.split(" ", 1)[0] for r in everything for c in r["legal_basis"]})
    rows = [
        {**r, "title": _title(r["title"], who.language)}
        for r in everything
        if matches(r, q.strip(), instrument, bool(unverified))
    ]
    return render(
        request,
        "rules.html",
        {
            "at": day,
            "version": rule_set.version,
            "rules": rows,
            "q": q,
            "instrument": instrument,
            "instruments": instruments,
            "unverified": bool(unverified),
        },
        language=who.language,
        who=who,
    )


@router.get("/rules/{rule_id}")
def rule_page(rule_id: Annotated[str, Path(max_length=32)], request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RULES_READ)
    with refusals():
        versions = default_book().versions(rule_id)
    shown = []
    for version in versions:
        detail = version_detail(version)
        counting = detail.get("counting") or {}
        verification = detail.get("verification") or {}
        shown.append(
            {
                **detail,
                "title": _title(detail["title"], who.language),
                "period": period_text(version.rule),
                "counting": ", ".join(
                    str(counting[k]) for k in ("regime", "instrument") if counting.get(k)
                ),
                "verification_note": verification.get("note"),
            }
        )
    return render(
        request,
        "rule.html",
        {"rule_id": versions[0].rule.id, "versions": shown},
        language=who.language,
        who=who,
    )
