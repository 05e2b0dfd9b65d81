"""Reading regime files: YAML in, one validated ``RegimeBook`` out, or one clear error per file.

The files live in ``data/<edition>/*.yaml``; the directory is named by the file's ``edition``,
as in the rule book. Every edition stays: the regime in force on a day is the one of the
newest edition valid on it, so an event recorded years ago is read back under the regime it
was recorded under.

>>> import tempfile, pathlib
>>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
>>> _ = bad.write_text("edition: 2026-06-12\\n")
>>> try:
...     load_file(bad)
... except RegimeError as exc:
...     print(str(exc)[:40])
bad.yaml: valid_from: Field required; ti
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.loader import describe, edition_dirs, read_mapping
from migrationpact.reception.regimes.schema import Regime, RegimeFile

DATA_DIR = Path(__file__).parent / "data"


class RegimeError(ValueError):
    """A regime file that cannot be used, or a location type no edition knows."""


def load_file(path: Path) -> RegimeFile:
    """Read and validate one regime file."""
    data = read_mapping(path, "regime file", RegimeError)
    try:
        return RegimeFile.model_validate(data)
    except ValidationError as exc:
        raise RegimeError(f"{path.name}: {describe(exc)}") from None


@dataclass(frozen=True)
class RegimeBook:
    """Every edition's regimes, oldest edition first."""

    files: tuple[RegimeFile, ...]

    def at(self, day: date) -> dict[str, Regime]:
        """The regimes in force on ``day`` by code (a later edition replaces an earlier one's
        regime of the same code)."""
        found: dict[str, Regime] = {}
        for regime_file in self.files:
            if regime_file.valid_from <= day:
                found.update({r.code: r for r in regime_file.regimes})
        return found

    def codes(self, day: date) -> list[str]:
        """The location types known on ``day``, in the file's order."""
        return list(self.at(day))

    def regime(self, code: str, day: date | None = None) -> Regime:
        """The regime of ``code`` on ``day`` (default: the newest edition's)."""
        regimes = self.at(day or date.max)
        try:
            return regimes[code]
        except KeyError:
            known = ", ".join(regimes)
            raise RegimeError(f"unknown location type {code!r} (known: {known})") from None


def load_book(root: Path = DATA_DIR) -> RegimeBook:
    """Every regime file of every edition under ``root``."""
    try:
        editions = edition_dirs(root)
    except RuleBookError as exc:
        raise RegimeError(str(exc)) from None
    files: list[RegimeFile] = []
    for edition, directory in editions:
        for path in sorted(directory.glob("*.yaml")):
            regime_file = load_file(path)
            if regime_file.edition != edition:
                raise RegimeError(
                    f"{path}: edition {regime_file.edition.isoformat()} differs from its "
                    f"directory {directory.name}"
                )
            files.append(regime_file)
    if not files:
        raise RegimeError(f"no regime files under {root}")
    return RegimeBook(tuple(sorted(files, key=lambda f: (f.valid_from, f.edition))))


@cache
def default_book() -> RegimeBook:
    """The regimes shipped with the package (read once)."""
    return load_book()
