"""A signal's files on the register's pages: read from the intake form, listed on the file page.

The intake form (``web.monitoring``) is ``multipart/form-data``; ``uploads_of`` reads its files
(field ``attachments``), each at most one byte past the register's limit, so an oversized file
is refused by the register's own check with its words, not read whole. A file input left empty
sends a nameless empty part: it is no attachment. ``attachment_links`` lists a file's
attachments for its keeper, with their kind in the page's language; the download itself is
``web.monitoring_attachments``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from migrationpact.monitoring.attachments import Upload
from migrationpact.monitoring.events import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_BYTES,
)
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_

FIELD = "attachments"
#: The kinds of file by the names a page gives them.
KINDS = {
    "application/pdf": N_("PDF document"),
    "image/jpeg": N_("JPEG image"),
    "image/png": N_("PNG image"),
    "text/plain": N_("plain text"),
}

#: The limits the intake form states beside its file input.
LIMITS = {
    "attachments_max": MAX_ATTACHMENTS,
    "attachment_mib": MAX_ATTACHMENT_BYTES // (1024 * 1024),
    "attachments_mib": MAX_ATTACHMENTS_BYTES // (1024 * 1024),
}


async def uploads_of(request: Request) -> list[Upload]:
    """The files of the request's form, each read to at most one byte past the limit (past the
    largest number allowed, only counted)."""
    form = await request.form()
    found: list[Upload] = []
    for key, value in form.multi_items():
        if key != FIELD or not isinstance(value, UploadFile):
            continue
        if not value.filename and not value.size:
            continue  # the file input left empty
        data = b"" if len(found) >= MAX_ATTACHMENTS else await value.read(MAX_ATTACHMENT_BYTES + 1)
        found.append(Upload(value.filename or "", value.content_type or "", data))
    return found


def _size(size: int, language: str) -> str:
    kib = max(1, round(size / 1024))
    text = f"{kib / 1024:.1f} MB" if kib >= 1024 else f"{kib} kB"
    return text.replace(".", ",") if language == "nl" else text


def attachment_links(
    reference: str, events: list[Mapping[str, Any]], *, keeper: bool, language: str
) -> list[dict[str, Any]]:
    """The signal's attachments as the file page lists them: for the keeper only."""
    if not keeper or not events:
        return []
    listed = []
    for number, attachment in enumerate(events[0]["data"].get("attachments", ()), start=1):
        if not attachment.get("sha256"):
            continue  # described before the register kept the bytes: nothing to download
        listed.append(
            {
                "name": attachment["name"],
                "kind": _kind(attachment["media_type"], language),
                "size": _size(attachment["size_bytes"], language),
                "href": f"/monitoring/files/{reference}/attachments/{number}",
            }
        )
    return listed


def _kind(media_type: str, language: str) -> str:
    kind = KINDS.get(media_type)
    return translations(language).gettext(kind) if kind else media_type


def attachment_words(attachment: Mapping[str, Any], language: str) -> str:
    """One attachment as the file's events show it: its name, kind and size."""
    kind = _kind(attachment["media_type"], language)
    return f"{attachment['name']} ({kind}, {_size(attachment['size_bytes'], language)})"
