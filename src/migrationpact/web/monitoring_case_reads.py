"""The register page of a body's reads of case data: ``GET /monitoring/case-reads``.

The case-handling system logs every read of a monitor sealed to the reading body's public key
(``store.sealed_reads``); this page opens them with the body's private key, from the register's
key directory (``MIGRATIONPACT_MONITOR_KEY_DIR``), and lists them newest first, optionally for
one case (``?case_id=``): who of the body read, what, which case, why, and whether it was
refused. Sealed rows the key does not open — the other body's, or changed — are counted only.
Only the monitors of the two bodies open the page, each for their own body; everyone else gets
the register's one "not found" page (``web.monitoring._monitor``). Listing is logged in the
register's own log of reads. The page only reads: nothing of it writes to the case store.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.services import monitoring_case_reads
from migrationpact.services.container import services
from migrationpact.services.paths import CASE_ID
from migrationpact.web import monitoring_words as words
from migrationpact.web.errors import refusals
from migrationpact.web.forms import Field
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring import _monitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
FIELDS = (Field("case_id", "text", hint=N_("e.g. C-1A2B3C4D5E6F")),)


def _shown(read: dict[str, Any]) -> dict[str, Any]:
    """A read as the template shows it: its time as a (naive UTC) datetime."""
    return {**read, "at": datetime.fromisoformat(read["at"].removesuffix("Z"))}


@router.get("/monitoring/case-reads")
def case_reads_page(
    request: Request, case_id: Annotated[str, Query(max_length=80)] = ""
) -> Response:
    who, body = _monitor(request)
    values = {"case_id": case_id.strip()}
    errors: dict[str, str] = {}
    if values["case_id"] and not re.match(CASE_ID, values["case_id"]):
        errors["case_id"] = translations(who.language).gettext("This is not a case id.")
    found: dict[str, Any] = {"reads": [], "unopened": 0}
    if not errors:
        found_services = services(request)
        with refusals():  # no private key of the body here: an error page that says so
            found = monitoring_case_reads.case_reads(
                register=found_services.register(),
                case_engine=found_services.engine,
                principal=who.principal,
                body=body,
                key_dir=found_services.settings.monitor_key_dir,
                case_id=values["case_id"] or None,
            )
    return render(
        request,
        "monitoring_case_reads.html",
        {
            "body": words.code_word("to", body, who.language),
            "reads": [_shown(read) for read in found["reads"]],
            "unopened": found["unopened"],
            "fields": FIELDS,
            "fields_by_name": {f.name: f for f in FIELDS},
            "values": values,
            "errors": errors,
            "filtered": bool(values["case_id"]),
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )
