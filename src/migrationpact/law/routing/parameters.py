"""Dated routing parameters: thresholds, application dates and national choices, with their basis.

The figures the routing rules compare against (the 20 % recognition-rate threshold, the 5 % floor
in a mass-arrival crisis, the day the APR and the AMMR start to apply, the period of the
adequate-capacity decision, the Dutch choice for optional border cases) are data in
``data/parameters.yaml``, each with the articles it rests on and the period it is valid for.

>>> params = Parameters.load()
>>> params.get("apr.j_threshold").number()
20.0
>>> params.get("ammr.applies_from").day().isoformat()
'2026-07-01'
>>> params.get("apr.adequate_capacity_decision").valid_on(date(2028, 1, 1))
False
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from migrationpact.law import yamltext
from migrationpact.law.legal_basis import LegalBasis


class RoutingDataError(ValueError):
    """A routing data file is missing, malformed or lacks a needed entry."""


class _BasisModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instrument: str
    article: str
    paragraph: str | None = None
    point: str | None = None


class _ParameterModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    value: float | date | str
    valid_from: date | None = None
    valid_to: date | None = None
    basis: list[_BasisModel]
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    """One dated parameter and its legal basis."""

    id: str
    value: float | date | str
    valid_from: date | None
    valid_to: date | None
    basis: tuple[LegalBasis, ...]
    verified: bool
    note: str

    def valid_on(self, day: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise RoutingDataError(f"parameter {self.id} is not a number")
        return float(self.value)

    def day(self) -> date:
        if not isinstance(self.value, date):
            raise RoutingDataError(f"parameter {self.id} is not a date")
        return self.value

    def text(self) -> str:
        return str(self.value)


class Parameters:
    """All routing parameters, looked up by id and, where dated, by day."""

    def __init__(self, entries: tuple[Parameter, ...]) -> None:
        self.entries = entries
        self._fingerprint_text: str | None = None

    @classmethod
    def load(cls) -> Parameters:
        return _shipped()

    @classmethod
    def parse(cls, data: Any) -> Parameters:
        try:
            raw = data["parameters"]
            models = [_ParameterModel.model_validate(item) for item in raw]
            entries = tuple(
                Parameter(
                    m.id,
                    m.value,
                    m.valid_from,
                    m.valid_to,
                    tuple(LegalBasis(**b.model_dump()) for b in m.basis),
                    m.verified,
                    " ".join(m.note.split()),
                )
                for m in models
            )
        except (KeyError, TypeError, ValueError, ValidationError) as exc:
            raise RoutingDataError(f"invalid routing parameters: {exc}") from exc
        return cls(entries)

    def get(self, pid: str, day: date | None = None) -> Parameter:
        """The entry with this id valid on ``day`` (the latest entry when no day is given)."""
        candidates = [e for e in self.entries if e.id == pid]
        if day is not None:
            candidates = [e for e in candidates if e.valid_on(day)] or candidates[:0]
        if not candidates:
            when = f" on {day.isoformat()}" if day else ""
            raise RoutingDataError(f"no routing parameter {pid!r}{when}")
        return max(candidates, key=lambda e: e.valid_from or date.min)

    def find(self, pid: str, day: date) -> Parameter | None:
        """Like ``get`` but ``None`` when no entry is valid on ``day``."""
        try:
            return self.get(pid, day)
        except RoutingDataError:
            return None

    @property
    def fingerprint_text(self) -> str:
        """``fingerprint`` as canonical JSON text, made once (the entries never change)."""
        if self._fingerprint_text is None:
            self._fingerprint_text = json.dumps(self.fingerprint(), sort_keys=True)
        return self._fingerprint_text

    def fingerprint(self) -> dict[str, Any]:
        """The content that the routing data version hashes."""
        return {
            e.id + "@" + str(e.valid_from): [str(e.value), str(e.valid_to), e.verified]
            for e in self.entries
        }


@cache
def _shipped() -> Parameters:
    path = resources.files("migrationpact.law.routing") / "data" / "parameters.yaml"
    return Parameters.parse(yamltext.safe_load(path.read_text(encoding="utf-8")))


def content_hash(payload: Any) -> str:
    """``sha256:`` + hash of a canonical JSON text (sorted keys, no whitespace)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
