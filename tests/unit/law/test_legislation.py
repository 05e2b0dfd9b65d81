"""The record of bill 36 871: the shipped file validates, and a record that is wrong in any of
the ways the loader checks (an unknown field, a rule id the rule book lacks, stages out of
order, a stage after the day of the record, the wrong bill) is refused with its reason."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from migrationpact.law.legislation import LegislationError, load_bill, parse_bill
from migrationpact.law.legislation.record import DATA
from migrationpact.law.rulebook import default_book


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "36871.yaml").read_text(encoding="utf-8"))
    return data


def test_the_shipped_record() -> None:
    bill = load_bill("36871")
    assert [s.kind for s in bill.stages][:4] == [
        "consultation",
        "council-of-state-advice",
        "further-report",
        "submitted",
    ]
    consultation = bill.stages[0]
    # The letter of 22 January 2026: consultation 20 Dec 2024 to 17 Feb 2025, verified there.
    assert (consultation.day.isoformat(), str(consultation.until)) == ("2024-12-20", "2025-02-17")
    assert consultation.verified
    known = set(default_book().ids())
    assert bill.rule_ids()
    assert set(bill.rule_ids()) <= known
    # Nothing taken from the legal reference alone is marked verified.
    assert not any(p.verified for p in bill.provisions)
    assert bill.amendments == ()
    assert bill.note is not None


def test_an_amendment_links_to_the_rules_it_would_change() -> None:
    data = _shipped()
    data["amendments"] = [
        {
            "id": "example",
            "tabled_on": "2026-03-10",
            "title": {"en": "Longer appeal period", "nl": "Langere beroepstermijn"},
            "rules": ["NL-APR-19"],
            "status": "tabled",
            "source": "fictional, for this test",
            "verified": False,
        }
    ]
    bill = parse_bill(data)
    assert bill.amendments[0].rules == ("NL-APR-19",)
    assert "NL-APR-19" in bill.rule_ids()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["provisions"][0].update(rules=["NL-APR-99"]), "unknown rule ids: NL-APR-99"),
        (lambda d: d["stages"].reverse(), "date order"),
        (lambda d: d.update(recorded_on="2025-01-01"), "after the day of the record"),
        (lambda d: d["stages"][0].update(kind="voted"), "stages.0.kind"),
        (lambda d: d["stages"][0].update(until="2024-01-01"), "is before"),
        (lambda d: d.update(extra="field"), "extra"),
        (lambda d: d["provisions"].append(dict(d["provisions"][0])), "used twice"),
        (lambda d: d["stages"][0].pop("source"), "source"),
    ],
)
def test_a_wrong_record_is_refused(change: Any, reason: str) -> None:
    data = deepcopy(_shipped())
    change(data)
    with pytest.raises(LegislationError, match=reason):
        parse_bill(data, source="36871.yaml")


def test_a_missing_or_mismatched_file(tmp_path: Path) -> None:
    with pytest.raises(LegislationError, match="no record of bill 12345"):
        load_bill("12345", root=tmp_path)
    (tmp_path / "12345.yaml").write_text(
        yaml.safe_dump(_shipped(), allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(LegislationError, match="holds bill 36871"):
        load_bill("12345", root=tmp_path)
    (tmp_path / "11111.yaml").write_text("stages: [", encoding="utf-8")
    with pytest.raises(LegislationError, match="not YAML"):
        load_bill("11111", root=tmp_path)
