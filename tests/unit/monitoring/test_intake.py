"""The shipped intake rules, table-driven: which body gets which signal, what goes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.monitoring.editions import MonitoringDataError
from migrationpact.monitoring.intake import default_intake, load_intake
from migrationpact.monitoring.vocabulary import BODIES, KINDS, PHASES, RIGHTS, SOURCES, Right
from tests.unit.monitoring.helpers import signal


@pytest.mark.parametrize(
    ("fields", "to", "out", "rule"),
    [
        ({"source": "own-observation", "observed_by": "InspectieJenV", "phase": "reception"},
         "InspectieJenV", None, "IN-OWN-01"),
        ({"source": "own-observation", "observed_by": "CRM", "phase": "detention"},
         "CRM", None, "IN-OWN-01"),
        ({"kind": "complaint", "concerns_child": True}, "CRM", "Kinderombudsman", "IN-KO-01"),
        ({"about_conduct": True, "concerns_child": True}, "CRM", "Kinderombudsman", "IN-KO-02"),
        ({"about_conduct": True, "phase": "detention"}, "CRM", "Nationale-ombudsman", "IN-NO-01"),
        ({"kind": "complaint"}, "CRM", "Nationale-ombudsman", "IN-NO-02"),
        ({"phase": "detention", "rights": ["18"]}, "InspectieJenV", None, "IN-DET-01"),
        ({"kind": "allegation", "rights": ["19"], "phase": "border-procedure"},
         "CRM", None, "IN-RTS-01"),
        ({"rights": ["24"]}, "CRM", None, "IN-RTS-02"),
        ({"phase": "screening", "rights": ["4"]}, "InspectieJenV", None, "IN-PHS-01"),
        ({"phase": "reception"}, "InspectieJenV", None, "IN-PHS-01"),
        ({"source": "staff"}, "InspectieJenV", None, "IN-STF-01"),
        ({"source": "individual"}, "CRM", None, "IN-ALL-99"),
    ],
)  # fmt: skip
def test_the_shipped_rules_route_each_signal(
    fields: dict[str, Any], to: str, out: str | None, rule: str
) -> None:
    decision = default_intake().route(signal(**fields))
    assert (decision.to, decision.referred_out, decision.rule) == (to, out, rule)
    assert decision.verified is False  # the split of tasks is not agreed yet
    assert decision.why.en
    assert decision.why.nl


def test_the_shipped_edition_says_it_is_unverified() -> None:
    rules = default_intake().at(signal().received_at.date())
    assert rules.verified is False
    assert "UNVERIFIED" in rules.verification


def write(root: Path, edition: str, body: str) -> None:
    folder = root / edition
    folder.mkdir(parents=True)
    (folder / "intake.yaml").write_text(body, encoding="utf-8")


HEADER = "edition: {e}\nvalid_from: {e}\nverified: {v}\nverification: a note\nrules:\n"
CATCH_ALL = "  - id: IN-ALL\n    to: {to}\n    why: {{en: all, nl: alles}}\n"


def test_a_later_edition_changes_the_split_from_its_day_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        "2026-06-12",
        HEADER.format(e="2026-06-12", v="false") + CATCH_ALL.format(to="CRM"),
    )
    write(
        tmp_path,
        "2027-01-01",
        HEADER.format(e="2027-01-01", v="true") + CATCH_ALL.format(to="InspectieJenV"),
    )
    book = load_intake(tmp_path)
    before = book.route(signal(received_at="2026-12-31T23:00"))
    after = book.route(signal(received_at="2027-01-01T08:00"))
    assert (before.to, before.verified, before.edition.isoformat()) == ("CRM", False, "2026-06-12")
    assert (after.to, after.verified, after.edition.isoformat()) == (
        "InspectieJenV",
        True,
        "2027-01-01",
    )


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ("  - id: IN-X\n    when: {phase: [detention]}\n    to: CRM\n    why: {en: a, nl: b}\n",
         "the last rule matches every signal"),
        (CATCH_ALL.format(to="Ombudsman"), "to"),
        ("  - id: IN-O\n    to: observer\n    why: {en: a, nl: b}\n", "'observer' is for source"),
        ("  - id: IN-X\n    when: {phase: [prison]}\n    to: CRM\n    why: {en: a, nl: b}\n"
         + CATCH_ALL.format(to="CRM"), "phase"),
        (CATCH_ALL.format(to="CRM") + CATCH_ALL.format(to="CRM"), "each rule id is used once"),
    ],
)  # fmt: skip
def test_a_bad_rules_file_is_refused_naming_the_problem(
    tmp_path: Path, rules: str, problem: str
) -> None:
    write(tmp_path, "2026-06-12", HEADER.format(e="2026-06-12", v="false") + rules)
    with pytest.raises(MonitoringDataError, match=problem):
        load_intake(tmp_path)


signals = st.builds(
    lambda source, phase, rights, kind, child, conduct, observer: signal(
        source=source,
        phase=phase,
        rights=rights,
        kind=kind,
        concerns_child=child,
        about_conduct=conduct,
        observed_by=observer if source == "own-observation" else None,
    ),
    st.sampled_from(SOURCES),
    st.sampled_from((None, *PHASES)),
    st.lists(st.sampled_from(sorted(RIGHTS)), unique=True, max_size=3),
    st.sampled_from((None, *KINDS)),
    st.booleans(),
    st.booleans(),
    st.sampled_from(BODIES),
)


@given(signals)
def test_every_signal_goes_to_a_body_and_only_complaints_go_out(received: Any) -> None:
    decision = default_intake().route(received)
    assert decision.to in BODIES
    if received.source == "own-observation":
        assert (decision.to, decision.referred_out) == (received.observed_by, None)
    if decision.referred_out is not None:
        assert received.kind == "complaint" or received.about_conduct
    if decision.referred_out == "Kinderombudsman":
        assert received.concerns_child


def test_every_right_of_the_vocabulary_has_its_title_in_both_languages() -> None:
    assert set(RIGHTS) == set(get_args(Right))
    assert {"1", "4", "6", "18", "19", "24", "47"} <= set(RIGHTS)
    assert all(set(titles) == {"en", "nl"} for titles in RIGHTS.values())
