"""``migrationpact monitor inspection …``: the bodies' inspections at the command line.

``plan`` plans a visit at a location of the list (``locations`` prints it) and prints only the
new inspection's reference; ``visit``, ``finding``, ``recommend``, ``response``, ``close`` and
``share`` record one step on it; ``list``, ``show`` and ``due`` read; ``summary`` gives a year's
counts as the annual report will use them. The group's options (``--database``, ``--key-dir``,
``--actor``, ``--org``) are those of ``migrationpact monitor``; a refused step names its
``IR-`` rule, bad input is one line, exit code 2, nothing written.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.monitor_common import (
    BodyOption,
    JsonOption,
    NoteOption,
    app,
    day,
    errors,
    open_register,
    principal,
)
from migrationpact.cli.output import emit

inspection_app = typer.Typer(
    name="inspection", help="Visits to screening and border locations.", no_args_is_help=True
)
app.add_typer(inspection_app)

InspectionRef = Annotated[str, typer.Argument(help="The inspection's reference (INS-XXXX-XXXX).")]
Unannounced = Annotated[
    bool, typer.Option("--unannounced", help="Not announced to the location beforehand.")
]


def _needed(text: str, option: str) -> date:
    found = day(text, option)
    if found is None:  # pragma: no cover - typer requires the option
        raise InputError(f"{option} is needed")
    return found


def _step(ctx: typer.Context, use_case: str, reference: str, body: str, as_json: bool,
          **fields: Any) -> None:  # fmt: skip
    from migrationpact.services import monitoring_inspections

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        state = getattr(monitoring_inspections, use_case)(
            register=register, principal=who, body=body, reference=reference, **fields
        )
    emit(
        {"reference": state.reference, "seq": state.seq, "status": state.status},
        f"{state.reference}: event {state.seq} recorded; the inspection is {state.status}",
        as_json=as_json,
    )


@inspection_app.command("locations")
def locations_command(
    on: Annotated[str | None, typer.Option("--on", help="The day (default: today).")] = None,
    as_json: JsonOption = False,
) -> None:
    """The locations a visit may go to (dated data; unverified ones marked)."""
    from migrationpact.law.periods.moments import dutch_today
    from migrationpact.services.monitoring_inspections import locations

    with reported(*errors()):
        found = locations(day(on, "--on") or dutch_today())
    lines = [
        f"{f['code']}  {f['name']}  ({', '.join(f['phases'])}; {f['run_by']})"
        + ("" if f["verified"] else "  [unverified]")
        for f in found
    ]
    emit({"locations": found}, "\n".join(lines), as_json=as_json)


@inspection_app.command("plan")
def plan_command(
    ctx: typer.Context,
    body: BodyOption,
    location: Annotated[str, typer.Option("--location", help="A location code (see locations).")],
    on: Annotated[str, typer.Option("--on", help="The day planned (YYYY-MM-DD).")],
    unannounced: Unannounced = False,
    phase: Annotated[
        list[str] | None, typer.Option("--phase", help="A phase to look at (repeatable).")
    ] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="Why (kept encrypted).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Plan a visit; prints only the new inspection's reference."""
    from migrationpact.services.monitoring_inspections import plan_inspection

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        reference = plan_inspection(
            register=register, principal=who, body=body, location=location,
            planned_for=_needed(on, "--on"), announced=not unannounced, phases=phase or (),
            purpose=purpose,
        )  # fmt: skip
    emit({"reference": reference}, reference, as_json=as_json)


@inspection_app.command("visit")
def visit_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    on: Annotated[str, typer.Option("--on", help="The day of the visit (YYYY-MM-DD).")],
    inspector: Annotated[
        list[str], typer.Option("--inspector", help="Who visited (repeatable; kept encrypted).")
    ],
    unannounced: Unannounced = False,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that the visit took place."""
    _step(ctx, "record_visit", reference, body, as_json, visited_on=_needed(on, "--on"),
          announced=not unannounced, inspectors=inspector, note=note)  # fmt: skip


@inspection_app.command("finding")
def finding_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    text: Annotated[str, typer.Option("--text", help="The finding (kept encrypted).")],
    right: Annotated[
        list[str], typer.Option("--right", help="A Charter article at stake (repeatable).")
    ],
    phase: Annotated[str | None, typer.Option("--phase", help="The phase it concerns.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record one finding of the visit (numbered 1, 2, … in order)."""
    _step(ctx, "record_finding", reference, body, as_json, text=text, rights=right, phase=phase)


@inspection_app.command("recommend")
def recommend_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    authority: Annotated[str, typer.Option("--authority", help="IND, KMar, COA, DJI or DTenV.")],
    text: Annotated[str, typer.Option("--text", help="The recommendation (kept encrypted).")],
    finding: Annotated[
        list[int], typer.Option("--finding", help="The number of a finding it rests on.")
    ],
    made_on: Annotated[
        str | None, typer.Option("--made-on", help="The day it was made (default: today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Recommend an authority to act; its response is due by the response limit."""
    _step(ctx, "make_recommendation", reference, body, as_json, authority=authority, text=text,
          findings=finding, made_on=day(made_on, "--made-on"))  # fmt: skip


@inspection_app.command("response")
def response_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    recommendation: Annotated[
        int, typer.Option("--recommendation", help="The recommendation's number.")
    ],
    verdict: Annotated[
        str, typer.Option("--verdict", help="accepted, partly-accepted or rejected.")
    ],
    text: Annotated[str, typer.Option("--text", help="What the authority answered.")],
    received_on: Annotated[
        str, typer.Option("--received-on", help="The day it came in (YYYY-MM-DD).")
    ],
    as_json: JsonOption = False,
) -> None:
    """Record an authority's response to a recommendation."""
    received = _needed(received_on, "--received-on")
    _step(ctx, "record_response", reference, body, as_json, recommendation=recommendation,
          verdict=verdict, text=text, received_on=received)  # fmt: skip


@inspection_app.command("close")
def close_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    reason: Annotated[str, typer.Option("--reason", help="completed or cancelled.")],
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close an inspection."""
    _step(ctx, "close_inspection", reference, body, as_json, reason=reason, note=note)


@inspection_app.command("share")
def share_command(
    ctx: typer.Context,
    reference: InspectionRef,
    body: BodyOption,
    with_body: Annotated[str, typer.Option("--with", help="The other body.")],
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Share an inspection with the other body."""
    _step(ctx, "share_inspection", reference, body, as_json, with_body=with_body, note=note)


@inspection_app.command("list")
def list_command(ctx: typer.Context, body: BodyOption, as_json: JsonOption = False) -> None:
    """BODY's inspections (and those shared with it), latest planned first."""
    from migrationpact.services.monitoring_inspections import list_inspections

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        found = list_inspections(register=register, principal=who, body=body)
    lines = [
        f"{i['planned_for']}  {i['reference']}  {i['location']}  {i['status']}"
        + ("" if i["announced"] else "  unannounced")
        + f"  {i['recommendations']} recommendation(s), {i['waiting']} awaiting a response"
        for i in found
    ]
    emit({"body": body, "inspections": found}, "\n".join(lines) or "No inspections.",
         as_json=as_json)  # fmt: skip


@inspection_app.command("show")
def show_command(
    ctx: typer.Context, reference: InspectionRef, body: BodyOption, as_json: JsonOption = False
) -> None:
    """One inspection as BODY may read it."""
    from migrationpact.services.monitoring_inspections import show_inspection

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        shown = show_inspection(register=register, principal=who, body=body, reference=reference)
    lines = [f"{shown['reference']}  kept by {shown['keeper']}  {shown['status']}  "
             f"{shown['location']}  planned for {shown['planned_for']}"]  # fmt: skip
    for e in shown["events"]:
        details = ", ".join(
            f"{k}: {v}" for k, v in e["data"].items() if k != "type" and v not in (None, [])
        )
        lines.append(f"  {e['seq']}. {e['type']} ({e['actor']}, {e['recorded_at']}): {details}")
    for r in shown["responses"]:
        state = f"received {r['received_on']}" if r["received_on"] else "awaited"
        late = "  OVERDUE" if r["overdue"] else ""
        lines.append(f"  recommendation {r['recommendation']} ({r['authority']}): response due "
                     f"{r['due']}, {state}{late}")  # fmt: skip
    emit(shown, "\n".join(lines), as_json=as_json)


@inspection_app.command("due")
def due_command(
    ctx: typer.Context,
    body: BodyOption,
    today: Annotated[
        str | None, typer.Option("--today", help="The day to count from (YYYY-MM-DD).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The authorities' responses BODY still awaits, soonest due first."""
    from migrationpact.services.monitoring_inspections import responses_worklist

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        items = responses_worklist(
            register=register, principal=who, body=body, today=day(today, "--today")
        )
    lines = [
        f"{i['due']}  {i['reference']}  recommendation {i['recommendation']} ({i['authority']})"
        + ("  OVERDUE" if i["overdue"] else "")
        + ("" if i["verified"] else "  [unverified]")
        for i in items
    ]
    emit({"body": body, "items": items}, "\n".join(lines) or "Nothing due.", as_json=as_json)


@inspection_app.command("summary")
def summary_command(
    ctx: typer.Context,
    body: BodyOption,
    year: Annotated[int, typer.Option("--year", help="The year counted.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Count responses as of (default: today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """A year's inspections of BODY in numbers (what the annual report uses)."""
    from migrationpact.services.monitoring import _authorise
    from migrationpact.services.monitoring_inspections import inspection_summary

    who = principal(ctx, body)
    register = open_register(ctx)
    with reported(*errors()):
        _authorise(register, who, body, "inspections")
        found = asdict(inspection_summary(register, body, year, as_of=day(as_of, "--as-of")))
    found["as_of"] = found["as_of"].isoformat()
    emit(found, "\n".join(f"{k}: {v}" for k, v in found.items()), as_json=as_json)
