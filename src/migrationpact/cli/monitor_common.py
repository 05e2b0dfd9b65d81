"""What the ``migrationpact monitor`` commands share: the command groups, their options, opening
the register with this process's keys, and who the operator acts as.

The operator acts as a monitor of ``--org`` (default ``$MIGRATIONPACT_ORGANISATION``, else the
body named by ``--body``), in the role ``cli.operator`` gives that organisation; the use cases in
``services.monitoring`` decide what they may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrationpact.cli.errors import InputError, reported

if TYPE_CHECKING:
    from migrationpact.access.model import Principal
    from migrationpact.monitoring_store.register import Register

app = typer.Typer(
    name="monitor",
    help="The monitoring register of the Inspectie JenV and the College voor de Rechten "
    "van de Mens.",
    no_args_is_help=True,
)
keys_app = typer.Typer(name="keys", help="The bodies' keys.", no_args_is_help=True)
signal_app = typer.Typer(name="signal", help="Signals coming in.", no_args_is_help=True)
file_app = typer.Typer(name="file", help="One monitoring file.", no_args_is_help=True)
for sub in (keys_app, signal_app, file_app):
    app.add_typer(sub)

BodyOption = Annotated[str, typer.Option("--body", help="The body: InspectieJenV or CRM.")]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Register URL (default: $MIGRATIONPACT_MONITOR_DATABASE_URL, else "
        "sqlite:///./migrationpact-monitor.db).",
        show_default=False,
    ),
]
KeyDirOption = Annotated[
    Path | None,
    typer.Option(
        "--key-dir",
        help="Key directory (default: $MIGRATIONPACT_MONITOR_KEY_DIR, else ./monitor-keys).",
    ),
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who acts (default: your operating-system account).")
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org", help="For which organisation (default: $MIGRATIONPACT_ORGANISATION, else --body)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
NoteOption = Annotated[str | None, typer.Option("--note", help="A note (kept encrypted).")]
Reference = Annotated[str, typer.Argument(help="The file's reference (MON-XXXX-XXXX).")]


@dataclass(frozen=True)
class Setting:
    """The group's options, given before the command: where the register is, whose keys, and
    who acts."""

    database: str | None = None
    key_dir: Path | None = None
    actor: str | None = None
    org: str | None = None


@app.callback()
def monitor_options(
    ctx: typer.Context,
    database: DatabaseOption = None,
    key_dir: KeyDirOption = None,
    actor: ActorOption = None,
    org: OrgOption = None,
) -> None:
    """The monitoring register of the Inspectie JenV and the College voor de Rechten van de
    Mens: its own database and keys, apart from the case store."""
    ctx.obj = Setting(database, key_dir, actor, org)


def setting(ctx: typer.Context) -> Setting:
    found = ctx.find_object(Setting)
    return found if found is not None else Setting()


def errors() -> tuple[type[Exception], ...]:
    from migrationpact.monitoring.decide import MonitoringRefused
    from migrationpact.monitoring.editions import MonitoringDataError
    from migrationpact.monitoring.events import MonitoringEventError
    from migrationpact.monitoring_store.keys import MonitorKeyError
    from migrationpact.monitoring_store.tables import SchemaError
    from migrationpact.services.errors import ServiceError

    return (
        ServiceError,
        MonitoringRefused,
        MonitoringEventError,
        MonitoringDataError,
        MonitorKeyError,
        SchemaError,
    )


def open_register(ctx: typer.Context, *, with_keys: bool = True) -> Register:
    """The register of ``--database`` with the keys of ``--key-dir`` (none: ``verify``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from migrationpact.monitoring_store.keys import KeyRing
    from migrationpact.monitoring_store.register import Register

    given = setting(ctx)
    with reported(*errors(), SQLAlchemyError):
        keys = KeyRing.load(given.key_dir) if with_keys else KeyRing({})
        return Register.open(given.database, keys)


def known_body(body: str) -> str:
    from migrationpact.monitoring.vocabulary import BODIES

    if body not in BODIES:
        raise InputError(f"unknown body {body!r}: the bodies are {', '.join(BODIES)}")
    return body


def principal(ctx: typer.Context, body: str) -> Principal:
    """The operator as a principal of ``--org`` (else ``$MIGRATIONPACT_ORGANISATION``, else
    the body)."""
    from migrationpact.cli.operator import configured_organisation, operator

    given = setting(ctx)
    org = given.org or configured_organisation() or known_body(body)
    return operator(given.actor, org)


def day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None
