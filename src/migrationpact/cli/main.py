"""Entry point of the ``migrationpact`` command.

Every subcommand prints for a person by default and one JSON object with ``--json``. Input that
cannot be used ends the command with one line on standard error and exit code 2; nothing is
written in that case.

A subcommand's module is imported only when that subcommand runs (``SUBCOMMANDS``, read by
``LazyCommands``): ``period`` does not pay for the web server, the store or the routing
engine. Only ``--help`` on the whole command imports them all, to show their summaries.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import TYPE_CHECKING, Annotated

import typer
import typer.main
from typer.core import TyperGroup
from typer.exceptions import TyperException

if TYPE_CHECKING:  # the click that typer carries inside, whose types TyperGroup uses
    from typer._click import Command, Context

#: Each subcommand: the module that defines it and the name of its function or Typer group,
#: in the order ``--help`` lists them.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "period": ("migrationpact.cli.period_cmd", "period"),
    "calendar": ("migrationpact.cli.calendar_cmd", "calendar"),
    "demo": ("migrationpact.cli.demo_cmd", "demo"),
    "deadline": ("migrationpact.cli.deadline_cmd", "deadline_command"),
    "rules": ("migrationpact.cli.rules_cmd", "app"),
    "route": ("migrationpact.cli.route_cmd", "route"),
    "law": ("migrationpact.cli.law_cmd", "app"),
    "db": ("migrationpact.cli.db_cmd", "app"),
    "cases": ("migrationpact.cli.cases_group", "app"),
    "worklist": ("migrationpact.cli.worklist_cmd", "worklist"),
    "store": ("migrationpact.cli.store_cmd", "app"),
    "audit": ("migrationpact.cli.audit_cmd", "app"),
    "users": ("migrationpact.cli.users_cmd", "app"),
    "reception": ("migrationpact.cli.reception_cmd", "app"),
    "monitor": ("migrationpact.cli.monitor_cmd", "app"),
    "report": ("migrationpact.cli.report_cmd", "app"),
    "twin": ("migrationpact.cli.twin_cmd", "app"),
    "stats": ("migrationpact.cli.stats_cmd", "app"),
    "privacy": ("migrationpact.cli.privacy_cmd", "app"),
    "serve": ("migrationpact.cli.serve_cmd", "serve"),
    "settings": ("migrationpact.cli.settings_cmd", "app"),
}


def load_subcommand(name: str) -> Command:
    """The click command of subcommand ``name``, its module imported now; built as Typer
    builds a subcommand of a bigger command (a group stays a group, without completion)."""
    module, attribute = SUBCOMMANDS[name]
    found = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    else:
        holder.command(name)(found)
    return typer.main.get_group(holder).commands[name]


class LazyCommands(TyperGroup):
    """The top-level group: knows its subcommands by name, imports one when it is used."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_subcommand(cmd_name)
        return self.commands[cmd_name]


def package_version() -> str:
    """The installed package's version (``unknown`` when run from a tree not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("migrationpact")
    except PackageNotFoundError:
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"migrationpact {package_version()}")
        raise typer.Exit(0)


app = typer.Typer(
    name="migrationpact",
    cls=LazyCommands,
    help="Runs the EU Pact on Migration and Asylum: exact, cited deadlines and routing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_show_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Runs the EU Pact on Migration and Asylum: exact, cited deadlines and routing."""


@functools.cache
def command() -> Command:
    """The click command of ``app``, built once per process: typer reads the signature of every
    command function to build it, which costs more than most commands' own work when the CLI
    runs many times in one process (the tests, the demo loader)."""
    return typer.main.get_command(app)


def main() -> None:
    """Run the CLI; usage errors become a single line and exit code 2."""
    try:
        code = command()(standalone_mode=False)
    except typer.Abort:
        print("migrationpact: aborted", file=sys.stderr)
        sys.exit(1)
    except TyperException as exc:
        message = " ".join(exc.format_message().split())
        if message:  # no arguments: the help was shown, there is nothing more to say
            print(f"migrationpact: error: {message}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
