"""The crisis register: the shipped one is empty; decisions are validated and looked up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrationpact.law.crisis import ENV_VAR, CrisisError, CrisisRegister

EXAMPLE = Path(__file__).parents[4] / "docs" / "examples" / "crisis-example.yaml"


def test_shipped_register_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    register = CrisisRegister.load()
    assert len(register) == 0
    with pytest.raises(CrisisError, match="no Council implementing decision 'X'"):
        register.get("X")


def test_example_register_and_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(EXAMPLE))
    decision = CrisisRegister.load().get("FICTIONAL-NL-2027-01")
    assert decision.situation == "mass-arrival"
    assert decision.covers(date(2027, 3, 1))
    assert decision.covers(date(2027, 5, 31))
    assert not decision.covers(date(2027, 6, 1))
    assert decision.verified is False
    assert "CFMR Art 10" in decision.derogations


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("decisions: {}", "must be a list"),
        ("decisions: [{id: A}]", "missing fields"),
        (EXAMPLE.read_text().replace("mass-arrival", "storm"), "situation must be one of"),
        (EXAMPLE.read_text().replace("2027-05-31", "2027-01-31"), "valid_to is before"),
        ("decisions: [", "not valid YAML"),
    ],
)
def test_bad_registers_are_rejected(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CrisisError, match=message):
        CrisisRegister.load(path)


def test_missing_register_file(tmp_path: Path) -> None:
    with pytest.raises(CrisisError, match="cannot read crisis register"):
        CrisisRegister.load(tmp_path / "nope.yaml")
