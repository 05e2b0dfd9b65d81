"""The words of the progress report, in Dutch and English, from the translation catalogue.

The report is built from the sections of ``monitoring.report.model``, whose every text is a
``Words`` (Dutch and English), so one rendering path prints both reports. Its texts are message
ids of the catalogue: ``_("English id %(x)s", x=...)`` looks the id up in both languages'
catalogs (``services.translations``) and fills in the values, each said in its language (a
``Words`` by its language's words, a date written out, anything else as it is). A Dutch report
therefore shows no English as long as every id has its Dutch translation, which
``tests/integration/web/test_catalogs.py`` checks for every ``_(...)`` in ``services``.

>>> _("Sign in").nl, day(date(2026, 12, 31)).nl
('Inloggen', '31 december 2026')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from babel.dates import format_date

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.rulebook.schema import Title
from migrationpact.monitoring.intake import Words
from migrationpact.services.translations import translations

Value = Words | Title | date | str | int


def _said(value: Value, language: str) -> str:
    if isinstance(value, Words | Title):
        return value.nl if language == "nl" else value.en
    if isinstance(value, date):
        return format_date(value, format="long", locale=language)
    return str(value)


def _(message: str, **values: Value) -> Words:
    """``message`` (a catalogue id) in both languages, with ``values`` filled in."""
    said = {}
    for language in ("en", "nl"):
        text = translations(language).gettext(message)
        if values:
            text = text % {k: _said(v, language) for k, v in values.items()}
        said[language] = text
    return Words(en=said["en"], nl=said["nl"])


def day(value: date) -> Words:
    """A day written out: '31 December 2026' / '31 december 2026'."""
    return Words(en=_said(value, "en"), nl=_said(value, "nl"))


def title(value: Title) -> Words:
    """A title kept in data in both languages (a rule's, a stage's)."""
    return Words(en=value.en, nl=value.nl)


def cited(bases: Iterable[LegalBasis]) -> Words:
    """Citations, the Dutch form in Dutch: 'SR Art. 8(3)' / 'art. 8, derde lid, …'."""
    found = list(dict.fromkeys(bases))
    # A citation may end in an abbreviation ("3rd subpara."): the sentence adds its own stop.
    return Words(
        en="; ".join(b.cite() for b in found).rstrip(".") or "\u2013",
        nl="; ".join(b.cite_nl() for b in found).rstrip(".") or "\u2013",
    )


def month(value: date) -> Words:
    """A month by its name: 'July 2026' / 'juli 2026'."""
    return Words(
        en=format_date(value, format="MMMM y", locale="en"),
        nl=format_date(value, format="MMMM y", locale="nl"),
    )
