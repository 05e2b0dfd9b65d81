"""The Eurostat tables as data (``data/tables.yaml``): what each counts and how it is broken down.

A ``Table`` names its dataset code, its frequency (M, Q, A), the kind of fact it counts in the
store's fact projection, its unit (PER persons, NR requests), whether it is a stock at the end of
the period, its dimensions (each a code list of ``codes``), the counting rule in words and its
source.

>>> t = table("migr_asyappctzm")
>>> t.frequency, t.dimensions, t.stock
('M', ('citizen', 'sex', 'age', 'applicant'), False)
>>> sorted(TABLES)[:3]
['migr_asyappctzm', 'migr_asydcfina', 'migr_asydcfstq']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrationpact.law import yamltext
from migrationpact.statistics.codes import lists

DATA = Path(__file__).parent / "data" / "tables.yaml"


@dataclass(frozen=True)
class Table:
    """One Eurostat table (see the module text)."""

    code: str
    title: str
    frequency: str
    fact: str
    unit: str
    dimensions: tuple[str, ...]
    counting: str
    source: str
    verified: bool
    stock: bool = False
    direction: str | None = None
    only: str | None = None

    @property
    def source_url(self) -> str:
        return str(lists()["sources"][self.source]["url"])


class UnknownTableError(ValueError):
    """A table this system does not produce."""


def _load() -> Mapping[str, Table]:
    raw: Mapping[str, Any] = yamltext.safe_load(DATA.read_text(encoding="utf-8"))["tables"]
    return {
        code: Table(
            code=code,
            title=spec["title"],
            frequency=spec["frequency"],
            fact=spec["fact"],
            unit=spec["unit"],
            dimensions=tuple(spec["dimensions"]),
            counting=spec["counting"],
            source=spec["source"],
            verified=bool(spec["verified"]),
            stock=bool(spec.get("stock", False)),
            direction=spec.get("direction"),
            only=spec.get("only"),
        )
        for code, spec in raw.items()
    }


TABLES: Mapping[str, Table] = _load()


def table(code: str) -> Table:
    """The table ``code``; ``UnknownTableError`` (naming the known ones) otherwise."""
    try:
        return TABLES[code]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise UnknownTableError(f"unknown table {code!r} (known: {known})") from None
