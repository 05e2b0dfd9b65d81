"""The code lists of the Eurostat asylum tables, as dated data (``data/codes.yaml``).

Every value that leaves for Eurostat is a code of one of these lists, so each is checked here:
a citizenship (ISO 3166-1 alpha-3, as the case records it) becomes Eurostat's code (alpha-2 with
Eurostat's exceptions EL, UK and XK, read from the one table of them in ``law.eurostat``; the
codes that name no country, such as stateless, from the data: STLS or UNK), a recorded sex
F/M/X/unknown becomes F, M or UNK, an age becomes its class, a decision outcome its decision
code, and a Dublin request's legal provision must be a code of the edition in force on the day
of the request.

>>> citizen("SYR"), citizen("GRC"), citizen("XXA"), citizen(None)
('SY', 'EL', 'STLS', 'UNK')
>>> sex("X"), age_class(15), age_class(None)
('UNK', 'Y14-17', 'UNK')
>>> decision("humanitarian-status"), is_provision("ART31", date(2026, 7, 1))
('POS_HUM', True)
>>> is_provision("ART31", date(2026, 6, 30))
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from migrationpact.law import eurostat, yamltext

DATA = Path(__file__).parent / "data" / "codes.yaml"


@cache
def lists() -> Mapping[str, Any]:
    """The code lists as read from ``data/codes.yaml``."""
    data: Mapping[str, Any] = yamltext.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def citizen(alpha3: str | None) -> str:
    """Eurostat's citizenship (or partner-country) code of an ISO 3166-1 alpha-3 code."""
    countries = lists()["countries"]
    if alpha3 is None:
        return str(countries["unknown"])
    no_country: Mapping[str, str] = countries["no_country"]
    if alpha3 in no_country:
        return no_country[alpha3]
    return eurostat.code_of(alpha3) or str(countries["unknown"])


@cache
def citizen_codes() -> frozenset[str]:
    """Every citizenship code a row may carry."""
    countries = lists()["countries"]
    no_country = set(countries["no_country"].values()) | {countries["unknown"]}
    return eurostat.country_codes() | no_country


def sex(recorded: str | None) -> str:
    """Eurostat's sex code of a recorded sex (X and unknown are UNK; see the data)."""
    mapping: Mapping[str, str] = lists()["sex"]["from_person"]
    return mapping.get(recorded or "unknown", "UNK")


def age_class(age: int | None) -> str:
    """The age class of an age in whole years (None: UNK)."""
    spec = lists()["age"]
    if age is None:
        return str(spec["unknown"])
    for cls in spec["classes"]:
        if cls["below"] is None or age < cls["below"]:
            return str(cls["code"])
    raise AssertionError("the last age class has no upper bound")


def age_bounds() -> list[tuple[str, int | None]]:
    """The age classes in order with the age each is below (None: no upper bound)."""
    return [(str(c["code"]), c["below"]) for c in lists()["age"]["classes"]]


def decision(outcome: str) -> str | None:
    """The decision code of a first-instance outcome (None: not a decision on the substance or
    admissibility, e.g. a withdrawal)."""
    outcomes: Mapping[str, str] = lists()["decision"]["outcomes"]
    return outcomes.get(outcome)


def withdrawal(outcome: str) -> str | None:
    """EXPL or IMPL for a withdrawal outcome, else None."""
    outcomes: Mapping[str, str] = lists()["withdrawal"]["outcomes"]
    return outcomes.get(outcome)


def request_type(request: str | None) -> str | None:
    mapping: Mapping[str, str] = lists()["request"]["from_track"]
    return None if request is None else mapping.get(request)


def dublin_decision(reply: str | None) -> str | None:
    mapping: Mapping[str, str] = lists()["dublin_decision"]["from_reply"]
    return None if reply is None else mapping.get(reply)


@dataclass(frozen=True)
class Provision:
    """One legal provision of a Dublin request: its code, what it says, and its edition."""

    code: str
    label: str
    instrument: str
    valid_from: date
    verified: bool


def provisions(on: date) -> dict[str, Provision]:
    """The legal-provision codes of the latest edition in force on ``on`` ({} before any)."""
    editions = sorted(lists()["leg_prov"], key=lambda e: e["valid_from"])
    current = [e for e in editions if e["valid_from"] <= on]
    if not current:
        return {}
    edition = current[-1]
    return {
        code: Provision(code, label, edition["instrument"], edition["valid_from"],
                        bool(edition["verified"]))
        for code, label in edition["codes"].items()
    }  # fmt: skip


@cache
def all_provisions() -> frozenset[str]:
    """Every legal-provision code of any edition (what a stored request may carry)."""
    return frozenset(code for e in lists()["leg_prov"] for code in e["codes"])


def is_provision(code: str, on: date) -> bool:
    """Whether ``code`` is a legal provision of the edition in force on ``on``."""
    return code in provisions(on)


def total(dimension: str) -> str:
    """The code of a dimension's total: T for sex, TOTAL for every other."""
    spec = lists().get(dimension)
    return str(spec.get("total", "TOTAL")) if isinstance(spec, Mapping) else "TOTAL"


def codes_of(dimension: str) -> frozenset[str]:
    """The codes of a dimension's list, for validating an output row."""
    if dimension in ("citizen", "partner"):
        return citizen_codes() | {"TOTAL"}
    if dimension == "leg_prov":
        return all_provisions() | {"TOTAL", "UNK"}
    if dimension == "age":
        spec = lists()["age"]
        return frozenset([c["code"] for c in spec["classes"]] + [spec["unknown"], *spec["totals"]])
    if dimension == "sex":
        return frozenset(lists()["sex"]["codes"])
    return frozenset(lists()[dimension]["codes"])
