"""Rendering pages: one Jinja2 environment per language, with the gettext extension.

Each language gets its own environment, with that language's catalog installed
(``jinja2.ext.i18n``, new-style gettext: ``_("Due %(day)s", day=…)`` escapes its arguments) and
filters that format dates and counts in that language. ``render`` fills in what every page
needs — the language, the signed-in person, their menu (``navigation.menu``: only the pages the
policy lets them use), the CSRF token for forms and htmx — and answers
with HTML. Autoescaping is on for every template.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from migrationpact.auth.sessions import CSRF_FIELD, CSRF_HEADER
from migrationpact.law.needs import vocabulary
from migrationpact.law.periods.moments import DUTCH_TIME
from migrationpact.web.codes import code_name, options
from migrationpact.web.explaining import fact_words, outcome_words, shown_facts, value_words
from migrationpact.web.i18n import (
    LANGUAGES,
    cite,
    cite_text,
    format_day,
    format_long_day,
    format_moment,
    language_label,
    say,
    say_length,
    translations,
)
from migrationpact.web.labels import CODE_LABELS
from migrationpact.web.navigation import navigation_of
from migrationpact.web.places import place_name
from migrationpact.web.session import Visitor

TEMPLATES = Path(__file__).parent / "templates"
#: What htmx may do here: no eval, no inline styles (the CSP forbids both), swap form errors.
HTMX_CONFIG = (
    '{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false, '
    '"responseHandling": [{"code": "204", "swap": false}, {"code": "[23]..", "swap": true}, '
    '{"code": "409|422", "swap": true, "error": false}, '
    '{"code": "[45]..", "swap": false, "error": true}]}'
)


def days_left_text(days: int, language: str) -> str:
    """'3 days left', 'due today', '2 days overdue' in the page's language."""
    t = translations(language)
    if days == 0:
        return t.gettext("due today")
    if days > 0:
        return t.ngettext("%(num)d day left", "%(num)d days left", days) % {"num": days}
    late = -days
    return t.ngettext("%(num)d day overdue", "%(num)d days overdue", late) % {"num": late}


def late_text(days: int | None, hours: int | None, language: str) -> str:
    """'2 days late' (or, for a period counted in hours, '5 hours late') in the page's language.

    >>> late_text(2, None, "nl"), late_text(0, 5, "en")
    ('2 dagen te laat', '5 hours late')
    """
    t = translations(language)
    if hours is not None:
        return t.ngettext("%(num)d hour late", "%(num)d hours late", hours) % {"num": hours}
    num = days or 0
    return t.ngettext("%(num)d day late", "%(num)d days late", num) % {"num": num}


def code_label(value: Any, kind: str, language: str) -> str:
    """A code (a stage, a procedure, a choice, …) by its label in ``language``; a code without
    a label as it is (names such as "AMMR" are their own label).

    >>> code_label("regular", "procedure", "nl"), code_label("AMMR", "regime", "nl")
    ('reguliere procedure', 'AMMR')
    """
    text = "" if value is None else str(value)
    label = CODE_LABELS[kind].get(text)
    return translations(language).gettext(label) if label else text


@cache
def environment(language: str) -> Environment:
    """The template environment of ``language`` (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",)),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = lambda value: format_day(_moment(value), language)
    env.filters["moment"] = lambda value: format_moment(_moment(value), language)
    env.filters["long_day"] = lambda value: format_long_day(_moment(value), language)
    env.filters["local_moment"] = lambda value: format_moment(dutch_time(value), language)
    env.filters["days_left"] = lambda value: days_left_text(int(value), language)
    env.filters["label"] = lambda value, kind: code_label(value, kind, language)
    env.globals["late_text"] = lambda days, hours: late_text(days, hours, language)
    env.filters["code_name"] = lambda value, kind: code_name(kind, str(value), language)
    env.filters["place_name"] = lambda value, kind: place_name(kind, value, language)
    env.filters["vocabulary_label"] = lambda value, vocab: vocab.label(str(value), language)
    env.filters["need_label"] = lambda value: vocabulary().label(str(value), language) or value
    env.filters["say"] = lambda value: say(value, language)
    env.filters["cite"] = lambda value: cite(value, language)
    env.filters["cite_text"] = lambda value: cite_text(value, language)
    env.filters["period"] = lambda value: say_length(value, language)
    env.filters["outcome"] = lambda value: outcome_words(value, language)
    env.filters["fact"] = lambda value: fact_words(value, language)
    env.filters["fact_value"] = lambda value: value_words(value, language)
    env.filters["shown_facts"] = shown_facts
    env.globals.update(
        LANGUAGES=LANGUAGES,
        language_label=language_label,
        CSRF_FIELD=CSRF_FIELD,
        CSRF_HEADER=CSRF_HEADER,
        HTMX_CONFIG=HTMX_CONFIG,
        code_options=lambda kind: options(kind, language),
    )
    return env


def dutch_time(moment: datetime) -> datetime:
    """A moment stored in UTC (without a zone) as the local Dutch time every page shows."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(DUTCH_TIME).replace(tzinfo=None)


def _moment(value: Any) -> date | datetime:
    if isinstance(value, datetime | date):
        return value
    text = str(value)
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    language: str,
    who: Visitor | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page ``name`` (a template file) with ``context``, in ``language``."""
    template = environment(language).get_template(name)
    site = navigation_of(request.scope.get("app"))
    values: dict[str, Any] = {
        "lang": language,
        "who": who,
        "csrf_token": who.csrf_token if who else "",
        "path": request.url.path,
        "full_path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "flash": None,
        "menu": site.menu(who.principal, request.url.path) if who else [],
        "header_search": site.search(who.principal) if who else False,
    }
    values.update(context or {})
    html = template.render(values)
    response = HTMLResponse(html, status_code=status, headers=dict(headers or {}))
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Cookie, HX-Request"
    return response
