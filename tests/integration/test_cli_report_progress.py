"""``migrationpact report progress`` (SQLite and PostgreSQL): the progress report to an HTML or
PDF file, in Dutch or English, in the letter's structure; the Dutch file has no English; the
PDF's text holds the section titles; bad input is one line, exit 2, and no file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.integration.conftest import open_test_store
from tests.integration.services.test_progress_report import _screening
from tests.integration.store.flows import TO_TRANSFER, drive
from tests.integration.web.test_dutch_pages import Finder
from tests.support.cli import RunCli

SECTIONS_NL = (
    "Het toezichtmechanisme",
    "Implementatie bij de IND",
    "De Opvangrichtlijn",
    "Dublinonderdaklocaties",
    "Het wetgevingsproces",
)
SECTIONS_EN = (
    "The monitoring mechanism",
    "Implementation at the IND",
    "The reception directive",
    "Dublin shelter locations",
    "The legislative process",
)


@pytest.fixture
def world_url(db_url: str) -> str:
    store = open_test_store(db_url)
    drive(store, "C-S-ONTIME", _screening("2026-07-06T10:00", "2026-07-08T16:00"))
    drive(store, "C-TRANSFERRED", TO_TRANSFER)
    store.engine.dispose()
    return db_url


def _run(run_cli: RunCli, url: str, *args: str) -> tuple[int, str]:
    done = run_cli("report", "progress", "--database", url, *args)
    return done.returncode, done.stderr


def test_dutch_html_in_the_letters_structure_without_english(
    run_cli: RunCli, world_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "rapport.html"
    code, err = _run(run_cli, world_url, "--period", "2026-Q3", "--output", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "Voortgangsrapportage implementatie Migratiepact: derde kwartaal van 2026" in html
    positions = [html.index(f"<h2>{title}</h2>") for title in SECTIONS_NL]
    assert positions == sorted(positions)
    assert "<caption>" in html
    assert '<th scope="col">' in html
    finder = Finder()
    finder.check("report", html)
    assert finder.found == {}
    # The same check finds the English of the English report (it can fail).
    english = tmp_path / "report.html"
    code, err = _run(
        run_cli, world_url, "--period", "2026-Q3", "--lang", "en", "--output", str(english)
    )
    assert code == 0, err
    finder.check("english", english.read_text(encoding="utf-8"))
    assert finder.found.get("english")


def test_english_pdf_with_extractable_section_titles(
    run_cli: RunCli, world_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    code, err = _run(
        run_cli, world_url, "--period", "2026-H2", "--lang", "en", "--format", "pdf",
        "--output", str(out),
    )  # fmt: skip
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    for title in SECTIONS_EN:
        assert title in flat


def test_dutch_pdf_holds_the_dutch_titles(run_cli: RunCli, world_url: str, tmp_path: Path) -> None:
    out = tmp_path / "rapport.pdf"
    code, err = _run(
        run_cli, world_url, "--period", "2026-07", "--format", "pdf", "--output", str(out)
    )
    assert code == 0, err
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for title in SECTIONS_NL:
        assert title in flat


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2026-H3"), "not a period: '2026-H3'"),
        (("--period", "2026-05"), "ended before the Pact applied on 2026-06-12"),
        (("--period", "2099-H1"), "2099-H1 has not begun"),
        (("--period", "2026-H2", "--format", "docx"), "--format is html or pdf"),
        (("--period", "2026-H2", "--lang", "de"), "--lang is nl or en"),
        (("--period", "2026-H2", "--org", "IND"), "may not"),
    ],
)
def test_bad_input_is_one_line_and_no_file(
    run_cli: RunCli, world_url: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "report.html"
    code, err = _run(run_cli, world_url, *args, "--output", str(out))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert not out.exists()


def test_a_missing_directory_is_refused(run_cli: RunCli, world_url: str, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "report.html"
    code, err = _run(run_cli, world_url, "--period", "2026-H2", "--output", str(out))
    assert code == 2
    assert "there is no directory" in err
