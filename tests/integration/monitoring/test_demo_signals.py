"""The demo's register: both bodies get files, one triaged and one referred each, keys made on
the fly beside the demo database; a second load adds nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from migrationpact.demo.monitoring import demo_place, demo_register, load_demo_signals
from migrationpact.demo.monitoring_case_reads import demo_read_keys
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.services.settings import ServiceSettings
from tests.support.read_keys import public_settings


def test_the_demo_gives_both_bodies_work(tmp_path: Path) -> None:
    place = demo_place(f"sqlite:///{tmp_path}/demo.db")
    assert place == tmp_path
    register = demo_register(place)
    loaded = load_demo_signals(register)
    for body in BODIES:
        key = tmp_path / "monitor-keys" / f"{body}.key"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        files = loaded.files[body]
        assert len(files) >= 2, body
        states = [register.state(ref, body) for ref in files]
        assert [s.status for s in states].count("received") >= 1
        assert sum(bool(s.referrals) for s in states) == 1
        assert sum(s.status == "triaged" for s in states) == 2
    again = load_demo_signals(register)
    assert not any(again.files.values())
    assert sum(len(register.references(b)) for b in BODIES) == len(
        [r for refs in loaded.files.values() for r in refs]
    )
    register.engine.dispose()


def test_serve_demo_points_the_app_at_the_demo_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrationpact.cli.serve_cmd import _load_demo_register

    monkeypatch.delenv("MIGRATIONPACT_MONITOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("MIGRATIONPACT_MONITOR_KEY_DIR", raising=False)
    # The demo puts its own public keys for sealing the monitors' reads in the environment:
    # set back afterwards, or every later read in this process is sealed to the demo's keys
    # and the tests holding the suite's private keys open none (tests/conftest.py).
    for name in public_settings():
        monkeypatch.setenv(name, os.environ[name])
    _load_demo_register(f"sqlite:///{tmp_path}/demo.db")
    demo_keys = demo_read_keys(tmp_path / "monitor-keys")
    assert {name: os.environ[name] for name in demo_keys} == demo_keys
    settings = ServiceSettings.from_env()
    assert settings.monitor_database_url == f"sqlite:///{tmp_path}/migrationpact-monitor.db"
    assert settings.monitor_key_dir == tmp_path / "monitor-keys"
    opened = Register.open(settings.monitor_database_url, KeyRing.load(settings.monitor_key_dir))
    assert all(opened.references(body) for body in BODIES)
    opened.engine.dispose()


def test_a_configured_register_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrationpact.cli.serve_cmd import _load_demo_register

    monkeypatch.setenv("MIGRATIONPACT_MONITOR_DATABASE_URL", "sqlite:///elsewhere.db")
    _load_demo_register(f"sqlite:///{tmp_path}/demo.db")
    assert not (tmp_path / "monitor-keys").exists()
