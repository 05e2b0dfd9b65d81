"""The responses a body awaits on its inspections, as its worklist page (``/monitoring``) shows
them under the files' time limits (template ``monitoring_inspections_due.html``).

A module of its own so that the worklist page (``web.monitoring``) reads them without importing
the inspections' pages, which build on it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring_inspections as inspections
from migrationpact.web import monitoring_inspections_words as words


def due_items(register: Register, principal: Principal, body: str, language: str) -> list[Any]:
    """The responses ``body`` awaits, soonest due first, labelled in ``language``."""
    items = inspections.responses_worklist(register=register, principal=principal, body=body)
    for item in items:
        item["due_day"] = date.fromisoformat(item["due"])
        item["limit_title"] = item["title_nl"] if language == "nl" else item["title"]
        item["authority_label"] = words.word("authority", item["authority"], language)
    return items
