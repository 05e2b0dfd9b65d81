"""Editions of the recognition-rate table: one imported Eurostat file each, dated and cited.

APR Art. 42(1)(j) compares a nationality's EU-wide recognition rate with 20 %, "according to
the latest available yearly Union-wide average Eurostat data". An *edition* is one such set of
figures as this system received it: the rates per citizenship computed from one download of
Eurostat's dataset ``migr_asydcfsta`` (``rates_import``), with what it came from (the file's
name and SHA-256, the dataflow, Eurostat's last-update stamp, the reference year) and when it
entered the system (the day it was imported, and the day it is in force from).

Editions live as YAML files in a data directory of their own, outside the installed package:
the directory named by ``MIGRATIONPACT_RATES_DIR`` (``migrationpact law rates import`` writes
there, one new file per edition, never over an existing one). The edition **in force on a day**
is, among the editions in force from that day or earlier, the one with the latest reference
year (then the latest in force). An edition is in force from the day after its import at the
earliest, so a decision already taken keeps the edition it was taken under when it is replayed:
the routing result names that edition. Before the first edition is in force, the seed table
shipped with the package (``data/recognition_rates.yaml``) answers, as it always did.

>>> first = Edition.model_validate({"id": "migr_asydcfsta-2024-20250415T110000",
...     "dataset": "migr_asydcfsta", "dataflow": "ESTAT:MIGR_ASYDCFSTA(1.0)", "year": 2024,
...     "last_update": "2025-04-15T11:00:00", "source_file": "a.csv", "source_sha256": "0" * 64,
...     "imported_on": "2025-05-01", "in_force_from": "2025-05-02", "rows": []})
>>> second = first.model_copy(update={"id": "b", "year": 2025,
...     "in_force_from": date(2026, 5, 2)})
>>> [in_force((first, second), date(d, 5, 2)) for d in (2024, 2025, 2026)] == [None, first, second]
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from migrationpact.law import yamltext
from migrationpact.law.routing.parameters import RoutingDataError, content_hash

#: The environment variable naming the directory of imported editions.
ENV_VAR = "MIGRATIONPACT_RATES_DIR"

#: The definition every edition's rate follows (APR Art. 42(1)(j); see docs/routing.md).
DEFINITION = (
    "EU27_2020 first-instance decisions (migr_asydcfsta; freq A, unit PER, sex T, age TOTAL): "
    "(GENCONV + SUB_PROT) / TOTAL"
)


class EditionRow(BaseModel):
    """One citizenship's figures in an edition: decisions granting refugee status and
    subsidiary protection, all decisions, and the rate (percent) when it can be computed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: str = Field(pattern=r"^[A-Z]{3}$")
    citizen: str
    refugee: int | None = Field(default=None, ge=0)
    subsidiary: int | None = Field(default=None, ge=0)
    decisions: int | None = Field(default=None, ge=0)
    rate: float | None = Field(default=None, ge=0, le=100, description="percent")
    flags: tuple[str, ...] = ()
    note: str | None = None

    @property
    def positive(self) -> int | None:
        """Decisions granting international protection (refugee + subsidiary), if both known."""
        if self.refugee is None or self.subsidiary is None:
            return None
        return self.refugee + self.subsidiary


class Edition(BaseModel):
    """One imported edition of the table (see the module text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    dataset: str
    dataflow: str
    scope: str = "EU27_2020"
    definition: str = DEFINITION
    year: int = Field(ge=2008, le=2100)
    last_update: datetime
    source_file: str
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    imported_on: date
    in_force_from: date
    rows: tuple[EditionRow, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Edition:
        if self.in_force_from <= self.imported_on:
            raise ValueError("in_force_from must be after imported_on")
        seen: set[str] = set()
        for row in self.rows:
            if row.nationality in seen:
                raise ValueError(f"two rows for {row.nationality}")
            seen.add(row.nationality)
        return self

    def row(self, nationality: str) -> EditionRow | None:
        """The figures for ``nationality``; None when the file had none."""
        return next((r for r in self.rows if r.nationality == nationality), None)

    def version(self) -> str:
        """A SHA-256 of the whole edition."""
        return content_hash(self.model_dump(mode="json"))

    def to_yaml(self) -> str:
        """The edition as the YAML file it is kept in."""
        data = self.model_dump(mode="json")
        header = (
            f"# Recognition rates, edition {self.id}: APR Art. 42(1)(j), {DEFINITION}.\n"
            "# Written by `migrationpact law rates import`; never edit an edition, import anew.\n"
        )
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def in_force(editions: Iterable[Edition], day: date) -> Edition | None:
    """The edition in force on ``day``: the latest reference year among those in force."""
    candidates = [e for e in editions if e.in_force_from <= day]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.year, e.in_force_from, e.last_update))


def parse_edition(data: Any, where: str) -> Edition:
    """An edition from its parsed YAML (``RoutingDataError`` naming ``where`` when invalid)."""
    try:
        return Edition.model_validate(data)
    except ValidationError as exc:
        problem = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise RoutingDataError(f"invalid recognition-rate edition {where}: {problem}") from exc


def configured_dir() -> Path | None:
    """The directory of imported editions named by ``MIGRATIONPACT_RATES_DIR`` (or None)."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else None


def load_editions(directory: Path | None) -> tuple[Edition, ...]:
    """Every edition in ``directory`` (``*.yaml``), by file name; none for no directory.

    A directory that is named but missing is an error: a typing slip in the configuration
    must not silently route every case under the seed table.
    """
    if directory is None:
        return ()
    if not directory.is_dir():
        raise RoutingDataError(f"recognition-rate directory {directory} does not exist")
    editions: list[Edition] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yamltext.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RoutingDataError(f"cannot read recognition-rate edition {path}: {exc}") from exc
        edition = parse_edition(data, str(path))
        if path.stem != edition.id:
            raise RoutingDataError(f"edition {path} holds edition {edition.id!r}")
        editions.append(edition)
    return tuple(editions)


def file_name(edition: Edition) -> str:
    """The name of the file an edition is kept in."""
    return f"{edition.id}.yaml"
