"""Sealing a monitoring body's read (``store.sealed_reads``, HPKE of RFC 9180): what goes in
comes out with the body's private key only, bound to the row's time; without a public key the
read is refused; the clear row names nothing of the read."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.store.accesslog import AccessEntry, sealed
from migrationpact.store.sealed_reads import (
    ENV_PUBLIC_KEY_DIR,
    SEAL_PREFIX,
    SEALED,
    SealBrokenError,
    UnsealedReadError,
    env_name,
    open_record,
    public_key,
    public_text,
    seal_record,
    sealed_token,
)
from tests.support.read_keys import PRIVATE

AT = datetime(2026, 12, 4, 9, 30, 0, 123456)
KEYS = {body: X25519PrivateKey.generate() for body in ("InspectieJenV", "CRM")}
ENV = {env_name(body): public_text(key.public_key()) for body, key in KEYS.items()}


def _read(organisation: str = "CRM", channel: str = "token") -> AccessEntry:
    return AccessEntry(
        at=AT, actor="crm-monitor", organisation=organisation, role="monitor",
        action="case.read", resource="case:C-7", case_id="C-7", fields=("identity",),
        purpose="visit of 3 December", outcome="granted", channel=channel, request_id="r-1",
    )  # fmt: skip


def test_a_record_opens_with_its_bodys_key_only() -> None:
    token = seal_record({"case_id": "C-7"}, "CRM", AT, env=ENV)
    assert open_record(token, KEYS["CRM"], AT) == {"case_id": "C-7"}
    with pytest.raises(SealBrokenError):
        open_record(token, KEYS["InspectieJenV"], AT)


def test_a_seal_moved_to_another_time_does_not_open() -> None:
    token = seal_record({"case_id": "C-7"}, "CRM", AT, env=ENV)
    with pytest.raises(SealBrokenError):
        open_record(token, KEYS["CRM"], AT.replace(microsecond=123457))


def test_two_seals_of_one_record_differ() -> None:
    # A fresh ephemeral key per row: equal reads do not give equal rows.
    first, second = (seal_record({"case_id": "C-7"}, "CRM", AT, env=ENV) for _ in range(2))
    assert first != second


@settings(max_examples=40, deadline=None)
@given(
    record=st.dictionaries(
        st.text(min_size=1, max_size=12),
        st.one_of(st.none(), st.text(max_size=200), st.lists(st.text(max_size=20), max_size=5)),
        max_size=8,
    )
)
def test_every_record_comes_back_and_no_word_of_it_is_in_the_seal(record: dict[str, Any]) -> None:
    token = seal_record(record, "InspectieJenV", AT, env=ENV)
    assert open_record(token, KEYS["InspectieJenV"], AT) == record
    body = token.removeprefix(SEAL_PREFIX)
    words = [w for v in record.values() if isinstance(v, str) for w in [v] if len(w) >= 12]
    assert not any(word in body for word in words)


def test_a_bodys_read_is_written_sealed_and_the_row_says_nothing_of_it() -> None:
    entry = sealed(_read())
    assert {k: v for k, v in entry.to_dict().items() if k != "fields"} == {
        "id": None, "at": AT.isoformat() + "Z", "actor": SEALED, "organisation": SEALED,
        "role": "monitor", "action": SEALED, "resource": SEALED, "case_id": None,
        "purpose": SEALED, "outcome": SEALED, "channel": SEALED, "request_id": None,
    }  # fmt: skip
    for word in ("crm-monitor", "CRM", "C-7", "identity", "visit", "case.read", "r-1", "token"):
        assert word not in repr(entry.to_dict()), word
    token = sealed_token(entry.fields)
    assert token is not None
    opened = open_record(token, PRIVATE["CRM"], AT)  # the test session's configured key
    assert opened == {k: v for k, v in _read().to_dict().items() if k not in ("id", "at")}


def test_other_rows_and_a_monitors_lockout_stay_in_clear() -> None:
    ind = replace(_read(), organisation="IND", role="caseworker")
    assert sealed(ind) == ind
    lockout = _read(channel="sign-in")
    assert sealed(lockout) == lockout


def test_without_the_public_key_a_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(env_name("CRM"))
    monkeypatch.delenv(ENV_PUBLIC_KEY_DIR, raising=False)
    with pytest.raises(UnsealedReadError, match=r"MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_CRM"):
        sealed(_read())


def test_the_public_key_is_found_in_its_file(tmp_path: Path) -> None:
    (tmp_path / "CRM.reads.pub").write_text(ENV[env_name("CRM")] + "\n")
    found = public_key("CRM", {ENV_PUBLIC_KEY_DIR: str(tmp_path)})
    assert found.public_bytes_raw() == KEYS["CRM"].public_key().public_bytes_raw()
    with pytest.raises(UnsealedReadError, match=r"InspectieJenV\.reads\.pub"):
        public_key("InspectieJenV", {ENV_PUBLIC_KEY_DIR: str(tmp_path)})


@pytest.mark.parametrize(
    ("value", "says"), [("not base64!", "no base64"), ("AAAA", "3 bytes, not 32")]
)
def test_a_bad_public_key_is_named(value: str, says: str) -> None:
    with pytest.raises(UnsealedReadError, match=says):
        public_key("CRM", {env_name("CRM"): value})
