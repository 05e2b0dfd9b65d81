"""Small scenarios for the twin's tests: the shipped base scenario with a few lines changed."""

from __future__ import annotations

from pathlib import Path

from migrationpact.twin.scenario import SCENARIOS, Scenario, parse_scenario

BASE = (SCENARIOS / "base.yaml").read_text(encoding="utf-8")


def small_text(per_month: int = 40, months: int = 2, **lines: tuple[str, str]) -> str:
    """The base scenario's text with ``per_month`` people a month over ``months`` months, and
    each ``old=new`` of ``lines`` (keys are only labels) replaced once."""
    text = BASE.replace("months: 12", f"months: {months}")
    text = text.replace("per_month: {value: 2000", f"per_month: {{value: {per_month}")
    for old, new in lines.values():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def small(per_month: int = 40, months: int = 2, **lines: tuple[str, str]) -> Scenario:
    return parse_scenario(small_text(per_month, months, **lines), "small.yaml")


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``fragment`` in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1
