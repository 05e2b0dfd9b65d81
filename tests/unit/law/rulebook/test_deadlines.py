"""Deadlines by rule id, checked against dates computed by hand (legal-rules.md §3.3)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from migrationpact.law.crisis import CrisisError, CrisisRegister
from migrationpact.law.rulebook import RuleBookError, deadline

EXAMPLE_REGISTER = Path(__file__).parents[4] / "docs" / "examples" / "crisis-example.yaml"


@pytest.mark.parametrize(
    ("rule", "start", "end"),
    [
        ("SCR-01", date(2026, 6, 12), date(2026, 6, 19)),
        ("APR-01", date(2026, 6, 22), date(2026, 6, 29)),  # Sat 27 Jun → Mon 29 Jun
        ("APR-04", date(2026, 12, 4), date(2026, 12, 28)),  # Christmas → Mon 28 Dec
        ("APR-16", date(2026, 6, 16), date(2026, 9, 8)),
        ("AMMR-01", date(2026, 8, 31), date(2026, 11, 2)),  # Sat 31 Oct → Mon 2 Nov
        ("AMMR-01", date(2026, 12, 31), date(2027, 3, 1)),  # no 31 Feb; Sun 28 Feb → Mon
        ("AMMR-10", date(2026, 8, 29), date(2027, 3, 1)),
        ("AMMR-03", date(2027, 2, 26), date(2027, 3, 30)),  # Good Friday, weekend, Easter Mon
        ("EDR-01", datetime(2026, 6, 15, 10, 15), datetime(2026, 6, 18, 11, 0)),
    ],
)
def test_reference_worked_examples(rule: str, start: date, end: date) -> None:
    assert deadline(rule, start=start).result.end == end


def test_result_carries_rule_metadata() -> None:
    d = deadline("AMMR-01", start=date(2026, 8, 31))
    data = d.to_dict()
    assert data["rule"] == "AMMR-01"
    assert data["title"]["en"] == "Send a take charge request"
    assert data["legal_basis"][0]["celex"] == "32024R1351"
    assert data["legal_basis"][0]["article"] == "39"
    assert data["legal_basis"][0]["paragraph"] == "1"
    assert data["rule_set_version"].startswith("sha256:")
    assert data["verified"] is True
    assert data["end"] == "2026-11-02"
    assert "registering" in data["consequence"] or "registered" in data["consequence"]


def test_apr_13_with_apr_14_extension_on_a_listed_ground() -> None:
    plain = deadline("APR-13", start=date(2026, 7, 1))
    assert plain.result.nominal_end == date(2027, 1, 1)  # New Year's Day
    assert plain.result.end == date(2027, 1, 4)
    extended = deadline("APR-13", start=date(2026, 7, 1), extensions=[("APR-14", "complex-issues")])
    # 6 months to Fri 1 Jan 2027, then 6 more months counted on: Thu 1 Jul 2027.
    assert extended.result.end == date(2027, 7, 1)
    assert [e.rule.id for e in extended.extensions] == ["APR-14"]
    assert extended.to_dict()["extensions"][0]["ground"] == "complex-issues"
    by_text = deadline(
        "APR-13", start=date(2026, 7, 1), extensions=[("apr-14", "Complex issues of fact or law")]
    )
    assert by_text.result.end == extended.result.end


def test_extension_on_an_unlisted_ground_or_wrong_rule_is_refused() -> None:
    with pytest.raises(RuleBookError, match="allows only: disproportionate-numbers"):
        deadline("APR-13", start=date(2026, 7, 1), extensions=[("APR-14", "staff shortage")])
    with pytest.raises(RuleBookError, match="not an extension of APR-12"):
        deadline("APR-12", start=date(2026, 7, 1), extensions=[("APR-14", "complex-issues")])
    with pytest.raises(RuleBookError, match="given twice"):
        deadline(
            "APR-13",
            start=date(2026, 7, 1),
            extensions=[("APR-14", "complex-issues"), ("APR-14", "applicant-breach")],
        )


def test_national_choice_uses_the_provisional_dutch_period_and_is_unverified() -> None:
    d = deadline("APR-18", start=date(2026, 7, 3))
    assert d.rule.id == "NL-APR-18"
    assert d.result.end == date(2026, 7, 13)  # 10 days, Atw
    assert d.verified is False
    assert any("Provisional" in r for r in d.unverified_reasons())
    assert "UNVERIFIED" in d.explain()


def test_unverified_rule_is_marked_everywhere() -> None:
    d = deadline("SCR-02", start=date(2026, 7, 3))
    assert d.to_dict()["verified"] is False
    assert d.explain().startswith("UNVERIFIED")


def test_dublin_iii_rule_follows_the_law_date() -> None:
    ok = deadline("D3-01", start=date(2026, 7, 15), law_date=date(2026, 6, 30))
    assert ok.result.end == date(2026, 10, 15)
    assert ok.result.regime.value == "dublin3"
    with pytest.raises(RuleBookError, match="2014-01-01 – 2026-06-30"):
        deadline("D3-01", start=date(2026, 7, 15), law_date=date(2026, 7, 1))
    ammr = deadline("AMMR-01", start=date(2026, 7, 15), law_date=date(2026, 7, 1))
    assert ammr.result.end == date(2026, 9, 15)
    with pytest.raises(RuleBookError, match="not in force on law date 2026-06-30"):
        deadline("AMMR-01", start=date(2026, 7, 15), law_date=date(2026, 6, 30))


def test_dublin_iii_does_not_roll_forward() -> None:
    # Art 42: 3 months from Fri 31 Jul 2026 end on Sat 31 Oct 2026 and stay there.
    d = deadline("D3-01", start=date(2026, 7, 31), law_date=date(2026, 6, 30))
    assert d.result.end == date(2026, 10, 31)


def test_unknown_rule_and_rules_without_a_period() -> None:
    with pytest.raises(RuleBookError, match="unknown rule 'NOPE-1'"):
        deadline("NOPE-1", start=date(2026, 7, 1))
    with pytest.raises(RuleBookError, match="no day count"):
        deadline("APR-08", start=date(2026, 7, 1))
    with pytest.raises(RuleBookError, match="groups several periods"):
        deadline("CFMR-03", start=date(2026, 7, 1))
    with pytest.raises(RuleBookError, match="no Dutch period is recorded"):
        deadline("APR-22", start=date(2026, 7, 1))
    with pytest.raises(RuleBookError, match="ask for APR-13 with the extension"):
        deadline("APR-14", start=date(2026, 7, 1))


class TestCrisisOverlay:
    register = CrisisRegister.load(EXAMPLE_REGISTER)
    decision = register.get("FICTIONAL-NL-2027-01")

    def test_cfmr_01_replaces_registration(self) -> None:
        d = deadline("APR-01", start=date(2027, 3, 10), crisis=self.decision)
        assert d.rule.id == "CFMR-01"
        assert d.result.end == date(2027, 4, 7)  # 4 weeks
        assert d.derogation == "CFMR Art 10"
        data = d.to_dict()
        assert data["crisis"]["id"] == "FICTIONAL-NL-2027-01"
        assert data["crisis"]["derogation_applied"] == "CFMR Art 10"
        assert data["verified"] is False  # fictional decision; counting rule assumed

    def test_cfmr_03_replaces_ammr_periods(self) -> None:
        expected = {
            "AMMR-01": ("CFMR-03a", date(2027, 7, 12)),  # 4 months: Sun 11 Jul → Mon 12 Jul
            "AMMR-03": ("CFMR-03b", date(2027, 5, 10)),
            "AMMR-05": ("CFMR-03c", date(2027, 4, 12)),  # Sat 10 Apr → Mon 12 Apr
            "AMMR-06": ("CFMR-03d", date(2027, 4, 12)),
            "AMMR-10": ("CFMR-03e", date(2028, 3, 10)),
        }
        for rule, (replacement, end) in expected.items():
            d = deadline(rule, start=date(2027, 3, 10), crisis=self.decision)
            assert (d.rule.id, d.result.end) == (replacement, end), rule

    def test_cfmr_02_extends_the_border_procedure(self) -> None:
        d = deadline("APR-16", start=date(2027, 3, 10), crisis=self.decision)
        assert d.result.nominal_end == date(2027, 7, 14)  # 12 + 6 weeks
        assert [e.rule.id for e in d.extensions] == ["CFMR-02"]
        assert deadline("APR-17", start=date(2027, 3, 10), crisis=self.decision).extensions == ()

    def test_decision_must_cover_the_start_date(self) -> None:
        with pytest.raises(CrisisError, match="not the start date 2027-06-01"):
            deadline("APR-01", start=date(2027, 6, 1), crisis=self.decision)

    def test_cfmr_rule_needs_a_decision(self) -> None:
        with pytest.raises(RuleBookError, match="recorded Council implementing decision"):
            deadline("CFMR-01", start=date(2027, 3, 10))

    def test_rule_without_derogation_is_unchanged(self) -> None:
        d = deadline("APR-13", start=date(2027, 3, 10), crisis=self.decision)
        assert d.rule.id == "APR-13"
        assert any("changes no period" in n for n in d.notes)
