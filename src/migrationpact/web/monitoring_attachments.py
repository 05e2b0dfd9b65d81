"""Downloading a signal's attachment from the register's file page, for the keeping body only.

``GET /monitoring/files/{reference}/attachments/{number}``: the keeping body downloads one
attachment (``services.monitoring_attachments.read_attachment``, logged in ``monitor_reads``)
as ``Content-Disposition: attachment`` under a safe name with the extension of what the bytes
are, never shown inline. Everyone else, the other body of a shared file included, gets the
register's one "not found" page (``web.monitoring``'s guard, before any look-up).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from migrationpact.monitoring.attachments import download_name
from migrationpact.services.container import services
from migrationpact.services.monitoring_attachments import read_attachment
from migrationpact.web.errors import WebError
from migrationpact.web.monitoring import NOT_HERE, REFERENCE, monitor_of, unseen

router = APIRouter(include_in_schema=False)


@router.get("/monitoring/files/{reference}/attachments/{number}")
def download(reference: str, number: str, request: Request) -> Response:
    who, body = monitor_of(request)
    if not REFERENCE.match(reference) or not number.isdigit() or len(number) > 3:
        raise WebError(404, NOT_HERE)
    with unseen():
        got = read_attachment(
            register=services(request).register(), principal=who.principal, body=body,
            reference=reference, number=int(number),
        )  # fmt: skip
    name = download_name(got.attachment.name, got.attachment.media_type)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        got.data,
        media_type=got.attachment.media_type,
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
