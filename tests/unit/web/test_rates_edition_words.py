"""The routing explanation names the edition of the recognition rates in Dutch and in English."""

from __future__ import annotations

from migrationpact.web.explaining import shown_facts
from migrationpact.web.i18n import say
from tests.unit.law.test_rates_editions import EDITION, IMPORTED, SEED, facts, ground_j


def test_the_edition_in_dutch_and_english() -> None:
    node = ground_j(IMPORTED.route(facts("TUR")))
    dutch, english = say(node.reason, "nl"), say(node.reason, "en")
    assert f"Tabel met erkenningspercentages: editie {EDITION.id}, Eurostat migr_asydcfsta" in dutch
    assert "over 2025 (EU-27), door Eurostat laatst bijgewerkt op" in dutch
    assert "van kracht vanaf za 2 mei 2026" in dutch
    assert "TUR 2025: 20 % (20 van 100 beslissingen)" in dutch
    assert f"Rates table: edition {EDITION.id}" in english
    assert "in force from Sat 2 May 2026" in english
    assert "rate_edition" not in shown_facts(node.facts_used)


def test_the_seed_table_in_dutch() -> None:
    node = ground_j(SEED.route(facts("BGD")))
    assert "de begintabel die met het systeem is meegeleverd" in say(node.reason, "nl")
