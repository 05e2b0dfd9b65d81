"""``migrationpact serve``: run the HTTP service (API under ``/v1`` and the web pages).

With ``--demo`` (what ``make run`` uses) it first migrates the database, records the demo cases
through the service layer, and prints the demo users' logins; those users can sign in only
while the server runs in demo mode.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from migrationpact.cli.errors import InputError
from migrationpact.cli.store_common import DatabaseOption, store_errors


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    database: DatabaseOption = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load demo cases and sign in the demo users.")
    ] = False,
    cases: Annotated[int, typer.Option(help="With --demo: how many demo cases.", min=0)] = 300,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1)] = 1,
    allow_dev_issuer: Annotated[
        bool,
        typer.Option(
            "--allow-dev-issuer",
            help="With MIGRATIONPACT_ENV=production: start with the built-in token issuer.",
        ),
    ] = False,
) -> None:
    """Serve the API and the web pages until stopped (Ctrl-C)."""
    from migrationpact.services.settings import ServiceSettings, SettingsError
    from migrationpact.store import service

    if database:
        os.environ["MIGRATIONPACT_DATABASE_URL"] = database
    os.environ.setdefault("MIGRATIONPACT_PUBLIC_URL", f"http://{host}:{port}")
    if allow_dev_issuer:
        os.environ["MIGRATIONPACT_ALLOW_DEV_ISSUER"] = "1"
    try:  # refuse before touching the database, in one line
        ServiceSettings.from_env().check()
    except SettingsError as exc:
        raise InputError(str(exc)) from None
    with store_errors():
        service.upgrade_database(database)
        if demo:
            _load_demo(database, cases)
            os.environ["MIGRATIONPACT_DEMO"] = "1"
        service.open_store(database)
    url = os.environ["MIGRATIONPACT_PUBLIC_URL"]
    typer.echo(f"Serving {url}/ (web) and {url}/v1/docs (API); stop with Ctrl-C.")
    uvicorn.run(
        "migrationpact.server:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # Behind a reverse proxy, FORWARDED_ALLOW_IPS names it, and the client's address (the
        # key of the sign-in rate and lock) is then taken from its X-Forwarded-For.
        proxy_headers=bool(os.environ.get("FORWARDED_ALLOW_IPS")),
    )


def _load_demo(database: str | None, cases: int) -> None:
    from migrationpact.demo import load_demo
    from migrationpact.demo.users import demo_logins_text
    from migrationpact.store import service

    store = service.open_store(database)
    typer.echo(f"Loading demo cases into {service.shown_url(database)} …")
    load_demo(store=store, cases=cases)
    typer.echo("\nDemo users (demo mode only; never use them in production):")
    typer.echo(demo_logins_text())
