"""Small files of each kind the register takes, and one it refuses, for the attachment tests.

Each starts with its kind's magic bytes and carries a marker no other row of the register holds,
so a test can look for it in the raw rows and find it only if it were stored in the clear."""

from __future__ import annotations

import base64

from migrationpact.monitoring.attachments import Upload

MARKER = b"ZAID-AL-HADDAD-STATEMENT"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + MARKER + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + MARKER
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + MARKER
TEXT = b"Verklaring van de heer al-Haddad: negen dagen vast. " + MARKER
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + MARKER


def statement() -> Upload:
    return Upload("statement al-Haddad.pdf", "application/pdf", PDF)


def photo() -> Upload:
    return Upload("cell.png", "image/png", PNG)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
