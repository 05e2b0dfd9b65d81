"""Languages of the web pages: Dutch and English, from gettext catalogs read at start-up.

The pages are written in English (the message ids); ``locale/<lang>/LC_MESSAGES/messages.po``
holds the translations. The catalogs are plain ``.po`` text, read with Babel and compiled in
memory, so there is no build step and no ``.mo`` file to forget. A message without a
translation shows its English id.

Dates are formatted by Babel in the language of the page ("29 november 2026" /
"29 November 2026"), always as the law counts them: local Dutch time, no zone.

>>> translations("nl").gettext("Sign in")
'Inloggen'
>>> language_or_default("fr"), language_or_default("en-GB")
('nl', 'en')
>>> format_day(date(2026, 11, 29), "nl"), format_day(date(2026, 11, 29), "en")
('zo 29 nov 2026', 'Sun 29 Nov 2026')
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"
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


@cache
def translations(language: str) -> Translations:
    """The compiled catalog of ``language`` (read once per process)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


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
