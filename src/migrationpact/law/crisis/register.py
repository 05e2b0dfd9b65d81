"""The register of Council implementing decisions under the CFMR, loaded from a YAML file.

The file holds a top-level ``decisions`` list; each entry has ``id``, ``title``, ``situation``
(crisis, mass-arrival, instrumentalisation or force-majeure), ``member_state``, ``valid_from``,
``valid_to``, ``derogations`` (e.g. ``"CFMR Art 10"``), ``source`` and ``verified``, and, for a
decision that prolongs another under CFMR Art 5(1) or (2), ``prolongs`` with the id of the
decision it prolongs (some derogations apply only under the initial decision, CFMR Art 10(4)).
Optional too: ``adopted_on``, the day the Council adopted the decision (CFMR Art 4(3)), and, for
a decision that relieves the member state of take-back duties in an extraordinary mass arrival
(CFMR Art 13(1)), ``relief_registered_from`` and ``relief_registered_to``, the period of
registration the decision sets for that relief (``law.crisis.relief`` checks it against the
four months Art 13(1) allows before the adoption).
The register file is chosen by, in order: an explicit path, the ``MIGRATIONPACT_CRISIS_REGISTER``
environment variable, the shipped (empty) ``data/register.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from migrationpact.law import yamltext

Situation = Literal["crisis", "mass-arrival", "instrumentalisation", "force-majeure"]
SITUATIONS: tuple[str, ...] = get_args(Situation)
DEFAULT_REGISTER = Path(__file__).parent / "data" / "register.yaml"
ENV_VAR = "MIGRATIONPACT_CRISIS_REGISTER"


class CrisisError(ValueError):
    """An unknown decision, a malformed register, or a decision that does not apply."""


@dataclass(frozen=True)
class CrisisDecision:
    """One Council implementing decision authorising CFMR derogations for a member state."""

    id: str
    title: str
    situation: Situation
    member_state: str
    valid_from: date
    valid_to: date
    derogations: tuple[str, ...]
    source: str
    verified: bool
    prolongs: str | None = None
    adopted_on: date | None = None
    relief_registered_from: date | None = None
    relief_registered_to: date | None = None

    def covers(self, day: date) -> bool:
        """True when ``day`` falls within the decision's period (both ends included)."""
        return self.valid_from <= day <= self.valid_to

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "situation": self.situation,
            "member_state": self.member_state,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat(),
            "derogations": list(self.derogations),
            "source": self.source,
            "verified": self.verified,
            "prolongs": self.prolongs,
            # Recorded only when given, so a register without them keeps its version.
            **{
                name: value.isoformat()
                for name in _DATES
                if (value := getattr(self, name)) is not None
            },
        }


_FIELDS = (
    "id",
    "title",
    "situation",
    "member_state",
    "valid_from",
    "valid_to",
    "derogations",
    "source",
    "verified",
)
_DATES = ("adopted_on", "relief_registered_from", "relief_registered_to")
_OPTIONAL = ("prolongs", *_DATES)


def _as_date(value: object, field: str, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CrisisError(f"{where}: {field} must be a date YYYY-MM-DD, got {value!r}")


def _decision(raw: object, where: str) -> CrisisDecision:
    if not isinstance(raw, dict):
        raise CrisisError(f"{where}: each decision must be a mapping")
    missing = [f for f in _FIELDS if f not in raw]
    extra = sorted(set(raw) - set(_FIELDS) - set(_OPTIONAL))
    if missing or extra:
        raise CrisisError(f"{where}: missing fields {missing}, unknown fields {extra}")
    if raw["situation"] not in SITUATIONS:
        raise CrisisError(f"{where}: situation must be one of {', '.join(SITUATIONS)}")
    derogations = raw["derogations"]
    if not isinstance(derogations, list) or not all(isinstance(d, str) for d in derogations):
        raise CrisisError(f"{where}: derogations must be a list of strings")
    if not isinstance(raw["verified"], bool):
        raise CrisisError(f"{where}: verified must be true or false")
    decision = CrisisDecision(
        id=str(raw["id"]),
        title=str(raw["title"]),
        situation=cast(Situation, raw["situation"]),
        member_state=str(raw["member_state"]),
        valid_from=_as_date(raw["valid_from"], "valid_from", where),
        valid_to=_as_date(raw["valid_to"], "valid_to", where),
        derogations=tuple(derogations),
        source=str(raw["source"]),
        verified=raw["verified"],
        prolongs=None if raw.get("prolongs") is None else str(raw["prolongs"]),
        **{name: _as_date(raw[name], name, where) for name in _DATES if raw.get(name) is not None},
    )
    if decision.valid_to < decision.valid_from:
        raise CrisisError(f"{where}: valid_to is before valid_from")
    relief = (decision.relief_registered_from, decision.relief_registered_to)
    if (relief[0] is None) != (relief[1] is None):
        raise CrisisError(f"{where}: give both relief_registered_from and relief_registered_to")
    if relief[0] is not None and relief[1] is not None:
        if relief[1] < relief[0]:
            raise CrisisError(f"{where}: relief_registered_to is before relief_registered_from")
        if decision.adopted_on is None:
            raise CrisisError(
                f"{where}: a take back relief period needs adopted_on (CFMR Art 13(1) counts "
                "from the adoption)"
            )
    return decision


class CrisisRegister(Mapping[str, CrisisDecision]):
    """The recorded decisions, by id."""

    def __init__(self, decisions: Mapping[str, CrisisDecision], source: Path | None = None):
        self._decisions = dict(decisions)
        self.source = source

    @classmethod
    def load(cls, path: Path | None = None) -> CrisisRegister:
        """Read a register: ``path``, else $MIGRATIONPACT_CRISIS_REGISTER, else the shipped one."""
        if path is None:
            env = os.environ.get(ENV_VAR)
            path = Path(env) if env else DEFAULT_REGISTER
        try:
            data = yamltext.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CrisisError(f"cannot read crisis register {path}: {exc.strerror}") from exc
        except yaml.YAMLError as exc:
            raise CrisisError(f"crisis register {path} is not valid YAML: {exc}") from exc
        return cls.from_data(data, path)

    @classmethod
    def from_data(cls, data: Any, source: Path | str) -> CrisisRegister:
        """A register from its parsed YAML (``{"decisions": [...]}``), e.g. one that a routing
        scenario carries; ``source`` names it in messages."""
        items = (data or {}).get("decisions") if isinstance(data, dict | type(None)) else None
        if items is None:
            items = []
        if not isinstance(items, list):
            raise CrisisError(f"crisis register {source}: 'decisions' must be a list")
        decisions: dict[str, CrisisDecision] = {}
        for n, raw in enumerate(items, start=1):
            decision = _decision(raw, f"crisis register {source}, decision {n}")
            if decision.id in decisions:
                raise CrisisError(f"crisis register {source}: duplicate id {decision.id!r}")
            decisions[decision.id] = decision
        for decision in decisions.values():
            if decision.prolongs is not None and decision.prolongs not in decisions:
                raise CrisisError(
                    f"crisis register {source}: {decision.id} prolongs {decision.prolongs!r}, "
                    "which is not recorded"
                )
        return cls(decisions, source if isinstance(source, Path) else None)

    def get(self, key: str) -> CrisisDecision:  # type: ignore[override]
        """The decision with this id; raises ``CrisisError`` when none is recorded."""
        try:
            return self._decisions[key]
        except KeyError:
            known = ", ".join(sorted(self._decisions)) or "none recorded"
            where = f" in {self.source}" if self.source else ""
            raise CrisisError(
                f"no Council implementing decision {key!r} is recorded{where} (known: {known})"
            ) from None

    def ids(self) -> list[str]:
        return sorted(self._decisions)

    def __getitem__(self, key: str) -> CrisisDecision:
        return self._decisions[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decisions)

    def __len__(self) -> int:
        return len(self._decisions)
