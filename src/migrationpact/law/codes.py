"""Codes for countries, member states and languages: which are valid, checked where they enter.

An event names a country (a nationality, a country of residence), a member state (the partner
of a take charge request, where a family member lives) or a language by a code, never by free
text, so that "Duitsland", "Germany" and "DEU" cannot stand for one state in three ways:

- a **country** is an ISO 3166-1 alpha-3 code (``SYR``), the form the system has always used,
  or ``XKX``, the code the European Commission and Eurostat give Kosovo (``USER_ASSIGNED``);
- a **nationality** is a country or one of the codes ICAO Doc 9303 (part 3) adds for travel
  documents: ``XXA`` stateless person, ``XXB`` refugee under the 1951 Convention, ``XXC``
  other refugee, ``XXX`` nationality not specified;
- a **member state** is one of the states that apply the AMMR (``EU_PLUS``): the 27 member
  states of the Union and the four states associated with the Dublin and Eurodac rules by
  agreement (Iceland, Norway, Switzerland and Liechtenstein), whose own application of the AMMR
  follows from those agreements (see ``EU_PLUS``);
- a **language** is an ISO 639-3 code (``ara``, ``prs``, ``tir``), lower case.

The lists of ISO codes are pycountry's (the Debian iso-codes data), not typed in here.

**Checked at entry, not at replay.** The types below (``CountryCode``, ``NationalityCode``,
``MemberStateCode``, ``LanguageCode``) refuse an unknown code when an event is *recorded*. Events
already in a store were recorded before the codes were checked and may hold free text; the log
is append-only and hash-chained, so such a value is kept as it was, never rewritten. Whoever
reads stored data validates it with the context ``STORED`` and gets the value back unchecked;
the pages show it marked as not a valid code (``is_valid``).

>>> from pydantic import TypeAdapter
>>> member_state = TypeAdapter(MemberStateCode)
>>> member_state.validate_python("DEU")
'DEU'
>>> member_state.validate_python("Duitsland")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for function-after[...]
  an ISO 3166-1 alpha-3 code of a member state applying the AMMR is needed, e.g. "DEU" ...
>>> member_state.validate_python("Duitsland", context=STORED)
'Duitsland'
>>> is_valid("member_state", "TUR"), is_valid("nationality", "XXA"), is_valid("language", "ara")
(False, True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

import pycountry
from pydantic import AfterValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "EU_PLUS",
    "ICAO_NATIONALITIES",
    "STORED",
    "USER_ASSIGNED",
    "Code",
    "CodeKind",
    "CountryCode",
    "LanguageCode",
    "MemberStateCode",
    "NationalityCode",
    "code_kind",
    "countries",
    "is_stored",
    "is_valid",
    "languages",
]

#: What a code names: a country, a nationality, a member state applying the AMMR or a language.
CodeKind = Literal["country", "nationality", "member_state", "language"]

#: The validation context for data read back from the store: codes are not checked, a value
#: recorded before they were is kept as it is.
STORED: Mapping[str, Any] = {"stored": True}

#: The states that apply the AMMR (Reg. (EU) 2024/1351), as ISO 3166-1 alpha-3 codes: the 27
#: member states (Denmark through its agreement with the Community on the Dublin and Eurodac
#: rules, OJ L 66, 8.3.2006, p. 38), and the associated states: Iceland and Norway (agreement,
#: OJ L 93, 3.4.2001, p. 40), Switzerland (agreement, OJ L 53, 27.2.2008, p. 5) and
#: Liechtenstein (protocol, OJ L 160, 18.6.2011, p. 39); the AMMR's recitals on Denmark and the
#: associated states say it develops the rules those agreements apply.
EU_PLUS: frozenset[str] = frozenset(
    {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
        "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
        "SVN", "ESP", "SWE",
        "ISL", "NOR", "CHE", "LIE",
    }
)  # fmt: skip

#: Codes from the range ISO 3166-1 leaves to its users that the Union's own statistics use
#: (Eurostat's asylum figures, the recognition rates of APR Art. 42(1)(j)), by the name of the
#: country; they count as countries.
USER_ASSIGNED: Mapping[str, str] = {"XKX": "Kosovo"}

#: The nationality codes of ICAO Doc 9303 (part 3) beyond ISO 3166-1, with their meaning.
ICAO_NATIONALITIES: Mapping[str, str] = {
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Nationality not specified",
}


@cache
def countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code in use, and the user-assigned codes the Union uses."""
    return frozenset(country.alpha_3 for country in pycountry.countries) | USER_ASSIGNED.keys()


@cache
def languages() -> frozenset[str]:
    """Every ISO 639-3 code (individual languages and macrolanguages alike)."""
    return frozenset(language.alpha_3 for language in pycountry.languages)


def is_valid(kind: CodeKind, value: str) -> bool:
    """Whether ``value`` is a valid code of ``kind``."""
    if kind == "member_state":
        return value in EU_PLUS
    if kind == "language":
        return value in languages()
    if kind == "nationality" and value in ICAO_NATIONALITIES:
        return True
    return value in countries()


_MESSAGES: Mapping[CodeKind, str] = {
    "country": 'an ISO 3166-1 alpha-3 code in capitals is needed, e.g. "SYR"',
    "nationality": 'an ISO 3166-1 alpha-3 code in capitals is needed, e.g. "SYR" (XXA: stateless)',
    "member_state": (
        'an ISO 3166-1 alpha-3 code of a member state applying the AMMR is needed, e.g. "DEU"'
    ),
    "language": 'an ISO 639-3 code in lower case is needed, e.g. "ara"',
}


@dataclass(frozen=True)
class Code:
    """Marks a field's type as a code of ``kind``, for those who build inputs from a model."""

    kind: CodeKind


def code_kind(metadata: Iterable[object]) -> CodeKind | None:
    """The kind of code a field holds, read off its type's metadata; None for another field.

    >>> from pydantic import BaseModel
    >>> class Example(BaseModel):
    ...     partner: MemberStateCode
    >>> code_kind(Example.model_fields["partner"].metadata)
    'member_state'
    """
    return next((item.kind for item in metadata if isinstance(item, Code)), None)


def is_stored(context: Any) -> bool:
    """Whether a validation ``context`` says the data is read back from a store (``STORED``)."""
    return context is STORED or (isinstance(context, Mapping) and bool(context.get("stored")))


def _checker(kind: CodeKind) -> Callable[[str, ValidationInfo], str]:
    def check(value: str, info: ValidationInfo) -> str:
        if is_stored(info.context):
            return value
        if not is_valid(kind, value):
            # The error type names the kind, so a form can say it in the page's language.
            raise PydanticCustomError(f"{kind}_code", _MESSAGES[kind])
        return value

    return check


CountryCode = Annotated[
    str,
    Code("country"),
    AfterValidator(_checker("country")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "An ISO 3166-1 alpha-3 country code (e.g. SYR; XKX Kosovo).",
        }
    ),
]
NationalityCode = Annotated[
    str,
    Code("nationality"),
    AfterValidator(_checker("nationality")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "An ISO 3166-1 alpha-3 country code (e.g. SYR; XKX Kosovo), or an "
            "ICAO Doc 9303 code: XXA stateless, XXB refugee (1951 Convention), XXC other refugee, "
            "XXX not specified.",
        }
    ),
]
MemberStateCode = Annotated[
    str,
    Code("member_state"),
    AfterValidator(_checker("member_state")),
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted(EU_PLUS),
            "description": "The ISO 3166-1 alpha-3 code of a state applying the AMMR: an EU "
            "member state, Iceland, Norway, Switzerland or Liechtenstein.",
        }
    ),
]
LanguageCode = Annotated[
    str,
    Code("language"),
    AfterValidator(_checker("language")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z]{3}$",
            "description": "An ISO 639-3 language code, e.g. ara.",
        }
    ),
]
