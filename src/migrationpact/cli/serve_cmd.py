"""``migrationpact serve``: run the HTTP service (API under ``/v1`` and the web pages).

With ``--demo`` (what ``make run`` uses) it first migrates the database, records the demo cases
through the service layer, and prints the demo users' logins; those users can sign in only
while the server runs in demo mode. It also starts the monitoring register's own application
(``migrationpact monitor serve --demo``) as a process of its own on the port 100 above
(8100 beside 8000), with the demo register and the register's own demo users, and stops it when
it stops.

The server writes its log lines as JSON, one object a line (``MIGRATIONPACT_LOG_FORMAT=text``:
uvicorn's plain lines; ``observe.logs``). With ``--workers N`` (N ≥ 2) the workers count their
metrics in one directory (``PROMETHEUS_MULTIPROC_DIR``, made here unless given) so that
``/metrics`` adds them up; what else they share lives in the database (docs/operations.md).
Each worker listens on a socket of its own, so that connections kept open reach them all
(``serve_workers``).
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import uvicorn
from uvicorn.config import LOGGING_CONFIG

from migrationpact.cli.errors import InputError
from migrationpact.cli.serve_workers import run_workers
from migrationpact.cli.store_common import DatabaseOption, store_errors

if TYPE_CHECKING:
    from migrationpact.demo.load import DemoSummary

APP = "migrationpact.server:create_app"


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

    check_port_free(host, port)
    if demo:
        check_port_free(host, register_port(port))
    if database:
        os.environ["MIGRATIONPACT_DATABASE_URL"] = database
    os.environ.setdefault("MIGRATIONPACT_PUBLIC_URL", f"http://{host}:{port}")
    if allow_dev_issuer:
        os.environ["MIGRATIONPACT_ALLOW_DEV_ISSUER"] = "1"
    try:  # refuse before touching the database, in one line
        settings = ServiceSettings.from_env()
        settings.check()
    except SettingsError as exc:
        raise InputError(str(exc)) from None
    with store_errors():
        service.upgrade_database(database)
        if demo:
            _load_demo(database, cases)
            _load_demo_register(database)
            os.environ["MIGRATIONPACT_DEMO"] = "1"
        service.open_store(database)
    url = settings.public_url
    register = _start_register(host, register_port(port)) if demo else None
    typer.echo(f"Serving {url}/ (web) and {url}/v1/docs (API); stop with Ctrl-C.")
    counted = _count_together(workers)
    try:
        options: dict[str, Any] = {
            "factory": True,
            "host": host,
            "port": port,
            "workers": workers,
            "log_level": "info",
            "log_config": log_config(settings.log_format),
            # Behind a reverse proxy, FORWARDED_ALLOW_IPS names it, and the client's address
            # (the key of the sign-in rate and lock) is then taken from its X-Forwarded-For.
            "proxy_headers": bool(os.environ.get("FORWARDED_ALLOW_IPS")),
        }
        if workers > 1:  # each worker on a socket of its own (serve_workers)
            run_workers(uvicorn.Config(APP, **options))
        else:
            uvicorn.run(APP, **options)
    finally:
        if register is not None:
            _stop(register)
        if counted is not None:
            shutil.rmtree(counted, ignore_errors=True)


def _count_together(workers: int) -> Path | None:
    """With several workers, the directory they count their metrics in (prometheus_client's
    multiprocess mode, ``observe.metrics``), emptied and put in the environment they inherit;
    the directory to remove at the end when ``serve`` made it (None: nothing to remove)."""
    if workers < 2:
        return None
    from migrationpact.observe.metrics import MULTIPROC_ENV, prepare_multiprocess_dir

    given = os.environ.get(MULTIPROC_ENV) or None
    place = prepare_multiprocess_dir(given)
    os.environ[MULTIPROC_ENV] = str(place)
    return None if given else place


def register_port(port: int) -> int:
    """The demo register's port beside the case system's: 100 above it, or below it near the top.

    >>> register_port(8000), register_port(65500)
    (8100, 65400)
    """
    return port + 100 if port + 100 <= 65535 else port - 100


def _start_register(host: str, port: int) -> subprocess.Popen[bytes]:
    """``monitor serve --demo`` as a process of its own, on the demo register just loaded (its
    place is in the environment), with nothing of the case system's own address or users."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MIGRATIONPACT_PUBLIC_URL", "MIGRATIONPACT_USERS_FILE")
    }
    command = [sys.executable, "-m", "migrationpact", "monitor", "serve", "--demo"]
    return subprocess.Popen([*command, "--host", host, "--port", str(port)], env=env)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the register's process (Ctrl-C may have reached it already) and wait for it."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def log_config(form: str = "json") -> dict[str, Any]:
    """uvicorn's logging, with the service's own messages (each request by its route template,
    each run of the lapse job, a case it skipped) written beside uvicorn's, so an operator sees
    them in the same place; ``json``: one object a line (``observe.logs``).

    >>> log_config()["loggers"]["migrationpact"]["level"]
    'INFO'
    """
    from migrationpact.observe.logs import log_config as observed

    return observed(LOGGING_CONFIG, form)


def check_port_free(host: str, port: int) -> None:
    """Refuse in one line, before any work, a port another program listens on (the server
    binds as the probe does, with SO_REUSEADDR, so a port left in TIME_WAIT counts as free)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
            raise InputError(
                f"port {port} is in use; choose another with make run PORT=… or serve --port …"
            ) from None


def loaded_text(summary: DemoSummary) -> str:
    """One line on what the demo load did: how many cases it recorded, or that they were there.

    >>> from datetime import date
    >>> from migrationpact.demo.load import DemoSummary
    >>> loaded_text(DemoSummary(date(2026, 12, 4), 312, 0, 0, 2875, 0, 0.4))
    'The 312 demo cases were already there; nothing recorded.'
    >>> loaded_text(DemoSummary(date(2026, 12, 4), 312, 12, 110, 2765, 0, 1.5))
    'Loaded 12 new demo case(s) (110 event(s)); 300 were already there.'
    """
    if summary.new_cases == 0 and summary.events_recorded == 0:
        return f"The {summary.planned} demo cases were already there; nothing recorded."
    there = summary.planned - summary.new_cases
    return (
        f"Loaded {summary.new_cases} new demo case(s) ({summary.events_recorded} event(s)); "
        f"{there} were already there."
    )


def _load_demo_register(database: str | None) -> None:
    """The demo's monitoring register, next to the demo database with demo keys made on the fly
    and a few signals in each body's intake, unless a register is configured."""
    if os.environ.get("MIGRATIONPACT_MONITOR_DATABASE_URL"):
        return
    from migrationpact.demo import monitoring as demo
    from migrationpact.store.database import database_url

    place = demo.demo_place(database_url(database))
    register = demo.demo_register(place)
    typer.echo(demo.load_demo_signals(register).describe())
    _load_demo_feed(register, database)
    os.environ["MIGRATIONPACT_MONITOR_DATABASE_URL"] = demo.demo_register_url(place)
    os.environ["MIGRATIONPACT_MONITOR_KEY_DIR"] = str(demo.demo_key_dir(place))
    from migrationpact.demo.monitoring_case_reads import demo_read_keys

    os.environ.update(demo_read_keys(demo.demo_key_dir(place)))  # the monitors' reads sealed
    register.engine.dispose()


def _load_demo_feed(register: Any, database: str | None) -> None:
    """The feed of the demo cases in the demo register: the indicators page's figures."""
    from migrationpact.demo.monitoring_indicators import load_demo_feed
    from migrationpact.store import service
    from migrationpact.store.errors import SchemaError

    try:
        cases = service.open_store(database)
    except SchemaError:  # no demo cases to make a feed of
        return
    typer.echo(load_demo_feed(register, cases))
    cases.engine.dispose()


def _load_demo(database: str | None, cases: int) -> None:
    from migrationpact.demo import load_demo
    from migrationpact.demo.users import demo_logins_text
    from migrationpact.store import service

    store = service.open_store(database)
    typer.echo(f"Loading demo cases into {service.shown_url(database)} …")
    typer.echo(loaded_text(load_demo(store=store, cases=cases)))
    typer.echo("\nDemo users (demo mode only; never use them in production):")
    typer.echo(demo_logins_text())
