"""Countries, member states and languages by their names in the page's language.

Events hold codes (``law.codes``: ISO 3166-1 alpha-3, the AMMR's states, ISO 639-3); people read
names. The names are Babel's (the Unicode CLDR data), in Dutch on a Dutch page and in English
on an English one; a language CLDR does not name is named by the Debian iso-codes translation
that pycountry ships, and failing that by its English ISO name. A Dutch page shows the name
alone, never the code.

A value recorded before codes were checked is kept in the log as it was; it is shown as typed,
marked: "Duitsland (geen geldige code)".

The pickers of the forms offer the codes with these names (``options``): a member state from a
list of the AMMR's states, a country or a language from a list of suggestions. The languages
suggested are those CLDR names (several hundred); any other ISO 639-3 code may still be typed.

>>> code_name("member_state", "DEU", "nl"), code_name("nationality", "SYR", "en")
('Duitsland', 'Syria')
>>> code_name("language", "ara", "nl"), code_name("language", "apc", "en")
('Arabisch', 'Levantine Arabic')
>>> code_name("nationality", "XXA", "nl"), code_name("country", "XKX", "nl")
('Staatloos', 'Kosovo')
>>> code_name("member_state", "Duitsland", "nl")
'Duitsland (geen geldige code)'
>>> code_name("member_state", "TUR", "en")
'TUR (not a valid code)'
>>> options("member_state", "nl")[:2]
[('BEL', 'België'), ('BGR', 'Bulgarije')]
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from babel import Locale

from migrationpact.law.codes import (
    EU_PLUS,
    ICAO_NATIONALITIES,
    USER_ASSIGNED,
    CodeKind,
    countries,
    is_valid,
)
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_

__all__ = ["FIELD_CODES", "code_name", "options", "shown_codes"]

NOT_VALID = N_("%(value)s (not a valid code)")
#: The ICAO nationality codes by their label (message ids; ``law.codes.ICAO_NATIONALITIES``).
_ICAO_LABELS = {
    "XXA": N_("Stateless"),
    "XXB": N_("Refugee (1951 Convention)"),
    "XXC": N_("Refugee (other)"),
    "XXX": N_("Nationality not specified"),
}
#: The fields of events and of the case that hold codes, by name, and the kind of code.
FIELD_CODES: dict[str, CodeKind] = {
    "nationality": "nationality",
    "member_state": "member_state",
    "countries_of_residence": "country",
    "language": "language",
    "languages": "language",
}
#: CLDR's region codes of the user-assigned country codes.
_USER_ASSIGNED_REGIONS = {"XKX": "XK"}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@cache
def _iso639_names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _country(code: str, language: str) -> str:
    if code in _ICAO_LABELS:
        return translations(language).gettext(_ICAO_LABELS[code])
    region = _USER_ASSIGNED_REGIONS.get(code)
    if region is None:
        country = pycountry.countries.get(alpha_3=code)
        region = country.alpha_2 if country is not None else code
    name = _locale(language).territories.get(region)
    return str(name) if name else USER_ASSIGNED.get(code, code)


def _language(code: str, language: str) -> str:
    found = pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    cldr = _locale(language).languages.get(getattr(found, "alpha_2", code)) or (
        _locale(language).languages.get(code)
    )
    return str(cldr) if cldr else _iso639_names(language).gettext(found.name)


def code_name(kind: CodeKind, value: str, language: str) -> str:
    """``value`` (a code of ``kind``) by its name in ``language``; a value that is not a valid
    code as it is, marked so."""
    if not is_valid(kind, value):
        return translations(language).gettext(NOT_VALID) % {"value": value}
    if kind == "language":
        return _language(value, language)
    return _country(value, language)


@cache
def options(kind: CodeKind, language: str) -> list[tuple[str, str]]:
    """(code, name) of the codes a picker of ``kind`` offers, in the order of their names."""
    if kind == "member_state":
        codes: frozenset[str] | set[str] = EU_PLUS
    elif kind == "language":
        names = _locale(language).languages
        codes = {
            found.alpha_3
            for found in pycountry.languages
            if (getattr(found, "alpha_2", None) or found.alpha_3) in names
        }
    else:
        codes = set(countries())
        if kind == "nationality":
            codes |= ICAO_NATIONALITIES.keys()
    named = [(code, code_name(kind, code, language)) for code in codes]
    return sorted(named, key=lambda pair: pair[1].casefold())


def shown_codes(field: str, value: object, language: str) -> str | None:
    """The value of ``field`` by its names (a list joined with commas) when the field holds
    codes (``FIELD_CODES``); None for another field, or a value that is no text.

    >>> shown_codes("languages", ["ara", "fra"], "nl"), shown_codes("outcome", "granted", "nl")
    ('Arabisch, Frans', None)
    """
    kind = FIELD_CODES.get(field)
    items = value if isinstance(value, list) else [value]
    if kind is None or not all(isinstance(item, str) for item in items):
        return None
    return ", ".join(code_name(kind, str(item), language) for item in items)
