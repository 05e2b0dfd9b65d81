"""What a signal may carry as attachments, checked on the bytes themselves before anything is kept.

A submitter attaches a statement, a photograph, a letter. The register keeps the bytes (sealed,
at the edge), so what it accepts is a closed list of harmless kinds of file (``ACCEPTED``: PDF,
JPEG, PNG and plain text), told apart by the file's first bytes (its *magic*), not by the name or
the type the sender declared: a declared type that the bytes contradict is refused too, so a
page renamed ``photo.jpg`` does not pass as a photograph. Limits: at most ``MAX_ATTACHMENTS``
files, none empty, each at most ``MAX_ATTACHMENT_BYTES`` and together at most
``MAX_ATTACHMENTS_BYTES`` (``events``). ``check_uploads`` returns each file's description with
its SHA-256 digest (recorded in the signal's event, so the hash chain covers it) or raises one
``AttachmentError`` whose ``text`` a page says in its own language.

>>> found = check_uploads([Upload("brief.txt", "text/plain", b"Hello")])
>>> found[0].media_type, found[0].size_bytes, found[0].sha256[:12]
('text/plain', 5, '185f8db32271')
>>> try:
...     check_uploads([Upload("photo.jpg", "image/jpeg", b"%PDF-1.7 ...")])
... except AttachmentError as exc:
...     print(exc)
The attachment photo.jpg is not what its declared type says it is.
>>> download_name("../../etc/passwd", "text/plain")
'passwd.txt'
>>> download_name("Verklaring é.PDF", "application/pdf")
'Verklaring.pdf'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from migrationpact.law.text import Text
from migrationpact.monitoring.events import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_BYTES,
    Attachment,
)

#: The kinds of file the register keeps: media type -> (the extension a download gets, the
#: magic its bytes start with; plain text has none and is recognised by its characters).
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "application/pdf": ("pdf", (b"%PDF-",)),
    "image/jpeg": ("jpg", (b"\xff\xd8\xff",)),
    "image/png": ("png", (b"\x89PNG\r\n\x1a\n",)),
    "text/plain": ("txt", ()),
}
#: What a sender may declare for an accepted type besides its own name (old or loose names).
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-pdf": "application/pdf",
}
#: A declared type that says nothing (a browser's answer for an extension it does not know).
_UNDECLARED = {"", "application/octet-stream"}
#: Characters of plain text besides the printable ones: tab, line feed, form feed, return.
_TEXT_CONTROLS = {"\t", "\n", "\x0c", "\r"}
#: The control characters (Unicode category Cc, all below U+00A0) a text file may not hold:
#: one regular expression scans ten MiB in milliseconds, a category lookup per character
#: took seconds.
_FOREIGN_CONTROLS = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in range(0xA0)
        if unicodedata.category(chr(c)) == "Cc" and chr(c) not in _TEXT_CONTROLS
    )
    + "]"
)
MAX_NAME = 200


class AttachmentError(ValueError):
    """An attachment (or the set of them) the register does not take; ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


@dataclass(frozen=True)
class Upload:
    """One file as it arrived: the name and type the sender gave, and its bytes."""

    name: str
    declared_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The accepted media type the bytes are, by their magic; None: none of them."""
    for media_type, (_, magics) in ACCEPTED.items():
        if any(data.startswith(magic) for magic in magics):
            return media_type
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _FOREIGN_CONTROLS.search(text):
        return None
    return "text/plain"


def clean_name(name: str) -> str:
    """The file's own name without any folder, control characters or surrounding blanks."""
    base = re.split(r"[\\/]", name)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    return kept[:MAX_NAME] or "attachment"


def download_name(name: str, media_type: str) -> str:
    """A name safe in a ``Content-Disposition`` header and on any disk: ASCII letters, digits,
    ``._-``, with the extension of the type the bytes are (not the one the sender chose)."""
    stem = clean_name(name).rsplit(".", 1)[0]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:100].rstrip("._-") or "attachment"
    extension = ACCEPTED.get(media_type, ("bin", ()))[0]
    return f"{safe}.{extension}"


def _size(count: int) -> str:
    """A limit in whole MiB (KiB below one MiB), the same in Dutch and English."""
    return f"{count // 1024**2} MiB" if count >= 1024**2 else f"{count // 1024} KiB"


def _declared(declared: str) -> str:
    bare = declared.split(";")[0].strip().lower()
    return _ALIASES.get(bare, bare)


def check_upload(upload: Upload) -> Attachment:
    """One file checked: not empty, not too large, of an accepted type that its declared type
    does not contradict; its description with the digest."""
    name = clean_name(upload.name)
    if not upload.data:
        raise AttachmentError(Text("The attachment %(name)s is empty.", name=name))
    if len(upload.data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            Text(
                "The attachment %(name)s is larger than %(limit)s.",
                name=name,
                limit=_size(MAX_ATTACHMENT_BYTES),
            )
        )
    found = sniff(upload.data)
    if found is None:
        raise AttachmentError(
            Text(
                "The attachment %(name)s is not of a kind the register takes "
                "(PDF, JPEG, PNG or plain text).",
                name=name,
            )
        )
    declared = _declared(upload.declared_type)
    if declared not in _UNDECLARED and declared != found:
        raise AttachmentError(
            Text("The attachment %(name)s is not what its declared type says it is.", name=name)
        )
    return Attachment(
        name=name,
        media_type=found,
        size_bytes=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
    )


def check_uploads(uploads: Sequence[Upload]) -> tuple[Attachment, ...]:
    """Every file checked, and the set of them: how many, and how large together."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise AttachmentError(
            Text("A signal has at most %(count)s attachments.", count=str(MAX_ATTACHMENTS))
        )
    total = sum(len(upload.data) for upload in uploads)
    described = tuple(check_upload(upload) for upload in uploads)
    if total > MAX_ATTACHMENTS_BYTES:
        raise AttachmentError(
            Text(
                "The attachments together are larger than %(limit)s.",
                limit=_size(MAX_ATTACHMENTS_BYTES),
            )
        )
    return described


def attachments_of(signal: Mapping[str, Any], uploads: Sequence[Upload]) -> list[dict[str, Any]]:
    """The descriptions of ``uploads`` for the signal's event (JSON data). A signal that
    describes attachments itself is refused: the register keeps the files, not claims of them."""
    if signal.get("attachments"):
        raise AttachmentError(Text("Attachments are sent with their content, not described."))
    return [attachment.model_dump(mode="json") for attachment in check_uploads(uploads)]
