"""Editions of the recognition rates in routing: which one is in force, and that it is named.

The edition read from the hand-made fixture (see ``test_rates_import``) is imported on
1 May 2026 and in force from 2 May 2026. Türkiye has only half-year figures in the seed table
(ground (j) undetermined) and exactly 20 % in the edition (ground (j) applies: "20 % or
lower"); Kosovo 20.83 % (above); Morocco no decisions (undetermined).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrationpact.law.law import Law
from migrationpact.law.routing import RecognitionTable, RoutingResult, parse_facts, route
from migrationpact.law.routing.editions import ENV_VAR, file_name, load_editions
from migrationpact.law.routing.parameters import RoutingDataError
from tests.support.facts import AT_BORDER
from tests.unit.law.test_rates_import import read

EDITION = read()  # year 2025, in force from 2 May 2026
OLDER_YEAR = read(year=2024, imported_on=date(2026, 6, 1), in_force_from=date(2026, 6, 2))
SEED = Law.default()
IMPORTED = SEED.replace(recognition=SEED.recognition.with_editions(EDITION))


def facts(nationality: str, day: str = "2026-07-07", **more: Any) -> Any:
    return parse_facts(
        {**AT_BORDER, "nationality": nationality, "date_of_registration": day, **more}
    )


def ground_j(result: RoutingResult) -> Any:
    return next(n for n in result.explanation.walk() if str(n.title).startswith("Ground (j)"))


def test_two_laws_with_different_editions_route_differently() -> None:
    under_seed, under_edition = SEED.route(facts("TUR")), IMPORTED.route(facts("TUR"))
    assert (under_seed.examination, under_seed.border_mandatory) == ("undetermined", None)
    assert (under_edition.examination, under_edition.border_mandatory) == ("accelerated", True)
    assert under_seed.rates_edition == "seed"
    assert under_edition.rates_edition == EDITION.id
    assert under_seed.routing_data_version != under_edition.routing_data_version


def test_two_laws_with_two_imported_editions_route_differently() -> None:
    # The same download read for 2024 (Türkiye 30 %) and for 2025 (Türkiye 20 %).
    older = read(year=2024)
    law_2024 = SEED.replace(recognition=SEED.recognition.with_editions(older))
    first, second = law_2024.route(facts("TUR")), IMPORTED.route(facts("TUR"))
    assert (first.examination, first.border_mandatory) == ("regular", False)
    assert (second.examination, second.border_mandatory) == ("accelerated", True)
    assert (first.rates_edition, second.rates_edition) == (older.id, EDITION.id)
    assert first.routing_data_version != second.routing_data_version
    # Each law keeps its own answer in the same process.
    assert law_2024.route(facts("TUR")).examination == "regular"


@pytest.mark.parametrize(
    ("nationality", "examination", "applies"),
    [
        ("TUR", "accelerated", "applies"),  # exactly 20 %: "20 % or lower"
        ("XKX", "regular", "does not apply"),  # 20.83 %
        ("BGD", "accelerated", "applies"),  # 2 %
        ("SYR", "regular", "does not apply"),  # 75 %
        ("MAR", "undetermined", "undetermined"),  # no decisions
        ("COL", "undetermined", "undetermined"),  # refugee figure missing
    ],
)
def test_the_edition_in_force_decides_ground_j(
    nationality: str, examination: str, applies: str
) -> None:
    result = IMPORTED.route(facts(nationality))
    assert result.examination == examination
    assert str(ground_j(result).outcome) == applies


def test_the_explanation_names_the_edition() -> None:
    node = ground_j(IMPORTED.route(facts("TUR")))
    assert node.facts_used["rate_edition"] == EDITION.id
    assert node.facts_used["rate_percent"] == 20.0
    assert "TUR 2025: 20 % (20 of 100 decisions)" in node.reason
    assert f"Rates table: edition {EDITION.id}, Eurostat migr_asydcfsta for 2025" in node.reason
    assert "from the file migr_asydcfsta.csv, in force from Sat 2 May 2026" in node.reason
    seed_node = ground_j(SEED.route(facts("BGD")))
    assert seed_node.facts_used["rate_edition"] == "seed"
    assert "Rates table: the seed table shipped with the system" in seed_node.reason


def test_decisions_before_the_edition_keep_their_answer_and_version() -> None:
    # Registered on 1 May 2026, the day of the import: the seed table still answers.
    before = facts("BGD", "2026-05-01")
    old, new = SEED.route(before), IMPORTED.route(before)
    assert new.rates_edition == "seed"
    assert new.to_dict() == old.to_dict()


def test_the_latest_year_in_force_answers() -> None:
    table = SEED.recognition.with_editions(EDITION, OLDER_YEAR)
    assert table.edition_on(date(2026, 5, 1)) is None
    assert table.edition_on(date(2026, 5, 2)) == EDITION
    # The 2024 figures imported later do not replace the 2025 ones.
    assert table.edition_on(date(2026, 7, 1)) == EDITION
    only_older = SEED.recognition.with_editions(OLDER_YEAR)
    row = only_older.rate_on("TUR", date(2026, 7, 1))
    assert row is not None
    assert (row.year, row.rate) == (2024, 30.0)


def test_an_edition_is_added_once() -> None:
    with pytest.raises(RoutingDataError, match="same id"):
        SEED.recognition.with_editions(EDITION, EDITION)


def test_the_seed_table_keeps_its_version() -> None:
    assert RecognitionTable.load().version() == SEED.recognition.version()
    assert SEED.recognition.version() != IMPORTED.recognition.version()
    assert SEED.parameter_version != IMPORTED.parameter_version
    assert IMPORTED.recognition.version_on(date(2026, 5, 1)) == SEED.recognition.version()


def test_the_configured_directory_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / file_name(EDITION)).write_text(EDITION.to_yaml(), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    law = Law.default()
    assert law.recognition.editions == (EDITION,)
    assert route(facts("TUR")).rates_edition == EDITION.id
    assert law.route(facts("TUR")).examination == "accelerated"


def test_a_missing_or_broken_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RoutingDataError, match="does not exist"):
        load_editions(tmp_path / "nowhere")
    (tmp_path / "other-name.yaml").write_text(EDITION.to_yaml(), encoding="utf-8")
    with pytest.raises(RoutingDataError, match="holds edition"):
        load_editions(tmp_path)
    (tmp_path / "other-name.yaml").write_text("rows: [", encoding="utf-8")
    with pytest.raises(RoutingDataError, match="cannot read"):
        load_editions(tmp_path)
    (tmp_path / "other-name.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(RoutingDataError, match="invalid recognition-rate edition"):
        load_editions(tmp_path)
