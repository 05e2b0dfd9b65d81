"""``migrationpact monitor …``: the monitoring register at the command line.

``keys create --body B`` writes the body's key file (``monitoring_store.keys``); ``signal
submit`` records a signal from a JSON (or YAML) file and/or options, with its files
(``--attach``), and prints only the file's reference; ``worklist --body B`` lists the open
time limits of the body's files; ``file show REF --body B`` prints a file; ``triage``,
``refer``, ``outcome``, ``close`` and ``share`` record one step on a file; ``verify`` checks
every file's hash chain (no key needed). Attachments and key rotation:
``cli.monitor_attach_cmd``.

The register is its own database with its own keys; the group's options, given before the
command (``migrationpact monitor --database URL --key-dir DIR worklist --body CRM``), say which
(``cli.monitor_common``): ``--database`` (default ``$MIGRATIONPACT_MONITOR_DATABASE_URL``,
else ``sqlite:///./migrationpact-monitor.db``), ``--key-dir`` (default
``$MIGRATIONPACT_MONITOR_KEY_DIR``, else ``./monitor-keys``; or a key in
``$MIGRATIONPACT_MONITOR_KEY_<BODY>``), and ``--actor`` and ``--org`` (default
``$MIGRATIONPACT_ORGANISATION``, else the body named) for who acts; the use cases decide, and a
principal of an executing organisation is refused. Bad input is one line and exit code 2;
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.monitor_attach_cmd import AttachOption, read_attachments
from migrationpact.cli.monitor_common import (
    BodyOption,
    JsonOption,
    Reference,
    app,
    day,
    errors,
    file_app,
    keys_app,
    known_body,
    open_register,
    principal,
    setting,
    signal_app,
)
from migrationpact.cli.output import emit

__all__ = ["app"]


@keys_app.command("create")
def keys_create(ctx: typer.Context, body: BodyOption) -> None:
    """Write a new key file for BODY (never replaces one)."""
    from migrationpact.services.monitoring import create_body_key

    with reported(*errors()):
        path = create_body_key(body=known_body(body), directory=setting(ctx).key_dir)
    typer.echo(f"key of {body} written to {path}; keep it away from the case-handling system")


@signal_app.command("submit")
def signal_submit(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Option("--file", help="The signal as JSON (or YAML).")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="individual, lawyer, ngo, staff or own-observation."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="letter, email, phone, web-form, in-person or visit."),
    ] = None,
    content: Annotated[str | None, typer.Option("--content", help="What the signal says.")] = None,
    received_at: Annotated[
        str | None,
        typer.Option("--received-at", help="When it came in, YYYY-MM-DDTHH:MM (default: now)."),
    ] = None,
    case_reference: Annotated[
        str | None, typer.Option("--case-reference", help="A pseudonymous case reference.")
    ] = None,
    phase: Annotated[
        str | None,
        typer.Option("--phase", help="screening, border-procedure, detention or reception."),
    ] = None,
    right: Annotated[
        list[str] | None, typer.Option("--right", help="A Charter article at stake (repeatable).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="allegation, complaint or observation.")
    ] = None,
    child: Annotated[bool, typer.Option("--child", help="It concerns a child.")] = False,
    about_conduct: Annotated[
        bool, typer.Option("--about-conduct", help="A complaint about an authority's conduct.")
    ] = False,
    observed_by: Annotated[
        str | None, typer.Option("--observed-by", help="The body of an own observation.")
    ] = None,
    attach: AttachOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a signal; prints only its file's reference."""
    from migrationpact.cli.operator import actor_name
    from migrationpact.cli.reception_cmd import read_file
    from migrationpact.services.monitoring import submit_signal

    data: dict[str, Any] = {}
    if file is not None:
        loaded = read_file(file)
        if not isinstance(loaded, dict):
            raise InputError(f"{file}: a signal is a JSON object")
        data.update(loaded)
    options = {
        "source": source,
        "channel": channel,
        "content": content,
        "received_at": received_at,
        "case_reference": case_reference,
        "phase": phase,
        "rights": right or None,
        "kind": kind,
        "concerns_child": child or None,
        "about_conduct": about_conduct or None,
        "observed_by": observed_by,
    }
    data.update({k: v for k, v in options.items() if v is not None})
    register = open_register(ctx)
    submitter = actor_name(setting(ctx).actor)
    with reported(*errors()):
        reference = submit_signal(
            register=register,
            signal=data,
            submitted_by=submitter,
            attachments=read_attachments(attach),
        )
    emit({"reference": reference}, reference, as_json=as_json)


@app.command("worklist")
def worklist_command(
    ctx: typer.Context,
    body: BodyOption,
    today: Annotated[
        str | None, typer.Option("--today", help="The day to count from (YYYY-MM-DD).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The open time limits of BODY's files (and those shared with it), soonest first."""
    from migrationpact.services.monitoring import worklist

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        items = worklist(register=register, principal=who, body=body, today=day(today, "--today"))
    lines = [
        f"{i['due']}  {i['reference']}  {i['limit']}  {i['title']}"
        + (f" ({i['authority']})" if i["authority"] else "")
        + ("  OVERDUE" if i["overdue"] else "")
        + ("" if i["verified"] else "  [unverified]")
        + ("  [shared]" if i["shared"] else "")
        for i in items
    ]
    emit({"body": body, "items": items}, "\n".join(lines) or "Nothing due.", as_json=as_json)


@file_app.command("show")
def file_show(
    ctx: typer.Context,
    reference: Reference,
    body: BodyOption,
    as_json: JsonOption = False,
) -> None:
    """One file as BODY may read it: its events and its time limits."""
    from migrationpact.services.monitoring import show_file

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        shown = show_file(register=register, principal=who, body=body, reference=reference)
    lines = [f"{shown['reference']}  kept by {shown['keeper']}  {shown['status']}"]
    if shown["shared_with"]:
        lines.append(f"shared with {', '.join(shown['shared_with'])}")
    for e in shown["events"]:
        details = ", ".join(
            f"{k}: {v}"
            for k, v in e["data"].items()
            if k not in ("type",) and v not in (None, [], False)
        )
        lines.append(f"  {e['seq']}. {e['type']} ({e['actor']}, {e['recorded_at']}): {details}")
    for item in shown["limits"]:
        state = f"met {item['met_on']}" if item["met_on"] else "open"
        late = "  OVERDUE" if item["overdue"] else ""
        lines.append(f"  limit {item['limit']}: due {item['due']}, {state}{late}")
    emit(shown, "\n".join(lines), as_json=as_json)


@app.command("verify")
def verify_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Check every file's hash chain (no key needed); exit 1 if one is broken."""
    from migrationpact.monitoring_store.feed import verify_reidentifications

    register = open_register(ctx, with_keys=False)
    problems = register.verify() + verify_reidentifications(register.engine)
    emit({"problems": problems}, "\n".join(problems) or "Every chain is intact.", as_json=as_json)
    if problems:
        raise typer.Exit(1)


# The steps on a file (and the other sub-commands: ``case-reads``, ``feed``, ``inspection``,
# ``report``, ``serve``) register themselves on ``app`` when their module is imported; imported
# last, so that ``--help`` lists them after the intake, the worklist and the file.
from migrationpact.cli import (  # noqa: E402, F401
    monitor_case_reads_cmd,
    monitor_feed_cmd,
    monitor_inspections_cmd,
    monitor_report_cmd,
    monitor_serve_cmd,
    monitor_steps_cmd,
)
