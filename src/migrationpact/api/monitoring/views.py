"""Submitting a signal to the monitoring mechanism from outside: ``POST /v1/monitoring/signals``.

A person, a lawyer, an NGO's web form or staff of an executing organisation sends a signal
(an allegation of a fundamental-rights violation, a complaint, an observation) to the intake of
the Inspectie JenV and the College voor de Rechten van de Mens. The route needs no sign-in: a
submitter has no account, and asking for one would keep signals out. In exchange it is rate
limited per client like the sign-in (``MIGRATIONPACT_SIGNIN_RATE``; over it: 429 with
``Retry-After``) and bounded like every request (``MIGRATIONPACT_MAX_BODY_BYTES``).

Attachments travel inside the JSON, each file's bytes in base64 (``content``, described in the
OpenAPI document as a base64 string): one request, one schema, and the same problem documents
as every other field; a multipart body would need a second description of the same signal. The
request size limit bounds them first, so accepting files up to the register's own limits
(10 MiB each, 25 MiB together) needs ``MIGRATIONPACT_MAX_BODY_BYTES`` raised (base64 adds a
third). The register checks the bytes (``monitoring.attachments``) before anything is written.

The answer is 201 with the file's reference and nothing else: not the body that keeps it, not
the rule that routed it, nothing of the register's content. Bad input (no content, an oversized
or empty attachment, too many, a type the register does not take, an unknown phase, a date in
the future) is a 400 problem and writes nothing. A
submitter cannot claim to be one of the bodies (``own-observation`` is for the register's own
pages and command line).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from migrationpact.api.cases.views import Found
from migrationpact.api.identity.views import client_of
from migrationpact.auth.throttle import TooManyAttemptsError
from migrationpact.monitoring.attachments import Upload
from migrationpact.monitoring.events import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CONTENT,
)
from migrationpact.monitoring.vocabulary import Channel, Kind, Phase, Right
from migrationpact.services.monitoring import submit_signal
from migrationpact.services.problems import ProblemError, problem_responses

router = APIRouter(prefix="/monitoring", tags=["monitoring"])
#: The longest base64 text of a file of the largest size (and a little more, so that a file
#: just over the limit gets the register's own words for it, not the schema's).
_BASE64_MAX = 4 * (MAX_ATTACHMENT_BYTES // 3 + 2) + 8
#: Who submits through the API (the intake's record of the submitter, never a person's name).
SUBMITTED_BY = "api"


class AttachmentIn(BaseModel):
    """A file sent with the signal, its bytes in base64; the register keeps it encrypted."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="The file's name.")
    media_type: str = Field(
        default="",
        max_length=100,
        description="What the sender says it is (PDF, JPEG, PNG or plain text); the register "
        "checks the bytes themselves.",
    )
    content: str = Field(
        min_length=1,
        max_length=_BASE64_MAX,
        description=f"The file's bytes in base64 (RFC 4648), at most {MAX_ATTACHMENT_BYTES} "
        "bytes decoded.",
        json_schema_extra={"contentEncoding": "base64"},
    )

    def upload(self) -> Upload:
        try:
            data = base64.b64decode(self.content, validate=True)
        except ValueError:
            raise ProblemError(
                400, f"attachment {self.name}: content is not base64", kind="invalid-attachment"
            ) from None
        return Upload(self.name, self.media_type, data)


class SignalIn(BaseModel):
    """A signal for the monitoring mechanism's intake."""

    model_config = ConfigDict(extra="forbid")
    source: Literal["individual", "lawyer", "ngo", "staff"] = Field(
        description="Who brings the signal."
    )
    channel: Channel = "web-form"
    content: str = Field(
        min_length=1, max_length=MAX_CONTENT, description="What happened, in the submitter's words."
    )
    received_at: datetime | None = Field(
        default=None, description="When it came in (Dutch local time); default: now."
    )
    case_reference: str | None = Field(
        default=None, max_length=80, description="A case id or pseudonym, never a name."
    )
    attachments: list[AttachmentIn] = Field(default=[], max_length=MAX_ATTACHMENTS)
    phase: Phase | None = None
    rights: list[Right] = Field(default=[], description="Charter articles the submitter names.")
    kind: Kind | None = None
    concerns_child: bool = False
    about_conduct: bool = False


class SignalReceipt(BaseModel):
    """The reference of the file the signal opened; nothing else."""

    reference: str = Field(description="The file's reference, e.g. MON-7KQ2-XC4M.")


@router.post(
    "/signals",
    status_code=201,
    response_model=SignalReceipt,
    responses=problem_responses(400, 413, 429),
    summary="Submit a signal to the independent monitoring mechanism (no sign-in; rate limited)",
)
def submit(signal: SignalIn, request: Request, found: Found) -> SignalReceipt:
    try:
        found.signal_limiter.hit(client_of(request))
    except TooManyAttemptsError as exc:
        raise ProblemError(
            429,
            f"too many signals from this client: try again in {exc.retry_after} seconds",
            kind="too-many-requests",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    data = signal.model_dump(mode="json", exclude_none=True, exclude={"attachments"})
    uploads = [attachment.upload() for attachment in signal.attachments]
    reference = submit_signal(
        register=found.register(), signal=data, submitted_by=SUBMITTED_BY, attachments=uploads
    )
    return SignalReceipt(reference=reference)
