"""``migrationpact users unlock USERNAME``: an administrator lifts a sign-in lockout.

Five wrong passwords for a username from one client lock it there for 15 minutes
(``docs/auth.md``). When the owner needs in sooner, or a lock came from their own mistakes,
an administrator forgets every failed attempt of the username, from every client. The unlock is
written to the access log (action ``sign-in.unlocked``) under the operating-system user.
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(name="users", help="Look after the people who sign in.", no_args_is_help=True)


@app.command("unlock")
def unlock(
    username: Annotated[str, typer.Argument(help="The username to unlock, exactly as typed.")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Forget every failed sign-in of USERNAME, from every client, and log the unlock."""
    from migrationpact.auth.lockout_log import log_unlock
    from migrationpact.auth.stored_failures import StoredFailures

    store = store_at(database)
    with store_errors():
        forgot = StoredFailures(store.engine).clear(username)
        log_unlock(
            store.engine, operator=getpass.getuser(), username=username, known=True, forgot=forgot
        )
    emit(
        {"username": username, "forgotten": forgot},
        f"Unlocked {username}: {forgot} failed sign-in(s) forgotten.",
        as_json=as_json,
    )
