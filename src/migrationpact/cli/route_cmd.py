"""``migrationpact route``: which procedure a case follows, and why, article by article.

The facts come as JSON, or as YAML (a ``.yaml`` / ``.yml`` file). A routing scenario
(``tests/scenarios/routing/*.yaml``: title, article, why, facts, expect, …) is read as well:
its ``facts`` are routed, with its ``decision_date``, its own recognition rates and its own
crisis register where it brings them, so the command shows what the scenario expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.law import routing
from migrationpact.law.crisis import CrisisDecision, CrisisError, CrisisRegister
from migrationpact.law.routing import FactsError, RecognitionTable, RoutingDataError, parse_facts

YAML_SUFFIXES = (".yaml", ".yml")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read facts file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"facts file {path} is not UTF-8 text") from exc


def _document(path: Path) -> str | Mapping[str, Any]:
    """The facts file: JSON text as it is (``parse_facts`` reads it), a YAML file parsed."""
    text = _read(path)
    if path.suffix.lower() not in YAML_SUFFIXES:
        return text
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise InputError(f"facts file {path} is not valid YAML: {problem}") from exc
    if not isinstance(data, Mapping):
        raise InputError(f"facts file {path} must hold one mapping of field: value pairs")
    return data


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--decision-date must be a date YYYY-MM-DD, got {text!r}") from exc


def route(
    facts_file: Annotated[
        Path,
        typer.Argument(
            help="The facts of the case: a JSON or YAML file, or a routing scenario "
            "(tests/scenarios/routing/*.yaml).",
            metavar="FACTS.json|FACTS.yaml",
        ),
    ],
    decision_date: Annotated[
        str | None,
        typer.Option(
            help="Day of the routing decision (YYYY-MM-DD), for the recognition rate in force; "
            "default: the registration date, else the application date."
        ),
    ] = None,
    crisis_register: Annotated[
        Path | None,
        typer.Option(help="Crisis register file to resolve the facts' crisis decision from."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Decide screening, border or regular procedure, examination and responsibility regime."""
    day = _day(decision_date)
    document = _document(facts_file)
    scenario = document if isinstance(document, Mapping) and "facts" in document else None
    with reported(FactsError, CrisisError, RoutingDataError):
        facts = parse_facts(scenario["facts"] if scenario is not None else document)
        rates = None
        if scenario is not None:
            day = day or scenario.get("decision_date")
            if "recognition_rates" in scenario:
                rates = RecognitionTable.from_rows(*scenario["recognition_rates"])
        crisis: CrisisDecision | None = None
        if facts.crisis is not None:
            if crisis_register is None and scenario is not None and "crisis_register" in scenario:
                register = CrisisRegister.from_data(scenario["crisis_register"], str(facts_file))
            else:
                register = CrisisRegister.load(crisis_register)
            crisis = register.get(facts.crisis)
        result = routing.route(facts, decision_date=day, crisis=crisis, rates=rates)
    emit(result.to_dict(), result.explain(), as_json=as_json)
