"""Envelopes: they open with their key only, in their own place only, and read as erased."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.store.sealing import (
    ENVELOPE,
    ERASED,
    Erased,
    Keyring,
    SealError,
    has_plain_personal,
    open_payload,
    open_value,
    seal_payload,
    seal_value,
)

PAYLOAD: dict[str, Any] = {
    "entry": "border-crossing",
    "note": "Haddad asked for an interpreter",
    "person": {"pseudonym": "P-1", "names": ["Amal", "Haddad"], "date_of_birth": "2001-03-14",
               "nationality": "SYR", "v_number": None},
}  # fmt: skip


def _key() -> AESGCM:
    return AESGCM(AESGCM.generate_key(bit_length=256))


def test_a_payload_round_trips_and_only_personal_fields_are_sealed() -> None:
    key = _key()
    sealed = seal_payload("screening_started", "C-1", PAYLOAD, key)
    assert "Haddad" not in str(sealed)
    assert "2001-03-14" not in str(sealed)
    assert sealed["person"]["nationality"] == "SYR"
    assert sealed["entry"] == "border-crossing"
    assert sealed["person"]["v_number"] is None  # nothing to seal
    assert set(sealed["note"]) == {ENVELOPE}
    assert not has_plain_personal("screening_started", sealed)
    assert has_plain_personal("screening_started", PAYLOAD)
    assert open_payload("screening_started", "C-1", sealed, key) == PAYLOAD
    assert PAYLOAD["person"]["names"] == ["Amal", "Haddad"]  # the input is left as it was


def test_the_wrong_key_a_changed_ciphertext_or_another_place_does_not_open() -> None:
    key = _key()
    envelope = seal_value(["Amal"], "C-1", ("person", "names"), key)
    with pytest.raises(SealError):
        open_value(envelope, "C-1", ("person", "names"), _key())
    with pytest.raises(SealError):
        open_value(envelope, "C-2", ("person", "names"), key)
    with pytest.raises(SealError):
        open_value(envelope, "C-1", ("form", "names"), key)
    text = envelope[ENVELOPE]
    flipped = text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]
    with pytest.raises(SealError):
        open_value({ENVELOPE: flipped}, "C-1", ("person", "names"), key)


def test_an_erased_key_reads_the_fields_as_erased() -> None:
    sealed = seal_payload("screening_started", "C-1", PAYLOAD, _key())
    opened = open_payload("screening_started", "C-1", sealed, ERASED)
    assert opened["note"] is None
    assert opened["person"] == {"pseudonym": "P-1", "names": [], "date_of_birth": None,
                                "nationality": "SYR", "v_number": None}  # fmt: skip
    with_surrogate = open_payload("screening_started", "C-1", sealed, Erased(date(2001, 2, 2)))
    assert with_surrogate["person"]["date_of_birth"] == "2001-02-02"
    with pytest.raises(SealError):
        open_payload("screening_started", "C-1", sealed, None)  # sealed, but no key


def test_a_wrapped_key_unwraps_only_with_its_kek() -> None:
    ring = Keyring(kek=bytes(32))
    ring.fresh("C-1")
    wrapped = ring.new["C-1"]
    assert isinstance(ring.line_key("C-1", wrapped), AESGCM)
    with pytest.raises(SealError, match="wrapped by KEK"):
        Keyring(kek=bytes([1] * 32)).line_key("C-1", wrapped)
    with pytest.raises(SealError, match="does not unwrap"):
        ring.line_key("C-2", wrapped)


@given(names=st.lists(st.text(min_size=1, max_size=40), max_size=5), note=st.text(max_size=80))
def test_any_text_round_trips(names: list[str], note: str) -> None:
    key = AESGCM(bytes(32))
    payload = {"note": note or None, "person": {"pseudonym": "P", "names": names}}
    sealed = seal_payload("application_made", "C-9", payload, key)
    assert open_payload("application_made", "C-9", sealed, key) == payload
