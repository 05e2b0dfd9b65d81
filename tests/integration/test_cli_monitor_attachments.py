"""``migrationpact monitor``: ``signal submit --attach``, ``file attachment`` and ``keys rotate``,
on SQLite and PostgreSQL; a refused file is one line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import metadata
from tests.integration.test_cli_monitor import IJ, SIGNAL, one_error_line
from tests.support.attachments import EXE, PDF, PNG
from tests.support.cli import RunCli

pytest_plugins = ["tests.integration.test_cli_monitor"]


def rows(url: str) -> dict[str, int]:
    register = Register.open(url)
    with register.engine.connect() as conn:
        found = {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables
        }
    register.engine.dispose()
    return found


def signal_args() -> list[str]:
    content = str(SIGNAL["content"])
    return ["signal", "submit", "--source", "ngo", "--channel", "web-form",
            "--content", content, "--phase", "screening", "--right", "4"]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {"pdf": ("verklaring.pdf", PDF), "png": ("cel.png", PNG), "exe": ("run.exe", EXE),
            "fake": ("photo.jpg", PDF), "empty": ("leeg.txt", b""),
            "big": ("big.txt", b"a" * (10 * 1024 * 1024 + 1))}  # fmt: skip
    found = {}
    for key, (name, data) in made.items():
        path = tmp_path / name
        path.write_bytes(data)
        found[key] = path
    return found


def test_attachments_go_in_and_the_keeper_takes_them_out(
    with_keys: RunCli, files: dict[str, Path], tmp_path: Path
) -> None:
    done = with_keys(*signal_args(), "--attach", str(files["pdf"]), "--attach", str(files["png"]))
    assert done.returncode == 0, done.stderr
    reference = done.stdout.strip()
    out = tmp_path / "out.png"
    taken = with_keys("file", "attachment", reference, "2", *IJ, "--out", str(out))
    assert taken.returncode == 0, taken.stderr
    assert out.read_bytes() == PNG
    assert "cel.png (image/png" in taken.stdout
    again = with_keys("file", "attachment", reference, "2", *IJ, "--out", str(out))
    assert "--out" in one_error_line(again)  # never over a file
    other = with_keys("file", "attachment", reference, "1", "--body", "CRM", "--out",
                      str(tmp_path / "x"))  # fmt: skip
    assert one_error_line(other).endswith(f"no monitoring file {reference} for CRM")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("which", "said"),
    [
        ("exe", "not of a kind the register takes"),
        ("fake", "not what its declared type says it is"),
        ("empty", "is empty"),
        ("big", "is larger than 10 MiB"),
        ("missing", "No such file"),
    ],
)
def test_a_refused_attachment_is_one_line_and_writes_nothing(
    with_keys: RunCli, files: dict[str, Path], empty_url: str, which: str, said: str
) -> None:
    before = rows(empty_url)
    path = files.get(which, Path("/nonexistent/statement.pdf"))
    assert said in one_error_line(with_keys(*signal_args(), "--attach", str(path)))
    assert rows(empty_url) == before


def test_too_many_attachments_are_one_line(
    with_keys: RunCli, files: dict[str, Path], empty_url: str
) -> None:
    before = rows(empty_url)
    many = [arg for _ in range(11) for arg in ("--attach", str(files["png"]))]
    assert "at most 10 attachments" in one_error_line(with_keys(*signal_args(), *many))
    assert rows(empty_url) == before


def test_keys_rotate_keeps_every_file_readable(
    with_keys: RunCli, files: dict[str, Path], tmp_path: Path
) -> None:
    reference = with_keys(*signal_args(), "--attach", str(files["pdf"])).stdout.strip()
    old = (tmp_path / "keys" / "InspectieJenV.key").read_text()
    done = with_keys("keys", "rotate", *IJ)
    assert done.returncode == 0, done.stderr
    assert "data keys re-wrapped" in done.stdout
    retired = list((tmp_path / "keys").glob("InspectieJenV.key.retired-*"))
    assert [p.read_text() for p in retired] == [old]
    assert (tmp_path / "keys" / "InspectieJenV.key").read_text() != old
    assert str(SIGNAL["content"]) in with_keys("file", "show", reference, *IJ).stdout
    out = tmp_path / "after.pdf"
    assert with_keys("file", "attachment", reference, "1", *IJ, "--out", str(out)).returncode == 0
    assert out.read_bytes() == PDF
    assert with_keys("verify").stdout.strip() == "Every chain is intact."
    # The retired key, put back, opens nothing.
    (tmp_path / "keys" / "InspectieJenV.key").write_text(old)
    assert "another key" in one_error_line(with_keys("file", "show", reference, *IJ))


def test_keys_rotate_of_an_unknown_body_is_one_line(with_keys: RunCli) -> None:
    assert "unknown body" in one_error_line(with_keys("keys", "rotate", "--body", "Ombudsman"))
