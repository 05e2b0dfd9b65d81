"""The translation catalogue, for every front end: Dutch and English, read from the ``.po`` files.

The pages, and any document a use case writes for people (the progress report), are written
in English message ids; ``web/locale/<lang>/LC_MESSAGES/messages.po`` holds the translations.
The catalogs are plain ``.po`` text, read with Babel and compiled in memory once per process,
so there is no build step and no ``.mo`` file to forget. ``web.i18n`` says the pages' texts
with it; the command line reaches it here, below the web layer.

>>> translations("nl").gettext("Sign in")
'Inloggen'
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: Where the catalogs are (beside the pages that use them most).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "web" / "locale"


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
