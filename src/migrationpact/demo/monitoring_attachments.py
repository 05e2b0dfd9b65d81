"""The demo's attachments: an invented statement sent with the first demo signal, so the file
page shows (and the keeping body downloads) an attachment. Plain text, no real person."""

from __future__ import annotations

from migrationpact.monitoring.attachments import Upload

STATEMENT = (
    "Verklaring (verzonnen voor de demo)\n\n"
    "Mijn cliënt is op dag één aangehouden en heeft tot dag negen geen advocaat gesproken.\n"
)


def demo_attachments(number: int) -> list[Upload]:
    """The files sent with demo signal ``number`` (from 0): the first has a statement."""
    if number != 0:
        return []
    return [Upload("verklaring-advocaat.txt", "text/plain", STATEMENT.encode("utf-8"))]
