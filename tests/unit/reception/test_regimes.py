"""The regime files: the shipped edition is complete and cited; a bad file is one clear error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrationpact.reception.regimes import RegimeError, default_book, load_book
from migrationpact.reception.regimes.loader import DATA_DIR

#: The codes other parts of reception (the placement solver) rely on.
CODES = ["COL", "COL-AMV", "POL", "AZC", "KWV", "NIDOS", "NOODOPVANG", "CRISISNOODOPVANG",
         "GEMEENTELIJK", "IBO", "HTL", "VBL", "GL", "GRENS", "DOL"]  # fmt: skip

GOOD = """edition: 2026-06-12
valid_from: 2026-06-12
title: t
source: s
regimes:
  - code: AZC
    label: {en: Centre, nl: Centrum}
    purpose: {en: p, nl: p}
    material_conditions: full
    reporting_duty: weekly
    area_restriction: none
    admits: {single_adults: true, families: true, unaccompanied_minors: false}
    legal_basis: [{instrument: RCD, article: "19", paragraph: "1"}]
    verified: true
    verification: {source: x}
"""


def _tree(tmp_path: Path, text: str, edition: str = "2026-06-12") -> Path:
    folder = tmp_path / edition
    folder.mkdir()
    (folder / "nl.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_edition_has_every_location_type_with_labels_and_citations() -> None:
    regimes = default_book().at(date(2026, 7, 1))
    assert list(regimes) == CODES
    for regime in regimes.values():
        assert regime.label.nl
        assert regime.label.en
        assert regime.label.nl != regime.label.en
        assert regime.legal_basis
        assert regime.verified or regime.verification.note


def test_the_dublin_shelter_rests_on_rcd_art_9_and_21() -> None:
    cites = [c.cite() for c in default_book().regime("DOL").legal_basis]
    assert cites == ["RCD Art. 9(1)(a)", "RCD Art. 9(2)", "RCD Art. 21"]
    assert default_book().regime("GRENS").legal_basis[0].cite() == "APR Art. 54(1)"


def test_no_regime_before_the_edition_takes_effect() -> None:
    assert default_book().codes(date(2026, 6, 11)) == []
    with pytest.raises(RegimeError, match="unknown location type 'HOTEL'"):
        default_book().regime("HOTEL")


def test_a_good_tree_loads(tmp_path: Path) -> None:
    book = load_book(_tree(tmp_path, GOOD))
    assert book.codes(date(2026, 6, 12)) == ["AZC"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("material_conditions: full", "material_conditions: luxury"),
            "material_conditions: Input",
        ),
        (
            ('instrument: RCD, article: "19"', 'instrument: XYZ, article: "19"'),
            "unknown instrument",
        ),
        (("verified: true", "verified: false"), "needs verification.note"),
        (
            ("reporting_duty: weekly", "reporting_duty: weekly\n    maximum_stay: soon"),
            "maximum_stay 'soon'",
        ),
        (("code: AZC", "code: azc"), "code: String should match"),
        (("edition: 2026-06-12", "edition: 2026-06-13"), "differs from its directory"),
    ],
)
def test_a_bad_file_is_one_error_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    with pytest.raises(RegimeError, match=message) as raised:
        load_book(_tree(tmp_path, GOOD.replace(*change)))
    assert "nl.yaml" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + GOOD[GOOD.index("  - code") :], "location type listed twice: AZC"),
        ("a: [", "not valid YAML"),
        ("- a list", "a regime file is a mapping"),
    ],
)
def test_a_file_that_is_no_regime_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RegimeError, match=message):
        load_book(_tree(tmp_path, text))


def test_an_edition_directory_must_be_a_date(tmp_path: Path) -> None:
    (tmp_path / "latest").mkdir()
    with pytest.raises(RegimeError, match="named by its date"):
        load_book(tmp_path)
    assert DATA_DIR.is_dir()
