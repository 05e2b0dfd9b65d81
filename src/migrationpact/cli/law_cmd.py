"""``migrationpact law rates``: the editions of the recognition-rate table (APR Art. 42(1)(j)).

``law rates import FILE`` reads Eurostat's ``migr_asydcfsta`` download (SDMX-CSV with codes),
computes the EU-27 recognition rate per citizenship and writes it as a new edition into the
rates directory (``--dir``, else ``MIGRATIONPACT_RATES_DIR``), never over an existing file. The
edition is in force from the day after the import (``--in-force-from`` may name a later day),
so decisions already taken keep the edition they were taken under; a running service takes a
new edition into use when it is restarted. ``law rates list`` lists the editions.

Bad input (a file that is not the dataset, unknown codes, values that are not counts, no EU-27
figures, an edition or file already imported) prints one line and exits with code 2; nothing is
written then.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.output import emit
from migrationpact.law.periods.moments import dutch_today
from migrationpact.law.routing.editions import (
    ENV_VAR,
    Edition,
    configured_dir,
    file_name,
    load_editions,
)
from migrationpact.law.routing.parameters import RoutingDataError
from migrationpact.law.routing.rates_import import read_decisions

app = typer.Typer(
    name="law", help="The law's data: editions of the recognition rates.", no_args_is_help=True
)
rates = typer.Typer(
    name="rates",
    help="Recognition rates (APR Art. 42(1)(j)): import Eurostat's file, list the editions.",
    no_args_is_help=True,
)
app.add_typer(rates, name="rates")

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help=f"Directory of the editions (default: ${ENV_VAR})."),
]


def _directory(given: Path | None) -> Path:
    directory = given or configured_dir()
    if directory is None:
        raise InputError(f"no directory for the rate editions: give --dir or set {ENV_VAR}")
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} is not a directory")
    return directory


def _existing(directory: Path) -> tuple[Edition, ...]:
    with reported(RoutingDataError):
        return load_editions(directory) if directory.is_dir() else ()


def _day(text: str | None, earliest: date) -> date:
    if text is None:
        return earliest
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--in-force-from must be a date YYYY-MM-DD, got {text!r}") from None
    if day < earliest:
        raise InputError(
            f"--in-force-from {day.isoformat()} is before {earliest.isoformat()}: an edition "
            "never applies to decisions already taken"
        )
    return day


def _read(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return data.decode("utf-8"), hashlib.sha256(data).hexdigest()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def _summary(edition: Edition, threshold: float = 20.0) -> list[str]:
    rated = [r for r in edition.rows if r.rate is not None]
    low = [r for r in rated if r.rate is not None and r.rate <= threshold]
    return [
        f"Edition {edition.id}",
        f"  Eurostat {edition.dataset} ({edition.dataflow}), year {edition.year}, "
        f"{edition.scope}, last updated {edition.last_update.isoformat(sep=' ')}",
        f"  file {edition.source_file} (sha256 {edition.source_sha256[:16]}…)",
        f"  imported {edition.imported_on.isoformat()}, in force from "
        f"{edition.in_force_from.isoformat()}",
        f"  {len(edition.rows)} citizenships, {len(rated)} with a rate, {len(low)} at or below "
        f"{threshold:g} %",
    ]


@rates.command("import")
def import_rates(
    file: Annotated[Path, typer.Argument(help="Eurostat migr_asydcfsta as SDMX-CSV (with codes).")],
    directory: DirOption = None,
    year: Annotated[
        int | None, typer.Option(help="Reference year (default: the latest in the file).")
    ] = None,
    in_force_from: Annotated[
        str | None,
        typer.Option(help="First day the edition applies (default and earliest: tomorrow)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Add a new edition of the recognition rates from Eurostat's first-instance decisions."""
    folder = _directory(directory)
    today = dutch_today()
    start = _day(in_force_from, today + timedelta(days=1))
    text, digest = _read(file)
    with reported(RoutingDataError):
        edition = read_decisions(
            text,
            source_file=file.name,
            source_sha256=digest,
            imported_on=today,
            in_force_from=start,
            year=year,
        )
    for known in _existing(folder):
        if known.id == edition.id or known.source_sha256 == digest:
            raise InputError(f"{file.name} is already imported as edition {known.id}")
    target = folder / file_name(edition)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:
            out.write(edition.to_yaml())
    except FileExistsError:
        raise InputError(f"{target} exists: an edition is never overwritten") from None
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}") from exc
    lines = [*_summary(edition), f"Written to {target}"]
    emit(
        {"path": str(target), "edition": edition.model_dump(mode="json")},
        "\n".join(lines),
        as_json=as_json,
    )


@rates.command("list")
def list_rates(
    directory: DirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the imported editions, oldest in force first."""
    folder = _directory(directory)
    editions = sorted(_existing(folder), key=lambda e: (e.in_force_from, e.year))
    lines = [f"Editions in {folder}: {len(editions)}"]
    for edition in editions:
        lines += _summary(edition)
    data = {
        "directory": str(folder),
        "editions": [e.model_dump(mode="json", exclude={"rows"}) for e in editions],
    }
    emit(data, "\n".join(lines), as_json=as_json)
