"""The operations settings at the command line (docs/operations.md): a bad log format or
tracing mode stops ``serve`` in one line before it starts, and the settings come from the
environment; ``store backup`` of a database that is not a store says so in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrationpact.services.settings import ServiceSettings
from tests.support.cli import RunCli


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MIGRATIONPACT_TRACING", "jaeger", "MIGRATIONPACT_TRACING must be off, console or otlp"),
        ("MIGRATIONPACT_LOG_FORMAT", "xml", "MIGRATIONPACT_LOG_FORMAT must be json or text"),
    ],
)
def test_a_bad_operations_setting_stops_serve_in_one_line(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv("MIGRATIONPACT_PUBLIC_URL", "http://127.0.0.1:8000")  # serve sets it
    done = run_cli("serve", "--port", "8799", env={name: value})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"migrationpact: error: {said}, not {value!r}"]


def test_operations_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (ServiceSettings().metrics_token, ServiceSettings().log_format) == (None, "json")
    assert ServiceSettings().tracing == "off"
    monkeypatch.setenv("MIGRATIONPACT_METRICS_TOKEN", "t0ken")
    monkeypatch.setenv("MIGRATIONPACT_LOG_FORMAT", " Text ")
    monkeypatch.setenv("MIGRATIONPACT_TRACING", "CONSOLE")
    settings = ServiceSettings.from_env()
    assert (settings.metrics_token, settings.log_format, settings.tracing) == (
        "t0ken", "text", "console",
    )  # fmt: skip
    settings.check()


def test_backing_up_what_is_not_a_store_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    url = f"sqlite:///{tmp_path / 'nothing.db'}"
    done = run_cli("store", "backup", "--to", str(tmp_path / "b"), "--database", url)
    assert done.returncode == 2
    assert "is not a migrated store: nothing to back up" in done.stderr
    assert not (tmp_path / "b").exists()
