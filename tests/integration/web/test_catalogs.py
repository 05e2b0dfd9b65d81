"""Every text the pages show has a Dutch translation, and the catalogs read cleanly.

The texts are those of the web package, the state machine's refusal reasons (the
templates of ``Draft.refuse`` and ``TransitionError`` in ``cases``) and the sentences the domain
writes for people (``law.text.Text`` in ``law``, ``cases``, ``access`` and ``services``:
derivations, routing explanations, policy reasons), extracted as ``pybabel extract`` does with
the keywords of docs/web.md.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import migrationpact.access
import migrationpact.cases
import migrationpact.law
import migrationpact.services
import migrationpact.web
from migrationpact.web.i18n import LOCALE_DIR

KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "Np_": (1, 2),
    "WebError": (2,),
    "refuse": (2,),
    "TransitionError": (3,),
    "Text": None,
}
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
SOURCES = tuple(
    Path(str(package.__file__)).parent
    for package in (
        migrationpact.web,
        migrationpact.cases,
        migrationpact.law,
        migrationpact.access,
        migrationpact.services,
    )
)


def _extracted() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for root in SOURCES:
        for _, _, message, _, _ in extract_from_dir(
            str(root),
            method_map=METHODS,
            options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords=KEYWORDS,
        ):
            found.add(message)
    return found


def test_refusal_reasons_are_extracted() -> None:
    found = _extracted()
    assert "the application is already lodged" in found  # Draft.refuse
    assert "a case starts with screening, an application or a request received" in found
    assert "%(key)s is counted in hours and cannot be stopped" in found  # with a value


def test_the_domains_sentences_are_extracted() -> None:
    found = _extracted()
    assert "The event day %(day)s is not counted; counting starts %(first)s" in found  # law
    assert "Which rules apply to this case" in found  # routing
    assert "the case is not assigned to you" in found  # access policy


def test_every_message_has_a_dutch_translation() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="nl")
    missing = []
    for message in _extracted():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        translated = entry.string if entry is not None else None
        if not translated or (isinstance(translated, tuple) and not all(translated)):
            missing.append(key)
    assert not missing, f"add these to the Dutch catalog: {sorted(missing)}"


def test_translations_keep_the_placeholders() -> None:
    for language in ("nl", "en"):
        with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
            catalog = read_po(source, locale=language)
        problems = [(message.id, errors) for message, errors in catalog.check()]
        assert problems == [], f"{language}: {problems}"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_catalogs_read_without_a_broken_entry(language: str) -> None:
    # The catalogs merge by union (.gitattributes): a merge can leave a msgid without its
    # msgstr, which babel only warns about and then drops. abort_invalid makes that an error.
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        assert len(read_po(source, locale=language, abort_invalid=True)) > 100


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_entry_runs_into_the_next(language: str) -> None:
    # A union merge can drop the blank line and the ``msgid ""`` that open a wrapped entry: its
    # lines then read as more of the previous msgstr, which still parses. The catalogs are
    # written with a wrapped text starting on its own line, so a one-line msgid or msgstr
    # followed by a continuation line means two entries ran together.
    text = (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    lines = text.splitlines()
    joined = [
        n + 1
        for n, (line, after) in enumerate(pairwise(lines))
        if line.startswith(('msgid "', 'msgstr "'))
        and line not in ('msgid ""', 'msgstr ""')
        and after.startswith('"')
    ]
    assert joined == [], f"{language}: entries run together after lines {joined}"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_message_is_in_the_catalog_once(language: str) -> None:
    # Babel keeps the last of two entries with one msgid: a second entry, added at the end by a
    # later change, silently overrides the first (once with another translation: "Seed" read
    # "Startwaarde" in one place and "Startgetal" in the other).
    lines = (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").read_text("utf-8").splitlines()
    seen: set[tuple[str, str]] = set()
    twice = []
    context = ""
    for n, line in enumerate(lines):
        if line.startswith("msgctxt "):
            context = line
        if not line.startswith("msgid "):
            continue
        end = next(k for k in range(n, len(lines)) if lines[k].startswith(("msgid_", "msgstr")))
        msgid = "".join(lines[n:end])
        if msgid != 'msgid ""':  # the header's is empty
            if (context, msgid) in seen:
                twice.append(msgid)
            seen.add((context, msgid))
        context = ""
    assert twice == [], f"{language}: {twice}"
