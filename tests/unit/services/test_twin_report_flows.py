"""The report of a scenario with the other flows (``services.twin_report_flows``): their part,
their results, in Dutch without English; a scenario without them has the report it had."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from migrationpact.services.twin_report_backtest import scenario_report
from migrationpact.services.twin_report_document import twin_document
from migrationpact.services.twin_report_words import NOT_MODELLED, NOT_MODELLED_QUOTA, label
from migrationpact.twin.montecarlo import Runs, run_many
from migrationpact.twin.scenario import parse_scenario
from tests.unit.services.test_twin_report import numbers, tables_of
from tests.unit.twin.helpers import BASE, small, small_text

MADE = date(2026, 12, 5)
#: The base's flows at a tenth of their people a month, and its quota.
FLOWS = (
    BASE[BASE.index("\n# The flows besides") :]
    .replace("{value: 1333,", "{value: 133,")
    .replace("{value: 132,", "{value: 13,")
    .replace("{value: 435,", "{value: 44,")
)
QUOTA = "  housing_quota: {value: 1300, status: E, source: gemeente_nu_2025}\n"


@pytest.fixture(scope="module")
def flows() -> Runs:
    text = small_text(
        per_month=20, months=2, quota=("  court_capacity:", QUOTA + "  court_capacity:")
    )
    return run_many(parse_scenario(text + FLOWS, "flows.yaml"), 3, 2, parallel=False)


def test_the_flows_have_their_part_and_their_results(flows: Runs) -> None:
    html = twin_document(scenario_report(flows, MADE), "en")
    titles = re.findall(r"<h2>([^<]+)</h2>", html)
    assert titles[3] == "Other flows per month: nareizigers, subsequent applications, transfers in"
    tables = tables_of(html)
    results = {row[0]: row[1] for row in tables["report-headlines"][1:]}
    arrived = flows.stacked("nareizigers.arrived").sum(axis=1).mean()
    assert numbers(results["family members arrived (nareizigers)"])[0] == pytest.approx(
        arrived, abs=0.5
    )
    assert "transfers to the Netherlands arrived" in results
    assert "subsequent applications lodged" in results
    head = tables["report-flows-months"][0]
    assert label("level.phase.nareizigers").en in head
    assert NOT_MODELLED_QUOTA.en in unescape(html)  # the quota's line in place of the drawn wait's
    assert NOT_MODELLED[2].en not in html  # "only outgoing requests": no longer so


def test_a_dutch_report_of_the_flows_shows_no_english(flows: Runs) -> None:
    html = twin_document(scenario_report(flows, MADE), "nl")
    assert "Andere stromen per maand: nareizigers, volgende verzoeken" in html
    assert "overdrachten naar Nederland aangekomen" in html
    for english in ("subsequent applications", "family members", "transfers to the", "Housing"):
        assert english not in html


def test_a_scenario_without_flows_has_the_report_it_had() -> None:
    runs = run_many(small(per_month=20, months=1), 3, 1, parallel=False)
    html = twin_document(scenario_report(runs, MADE), "en")
    assert "Other flows per month" not in html
    assert "family members" not in html  # (the word is in a source URL)
    for note in NOT_MODELLED:
        assert note.en in unescape(html)
