"""``twin run --report`` and ``twin compare --report``: the chain-effects report as HTML or PDF,
in Dutch or English; the Dutch report has no English (the Dutch pages' ``Finder``, which finds
the English of the English report); the comparison's differences are those ``twin compare``
prints; bad report options are one line, exit 2, nothing run and nothing written."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.integration.web.test_dutch_pages import Finder
from tests.support.cli import RunCli
from tests.unit.services.test_twin_report import CLOSED, close, numbers, tables_of
from tests.unit.twin.helpers import small_text, write

PARTS_NL = (
    "Methode",
    "De gebruikte wet",
    "Resultaten over de horizon",
    "Verstreken termijnen en hun gevolgen",
    "Bezetting van de grensprocedure tegenover haar capaciteit",
    "Benodigde plaatsen in Dublinonderdaklocaties",
    "Bronnen en status van de cijfers",
    "Wat de tweeling niet modelleert",
)


@pytest.fixture
def scenarios(tmp_path: Path) -> tuple[Path, Path]:
    base = write(tmp_path, small_text(per_month=20, months=2), "base.yaml")
    alt_text = small_text(per_month=20, months=2, law=("  amendments: []\n", CLOSED))
    return base, write(tmp_path, alt_text, "alt.yaml")


def _twin(run_cli: RunCli, *args: str) -> str:
    done = run_cli("twin", *args, "-n", "2", "--seed", "4", "--sequential")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_dutch_html_report_in_order_without_english(
    run_cli: RunCli, scenarios: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "rapport.html"
    printed = _twin(run_cli, "run", str(scenarios[0]), "--report", str(out))
    assert printed.endswith(f"report written to {out}\n")
    html = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "<h1>Rapport keteneffecten: scenario base</h1>" in html
    positions = [html.index(f"<h2>{title}</h2>") for title in PARTS_NL]
    assert positions == sorted(positions)
    assert 'role="img"' in html
    assert "<caption>" in html
    finder = Finder()
    finder.check("rapport", html)
    assert finder.found == {}
    english = tmp_path / "report.html"
    _twin(run_cli, "run", str(scenarios[0]), "--report", str(english), "--lang", "en")
    finder.check("english", english.read_text(encoding="utf-8"))
    assert finder.found.get("english")  # the same check finds English (it can fail)


def test_a_comparison_report_shows_the_differences_twin_compare_prints(
    run_cli: RunCli, scenarios: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "compare.html"
    base, alt = (str(s) for s in scenarios)
    printed = _twin(run_cli, "compare", base, alt, "--report", str(out), "--lang", "en")
    line = next(x for x in printed.splitlines() if x.startswith("border-procedure entries"))
    # the printed line: label (55 wide), base, alt, difference [low – high]
    printed_numbers = [float(x.replace(",", "")) for x in re.findall(r"-?[\d,.]+", line[55:])]
    html = out.read_text(encoding="utf-8")
    rows = {row[0]: row[1:] for row in tables_of(html)["report-differences"][1:]}
    shown = [n for cell in rows["border-procedure entries"] for n in numbers(cell)]
    assert len(shown) == len(printed_numbers) == 5  # base, alt, difference and its band
    assert all(close(s, p) for s, p in zip(shown, printed_numbers, strict=True))
    dutch = tmp_path / "vergelijking.html"
    _twin(run_cli, "compare", base, alt, "--report", str(dutch))
    finder = Finder()
    finder.check("vergelijking", dutch.read_text(encoding="utf-8"))
    assert finder.found == {}


@pytest.mark.parametrize(("language", "titles"), [("nl", PARTS_NL), ("en", ("Method",))])
def test_a_pdf_report_holds_its_titles(
    run_cli: RunCli,
    scenarios: tuple[Path, Path],
    tmp_path: Path,
    language: str,
    titles: tuple[str, ...],
) -> None:
    out = tmp_path / "report.pdf"
    args = ("--report", str(out), "--format", "pdf", "--lang", language)
    _twin(run_cli, "run", str(scenarios[0]), *args)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for title in titles:
        assert title in flat


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "docx"), "--format is html or pdf, not 'docx'"),
        (("--lang", "de"), "--lang is nl or en, not 'de'"),
    ],
)
def test_bad_report_options_are_one_line_and_nothing_runs(
    run_cli: RunCli,
    scenarios: tuple[Path, Path],
    tmp_path: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    report, out = tmp_path / "r.html", tmp_path / "out"
    for command in (("run", str(scenarios[0])), ("compare", *map(str, scenarios))):
        more = ("--out", str(out)) if command[0] == "run" else ()
        done = run_cli("twin", *command, "--sequential", "--report", str(report), *more, *args)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr == f"migrationpact: error: {message}\n"
        assert not report.exists()
        assert not out.exists()
    nowhere = run_cli("twin", "run", str(scenarios[0]), "--sequential", "--report",
                      str(tmp_path / "none" / "r.html"))  # fmt: skip
    assert nowhere.returncode == 2
    assert "--report: there is no directory" in nowhere.stderr


def test_the_backtest_report_has_its_section_in_dutch_without_english(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "terugtoets.html"
    done = run_cli("twin", "run", "backtest-2023-2025", "--scale", "0.001", "-n", "2",
                   "--sequential", "--report", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    at = html.index("<h2>Terugtoets</h2>")
    assert html.index("<h2>Resultaten over de horizon</h2>") < at
    assert 'id="chart-backtest-decisions"' in html
    assert "beslissingen in eerste aanleg: de gemiddelde absolute procentuele afwijking" in html
    finder = Finder()
    finder.check("terugtoets", html)
    assert finder.found == {}
