"""``migrationpact reception plan``: the Dublin shelter phase-in plan, printed or exported.

The plan (``docs/reception.md``, "Dublin shelter phase-in plan") for ``--months`` months from
``--from`` (a month, ``YYYY-MM``; default the current one), on a forecast made from the cases
or read from ``--forecast FILE`` (``.csv`` or ``.json``), or taken from a finished run of the
chain twin (``--twin-run ID``). Printed as a table in English or, with
``--lang nl``, in Dutch; ``--json`` prints the plan's JSON form, ``--csv`` one row a month
(with each site's allocated places). A bad month, months below 1, or an unreadable or malformed
forecast file: one line, exit code 2.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from migrationpact.cli.cases_cmd import ActorOption
from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.cli.reception_common import OrgOption, errors, reception_operator
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at

#: Where the planning parameters are (named under the table when some are unverified).
DATA_FILE = "src/migrationpact/reception/plan/data/dublin-shelter.yaml"
_COLUMNS = ("month", "transfer_decisions", "residents", "needed", "capacity", "gap", "held_back")


def plan_command(
    start: Annotated[
        str | None, typer.Option("--from", help="First month, YYYY-MM (default: this month).")
    ] = None,
    months: Annotated[int, typer.Option("--months", help="How many months to plan.")] = 12,
    forecast_file: Annotated[
        Path | None,
        typer.Option("--forecast", help="Transfer decisions by month (CSV or JSON file)."),
    ] = None,
    twin_run: Annotated[
        int | None,
        typer.Option("--twin-run", min=1, help="Take the forecast from this finished twin run."),
    ] = None,
    language: Annotated[
        str, typer.Option("--lang", help="Language of the table: en or nl.")
    ] = "en",
    as_csv: Annotated[bool, typer.Option("--csv", help="Print one CSV row a month.")] = False,
    actor: ActorOption = None,
    org: OrgOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Plan the Dublin shelter places month by month: need, capacity, gap, consent."""
    from migrationpact.reception.plan import MonthError, parse_month
    from migrationpact.services.reception_plan import plan_dublin_shelter

    if language not in ("en", "nl"):
        raise InputError(f"--lang is en or nl, not {language!r}")
    if as_json and as_csv:
        raise InputError("choose one of --json and --csv")
    if months < 1:
        raise InputError(f"--months must be 1 or more, not {months}")
    if forecast_file is not None and twin_run is not None:
        raise InputError("choose one of --forecast and --twin-run")
    with reported(MonthError):
        first = parse_month(start) if start is not None else None
    forecast = _forecast(forecast_file) if forecast_file is not None else None
    principal = reception_operator(actor, org)
    store = store_at(database)
    with reported(*errors()):
        plan = plan_dublin_shelter(
            store=store,
            principal=principal,
            start=first,
            months=months,
            forecast=forecast,
            twin_run=twin_run,
        )
    data = plan.as_json()
    if as_csv:
        typer.echo(_csv(data), nl=False)
    else:
        emit(data, _table(data, "nl" if language == "nl" else "en"), as_json=as_json)


def _forecast(path: Path) -> Any:
    from migrationpact.reception.plan import ForecastError, read_forecast

    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "json"):
        raise InputError(f"{path}: a forecast file is .csv or .json")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return read_forecast(text, "csv" if kind == "csv" else "json")
    except ForecastError as exc:
        raise InputError(f"{path}: {exc}") from None


def _csv(data: dict[str, Any]) -> str:
    sites = [s["site_id"] for s in data["sites"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_COLUMNS, *(f"site:{s}" for s in sites)])
    for row in data["rows"]:
        held = sum(row["held_back"].values())
        values = [row[c] for c in _COLUMNS[:-1]]
        writer.writerow([*values, held, *(row["allocation"].get(s, 0) for s in sites)])
    return out.getvalue()


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if language == "nl" else text


def _table(data: dict[str, Any], language: Literal["en", "nl"]) -> str:
    from migrationpact.reception.plan.texts import say, say_length

    rows = data["rows"]
    lines = [f"{say('title', language)} {rows[0]['month']} – {rows[-1]['month']}"]
    f = data["forecast"]
    if f["source"] == "cases":
        mean = _number(float(f["monthly_mean"]), language)
        lines.append(
            say("forecast_cases", language) % {"mean": mean, "pending": f["pending_cases"]}
        )
    elif f["source"] == "twin":
        lines.append(say("forecast_twin", language) % {"run": f["twin_run"]})
    else:
        lines.append(say("forecast_file", language))
    limit = data["transfer_limit"]
    length = say_length(limit["length"], language)
    lines.append(say("limit", language) % {"rule": limit["rule"], "length": length})
    lines.append("")
    widths = [max(10, len(say(c, language))) for c in _COLUMNS]
    lines.append(
        "  ".join(f"{say(c, language):>{w}}" for c, w in zip(_COLUMNS, widths, strict=True))
    )
    for row in rows:
        cells = [row["month"], *(_number(row[c], language) for c in _COLUMNS[1:-1])]
        cells.append(str(sum(row["held_back"].values())))
        lines.append("  ".join(f"{cell:>{w}}" for cell, w in zip(cells, widths, strict=True)))
    lines.append(say("gap_note", language))
    lines.append("")
    lines += _sites(data, language)
    figures = data["parameters"]["parameters"].values()
    unverified = sum(1 for p in figures if not p["verified"])
    if unverified:
        lines.append(
            say("unverified", language) % {"n": unverified, "of": len(figures), "file": DATA_FILE}
        )
    return "\n".join(lines)


def _sites(data: dict[str, Any], language: Literal["en", "nl"]) -> list[str]:
    from migrationpact.reception.plan.texts import say

    if not data["sites"]:
        return [say("no_sites", language), ""]
    lines = [say("sites", language)]
    for s in data["sites"]:
        groups = ", ".join(say(g, language) for g in s["target_groups"])
        places = say("free" if s["mixing"] else "places", language) % {"n": s["places"]}
        said = say("site", language) % {
            "places": places,
            "consent": say(s["consent_status"] or "none", language),
            "opens": s["opened_on"] or say("unknown", language),
            "groups": groups,
            "regimes": ", ".join(s["regimes"]),
        }
        lines.append(f"  {s['site_id']}  {s['name']} ({s['municipality']}, {s['location_type']})")
        lines.append(f"      {said}")
    if data["held_back"]:
        lines.append(say("held", language))
    for h in data["held_back"]:
        months = (
            h["months"][0] if len(h["months"]) == 1 else f"{h['months'][0]} – {h['months'][-1]}"
        )
        lines.append(
            "  "
            + say("would_add", language)
            % {
                "site": h["site_id"],
                "reason": say(h["reason"], language),
                "places": h["would_add"],
                "months": months,
            }
        )
    lines.append("")
    return lines
