"""``migrationpact monitor feed …``, ``monitor indicators`` and ``monitor reidentify …``.

On the case-handling system's side (its database, its feed key ``$MIGRATIONPACT_FEED_KEY``):
``feed export`` writes the pseudonymised, hash-chained feed of every case and prints the head of
its chain on standard error; ``feed resolve PSEUDONYM --request REID-…`` answers a body's
re-identification request with the case id (one JSON object, to hand to the body).

On the register's side (the group's ``--database`` and ``--key-dir``): ``feed import FILE
--body B`` verifies a feed and keeps it (a broken chain is refused whole, nothing written);
``indicators --body B [--period month|quarter|year] [--year Y] [--json]``; ``reidentify request
--body B --pseudonym P --purpose "…"`` prints the request's reference; ``reidentify answer FILE
--body B`` records the case system's answer; ``reidentify list --body B``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.monitor_common import (
    BodyOption,
    JsonOption,
    app,
    errors,
    known_body,
    open_register,
    principal,
)
from migrationpact.cli.output import emit

feed_app = typer.Typer(
    name="feed", help="The pseudonymised feed of case events.", no_args_is_help=True
)
reidentify_app = typer.Typer(
    name="reidentify", help="Asking for the case behind a pseudonym.", no_args_is_help=True
)
app.add_typer(feed_app)
app.add_typer(reidentify_app)

CaseStoreOption = Annotated[
    str | None,
    typer.Option(
        "--case-store",
        help="The case store's URL (default: $MIGRATIONPACT_DATABASE_URL, else "
        "sqlite:///./migrationpact.db).",
        show_default=False,
    ),
]


FEED_PURPOSE = "pseudonymised feed for the monitoring mechanism (SR Art. 10, APR Art. 43(4))"


def _case_store(url: str | None) -> Any:
    from migrationpact.cli.store_common import store_at

    return store_at(url)


def _feed_key() -> bytes:
    from migrationpact.services.errors import ServiceError
    from migrationpact.services.monitoring_feed import feed_key

    with reported(ServiceError):
        return feed_key()


@feed_app.command("export")
def feed_export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (none: stdout).")
    ] = None,
    case_store: CaseStoreOption = None,
) -> None:
    """(Case system) Write the pseudonymised feed of every case, hash-chained."""
    from migrationpact.cli.cases_cmd import log_case_read
    from migrationpact.services.monitoring_feed import make_feed

    key = _feed_key()
    store = _case_store(case_store)
    lines = make_feed(store=store, key=key)
    # Making the feed reads every case: logged like any export (which cases, not what the
    # bodies later look at).
    for case_id in sorted({r.case_id for r in store.records()}):
        log_case_read(store, action="monitor.feed", purpose=FEED_PURPOSE, case_id=case_id)
    text = "".join(line + "\n" for line in lines)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    head = json.loads(lines[-1])["hash"]
    typer.echo(f"feed of {len(lines)} records, head of its chain {head}", err=True)


@feed_app.command("import")
def feed_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The feed file ('-': standard input).")],
    body: BodyOption,
    as_json: JsonOption = False,
) -> None:
    """Verify a feed and keep it, read-only; a broken chain is refused whole."""
    from migrationpact.services.monitoring_indicators import import_feed

    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    register = open_register(ctx)
    who = principal(ctx, body)
    with reported(*errors()):
        done = import_feed(
            register=register, principal=who, body=known_body(body), lines=data.splitlines()
        )
    text = f"feed imported: {done['records']} records, made {done['made_at']}, head {done['head']}"
    emit(done, text, as_json=as_json)


@feed_app.command("resolve")
def feed_resolve(
    pseudonym: Annotated[str, typer.Argument(help="The pseudonym (P-…).")],
    request: Annotated[str, typer.Option("--request", help="The body's request (REID-…).")],
    case_store: CaseStoreOption = None,
) -> None:
    """(Case system) Answer a re-identification request: print the case id as JSON."""
    from migrationpact.services.errors import ServiceError
    from migrationpact.services.monitoring_feed import resolve_pseudonym
    from migrationpact.services.monitoring_indicators import REQUEST

    if not REQUEST.match(request):
        raise InputError(f"--request must be a request reference REID-XXXX-XXXX, got {request!r}")
    key = _feed_key()
    with reported(ServiceError):
        case_id = resolve_pseudonym(store=_case_store(case_store), key=key, pseudonym_=pseudonym)
    typer.echo(json.dumps({"request": request, "pseudonym": pseudonym, "case_id": case_id}))


@app.command("indicators")
def indicators_command(
    ctx: typer.Context,
    body: BodyOption,
    period: Annotated[str, typer.Option("--period", help="month, quarter or year.")] = "month",
    year: Annotated[int | None, typer.Option("--year", help="Only this year.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The indicators of the newest feed, per period, each with its article."""
    from migrationpact.services.monitoring_indicators import indicators

    register = open_register(ctx)
    with reported(*errors()):
        found = indicators(
            register=register,
            principal=principal(ctx, body),
            body=known_body(body),
            period=period,
            year=year,
        )
    if found["feed"] is None:
        emit(found, "No feed imported yet (monitor feed import FILE).", as_json=as_json)
        return
    lines = [f"feed made {found['feed']['made_at']}, {found['feed']['records']} records"]
    for row in found["rows"]:
        share = f"{row['share']:.0%}" if row["share"] is not None else "-"
        flagged = row["flagged"] if row["flagged"] is not None else "-"
        median = row["median_days"] if row["median_days"] is not None else "-"
        lines.append(
            f"{row['period']:8} {row['indicator']:21} count {row['count']:4}  flagged "
            f"{flagged!s:>4} ({share:>4})  median days {median!s:>6}  open {row['open']:3}  "
            f"{'; '.join(row['basis'])}"
        )
    emit(found, "\n".join(lines), as_json=as_json)


@reidentify_app.command("request")
def reidentify_request(
    ctx: typer.Context,
    body: BodyOption,
    pseudonym: Annotated[str, typer.Option("--pseudonym", help="The pseudonym (P-…).")],
    purpose: Annotated[str, typer.Option("--purpose", help="Why the body needs the case.")],
) -> None:
    """Ask for the case behind a pseudonym, for a stated purpose; prints the request."""
    from migrationpact.services.monitoring_indicators import request_reidentification

    register = open_register(ctx)
    with reported(*errors()):
        reference = request_reidentification(
            register=register,
            principal=principal(ctx, body),
            body=known_body(body),
            pseudonym=pseudonym,
            purpose=purpose,
        )
    typer.echo(reference)


@reidentify_app.command("answer")
def reidentify_answer(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The answer of 'feed resolve' ('-': stdin).")],
    body: BodyOption,
) -> None:
    """Record the case system's answer to a request."""
    from migrationpact.services.monitoring_indicators import record_answer

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        answer = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the answer from {file}: {exc}") from None
    if not isinstance(answer, dict) or not all(
        isinstance(answer.get(k), str) for k in ("request", "pseudonym", "case_id")
    ):
        raise InputError("the answer must be a JSON object with request, pseudonym and case_id")
    register = open_register(ctx)
    with reported(*errors()):
        record_answer(
            register=register,
            principal=principal(ctx, body),
            body=known_body(body),
            request=answer["request"],
            pseudonym=answer["pseudonym"],
            case_id=answer["case_id"],
        )
    typer.echo(f"answer to {answer['request']} recorded")


@reidentify_app.command("list")
def reidentify_list(ctx: typer.Context, body: BodyOption, as_json: JsonOption = False) -> None:
    """The body's requests, their purposes and answers."""
    from migrationpact.services.monitoring_indicators import reidentification_log

    register = open_register(ctx)
    with reported(*errors()):
        found = reidentification_log(
            register=register, principal=principal(ctx, body), body=known_body(body)
        )
    lines = [
        f"{r['request']}  {r.get('pseudonym')}  {r.get('requested_at')}  "
        f"{r['case_id'] or '(no answer yet)'}  {r.get('purpose')}"
        for r in found
    ]
    emit({"requests": found}, "\n".join(lines) or "No requests.", as_json=as_json)
