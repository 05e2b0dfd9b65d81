"""``migrationpact cases export``, ``import`` and ``lapse``: events in and out of the store, and
the daily job that records the deadlines that ran out.

An export is JSON Lines, signed when the store has an export key, and writes one access-log row
per case it exports, so a monitor who looks at one case sees it. An import trusts nothing in the
file (``store.transfer``). ``lapse`` records every lapse due as the system (what the server's
scheduler does every hour), or with ``--dry-run`` lists them, and reports the cases it had to
skip. The commands belong to ``migrationpact cases`` (``cli.main`` adds them to it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli.cases_cmd import (
    CLI_PURPOSE,
    PurposeOption,
    configured_future_skew,
    log_case_read,
)
from migrationpact.cli.errors import InputError
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import (
    DatabaseOption,
    JsonOption,
    parse_day,
    store_at,
    store_errors,
)


def _every_case_id(store: Any) -> list[str]:
    """The id of every case, a page at a time (for an export of the whole store)."""
    from migrationpact.store import service

    ids: list[str] = []
    while True:
        page = service.list_cases(
            store=store, stage=None, after=ids[-1] if ids else None, limit=1000
        )
        ids += [c.case_id for c in page]
        if len(page) < 1000:
            return ids


def export(
    cases: Annotated[
        list[str] | None, typer.Argument(help="Case ids (default: every case).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file ('-' or none: stdout)."),
    ] = None,
    database: DatabaseOption = None,
    purpose: PurposeOption = CLI_PURPOSE,
) -> None:
    """Export events as JSON Lines (one event per line, by case and seq) with their hashes,
    signed with $MIGRATIONPACT_EXPORT_KEY when it is set (a verified export of this store)."""
    from migrationpact.store import transfer

    store = store_at(database)
    with store_errors():
        key = transfer.export_key()
        for case_id in list(cases) if cases else _every_case_id(store):
            log_case_read(store, action="cases.export", purpose=purpose, case_id=case_id)
        lines = transfer.export_lines(store=store, case_ids=cases or None, key=key)
        if output is None or str(output) == "-":
            for line in lines:
                sys.stdout.write(line + "\n")
            return
        partial = output.with_name(output.name + ".partial")
        count = 0
        try:
            with partial.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
                    count += 1
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(output)
    signed = "signed" if key is not None else f"unsigned: {transfer.ENV_EXPORT_KEY} is not set"
    typer.echo(f"Exported {count - (key is not None)} event(s) to {output} ({signed})", err=True)


def import_(
    file: Annotated[Path, typer.Argument(help="JSON Lines file of events ('-': stdin).")],
    allow_backdated: Annotated[
        bool,
        typer.Option("--allow-backdated", help="Accept events dated before 2000-01-01."),
    ] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
    hand_written: Annotated[
        bool,
        typer.Option(
            "--hand-written",
            help="The file is not an export of this store: its events are recorded now, "
            "without recorded_at, prev_hash or hash, and none is the system's.",
        ),
    ] = False,
) -> None:
    """Import events; every line is validated first, one bad line refuses the whole file. The
    file must be a verified export of this store (signed with $MIGRATIONPACT_EXPORT_KEY), or be
    imported with --hand-written. No event may be dated in the future of this server's clock;
    one dated before 2000-01-01 only with --allow-backdated."""
    from migrationpact.services.recording import dating_window
    from migrationpact.store import transfer

    store = store_at(database)
    if str(file) == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {file}: {exc.strerror}") from None
    with store_errors():
        window = dating_window(store, configured_future_skew(), backdated=allow_backdated)
        report = transfer.import_events(
            store=store,
            lines=data.splitlines(),
            key=transfer.export_key(),
            hand_written=hand_written,
            dated_within=window,
        )
    emit(
        report.to_dict(),
        f"Imported {report.events} event(s) of {report.cases} case(s) from {file}",
        as_json=as_json,
    )


def lapse(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Record the lapses of deadlines that ended by the end of this day (24:00); "
            "the day must have ended: today or a later day is refused. Default: every "
            "deadline that ended before now.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="List the lapses that would be recorded; record nothing."),
    ] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a deadline_lapsed event, with its legal consequence, for every deadline that has
    ended; each is dated the moment its deadline ended. The server does this by itself every
    hour (MIGRATIONPACT_LAPSE_INTERVAL_MINUTES); this command is for a store no server runs on.

    A case whose lapses cannot be recorded is skipped and listed; the others are recorded all
    the same, and the exit code is then 1."""
    from migrationpact.services.scheduler import run_lapse_job

    day = None if as_of is None else parse_day(as_of, "--as-of")
    store = store_at(database)
    with store_errors():
        report = run_lapse_job(store, as_of=day, dry_run=dry_run)
    until = f"{report.until:%Y-%m-%d %H:%M}"
    verb = "Would record" if dry_run else "Recorded"
    lines = [f"{verb} {len(report.lapses)} lapse(s) of deadlines ended by {until}"]
    lines += [
        f"  case {x.case_id} {x.key} ended {x.ended_at:%Y-%m-%d %H:%M}: {x.consequence}"
        for x in report.lapses
    ]
    skipped = report.skipped
    if skipped:
        lines.append(f"Skipped {len(skipped)} case(s), nothing recorded for them:")
        lines += [f"  case {s.case_id}: {s.reason}" for s in skipped]
    emit(
        {
            "until": report.until.isoformat(),
            "dry_run": dry_run,
            "lapses": [x.to_dict() for x in report.lapses],
            "recorded": [r.to_dict() for r in report.recorded],
            "skipped": [s.to_dict() for s in skipped],
        },
        "\n".join(lines),
        as_json=as_json,
    )
    if skipped:
        raise typer.Exit(1)
