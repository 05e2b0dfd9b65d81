"""``migrationpact monitor serve``: run the monitoring register's own application.

The register's pages, its own sign-in and the open signal route (``monitor_app``), under
uvicorn as ``serve`` runs the case system: on its own port (8100 by default), with its own users
(``$MIGRATIONPACT_MONITOR_USERS_FILE`` or ``--users-file``; monitors of the two bodies only) and
the register and keys the group's ``--database`` and ``--key-dir`` name. It needs no case
database and opens none.

With ``--demo`` it signs in the register's demo users; when no register is configured it first
makes the demo register beside the demo database (a key per body, demo signals), as
``serve --demo`` does, which starts this command on its own port for ``make run``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from migrationpact.cli.errors import reported
from migrationpact.cli.monitor_common import app, errors, setting
from migrationpact.cli.serve_cmd import check_port_free, log_config

#: Where the register's app listens unless told otherwise (the case system: 8000).
DEFAULT_PORT = 8100


@app.command("serve")
def monitor_serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = DEFAULT_PORT,
    users_file: Annotated[
        Path | None,
        typer.Option(
            "--users-file",
            help="The register's users file (default: $MIGRATIONPACT_MONITOR_USERS_FILE).",
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Sign in the register's demo users (and make a demo register)."
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1)] = 1,
) -> None:
    """Serve the monitoring register's pages and signal API until stopped (Ctrl-C)."""
    from migrationpact.demo.monitoring_users import register_directory
    from migrationpact.services.monitoring_serve import RegisterServices, users_file_from_env
    from migrationpact.services.settings import ServiceSettings, SettingsError

    check_port_free(host, port)
    given = setting(ctx)
    if given.database:
        os.environ["MIGRATIONPACT_MONITOR_DATABASE_URL"] = given.database
    if given.key_dir:
        os.environ["MIGRATIONPACT_MONITOR_KEY_DIR"] = str(given.key_dir)
    if users_file is not None:
        os.environ["MIGRATIONPACT_MONITOR_USERS_FILE"] = str(users_file)
    # The register's own address (the case system's is not inherited from ``serve``).
    os.environ["MIGRATIONPACT_PUBLIC_URL"] = os.environ.get(
        "MIGRATIONPACT_MONITOR_PUBLIC_URL", f"http://{host}:{port}"
    )
    if demo:
        _demo_register()
        os.environ["MIGRATIONPACT_DEMO"] = "1"
    with reported(*errors(), SettingsError, ValueError):
        # Refuse bad settings, a bad users file or a missing key in one line, before serving.
        built = RegisterServices.build(
            ServiceSettings.from_env(),
            users_file=users_file_from_env(),
            demo_users=register_directory,
        )
        built.monitor_register.engine.dispose()
    if demo:
        from migrationpact.demo.monitoring_users import register_logins_text

        typer.echo("\nThe register's demo users (demo mode only; never use them in production):")
        typer.echo(register_logins_text())
    url = os.environ["MIGRATIONPACT_PUBLIC_URL"]
    typer.echo(f"Serving the monitoring register at {url}/ ; stop with Ctrl-C.")
    uvicorn.run(
        "migrationpact.monitor_app:create_monitor_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=log_config(),
        proxy_headers=bool(os.environ.get("FORWARDED_ALLOW_IPS")),
    )


def _demo_register() -> None:
    """The demo register beside the demo database, unless a register is configured."""
    if os.environ.get("MIGRATIONPACT_MONITOR_DATABASE_URL"):
        return
    from migrationpact.demo import monitoring as demo
    from migrationpact.store.database import database_url

    place = demo.demo_place(database_url(None))  # a path beside it; the case store is not opened
    with reported(*errors()):
        register = demo.demo_register(place)
        typer.echo(demo.load_demo_signals(register).describe())
        register.engine.dispose()
    os.environ["MIGRATIONPACT_MONITOR_DATABASE_URL"] = demo.demo_register_url(place)
    os.environ["MIGRATIONPACT_MONITOR_KEY_DIR"] = str(demo.demo_key_dir(place))


__all__ = ["DEFAULT_PORT", "monitor_serve"]
