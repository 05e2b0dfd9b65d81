"""Dated editions of the register's data files (intake rules, time limits), as in the rule book.

The files live in ``data/<kind>/<edition>/*.yaml``, the directory named by the file's
``edition``; a change is a new edition with its own ``valid_from``, never an edit of one in
use, so a file received years ago is still read under the rules of its day. ``in_force``
gives the newest edition valid on a day. Every file says whether it is ``verified`` and, if
not, why (``verification``): data to correct when a source is found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.loader import describe, edition_dirs, read_mapping

DATA_DIR = Path(__file__).parent / "data"


class MonitoringDataError(ValueError):
    """A data file of the register that cannot be used; the message names the file."""


class DatedFile(BaseModel):
    """The header every data file of the register has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edition: date
    valid_from: date
    verified: bool
    verification: str = Field(min_length=1)


F = TypeVar("F", bound=DatedFile)


def load_editions(root: Path, model: type[F], what: str) -> tuple[F, ...]:
    """Every ``what`` file under ``root`` as ``model``, oldest ``valid_from`` first."""
    try:
        editions = edition_dirs(root)
    except RuleBookError as exc:
        raise MonitoringDataError(str(exc)) from None
    found: list[F] = []
    for edition, directory in editions:
        for path in sorted(directory.glob("*.yaml")):
            data = read_mapping(path, what, MonitoringDataError)
            try:
                loaded = model.model_validate(data)
            except ValidationError as exc:
                raise MonitoringDataError(f"{path.name}: {describe(exc)}") from None
            if loaded.edition != edition:
                raise MonitoringDataError(
                    f"{path}: edition {loaded.edition.isoformat()} differs from its "
                    f"directory {directory.name}"
                )
            found.append(loaded)
    if not found:
        raise MonitoringDataError(f"no {what} under {root}")
    return tuple(sorted(found, key=lambda f: (f.valid_from, f.edition)))


def in_force(files: Sequence[F], day: date, what: str) -> F:
    """The newest of ``files`` valid on ``day``."""
    valid = [f for f in files if f.valid_from <= day]
    if not valid:
        raise MonitoringDataError(f"no {what} is in force on {day.isoformat()}")
    return valid[-1]
