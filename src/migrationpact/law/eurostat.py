"""Eurostat's country codes, read as the ISO codes the rest of the system uses.

Eurostat's asylum datasets name a citizenship (dimension ``citizen``) and a reporting country
(dimension ``geo``) by a two-letter code: the ISO 3166-1 alpha-2 code, except where Eurostat's
own country list differs (``EL`` Greece, ``UK`` United Kingdom, ``XK`` Kosovo), beside codes for
groups of countries (``EU27_2020``, ``EXT_EU27_2020``, ``TOTAL``) and for persons without a
citizenship that can be told (``STLS`` stateless, ``UNK`` unknown, ``RNC`` recognised
non-citizens). This system names a nationality by its ISO 3166-1 alpha-3 code (``law.codes``),
so a figure read from Eurostat is turned into that code here, and a code that is neither a
country nor one of the listed groups is refused, never read as free text.

The alpha-2 to alpha-3 table is pycountry's (as ``law.codes``), with Eurostat's exceptions.
The lists of groups are those of Eurostat's code lists ``CITIZEN`` and ``GEO`` that the asylum
datasets use; an unlisted group is refused until it is added here (with its meaning).

>>> country("SY"), country("EL"), country("XK"), country("STLS") is None
('SYR', 'GRC', 'XKX', True)
>>> code_of("SYR"), code_of("GRC"), code_of("XKX"), code_of("XXA") is None
('SY', 'EL', 'XK', True)
>>> is_citizen("EXT_EU27_2020"), is_citizen("Syria"), is_geo("EU27_2020"), is_geo("SY1")
(True, False, True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pycountry

from migrationpact.law.codes import USER_ASSIGNED

#: Where Eurostat's country code is not the ISO 3166-1 alpha-2 code (Eurostat's glossary
#: "Country codes"): Greece ``EL`` (ISO ``GR``), the United Kingdom ``UK`` (ISO ``GB``), and
#: Kosovo ``XK`` (under UNSCR 1244/1999; no ISO code, ``XKX`` in ``law.codes``).
EXCEPTIONS: Mapping[str, str] = {"EL": "GRC", "UK": "GBR", "XK": "XKX"}

#: ISO alpha-2 codes Eurostat does not use, because it has its own code for the country.
REPLACED: frozenset[str] = frozenset({"GR", "GB"})

#: Citizenship codes that name no country: groups of countries, and persons whose citizenship
#: cannot be told. None of them has a recognition rate of its own under APR Art. 42(1)(j).
CITIZEN_GROUPS: Mapping[str, str] = {
    "TOTAL": "All citizenships",
    "EU27_2020": "EU-27 (from 2020)",
    "EU27_2020_FOR": "EU-27 (from 2020) except the reporting country",
    "EXT_EU27_2020": "Outside the EU-27 (from 2020)",
    "EU28": "EU-28 (2013-2020)",
    "EU28_FOR": "EU-28 except the reporting country",
    "EXT_EU28": "Outside the EU-28",
    "STLS": "Stateless",
    "UNK": "Unknown",
    "RNC": "Recognised non-citizens",
}

#: Reporting areas that are groups of countries.
GEO_GROUPS: Mapping[str, str] = {
    "EU27_2020": "EU-27 (from 2020)",
    "EU28": "EU-28 (2013-2020)",
    "EU27_2007": "EU-27 (2007-2013)",
    "TOTAL": "All reporting countries",
}


@cache
def _alpha2() -> Mapping[str, str]:
    table = {c.alpha_2: c.alpha_3 for c in pycountry.countries if c.alpha_2 not in REPLACED}
    table.update(EXCEPTIONS)
    assert set(EXCEPTIONS.values()) <= {c.alpha_3 for c in pycountry.countries} | set(USER_ASSIGNED)
    return table


@cache
def _alpha3() -> Mapping[str, str]:
    return {alpha3: alpha2 for alpha2, alpha3 in _alpha2().items()}


def code_of(alpha3: str) -> str | None:
    """Eurostat's country code of the ISO 3166-1 alpha-3 code ``alpha3`` (the reverse of
    ``country``); None for a code that names no country (e.g. ``XXA``, stateless)."""
    return _alpha3().get(alpha3)


def country_codes() -> frozenset[str]:
    """Every country code Eurostat's asylum datasets use (no group codes)."""
    return frozenset(_alpha2())


def country(code: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of Eurostat's country code ``code``; None for another."""
    return _alpha2().get(code)


def is_citizen(code: str) -> bool:
    """Whether ``code`` is a citizenship code of Eurostat's asylum datasets."""
    return code in CITIZEN_GROUPS or country(code) is not None


def is_geo(code: str) -> bool:
    """Whether ``code`` is a reporting country or area of Eurostat's asylum datasets."""
    return code in GEO_GROUPS or country(code) is not None
