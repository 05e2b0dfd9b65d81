"""Languages of the web pages: Dutch and English, from gettext catalogs read at start-up.

The pages are written in English (the message ids); ``locale/<lang>/LC_MESSAGES/messages.po``
holds the translations, read by ``services.translations`` (so that a document a use case
writes, such as the progress report, says its texts with the same catalog). A message without a
translation shows its English id.

Dates are formatted by Babel in the language of the page ("29 november 2026" /
"29 November 2026"), always as the law counts them: local Dutch time, no zone.

>>> translations("nl").gettext("Sign in")
'Inloggen'
>>> language_or_default("fr"), language_or_default("en-GB")
('nl', 'en')
>>> format_day(date(2026, 11, 29), "nl"), format_day(date(2026, 11, 29), "en")
('zo 29 nov 2026', 'Sun 29 Nov 2026')

The domain's sentences (``law.text.Text``: an English template and its values) are said in the
page's language by ``say``; a citation by ``cite`` (Dutch form in Dutch), a period by
``say_length``.

>>> from migrationpact.law.text import Text
>>> say(Text("The event day %(day)s is not counted; counting starts %(first)s",
...          day=date(2026, 7, 29), first=date(2026, 7, 30)), "nl")
'De dag van de gebeurtenis, wo 29 jul 2026, telt niet mee; het tellen begint op do 30 jul 2026'
>>> say_length(Length.parse("2 months 10 days"), "nl"), say_length("1 week", "en")
('2 maanden en 10 dagen', '1 week')
>>> cite({"instrument_code": "APR", "article": "35", "paragraph": "5"}, "nl")
'art. 35, vijfde lid, Procedureverordening'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime

from migrationpact.law.legal_basis import LegalBasis, read_citations
from migrationpact.law.periods.lengths import Length, Unit
from migrationpact.law.text import Text
from migrationpact.services.translations import LOCALE_DIR as LOCALE_DIR
from migrationpact.services.translations import translations as translations
from migrationpact.web.labels import SENTENCE_CODES

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LABELS = {"nl": "Nederlands", "en": "English"}


def language_label(language: str) -> str:
    """The name of a language in that language, for the switch."""
    return _LABELS[language]


def language_or_default(tag: str | None) -> str:
    """One of ``LANGUAGES`` for a language tag (``en-GB`` → ``en``); Dutch when unknown."""
    if tag:
        primary = tag.split("-", 1)[0].strip().lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def from_accept_language(header: str | None) -> str:
    """The first supported language of an ``Accept-Language`` header (before sign-in)."""
    for part in (header or "").split(","):
        tag = part.split(";", 1)[0].strip()
        if tag and tag.split("-", 1)[0].lower() in LANGUAGES:
            return language_or_default(tag)
    return DEFAULT_LANGUAGE


def format_day(value: date | datetime, language: str) -> str:
    """A day with its weekday, short: 'ma 30 nov 2026' / 'Mon 30 Nov 2026'."""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="EEE d MMM y", locale=language)


def format_moment(value: date | datetime, language: str) -> str:
    """A day, or a day and a time when the moment has one ('ma 30 nov 2026 14:00')."""
    if isinstance(value, datetime):
        return format_datetime(value, format="EEE d MMM y HH:mm", locale=language)
    return format_day(value, language)


def format_long_day(value: date | datetime, language: str) -> str:
    """A day written out: '30 november 2026' / '30 November 2026'."""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="long", locale=language)


def Np_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Mark a message with a plural for translation (``ngettext`` says it when it is shown)."""
    return singular, plural


#: The words of a length's units, singular and plural, as message ids.
_UNITS: dict[Unit, tuple[str, str]] = {
    Unit.HOURS: Np_("%(num)d hour", "%(num)d hours"),
    Unit.DAYS: Np_("%(num)d day", "%(num)d days"),
    Unit.WORKING_DAYS: Np_("%(num)d working day", "%(num)d working days"),
    Unit.WEEKS: Np_("%(num)d week", "%(num)d weeks"),
    Unit.MONTHS: Np_("%(num)d month", "%(num)d months"),
    Unit.YEARS: Np_("%(num)d year", "%(num)d years"),
}


def say_length(length: Length | str, language: str) -> str:
    """A period in words in ``language``: '2 maanden en 10 dagen' / '2 months and 10 days'."""
    parsed = Length.parse(length) if isinstance(length, str) else length
    t = translations(language)
    words = [t.ngettext(*_UNITS[unit], amount) % {"num": amount} for amount, unit in parsed.parts]
    if len(words) == 1:
        return words[0]
    return t.gettext("%(some)s and %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


def cite_text(text: str, language: str) -> str:
    """Citations kept as the English text ``LegalBasis.cite`` wrote (a worklist row's), in
    ``language``; text in another form as it is."""
    if language != "nl":
        return text
    found = read_citations(text)
    return "; ".join(b.cite_nl(sentence) for b, sentence in found) if found else text


def cite(basis: LegalBasis | dict[str, Any], language: str) -> str:
    """A citation (a ``LegalBasis`` or its JSON) in ``language``: the Dutch form in Dutch."""
    if isinstance(basis, dict):
        if language != "nl" and basis.get("citation"):
            return str(basis["citation"])
        sentence = basis.get("sentence")
        basis = LegalBasis(
            basis["instrument_code"],
            basis["article"],
            basis.get("paragraph"),
            basis.get("point"),
            basis.get("subparagraph"),
        )
    else:
        sentence = None
    return basis.cite_nl(sentence) if language == "nl" else basis.cite()


def say(value: Any, language: str) -> str:
    """A text of the domain in ``language``: a ``Text`` by its translated template, with each
    value said in turn; a date or moment formatted; a length in words; a citation cited; any
    other text translated when the catalog has it (a plain message id), else shown as it is."""
    if isinstance(value, Text):
        template = translations(language).gettext(value.template)
        if not value.params:
            return template
        return template % {k: say(v, language) for k, v in value.params.items()}
    if isinstance(value, datetime):
        return format_moment(value, language)
    if isinstance(value, date):
        return format_day(value, language)
    if isinstance(value, Length):
        return say_length(value, language)
    if isinstance(value, LegalBasis):
        return cite(value, language)
    if isinstance(value, tuple | list):
        return ", ".join(say(v, language) for v in value)
    if isinstance(value, str) and value:
        return translations(language).gettext(SENTENCE_CODES.get(value, value))
    return "" if value is None else str(value)
