"""Counting regimes: the four ways the law in force counts a period, and the articles they cite.

- ``eu``: Reg. (EEC, Euratom) No 1182/71 Arts. 2–3, the general rule for EU acts (used for the
  Screening, Eurodac, Crisis and Qualification Regulations, which have no counting article).
- ``pact``: the Pact's own counting articles, APR Art. 73, AMMR Art. 75 and RBPR Art. 11. They
  count as 1182/71 does for days, weeks and months, roll an end on a Saturday, Sunday or public
  holiday forward to the next working day, but have no two-working-day minimum and no hours rule.
- ``dublin3``: Reg. (EU) No 604/2013 Art. 42, for applications registered before the AMMR
  applied. Weekends and holidays count and an end on one of them does **not** move.
- ``nl``: the Algemene termijnenwet (Atw) for periods set in Dutch law: Art. 1 moves an end on a
  Saturday, Sunday or holiday forward, Art. 2 gives a period of at least three days two days that
  are none of these, Art. 4 excludes periods in hours and periods longer than three months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.periods.errors import PeriodError


class Regime(StrEnum):
    EU = "eu"
    PACT = "pact"
    DUBLIN3 = "dublin3"
    NL = "nl"


# Which counting article each Pact instrument has (APR Art. 73, AMMR Art. 75, RBPR Art. 11).
PACT_ARTICLES = {"APR": "73", "AMMR": "75", "RBPR": "11"}

_B = LegalBasis


@dataclass(frozen=True)
class RegimeRules:
    """What a regime does at each step, and which provision says so."""

    regime: Regime
    title: str
    hours: bool
    roll_forward: bool
    # A period whose nominal length is at least this many days must contain two working days.
    min_two_working_days_from: int | None
    # Atw Art. 4: no extension for periods longer than three months (90 days, 12 weeks).
    max_months_for_extension: int | None
    cites: dict[str, tuple[LegalBasis, ...]] = field(default_factory=dict)


def _pact_cites(instruments: tuple[str, ...]) -> dict[str, tuple[LegalBasis, ...]]:
    basis = tuple(_B(i, PACT_ARTICLES[i]) for i in instruments)
    working_day_definition = (_B("R1182", "2", "2"),)
    return {
        "start": basis,
        "count": basis,
        "month-end": basis,
        "working-days": basis + working_day_definition,
        "roll-forward": basis,
        "no-minimum": basis,
        "backwards": basis,
        "suspension": basis,
    }


_EU_CITES: dict[str, tuple[LegalBasis, ...]] = {
    "hours-start": (_B("R1182", "3", "1", subparagraph="1"),),
    "hours-end": (_B("R1182", "3", "2", "a"),),
    "hours-no-roll": (_B("R1182", "3", "4"),),
    "start": (_B("R1182", "3", "1", subparagraph="2"),),
    "count-days": (_B("R1182", "3", "2", "b"),),
    "count": (_B("R1182", "3", "2", "c"),),
    "month-end": (_B("R1182", "3", "2", "c"),),
    "mixed": (_B("R1182", "3", "2", "d"),),
    "working-days": (_B("R1182", "3", "3"), _B("R1182", "2", "2")),
    "roll-forward": (_B("R1182", "3", "4"),),
    "min-working-days": (_B("R1182", "3", "5"),),
    "backwards": (_B("R1182", "3", "4"),),
    "suspension": (_B("R1182", "3", "3"),),
}

_DUBLIN_CITES: dict[str, tuple[LegalBasis, ...]] = {
    "start": (_B("DUBLIN3", "42", point="a"),),
    "count": (_B("DUBLIN3", "42", point="b"),),
    "month-end": (_B("DUBLIN3", "42", point="b"),),
    "working-days": (_B("DUBLIN3", "42", point="c"), _B("R1182", "2", "2")),
    "no-roll": (_B("DUBLIN3", "42", point="c"),),
    "backwards": (_B("DUBLIN3", "42"),),
    "suspension": (_B("DUBLIN3", "42"),),
}

_NL_CITES: dict[str, tuple[LegalBasis, ...]] = {
    "hours": (_B("ATW", "4"),),
    "start": (_B("AWB", "6:8", "1"),),
    "count": (_B("AWB", "6:8", "1"),),
    "month-end": (_B("AWB", "6:8", "1"),),
    "working-days": (_B("ATW", "1", "1"), _B("ATW", "3")),
    "roll-forward": (_B("ATW", "1", "1"),),
    "min-working-days": (_B("ATW", "2"),),
    "excluded": (_B("ATW", "4"),),
    "backwards": (_B("ATW", "1", "2"),),
    "suspension": (_B("ATW", "1", "1"),),
}

RULES: dict[Regime, RegimeRules] = {
    Regime.EU: RegimeRules(Regime.EU, "Reg. 1182/71 Arts. 2–3", True, True, 2, None, _EU_CITES),
    Regime.PACT: RegimeRules(
        Regime.PACT,
        "APR Art. 73 / AMMR Art. 75 / RBPR Art. 11",
        False,
        True,
        None,
        None,
        _pact_cites(("APR", "AMMR", "RBPR")),
    ),
    Regime.DUBLIN3: RegimeRules(
        Regime.DUBLIN3, "Reg. 604/2013 Art. 42", False, False, None, None, _DUBLIN_CITES
    ),
    Regime.NL: RegimeRules(Regime.NL, "Algemene termijnenwet", True, True, 3, 3, _NL_CITES),
}


def rules_for(regime: Regime | str, instrument: str | None = None) -> RegimeRules:
    """The rules of ``regime``; for ``pact``, ``instrument`` narrows the citation to one article."""
    try:
        rules = RULES[Regime(regime)]
    except ValueError:
        known = ", ".join(r.value for r in Regime)
        raise PeriodError(f"unknown regime {regime!r} (known: {known})") from None
    if instrument is None or rules.regime is not Regime.PACT:
        return rules
    if instrument not in PACT_ARTICLES:
        raise PeriodError(f"{instrument} has no Pact counting article (APR, AMMR or RBPR)")
    return RegimeRules(
        rules.regime,
        f"{instrument} Art. {PACT_ARTICLES[instrument]}",
        rules.hours,
        rules.roll_forward,
        rules.min_two_working_days_from,
        rules.max_months_for_extension,
        _pact_cites((instrument,)),
    )
