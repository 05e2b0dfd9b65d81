"""``migrationpact monitor serve``: its options, a bad users file refused in one line before
anything is served, the register's app handed to uvicorn without a case database, and
``serve --demo`` starting it as a process of its own."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from migrationpact.cli import serve_cmd
from tests.support.cli import RunCli
from tests.support.passwords import CHEAP

#: Every variable the command sets, given here so that each is restored after it.
QUIET = {
    "MIGRATIONPACT_PUBLIC_URL": "",
    "MIGRATIONPACT_MONITOR_USERS_FILE": "",
    "MIGRATIONPACT_DEMO": "0",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def env(tmp_path: Path, empty_url: str) -> dict[str, str]:
    return QUIET | {
        "MIGRATIONPACT_DATABASE_URL": f"sqlite:///{tmp_path / 'no-cases' / 'cases.db'}",
        "MIGRATIONPACT_MONITOR_DATABASE_URL": empty_url,
        "MIGRATIONPACT_MONITOR_KEY_DIR": str(tmp_path / "keys"),
    }


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the command hands uvicorn (nothing is served in a test)."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        "migrationpact.cli.monitor_serve_cmd.uvicorn.run",
        lambda app, **kw: calls.append({"app": app, **kw}),
    )
    return calls


def users_file(tmp_path: Path, organisation: str, role: str) -> Path:
    path = tmp_path / "register-users.yaml"
    path.write_text(
        f"users:\n  - {{username: someone, name: Some One, organisation: {organisation}, "
        f"role: {role}, password_hash: '{CHEAP.hash('pw-pw-pw-pw')}'}}\n",
        encoding="utf-8",
    )
    return path


def test_help_names_the_port_the_demo_and_the_users_file(run_cli: RunCli) -> None:
    done = run_cli("monitor", "serve", "--help", env={"COLUMNS": "200"})
    assert done.returncode == 0
    for option in ("--host", "--port", "--demo", "--users-file", "--workers"):
        assert option in done.stdout
    assert "8100" in done.stdout


def test_a_users_file_with_an_ind_user_is_one_line_and_nothing_is_served(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path, served: list[dict[str, Any]]
) -> None:
    path = users_file(tmp_path, "IND", "caseworker")
    done = run_cli(
        "monitor", "serve", "--port", str(free_port()), "--users-file", str(path), env=env
    )
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "entry 1 (someone): organisation 'IND'" in lines[0]
    assert served == []


def test_it_serves_the_registers_app_with_no_case_database(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path, served: list[dict[str, Any]]
) -> None:
    from migrationpact.services.monitoring import create_body_key

    for body in ("InspectieJenV", "CRM"):
        create_body_key(body=body, directory=tmp_path / "keys")
    port = free_port()
    path = users_file(tmp_path, "CRM", "monitor")
    done = run_cli("monitor", "serve", "--port", str(port), "--users-file", str(path), env=env)
    assert done.returncode == 0, done.stderr
    assert [(c["app"], c["factory"], c["port"]) for c in served] == [
        ("migrationpact.monitor_app:create_monitor_app", True, port)
    ]
    assert f"http://127.0.0.1:{port}/" in done.stdout
    assert not (tmp_path / "no-cases").exists()


def test_serve_demo_starts_the_register_as_its_own_process_on_its_own_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[tuple[list[str], dict[str, str]]] = []

    class Process:
        def __init__(self, args: list[str], env: dict[str, str]) -> None:
            started.append((args, env))

        def poll(self) -> int:
            return 0

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr("migrationpact.cli.serve_cmd.subprocess.Popen", Process)
    monkeypatch.setenv("MIGRATIONPACT_PUBLIC_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("MIGRATIONPACT_USERS_FILE", "/etc/case-users.yaml")
    process = serve_cmd._start_register("127.0.0.1", serve_cmd.register_port(8000))
    serve_cmd._stop(process)
    [(args, env)] = started
    assert args[-7:] == ["monitor", "serve", "--demo", "--host", "127.0.0.1", "--port", "8100"]
    assert "MIGRATIONPACT_PUBLIC_URL" not in env  # the register has an address of its own
    assert "MIGRATIONPACT_USERS_FILE" not in env  # and none of the case system's users


def test_stopping_the_register_ends_a_process_that_still_runs() -> None:
    process = subprocess.Popen(["sleep", "30"])
    serve_cmd._stop(process)
    assert process.returncode is not None
