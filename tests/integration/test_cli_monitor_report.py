"""``migrationpact monitor report`` (SQLite and PostgreSQL): the annual report to an HTML or PDF
file, in Dutch or English, public or not; bad input is one line, exit 2, and no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli_monitor import SIGNAL, env, monitor, one_error_line, with_keys
from tests.support.cli import RunCli

__all__ = ["env", "monitor", "with_keys"]  # the fixtures, shared with the monitor commands' tests


@pytest.fixture
def signals(with_keys: RunCli, tmp_path: Path) -> RunCli:
    """Two signals for the Inspectie (screening) and one for the College (Art. 18)."""
    for fields in ({}, {"source": "lawyer"}, {"phase": None, "rights": ["18"]}):
        path = tmp_path / "signal.json"
        path.write_text(json.dumps({**SIGNAL, **fields}), encoding="utf-8")
        assert with_keys("signal", "submit", "--file", str(path)).returncode == 0
    return with_keys


def test_a_bodys_report_in_dutch_html(signals: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "verslag.html"
    done = signals("report", "--year", "2026", "--body", "InspectieJenV", "--out", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "<h1>Jaarverslag 2026 van het monitoringsmechanisme</h1>" in html
    assert "Van Inspectie Justitie en Veiligheid." in html
    total = html.split('id="report-signals-source"')[1].split("</table>")[0]
    assert '<tr class="total"><th scope="row">Totaal</th><td class="n">2</td></tr>' in total


def test_the_joint_public_report_as_pdf(signals: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    done = signals(
        "--org", "CRM", "report", "--year", "2026", "--joint", "--public", "--format", "pdf",
        "--language", "en", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_the_public_version_in_english_hides_the_small_counts(
    signals: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "public.html"
    args = ("report", "--year", "2026", "--body", "CRM", "--public", "--language", "en")
    assert signals(*args, "--out", str(out)).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "Public version." in html
    assert '<td class="n">&lt; 5</td>' in html
    assert '<td class="n">1</td>' not in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--body", "IND"), "unknown body 'IND'"),
        (("--body", "CRM", "--joint"), "give either --body B or --joint"),
        (("--joint",), "--joint: say for which body you act with --org"),
        (("--body", "CRM", "--format", "docx"), "--format is html or pdf"),
        (("--body", "CRM", "--language", "fr"), "--language is nl or en"),
        (("--body", "CRM", "--year", "2019"), "a report covers a year from 2026"),
    ],
)
def test_bad_input_is_one_line_and_writes_no_file(
    signals: RunCli, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    out = tmp_path / "never.html"
    given = ("--year", "2026", *args) if "--year" not in args else args
    line = one_error_line(signals("report", *given, "--out", str(out)))
    assert says in line
    assert not out.exists()


def test_another_organisation_makes_no_report(signals: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "never.html"
    done = signals("--org", "IND", "report", "--year", "2026", "--body", "CRM", "--out", str(out))
    assert done.returncode == 2
    assert not out.exists()
