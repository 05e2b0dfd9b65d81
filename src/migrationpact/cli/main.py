"""Entry point of the ``migrationpact`` command.

Every subcommand prints for a person by default and one JSON object with ``--json``. Input that
cannot be used ends the command with one line on standard error and exit code 2; nothing is
written in that case.
"""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from migrationpact.cli import (
    audit_cmd,
    calendar_cmd,
    cases_cmd,
    cases_transfer_cmd,
    db_cmd,
    deadline_cmd,
    demo_cmd,
    period_cmd,
    route_cmd,
    rules_cmd,
    serve_cmd,
    store_cmd,
    users_cmd,
    worklist_cmd,
)

app = typer.Typer(
    name="migrationpact",
    help="Runs the EU Pact on Migration and Asylum: exact, cited deadlines and routing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("period")(period_cmd.period)
app.command("calendar")(calendar_cmd.calendar)
app.command("demo")(demo_cmd.demo)
app.command("deadline")(deadline_cmd.deadline_command)
app.add_typer(rules_cmd.app)
app.command("route")(route_cmd.route)
app.add_typer(db_cmd.app)
cases_cmd.app.command("export")(cases_transfer_cmd.export)
cases_cmd.app.command("import")(cases_transfer_cmd.import_)
cases_cmd.app.command("lapse")(cases_transfer_cmd.lapse)
app.add_typer(cases_cmd.app)
app.command("worklist")(worklist_cmd.worklist)
app.add_typer(store_cmd.app)
app.add_typer(audit_cmd.app)
app.add_typer(users_cmd.app)
app.command("serve")(serve_cmd.serve)


def main() -> None:
    """Run the CLI; usage errors become a single line and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        print("migrationpact: aborted", file=sys.stderr)
        sys.exit(1)
    except TyperException as exc:
        message = " ".join(exc.format_message().split())
        print(f"migrationpact: error: {message}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
