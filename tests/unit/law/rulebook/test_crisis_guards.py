"""Crisis rules that apply only under a recorded Council decision of the right situation,
checked against dates counted by hand from the article text.

RBP-02 (RBPR Art 6(1)): in a crisis of CFMR Art 1(4), for persons whose application was rejected
in the border procedure under CFMR Art 11(3), (4) or (6), the 12 weeks of RBPR Art 4(2) may be
extended by at most six weeks. Hand count: no right to remain from Wed 10 Mar 2027 → 12 weeks end
Wed 2 Jun 2027; six weeks more end Wed 14 Jul 2027 (a maximum: no roll-over).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.crisis import CrisisDecision, CrisisError, CrisisRegister, Situation
from migrationpact.law.rulebook import RuleBookError, deadline

EXAMPLE_REGISTER = Path(__file__).parents[4] / "docs" / "examples" / "crisis-example.yaml"
MASS_ARRIVAL = CrisisRegister.load(EXAMPLE_REGISTER).get("FICTIONAL-NL-2027-01")


def _fictional(situation: Situation) -> CrisisDecision:
    """A fictional decision for ``situation`` authorising CFMR Art 10-12, spring 2027."""
    derogations = ("CFMR Art 10", "CFMR Art 11", "CFMR Art 12")
    return CrisisDecision(
        f"FICTIONAL-{situation}", "fictional", situation, "NL", date(2027, 3, 1),
        date(2027, 5, 31), derogations, "fictional", False,
    )  # fmt: skip


FORCE_MAJEURE = _fictional("force-majeure")
INSTRUMENTALISATION = _fictional("instrumentalisation")
GROUNDS = ["rejected-under-cfmr-11-3", "rejected-under-cfmr-11-4", "rejected-under-cfmr-11-6"]
START = date(2027, 3, 10)


class TestReturnBorderCrisisExtension:
    @pytest.mark.parametrize("ground", GROUNDS)
    def test_six_weeks_more_in_a_crisis_for_the_persons_art_6_names(self, ground: str) -> None:
        d = deadline("RBP-01", start=START, crisis=MASS_ARRIVAL, extensions=[("RBP-02", ground)])
        assert d.result.end == date(2027, 7, 14)
        assert [(e.rule.id, e.ground.key if e.ground else None) for e in d.extensions] == [
            ("RBP-02", ground)
        ]
        assert {c["citation"] for c in d.legal_basis()} >= {"RBPR Art. 6(1)"}

    def test_without_the_extension_twelve_weeks(self) -> None:
        assert deadline("RBP-01", start=START, crisis=MASS_ARRIVAL).result.end == date(2027, 6, 2)

    def test_refused_without_a_recorded_crisis_decision(self) -> None:
        with pytest.raises(RuleBookError, match="recorded Council implementing decision"):
            deadline("RBP-01", start=START, extensions=[("RBP-02", GROUNDS[0])])

    def test_a_crisis_alone_is_no_ground(self) -> None:
        # The old ground "crisis situation" is not the personal scope of Art 6(1).
        with pytest.raises(RuleBookError, match="cannot be applied on the ground"):
            deadline(
                "RBP-01",
                start=START,
                crisis=MASS_ARRIVAL,
                extensions=[("RBP-02", "crisis-situation")],
            )

    def test_refused_under_force_majeure(self) -> None:
        # RBPR Art 6(1) names a crisis of CFMR Art 1(4); force majeure is not one.
        with pytest.raises(CrisisError, match="force-majeure"):
            deadline(
                "RBP-01", start=START, crisis=FORCE_MAJEURE, extensions=[("RBP-02", GROUNDS[1])]
            )

    def test_applies_under_instrumentalisation(self) -> None:
        d = deadline(
            "RBP-01", start=START, crisis=INSTRUMENTALISATION, extensions=[("RBP-02", GROUNDS[2])]
        )
        assert d.result.end == date(2027, 7, 14)

    @given(
        start=st.dates(min_value=date(2026, 6, 12), max_value=date(2030, 12, 31)),
        ground=st.sampled_from(GROUNDS),
    )
    def test_never_without_a_decision(self, start: date, ground: str) -> None:
        with pytest.raises(RuleBookError):
            deadline("RBP-01", start=start, extensions=[("RBP-02", ground)])

    @given(start=st.dates(min_value=date(2027, 3, 1), max_value=date(2027, 5, 31)))
    def test_exactly_six_weeks_more_than_the_return_border_maximum(self, start: date) -> None:
        plain = deadline("RBP-01", start=start, crisis=MASS_ARRIVAL).result.end
        longer = deadline(
            "RBP-01", start=start, crisis=MASS_ARRIVAL, extensions=[("RBP-02", GROUNDS[0])]
        ).result.end
        assert plain + timedelta(weeks=6) == longer


class TestDerogationPeriod:
    """CFMR-04: the three months of CFMR Art 5(1) run from the date the Council decision sets
    for applying the derogations (Art 4(5)), not from its adoption. Hand count: a decision
    adopted Mon 22 Feb 2027 lets the derogations apply from Mon 1 Mar 2027; that day is not
    counted (Reg. 1182/71 Art 3(1)), three months end at the end of Tue 1 Jun 2027 (Art 3(2)(c))
    — not on Sat 22 May 2027 → Mon 24 May 2027, as counted from the adoption."""

    def test_starts_on_the_date_the_decision_sets(self) -> None:
        d = deadline("CFMR-04", start=date(2027, 3, 1))
        assert d.rule.start_event == "council_decision_applies"
        assert d.result.end == date(2027, 6, 1)
        assert "CFMR Art. 4(5)" in {c["citation"] for c in d.legal_basis()}

    def test_the_register_dates_the_start(self) -> None:
        # The register's valid_from is the date the decision sets (law.crisis).
        d = deadline("CFMR-04", start=MASS_ARRIVAL.valid_from)
        assert d.result.end == date(2027, 6, 1)


class TestAmmrDerogationsOnlyInArt12Situations:
    """CFMR Art 12(1): the AMMR time limits may be derogated from only in a crisis of CFMR
    Art 1(4)(a) (mass arrivals) or in force majeure. Hand count for a take charge request on an
    application registered Wed 10 Mar 2027: the normal 2 months of AMMR Art 39(1) end Mon 10 May
    2027; the 4 months of CFMR Art 12(2)(a) end Sun 11 Jul 2027 → Mon 12 Jul 2027 (AMMR Art 75)."""

    def test_applied_under_mass_arrival_and_force_majeure(self) -> None:
        for decision in (MASS_ARRIVAL, FORCE_MAJEURE):
            d = deadline("AMMR-01", start=START, crisis=decision)
            assert (d.rule.id, d.result.end) == ("CFMR-03a", date(2027, 7, 12)), decision.id

    @pytest.mark.parametrize("decision", [INSTRUMENTALISATION, _fictional("crisis")])
    def test_not_applied_otherwise(self, decision: CrisisDecision) -> None:
        d = deadline("AMMR-01", start=START, crisis=decision)
        assert (d.rule.id, d.result.end) == ("AMMR-01", date(2027, 5, 10))
        assert d.derogation is None
        assert any("CFMR-03a not applied" in n and "CFMR Art. 12(1)" in n for n in d.notes)

    def test_asked_for_directly_under_instrumentalisation_is_refused(self) -> None:
        with pytest.raises(CrisisError, match="instrumentalisation"):
            deadline("CFMR-03a", start=START, crisis=INSTRUMENTALISATION)

    @pytest.mark.parametrize(
        ("rule", "replacement"),
        [("AMMR-03", "CFMR-03b"), ("AMMR-05", "CFMR-03c"), ("AMMR-06", "CFMR-03d")],
    )
    def test_every_part_is_guarded(self, rule: str, replacement: str) -> None:
        assert deadline(rule, start=START, crisis=MASS_ARRIVAL).rule.id == replacement
        assert deadline(rule, start=START, crisis=INSTRUMENTALISATION).rule.id == rule

    @pytest.mark.parametrize(("rule", "replacement"), [("AMMR-01", "CFMR-03a"),
                                                       ("AMMR-03", "CFMR-03b"),
                                                       ("AMMR-10", "CFMR-03e")])  # fmt: skip
    def test_art_12_3_consequences_are_recorded(self, rule: str, replacement: str) -> None:
        # Missing the limits of Art 12(2)(a), (b) or (d): the derogating state is responsible.
        d = deadline(rule, start=START, crisis=MASS_ARRIVAL).to_dict()
        assert d["applied_rule"] == replacement
        assert "CFMR Art 12(3)" in d["consequence"]
        assert "CFMR Art. 12(3)" in {c["citation"] for c in d["legal_basis"]}

    def test_no_art_12_3_consequence_for_take_back_notifications(self) -> None:
        # Art 12(3) names points (a), (b) and (d), not (c).
        assert deadline("AMMR-05", start=START, crisis=MASS_ARRIVAL).rule.consequence is None


class TestRegistrationDerogationOnlyUnderTheInitialDecision:
    """CFMR Art 10(4): in a crisis of Art 1(4)(a) the registration derogation applies only in
    the period of the initial Council decision, not in its prolongations (Art 5(1)-(2)). Hand
    count for an application made Thu 10 Jun 2027 under a prolonging decision: the normal 5 days
    of APR Art 27(1) end Tue 15 Jun 2027; the 4 weeks of CFMR Art 10(1) would end Thu 8 Jul 2027."""

    @staticmethod
    def prolonging(situation: Situation) -> CrisisDecision:
        first = _fictional(situation)
        return replace(
            first,
            id=f"{first.id}-PROLONGED",
            valid_from=date(2027, 6, 1),
            valid_to=date(2027, 8, 31),
            prolongs=first.id,
        )

    @pytest.mark.parametrize("situation", ["mass-arrival", "crisis"])
    def test_not_under_a_prolongation_in_a_mass_arrival(self, situation: Situation) -> None:
        d = deadline("APR-01", start=date(2027, 6, 10), crisis=self.prolonging(situation))
        assert (d.rule.id, d.result.end) == ("APR-01", date(2027, 6, 15))
        assert any("CFMR-01 not applied" in n and "CFMR Art. 10(4)" in n for n in d.notes)
        with pytest.raises(CrisisError, match="initial Council decision"):
            deadline("CFMR-01", start=date(2027, 6, 10), crisis=self.prolonging(situation))

    def test_under_the_initial_decision(self) -> None:
        d = deadline("APR-01", start=START, crisis=MASS_ARRIVAL)
        assert (d.rule.id, d.result.end) == ("CFMR-01", date(2027, 4, 7))

    @pytest.mark.parametrize("situation", ["force-majeure", "instrumentalisation"])
    def test_art_10_4_limits_only_mass_arrivals(self, situation: Situation) -> None:
        d = deadline("APR-01", start=date(2027, 6, 10), crisis=self.prolonging(situation))
        assert (d.rule.id, d.result.end) == ("CFMR-01", date(2027, 7, 8))

    def test_a_prolongation_must_name_a_recorded_decision(self) -> None:
        data = {"decisions": [{**self.prolonging("mass-arrival").to_dict()}]}
        with pytest.raises(CrisisError, match="which is not recorded"):
            CrisisRegister.from_data(data, "test")
        data["decisions"].insert(0, _fictional("mass-arrival").to_dict())
        loaded = CrisisRegister.from_data(data, "test")
        assert loaded.get("FICTIONAL-mass-arrival-PROLONGED").prolongs == "FICTIONAL-mass-arrival"
