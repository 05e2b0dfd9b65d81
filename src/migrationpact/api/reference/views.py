"""Routes of the rule book, routing and period computation (open to every signed-in user)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.params import renamed_query
from migrationpact.law import routing
from migrationpact.law.crisis import CrisisRegister
from migrationpact.law.periods import compute_period, parse_moment
from migrationpact.law.periods.moments import dutch_today
from migrationpact.law.routing import Facts
from migrationpact.law.rulebook import default_book
from migrationpact.law.rulebook.present import rule_summary, version_detail
from migrationpact.services.problems import problem_responses
from migrationpact.services.security import Allowed

router = APIRouter(tags=["law"])


class RuleList(BaseModel):
    at: date
    rule_set_version: str
    rules: list[dict[str, Any]]


class RuleDetail(BaseModel):
    rule: str
    versions: list[dict[str, Any]]


@router.get(
    "/rules",
    response_model=RuleList,
    responses=problem_responses(400, 401),
    summary="The rules in force on a day, with the rule-set version",
)
def list_rules(
    _: Annotated[Principal, Depends(Allowed(Action.RULES_READ))],
    at: Annotated[date | None, Query(description="Default: today.")] = None,
) -> RuleList:
    day = at or dutch_today()
    rule_set = default_book().at(day)
    return RuleList(
        at=day, rule_set_version=rule_set.version, rules=[rule_summary(r) for r in rule_set]
    )


@router.get(
    "/rules/{rule_id}",
    response_model=RuleDetail,
    responses=problem_responses(400, 401, 404),
    summary="Every dated version of one rule, with legal basis and verification status",
)
def show_rule(
    rule_id: Annotated[str, Path(max_length=32)],
    _: Annotated[Principal, Depends(Allowed(Action.RULES_READ))],
) -> RuleDetail:
    versions = default_book().versions(rule_id)
    return RuleDetail(rule=versions[0].rule.id, versions=[version_detail(v) for v in versions])


@router.post(
    "/route",
    responses=problem_responses(400, 401, 422),
    summary="Which procedure a case with these facts follows, and why, article by article",
)
def route(
    facts: Facts,
    _: Annotated[Principal, Depends(Allowed(Action.ROUTE_CHECK))],
    decision_date: Annotated[
        date | None, renamed_query("decisionDate", old="decision_date", kind=date | None)
    ],
) -> dict[str, Any]:
    crisis = CrisisRegister.load(None).get(facts.crisis) if facts.crisis else None
    result: dict[str, Any] = routing.route(
        facts, decision_date=decision_date, crisis=crisis
    ).to_dict()
    return result


@router.get(
    "/period",
    responses=problem_responses(400, 401, 422),
    summary="The end of a period and how it follows from the law",
)
def period(
    _: Annotated[Principal, Depends(Allowed(Action.PERIOD_COMPUTE))],
    start: Annotated[str, Query(max_length=32, description="YYYY-MM-DD or YYYY-MM-DDTHH:MM")],
    length: Annotated[str, Query(max_length=64, description="e.g. '10 working-days'")],
    regime: Annotated[Literal["eu", "pact", "dublin3", "nl"], Query()] = "eu",
    calendar: Annotated[str, Query(max_length=16)] = "NL",
    backwards: bool = False,
    maximum: bool = False,
    instrument: Annotated[Literal["APR", "AMMR", "RBPR"] | None, Query()] = None,
) -> dict[str, Any]:
    result = compute_period(
        start=parse_moment(start),
        length=length,
        regime=regime,
        calendar=calendar,
        backwards=backwards,
        maximum=maximum,
        instrument=instrument,
    )
    data: dict[str, Any] = result.to_dict()
    return data
