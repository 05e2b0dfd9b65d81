"""The attachments a signal may carry: the type read off the bytes, the limits, the names."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.monitoring.attachments import (
    AttachmentError,
    Upload,
    check_uploads,
    clean_name,
    download_name,
    sniff,
)
from migrationpact.monitoring.events import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_BYTES,
    parse_monitoring_event,
)
from tests.support.attachments import EXE, JPEG, PDF, PNG, TEXT

MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (TEXT, "text/plain"),
        (b"line one\r\n\tline two\x0c", "text/plain"),
        (EXE, None),
        (b"\x00\x01\x02", None),  # binary without a magic the register knows
        (b"caf\xe9", None),  # Latin-1, not UTF-8: not plain text as the register keeps it
        (b"%PDF", "text/plain"),  # too short to be the magic "%PDF-": only text
    ],
)
def test_the_kind_is_read_off_the_bytes(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_a_file_is_described_with_what_its_bytes_are_and_their_digest() -> None:
    (described,) = check_uploads([Upload("scan", "", PDF)])
    assert described.media_type == "application/pdf"  # nothing declared: the bytes say
    assert described.size_bytes == len(PDF)
    assert described.sha256 == hashlib.sha256(PDF).hexdigest()
    loose = check_uploads(
        [Upload("p.jpg", "image/jpg", JPEG), Upload("t", "text/plain; charset=utf-8", TEXT)]
    )
    assert [a.media_type for a in loose] == ["image/jpeg", "text/plain"]


@pytest.mark.parametrize(
    ("uploads", "said"),
    [
        ([Upload("leeg.pdf", "application/pdf", b"")], "The attachment leeg.pdf is empty."),
        (
            [Upload("big.txt", "text/plain", b"a" * (MAX_ATTACHMENT_BYTES + 1))],
            "The attachment big.txt is larger than 10 MiB.",
        ),
        (
            [Upload("run.exe", "", EXE)],
            "The attachment run.exe is not of a kind the register takes "
            "(PDF, JPEG, PNG or plain text).",
        ),
        (
            [Upload("photo.jpg", "image/jpeg", PDF)],
            "The attachment photo.jpg is not what its declared type says it is.",
        ),
        (
            [Upload("page.html", "text/html", b"<html></html>")],
            "The attachment page.html is not what its declared type says it is.",
        ),
        (
            [Upload(f"{n}.txt", "text/plain", b"x") for n in range(MAX_ATTACHMENTS + 1)],
            "A signal has at most 10 attachments.",
        ),
        (
            [Upload(f"{n}.txt", "text/plain", b"a" * (9 * MIB)) for n in range(3)],
            "The attachments together are larger than 25 MiB.",
        ),
    ],
)
def test_a_refused_attachment_says_why(uploads: list[Upload], said: str) -> None:
    with pytest.raises(AttachmentError) as refused:
        check_uploads(uploads)
    assert str(refused.value) == said
    assert refused.value.text.template.startswith(("The attachment", "A signal", "The attachments"))


def test_the_limits_hold_at_their_edges() -> None:
    exactly = [Upload("a.txt", "text/plain", b"a" * MAX_ATTACHMENT_BYTES)]
    assert check_uploads(exactly)[0].size_bytes == MAX_ATTACHMENT_BYTES
    together = MAX_ATTACHMENTS_BYTES // 5
    five = [Upload(f"{n}.txt", "text/plain", b"a" * together) for n in range(5)]
    assert sum(a.size_bytes for a in check_uploads(five)) == MAX_ATTACHMENTS_BYTES
    ten = [Upload(f"{n}.txt", "text/plain", b"x") for n in range(MAX_ATTACHMENTS)]
    assert len(check_uploads(ten)) == MAX_ATTACHMENTS


def test_the_digest_is_part_of_the_signals_event() -> None:
    (described,) = check_uploads([Upload("cell.png", "image/png", PNG)])
    event = parse_monitoring_event(
        {"type": "signal_received", "occurred_at": "2026-12-07T09:00",
         "received_at": "2026-12-07T09:00", "source": "ngo", "channel": "email",
         "content": "x", "attachments": [described.model_dump(mode="json")]}
    )  # fmt: skip
    assert event.attachments[0].sha256 == hashlib.sha256(PNG).hexdigest()


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("../../etc/passwd", "text/plain", "passwd.txt"),
        ("C:\\Users\\x\\brief.pdf", "application/pdf", "brief.pdf"),
        ('evil"; filename=x.html', "text/plain", "evil_filename_x.txt"),
        ("foto.jpeg.exe", "image/jpeg", "foto.jpeg.jpg"),
        ("...", "image/png", "attachment.png"),
        ("verklaring\r\nSet-Cookie: a=b.txt", "text/plain", "verklaringSet-Cookie_a_b.txt"),
    ],
)
def test_a_download_gets_a_safe_name_with_the_extension_of_its_bytes(
    name: str, kind: str, safe: str
) -> None:
    assert download_name(name, kind) == safe


@given(st.text(max_size=300), st.sampled_from(["application/pdf", "image/png", "text/plain"]))
def test_every_name_becomes_safe(name: str, kind: str) -> None:
    safe = download_name(name, kind)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(pdf|png|txt)", safe), safe
    kept = clean_name(name)
    assert "/" not in kept
    assert "\\" not in kept
    assert 0 < len(kept) <= 200
    assert not any(ord(c) < 32 for c in kept)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40))
def test_text_is_refused_exactly_when_it_holds_a_control_character_other_than_layout(
    text: str,
) -> None:
    foreign = any(unicodedata.category(c) == "Cc" and c not in "\t\n\x0c\r" for c in text)
    data = b"text: " + text.encode("utf-8")  # no magic of another kind at the start
    assert (sniff(data) is None) == foreign
