"""``migrationpact cases`` as one group: recording and reading (``cases_cmd``) with export,
import and lapse (``cases_transfer_cmd``), put together when the group is first used."""

from __future__ import annotations

from migrationpact.cli import cases_transfer_cmd
from migrationpact.cli.cases_cmd import app

app.command("export")(cases_transfer_cmd.export)
app.command("import")(cases_transfer_cmd.import_)
app.command("lapse")(cases_transfer_cmd.lapse)

__all__ = ["app"]
