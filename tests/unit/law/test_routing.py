"""Focused checks of the routing engine: rate lookup, thresholds, missing facts, the tree."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.routing import (
    Facts,
    FactsError,
    Parameters,
    RecognitionTable,
    RoutingResult,
    parse_facts,
    route,
)
from migrationpact.law.rulebook import default_book
from tests.support.facts import AT_BORDER, routing_facts

ADULT_AT_BORDER: dict[str, Any] = {**AT_BORDER, "nationality": "TUR"}


def row(year: int, rate: float, **extra: Any) -> dict[str, Any]:
    return {
        "nationality": "TUR",
        "year": year,
        "rate": rate,
        "measure": "annual",
        "status": "V",
        "source": "test",
        **extra,
    }


def routed(rates: RecognitionTable | None = None, **changes: Any) -> RoutingResult:
    return route(parse_facts({**ADULT_AT_BORDER, **changes}), rates=rates)


# --- recognition table -------------------------------------------------------------------------


def test_rate_on_takes_latest_figure_published_by_the_day() -> None:
    table = RecognitionTable.from_rows(
        row(2023, 30.0, published="2024-04-20"),
        row(2024, 15.0, published="2025-04-15"),
        row(2025, 10.0, measure="half-year", published="2025-09-01"),
    )
    assert table.rate_on("TUR", date(2024, 4, 19)) is None
    first = table.rate_on("TUR", date(2025, 4, 14))
    assert first is not None
    assert first.year == 2023
    latest = table.rate_on("TUR", date(2025, 4, 15))
    assert latest is not None
    assert (latest.year, latest.rate) == (2024, 15.0)
    later = table.rate_on("TUR", date(2026, 1, 1))
    assert later is not None
    assert later.year == 2024, "half-year figures are never used"
    assert table.rate_on("SYR", date(2026, 1, 1)) is None


def test_unknown_publication_date_is_assumed_and_marked() -> None:
    table = RecognitionTable.from_rows(row(2025, 12.0))
    assert table.rate_on("TUR", date(2026, 4, 30)) is None
    found = table.rate_on("TUR", date(2026, 5, 1))
    assert found is not None
    assert found.published_assumed
    assert found.published_on == date(2026, 5, 1)


def test_two_usable_rows_for_one_year_are_refused() -> None:
    with pytest.raises(ValueError, match="two usable rows"):
        RecognitionTable.from_rows(row(2024, 10.0), row(2024, 11.0, status="E"))


def test_shipped_table_rows_carry_source_and_status() -> None:
    table = RecognitionTable.load()
    assert len(table.rows) > 50
    for r in table.rows:
        assert r.source.startswith("calibration.yaml#eu.recognition_by_citizenship/")
        assert r.status in {"V", "D", "E"}
        assert r.status == "E" or r.urls, f"verified row without a page: {r}"


def test_estimated_rate_is_flagged_in_the_explanation() -> None:
    # Colombia 2024 is an estimate (status E) in the shipped table.
    result = routed(nationality="COL")
    j = [n for n in result.explanation.walk() if n.facts_used.get("rate_status") == "E"]
    assert j
    assert "ESTIMATED" in j[0].reason


# --- the 20 % threshold ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "mandatory", "examination"),
    [(19.9, True, "accelerated"), (20.0, True, "accelerated"), (20.1, False, "regular")],
)
def test_twenty_percent_boundary(rate: float, mandatory: bool, examination: str) -> None:
    result = routed(RecognitionTable.from_rows(row(2025, rate)))
    assert result.border_mandatory is mandatory
    assert result.examination == examination
    assert result.procedure == ("border" if mandatory else "regular")


def test_threshold_comes_from_dated_data() -> None:
    assert Parameters.load().get("apr.j_threshold", date(2026, 7, 1)).number() == 20.0


def test_upper_bound_above_threshold_is_undetermined_not_guessed() -> None:
    table = RecognitionTable.from_rows(row(2025, 25.0, measure="upper-bound"))
    result = routed(table)
    assert result.examination == "undetermined"
    assert "recognition_rate" in result.missing_facts
    proven = routed(RecognitionTable.from_rows(row(2025, 10.0, measure="upper-bound")))
    assert proven.border_mandatory is True


# --- missing facts -----------------------------------------------------------------------------


def test_empty_facts_report_what_is_missing() -> None:
    result = route(Facts())
    assert result.screening == "undetermined"
    assert result.procedure == "undetermined"
    assert result.responsibility_regime == "undetermined"
    assert {"entry", "applied_for_asylum"} <= set(result.missing_facts)
    assert result.deadlines == ()


def test_missing_security_fact_blocks_only_when_it_matters() -> None:
    low = RecognitionTable.from_rows(row(2025, 3.0))
    decided = routed(low, security_risk=None)
    assert decided.border_mandatory is True, "ground (j) already makes it mandatory"
    assert "security_risk" not in decided.missing_facts
    open_case = routed(RecognitionTable.from_rows(row(2025, 50.0)), security_risk=None)
    assert open_case.border_mandatory is None
    assert "security_risk" in open_case.missing_facts


def test_missing_registration_date_leaves_regime_undetermined() -> None:
    result = routed(date_of_registration=None)
    assert result.responsibility_regime == "undetermined"
    assert "date_of_registration" in result.missing_facts


# --- facts validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"entry": "airport"}', "entry"),
        ('{"applied_for_asylum": "yes"}', "applied_for_asylum"),
        ('{"age": 12.5}', "age"),
        ('{"nationality": "SY"}', "ISO 3166-1 alpha-3"),
        ('{"date_of_application": "12-06-2026"}', "YYYY-MM-DD"),
        ('{"date_of_application": 20260612}', "YYYY-MM-DD"),
        ('{"unaccompanied": true, "age": 19}', "unaccompanied minor"),
        ('{"colour": "red"}', "unknown field 'colour'"),
        ("[1, 2]", "one JSON object"),
        ("{", "not valid JSON"),
    ],
)
def test_bad_facts_are_refused_with_one_line(data: str, message: str) -> None:
    with pytest.raises(FactsError, match=None) as info:
        parse_facts(data)
    text = str(info.value)
    assert message in text
    assert "\n" not in text


# --- crisis ------------------------------------------------------------------------------------


def crisis(**changes: Any) -> CrisisDecision:
    base: dict[str, Any] = {
        "id": "T-1",
        "title": "test decision",
        "situation": "mass-arrival",
        "member_state": "NL",
        "valid_from": date(2026, 7, 1),
        "valid_to": date(2026, 9, 30),
        "derogations": ("CFMR Art 11",),
        "source": "test",
        "verified": False,
    }
    return CrisisDecision(**{**base, **changes})


def test_mass_arrival_lowers_border_threshold_not_acceleration() -> None:
    table = RecognitionTable.from_rows(row(2025, 12.0))
    facts = parse_facts({**ADULT_AT_BORDER, "crisis": "T-1"})
    result = route(facts, crisis=crisis(), rates=table)
    assert (result.border_mandatory, result.examination) == (False, "accelerated")
    without = route(facts, crisis=crisis(derogations=("CFMR Art 10",)), rates=table)
    assert without.border_mandatory is True, "no Art. 11 derogation authorised"
    force = route(facts, crisis=crisis(situation="force-majeure"), rates=table)
    assert force.border_mandatory is True, "11(3) is for mass arrivals only"


def test_express_article_11_2_makes_j_optional_but_not_c() -> None:
    table = RecognitionTable.from_rows(row(2025, 3.0))
    decision = crisis(situation="force-majeure", derogations=("CFMR Art 11(2)",))
    facts = parse_facts({**ADULT_AT_BORDER, "crisis": "T-1"})
    assert route(facts, crisis=decision, rates=table).border_mandatory is False
    misled = parse_facts({**ADULT_AT_BORDER, "crisis": "T-1", "misled_authorities": True})
    assert route(misled, crisis=decision, rates=table).border_mandatory is True


def test_crisis_id_must_match_the_facts() -> None:
    with pytest.raises(ValueError, match="name crisis"):
        route(parse_facts({**ADULT_AT_BORDER, "crisis": "OTHER"}), crisis=crisis())


# --- result and explanation tree ---------------------------------------------------------------


def test_result_keys() -> None:
    assert set(routed().to_dict()) == {
        "screening",
        "procedure",
        "examination",
        "border_mandatory",
        "responsibility_regime",
        "deadlines",
        "explanation",
        "missing_facts",
        "decision_date",
        "rule_set_version",
        "routing_data_version",
        "rates_edition",
    }


def test_rule_set_version_follows_the_rule_book() -> None:
    result = routed()
    assert result.rule_set_version == default_book().at(date(2026, 7, 7)).version


FACTS = routing_facts(st.dates(date(2026, 5, 1), date(2028, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(FACTS)
def test_every_node_names_a_rule_and_a_legal_basis(data: dict[str, Any]) -> None:
    result = route(parse_facts(data))
    assert result.screening in {"external-border", "in-territory", "none", "undetermined"}
    assert result.procedure in {"border", "regular", "legacy-apd", "none", "undetermined"}
    assert result.responsibility_regime in {"AMMR", "Dublin III", "none", "undetermined"}
    known = set(default_book().ids())
    assert set(result.deadlines) <= known, "every deadline id is a rule-book id"
    for node in result.explanation.walk():
        assert node.rule
        assert node.title
        assert node.outcome
        assert len(node.legal_basis) >= 1
    undetermined = [
        v for v in (result.screening, result.procedure, result.examination) if v == "undetermined"
    ]
    if undetermined or result.responsibility_regime == "undetermined":
        assert result.missing_facts, "an undetermined answer names the facts it needs"
    if result.procedure == "border":
        assert result.explanation.find("APR-R9"), "a border case explains the return border step"
