"""``migrationpact reception sites import FILE`` and ``reception sites list``: COA's sites;
``reception place``: a unit for each household waiting for a place, recorded (or, with
``--dry-run``, only proposed); ``reception leave CASE``: the case's household left its site.

``import`` reads a sites file (YAML or JSON, ``docs/reception.md``), checks all of it and records
only what changed, as events on each site's stream, in one transaction: a bad file, a refused
step or a site that changed meanwhile ends the command with one line and exit code 2, nothing
written; the same file again records nothing. ``list`` prints the sites with their places and
units, or one JSON object with ``--json``; ``--type`` keeps one location type.

``place`` reads the open sites and the open cases and prints, per household, the unit proposed
and why (or why it has none); ``--json`` prints the solver's output document
(``docs/reception-placement.schema.json``); ``--limit N`` takes the N households that have
waited longest. Cases it cannot take yet are named on standard error. Without ``--dry-run`` it
records what it proposes (``household_placed``, and ``household_left`` for a household that
moves) in one transaction and says so; ``--override HOUSEHOLD=UNIT`` (repeatable) fixes a
household's unit, with ``--reason TEXT`` (one for all overrides, or one per override, in
order); an override that breaks a hard constraint is refused, naming it, and nothing is written.

``leave CASE --reason R [--on DATE]`` records that the household of CASE left its site
(reasons: moved, departed, transferred, absconded, housed, other; the day defaults to today).
Every refusal is one line and exit code 2, nothing written (``docs/reception.md``).

``plan`` prints the Dublin shelter phase-in plan (``cli.reception_plan_cmd``).

The operator acts for ``--org`` (default ``$MIGRATIONPACT_ORGANISATION``, else COA, which keeps
the sites) in the role that records its events (``cli.operator``); the access policy decides.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli import reception_occupancy_cmd
from migrationpact.cli.cases_cmd import ActorOption
from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.cli.reception_common import OrgOption, errors, reception_operator
from migrationpact.cli.reception_plan_cmd import plan_command
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at

app = typer.Typer(
    name="reception", help="Reception (COA): sites, units and placement.", no_args_is_help=True
)
sites = typer.Typer(name="sites", help="Reception sites and their units.", no_args_is_help=True)
app.add_typer(sites)
app.command("plan")(plan_command)


def read_file(path: Path) -> Any:
    """The parsed YAML or JSON of ``path`` (one error line if unreadable or malformed)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML or JSON: {' '.join(str(exc).split())}") from None


@sites.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The sites file (YAML or JSON).")],
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record what FILE changes in the sites and units, all or nothing."""
    from migrationpact.services.reception_sites import import_sites

    data = read_file(file)
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        report = import_sites(store=store, principal=principal, data=data)
    changed = ", ".join(report.changed) or "none"
    emit(
        {"sites": report.sites, "changed": list(report.changed), "events": report.events},
        f"{report.sites} site(s) in the file; {report.events} event(s) recorded; "
        f"changed: {changed}",
        as_json=as_json,
    )


@sites.command("list")
def list_command(
    location_type: Annotated[
        str | None, typer.Option("--type", help="Only sites of this location type (e.g. AZC).")
    ] = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """The sites, their places and units."""
    from migrationpact.services.reception_sites import list_sites

    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        listed = list_sites(store=store, principal=principal, location_type=location_type)
    emit({"sites": listed}, _text(listed), as_json=as_json)


def _text(listed: list[dict[str, Any]]) -> str:
    if not listed:
        return "No sites."
    lines = []
    for s in listed:
        consent = s["consent_status"] or "no consent recorded"
        lines.append(
            f"{s['site_id']}  {s['location_type']}  {s['name']} ({s['municipality_name']}, "
            f"{s['municipality']})  {s['status']}  {s['occupied']}/{s['capacity']} places  "
            f"consent: {consent}"
        )
        for u in s["units"]:
            flags = [k for k in _FLAGS if u[k]]
            if u["uam"]:
                flags.append(f"ages {u['age_min']}-{u['age_max']}")
            shut = "  closed" if u["closed"] else ""
            lines.append(
                f"    {u['unit_id']}: {u['occupied']}/{u['capacity']}  {', '.join(flags)}{shut}"
            )
    return "\n".join(lines)


def _recorded_line(r: Any) -> str:
    moved = f", moved from site {r.moved_from}" if r.moved_from else ""
    why = f": {r.reason}" if r.reason else ""
    return (
        f"Recorded: household {r.household} (cases {', '.join(r.cases)}, {r.persons} person(s)) "
        f"placed in unit {r.unit_id} of site {r.site_id} ({r.basis}{why}){moved}."
    )


_FLAGS = ("families", "single_adults", "women_only", "uam", "accessible", "medical", "lgbti")


@app.command("place")
def place_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Propose only, record nothing.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Only the N households that waited longest.")
    ] = None,
    override: Annotated[
        list[str] | None,
        typer.Option("--override", help="HOUSEHOLD=UNIT (e.g. C-1=AZC-1/A); repeatable."),
    ] = None,
    reason: Annotated[
        list[str] | None,
        typer.Option("--reason", help="Why (one for every override, or one per override)."),
    ] = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Place each household waiting for a place in a unit (``--dry-run``: propose only)."""
    from migrationpact.services.reception_placement import propose_placements
    from migrationpact.services.reception_recording import record_placements

    overrides = _overrides(override or [], reason or [])
    principal = reception_operator(actor, org)
    store = store_at(database)
    recording = None
    with reported(*errors()):
        if dry_run:
            proposal = propose_placements(
                store=store, principal=principal, limit=limit, overrides=overrides
            )
        else:
            recording = record_placements(
                store=store, principal=principal, limit=limit, overrides=overrides
            )
            proposal = recording.proposal
    for skipped in proposal.skipped:
        typer.echo(f"not proposed: case {skipped.case_id}: {skipped.reason}", err=True)
    if proposal.unlocated:
        typer.echo(
            "IND office proximity left out: no coordinates for site(s) "
            + ", ".join(proposal.unlocated),
            err=True,
        )
    data = proposal.result.model_dump(mode="json")
    if recording is not None:
        data["recorded"] = [asdict(r) for r in recording.recorded]
    emit(data, _proposal_text(proposal, recording), as_json=as_json)


def _overrides(pairs: list[str], reasons: list[str]) -> list[Any]:
    """The overrides of ``--override HOUSEHOLD=UNIT`` with their ``--reason`` (bad: one line)."""
    from migrationpact.reception.placement import Override

    if reasons and not pairs:
        raise InputError("--reason belongs to an --override")
    if pairs and not reasons:
        raise InputError(f"--override {pairs[0]}: an override needs a --reason")
    if pairs and len(reasons) not in (1, len(pairs)):
        raise InputError(
            f"{len(pairs)} override(s) and {len(reasons)} reason(s): give one reason for all, "
            "or one per override"
        )
    overrides = []
    for n, pair in enumerate(pairs):
        household, _, unit = pair.partition("=")
        said = (reasons[n] if len(reasons) > 1 else reasons[0]).strip() if reasons else ""
        if not household or not unit:
            raise InputError(f"--override {pair!r}: write HOUSEHOLD=UNIT, e.g. C-1=AZC-1/A")
        if not said:
            raise InputError(f"--override {pair}: an override needs a --reason")
        overrides.append(Override(household=household, unit=unit, reason=said))
    return overrides


@app.command("leave")
def leave_command(
    case_id: Annotated[str, typer.Argument(help="A case of the household that left.")],
    reason: Annotated[
        str,
        typer.Option("--reason", help="moved, departed, transferred, absconded, housed or other."),
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="The day it left (YYYY-MM-DD; default today).")
    ] = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that the household of CASE_ID left its reception site."""
    from migrationpact.services.reception_recording import record_departure

    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InputError(f"--on {on!r}: not a date (YYYY-MM-DD)") from None
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        gone = record_departure(
            store=store, principal=principal, case_id=case_id, reason=reason, on=day
        )
    emit(
        {**asdict(gone), "left_on": gone.left_on.isoformat()},
        f"Recorded: household {gone.household} (cases {', '.join(gone.cases)}) left unit "
        f"{gone.unit_id} of site {gone.site_id} on {gone.left_on.isoformat()} ({gone.reason}).",
        as_json=as_json,
    )


def _proposal_text(proposal: Any, recording: Any = None) -> str:
    from migrationpact.reception.placement.texts import why_here, why_not, why_unplaced

    result = proposal.result
    head = "Dry run: nothing recorded." if recording is None else "Recorded."
    lines = [
        f"{head} {len(result.placements)} placed, "
        f"{len(result.unplaced)} without a place ({result.solver}, {result.status})."
    ]
    if recording is not None:
        lines += [_recorded_line(r) for r in recording.recorded]
    for p in result.placements:
        said = why_here(p)
        cases = ", ".join(proposal.cases[p.household])
        lines.append(f"{said[0]} [{p.location_type}; cases {cases}]")
        lines += [f"    {line}" for line in said[1:]]
        other = why_not(p)
        if other is not None:
            lines.append(f"    {other}")
    lines += [str(why_unplaced(u)) for u in result.unplaced]
    return "\n".join(lines)


# ``reception occupancy`` and ``reception need`` live in a module of their own.
app.command("occupancy")(reception_occupancy_cmd.occupancy_command)
app.command("need")(reception_occupancy_cmd.need_command)
