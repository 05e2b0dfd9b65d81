"""``migrationpact reception sites import FILE`` and ``reception sites list``: COA's sites;
``reception place --dry-run``: a proposed unit for each household waiting for a place.

``import`` reads a sites file (YAML or JSON, ``docs/reception.md``), checks all of it and records
only what changed, as events on each site's stream, in one transaction: a bad file, a refused
step or a site that changed meanwhile ends the command with one line and exit code 2, nothing
written; the same file again records nothing. ``list`` prints the sites with their places and
units, or one JSON object with ``--json``; ``--type`` keeps one location type.

``place`` reads the open sites and the open cases and prints, per household, the unit proposed
and why (or why it has none); ``--json`` prints the solver's output document
(``docs/reception-placement.schema.json``); ``--limit N`` takes the N households that have
waited longest. Cases it cannot take yet are named on standard error. It records nothing: there
is no placement event yet, so ``--dry-run`` is required (``docs/reception.md``).

``plan`` prints the Dublin shelter phase-in plan (``cli.reception_plan_cmd``).

The operator acts for ``--org`` (default ``$MIGRATIONPACT_ORGANISATION``, else COA, which keeps
the sites) in the role that records its events (``cli.operator``); the access policy decides.
"""

from __future__ import annotations

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


_FLAGS = ("families", "single_adults", "women_only", "uam", "accessible", "medical", "lgbti")


@app.command("place")
def place_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Propose only, record nothing (required for now).")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Only the N households that waited longest.")
    ] = None,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Propose a unit for each household waiting for a place, with the reasons."""
    from migrationpact.services.reception_placement import propose_placements

    if not dry_run:
        raise InputError(
            "placements cannot be recorded yet (there is no placement event): "
            "run with --dry-run for a proposal"
        )
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        proposal = propose_placements(store=store, principal=principal, limit=limit)
    for skipped in proposal.skipped:
        typer.echo(f"not proposed: case {skipped.case_id}: {skipped.reason}", err=True)
    emit(proposal.result.model_dump(mode="json"), _proposal_text(proposal), as_json=as_json)


def _proposal_text(proposal: Any) -> str:
    from migrationpact.reception.placement.texts import why_here, why_not, why_unplaced

    result = proposal.result
    lines = [
        f"Dry run: nothing recorded. {len(result.placements)} placed, "
        f"{len(result.unplaced)} without a place ({result.solver}, {result.status})."
    ]
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
