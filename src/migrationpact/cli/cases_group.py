"""``migrationpact cases`` as one group: recording and showing a case (``cases_cmd``), the
list, history and replay (``cases_read_cmd``), export, import and lapse
(``cases_transfer_cmd``), put together when the group is first used."""

from __future__ import annotations

from migrationpact.cli import cases_read_cmd, cases_transfer_cmd
from migrationpact.cli.cases_cmd import app

app.command("list")(cases_read_cmd.list_cases)
app.command("history")(cases_read_cmd.history)
app.command("replay")(cases_read_cmd.replay)
app.command("export")(cases_transfer_cmd.export)
app.command("import")(cases_transfer_cmd.import_)
app.command("lapse")(cases_transfer_cmd.lapse)

__all__ = ["app"]
