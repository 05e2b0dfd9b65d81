"""A body's key is found where the docs say, and a sealed record opens only in its place and
for a body it was wrapped for."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest

from migrationpact.monitoring_store.keys import (
    KeyRing,
    MonitorKeyError,
    create_key,
    key_id,
    load_key,
)
from migrationpact.monitoring_store.sealing import SealError, open_sealed, seal


def test_the_environment_variable_wins_over_the_key_file(tmp_path: Path) -> None:
    create_key("CRM", tmp_path)
    from_env = secrets.token_bytes(32)
    env = {"MIGRATIONPACT_MONITOR_KEY_CRM": base64.urlsafe_b64encode(from_env).decode()}
    assert load_key("CRM", tmp_path, env=env) == from_env
    assert load_key("CRM", tmp_path, env={}) != from_env


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not base64 at all!", "holds no base64 key"),
        (base64.b64encode(b"short").decode(), "5 bytes"),
    ],
)
def test_a_bad_key_is_named_with_where_it_was(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "CRM.key").write_text(text)
    with pytest.raises(MonitorKeyError, match=problem):
        load_key("CRM", tmp_path, env={})


def test_a_ring_holds_the_keys_it_finds_and_names_the_missing_one(tmp_path: Path) -> None:
    create_key("InspectieJenV", tmp_path)
    ring = KeyRing.load(tmp_path, env={})
    assert set(ring.keys) == {"InspectieJenV"}
    with pytest.raises(MonitorKeyError, match="MIGRATIONPACT_MONITOR_KEY_CRM"):
        ring.key("CRM")
    with pytest.raises(MonitorKeyError, match="unknown body 'Ombudsman'"):
        create_key("Ombudsman", tmp_path)


def test_a_record_opens_only_in_its_place_and_for_its_bodies() -> None:
    ij, crm = secrets.token_bytes(32), secrets.token_bytes(32)
    sealed, wraps = seal(b"secret", "M-1|1|signal_received", {"InspectieJenV": ij})
    assert (
        open_sealed(sealed, "M-1|1|signal_received", wraps["InspectieJenV"], "InspectieJenV", ij)
        == b"secret"
    )
    with pytest.raises(SealError, match="does not open"):  # moved to another row
        open_sealed(sealed, "M-1|2|signal_received", wraps["InspectieJenV"], "InspectieJenV", ij)
    with pytest.raises(SealError, match="another key"):  # the other body's key
        open_sealed(sealed, "M-1|1|signal_received", wraps["InspectieJenV"], "InspectieJenV", crm)
    with pytest.raises(SealError, match="does not open for CRM"):  # a wrap claimed by another body
        open_sealed(sealed, "M-1|1|signal_received", wraps["InspectieJenV"], "CRM", ij)
    assert key_id(ij) != key_id(crm)
