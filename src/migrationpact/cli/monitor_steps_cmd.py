"""``migrationpact monitor triage|refer|outcome|close|share REF --body B``: one step on a file.

Each records one event through its use case (``services.monitoring``) and prints the file's
new event number and status; a refused step names the register's rule, exit code 2.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.monitor_common import (
    BodyOption,
    JsonOption,
    NoteOption,
    Reference,
    app,
    day,
    errors,
    open_register,
    principal,
)
from migrationpact.cli.output import emit


def _recorded(state: Any, as_json: bool) -> None:
    emit(
        {"reference": state.reference, "seq": state.seq, "status": state.status},
        f"{state.reference}: event {state.seq} recorded; the file is {state.status}",
        as_json=as_json,
    )


def _step(
    ctx: typer.Context, use_case: str, reference: str, body: str, as_json: bool, **fields: Any
) -> None:
    """Run the use case ``use_case`` of ``services.monitoring`` on the file."""
    from migrationpact.services import monitoring

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        state = getattr(monitoring, use_case)(
            register=register, principal=who, body=body, reference=reference, **fields
        )
    _recorded(state, as_json)


@app.command("triage")
def triage_command(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    kind: Annotated[str, typer.Option("--kind", help="allegation, complaint or observation.")],
    phase: Annotated[
        str, typer.Option("--phase", help="screening, border-procedure, detention or reception.")
    ],
    right: Annotated[
        list[str], typer.Option("--right", help="A Charter article at stake (repeatable).")
    ],
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Classify a file by kind, phase and the Charter rights at stake."""
    _step(
        ctx,
        "triage_file",
        reference,
        body,
        as_json,
        kind=kind,
        phase=phase,
        rights=right,
        note=note,
    )


@app.command("refer")
def refer_command(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    authority: Annotated[
        str, typer.Option("--authority", help="IND, KMar, COA or public-prosecutor.")
    ],
    follow_up_due: Annotated[
        str | None,
        typer.Option("--follow-up-due", help="Answer due (YYYY-MM-DD; default: the limits)."),
    ] = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Refer a file to the competent authority."""
    _step(
        ctx,
        "refer_file",
        reference,
        body,
        as_json,
        authority=authority,
        follow_up_due=day(follow_up_due, "--follow-up-due"),
        note=note,
    )


@app.command("outcome")
def outcome_command(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    outcome: Annotated[str, typer.Option("--outcome", help="What was decided or found.")],
    decided_on: Annotated[
        str, typer.Option("--decided-on", help="The day of the outcome (YYYY-MM-DD).")
    ],
    authority: Annotated[
        str | None, typer.Option("--authority", help="The authority that answered a referral.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record an authority's answer to a referral, or the body's own outcome."""
    _step(
        ctx,
        "record_outcome",
        reference,
        body,
        as_json,
        outcome=outcome,
        decided_on=day(decided_on, "--decided-on"),
        authority=authority,
    )


@app.command("close")
def close_command(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    reason: Annotated[
        str,
        typer.Option("--reason", help="handled, unfounded, withdrawn, referred-out or no-task."),
    ],
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close a file."""
    _step(
        ctx,
        "close_file",
        reference,
        body,
        as_json,
        reason=reason,
        note=note,
    )


@app.command("share")
def share_command(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    with_body: Annotated[str, typer.Option("--with", help="The other body.")],
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Share a file with the other body."""
    _step(
        ctx,
        "share_file",
        reference,
        body,
        as_json,
        with_body=with_body,
        note=note,
    )
