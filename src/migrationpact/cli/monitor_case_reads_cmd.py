"""``migrationpact monitor case-reads …``: a body's reads of case data, opened in the register.

``create-keys --body B`` writes the body's key pair for its sealed reads into the register's
key directory (``B.reads.key``, readable by its owner only, and ``B.reads.pub``) and prints the
setting that gives the case-handling system the public half
(``MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_B=…``). ``list --body B`` opens the sealed rows of the
case store's access log with the body's private key and lists the body's reads, newest first
(``--case C-1``: of one case); the case store is read, never written (``--case-database``,
default ``$MIGRATIONPACT_DATABASE_URL``). The listing is logged in the register's own log of
reads. The group's options (``--database``, ``--key-dir``, ``--actor``, ``--org``) are the
``monitor`` group's. Bad input is one line and exit code 2.
"""

from __future__ import annotations

from typing import Annotated

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.monitor_common import (
    BodyOption,
    JsonOption,
    app,
    errors,
    known_body,
    open_register,
    principal,
    setting,
)
from migrationpact.cli.output import emit

case_reads_app = typer.Typer(
    name="case-reads",
    help="The bodies' reads of case data, sealed in the case store's access log.",
    no_args_is_help=True,
)
app.add_typer(case_reads_app)

CaseDatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--case-database",
        help="The case store, read only (default: $MIGRATIONPACT_DATABASE_URL).",
        show_default=False,
    ),
]
CaseOption = Annotated[str | None, typer.Option("--case", help="Only the reads of this case.")]


@case_reads_app.command("create-keys")
def create_keys(ctx: typer.Context, body: BodyOption) -> None:
    """Write BODY's key pair for its sealed reads; print the case system's setting."""
    from migrationpact.services.monitoring_case_reads import create_read_keys

    with reported(*errors()):
        made = create_read_keys(body=known_body(body), directory=setting(ctx).key_dir)
    typer.echo(
        f"private key of {body} written to {made.private_path}: keep it with the register, "
        f"never on the case-handling system.\npublic key written to {made.public_path}; give "
        f"the case-handling system this setting:\n{made.setting}"
    )


@case_reads_app.command("list")
def list_reads(
    ctx: typer.Context,
    body: BodyOption,
    case_database: CaseDatabaseOption = None,
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """List BODY's reads of case data, newest first."""
    from migrationpact.cli.store_common import store_at
    from migrationpact.services.monitoring_case_reads import case_reads

    register = open_register(ctx, with_keys=False)
    store = store_at(case_database)
    with reported(*errors()):
        found = case_reads(
            register=register,
            case_engine=store.engine,
            principal=principal(ctx, body),
            body=known_body(body),
            key_dir=setting(ctx).key_dir,
            case_id=case,
        )
    lines = [
        f"{r['at'][:19]}  {r['actor']}  {r['action']}  {r['case_id'] or r['resource']}  "
        f"{r['outcome']}  {r['purpose']}"
        for r in found["reads"]
    ]
    lines.append(f"{len(found['reads'])} read(s) of {found['body']}")
    if found["unopened"]:
        lines.append(
            f"{found['unopened']} sealed row(s) do not open with this key: the other body's, "
            "or changed (migrationpact audit verify tells)"
        )
    emit(found, "\n".join(lines), as_json=as_json)
