"""IND offices and Dutch municipalities by their names, for the pages.

A case names its IND office by a code (``ter-apel``) and a relative's municipality by its CBS
code (``GM0363``); people read names. An office has a Dutch and an English name in its data
file (``cases/data/ind-offices``); a municipality has one name in both languages (the CBS list,
``law.municipalities``). A value that is no known code (stored before it was checked) is shown
as it was, marked, as ``web.codes`` does for countries.

>>> office_name("ter-apel", "nl"), office_name("ter-apel", "en")
('IND Ter Apel (aanmeldcentrum)', 'IND Ter Apel (application centre)')
>>> municipality_name("GM0363", "nl"), municipality_name(None, "nl")
('Amsterdam', None)
>>> office_name("nowhere", "en")
'nowhere (not a valid code)'
"""

from __future__ import annotations

from migrationpact.cases import ind_offices
from migrationpact.law import municipalities
from migrationpact.web.codes import NOT_VALID
from migrationpact.web.i18n import translations


def _marked(value: str, language: str) -> str:
    return translations(language).gettext(NOT_VALID) % {"value": value}


def office_name(code: object, language: str) -> str | None:
    """The IND office ``code`` by its name in ``language``; None when there is none."""
    if not isinstance(code, str) or not code:
        return None
    if not ind_offices.known(code):
        return _marked(code, language)
    return ind_offices.office(code).label(language)


def municipality_name(code: object, language: str) -> str | None:
    """The municipality ``code`` by its name; None when there is none."""
    if not isinstance(code, str) or not code:
        return None
    return municipalities.name(code) if municipalities.known(code) else _marked(code, language)


def place_name(kind: str, code: object, language: str) -> str | None:
    """An IND office (``kind`` ``ind_office``) or a municipality by its name (a form's select)."""
    return (
        office_name(code, language) if kind == "ind_office" else municipality_name(code, language)
    )
