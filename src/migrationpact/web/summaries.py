"""The summary of an event on the case page's timeline: one line, in the page's language.

The timeline lists the events of a case; beside each, for those who may see the asylum account,
one line says what the event recorded, so that nobody has to open every event to follow the
case. The line is made from the event's stored contents (its payload: the event without its
type and time):

- each field by its label (``labels.FIELD_LABELS``) and its value as the pages show it
  (``shown``): a choice by its label (``CHOICE_LABELS``), yes/no as Ja/Nee, a date or a
  date-time as the page formats it (``i18n.format_moment``), a list joined with commas;
- a yes/no left at its model's default is no news and is left out (``urgent``: no), but one the
  model requires (``granted``) or one that differs from its default (``transmitted_to_eurodac``:
  no) is shown;
- nested parts briefly, in parentheses: the person (their names only for a viewer of the
  identity section, and their nationality), the routing facts (nationality, age and the findings
  that are true), the screening form (what the referral turns on: reason for screening, applied
  for protection, special needs, the number of family members in member states), the family
  group (the number of members, whether it includes minors), a legal basis (its citations);
- the note last, and the whole cut at a word boundary, with "…", after ``LIMIT`` characters
  (the event's own page shows everything).

>>> event_summary("decision_taken", {"note": None, "outcome": "unfounded"}, "nl")
'Uitkomst: Ongegrond'
>>> event_summary("decision_taken", {"outcome": "unfounded"}, "en")
'Outcome: Unfounded'
>>> family = {"group_id": "G-1", "includes_minors": True,
...           "members": [{"relation": "child"}, {"relation": "spouse"}]}
>>> print(event_summary("application_made", {"note": "Arrived with two children. " * 9,
...     "entry": "in-territory", "family": family}, "nl", limit=150))
Hoe de persoon binnenkwam: Aangetroffen op het grondgebied; Gezinsgroep (2 gezinsleden, Met \
minderjarigen: Ja); Notitie: Arrived with two children…
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from migrationpact.law.needs import vocabulary
from migrationpact.law.routing import FINDINGS
from migrationpact.law.rulebook.schema import Citation
from migrationpact.web.codes import shown_codes
from migrationpact.web.forms import EVENT_CLASSES
from migrationpact.web.i18n import cite, format_moment, translations
from migrationpact.web.labels import CHOICE_LABELS, FIELD_LABELS, GROUP_LABELS, N_
from migrationpact.web.places import office_name
from migrationpact.web.rule_labels import CONSEQUENCE_LABELS
from migrationpact.web.templating import code_label

#: The longest summary, in characters (with the "…" of a cut).
LIMIT = 300
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")
#: Parts summarised on their own (the nested parts) or last (the note).
_SEPARATE = frozenset({"person", "facts", "form", "family", "legal_basis", "note"})
#: Not summarised: a lapsed deadline's internal key and its consequence as the store's English
#: sentence (a consequence the law attaches is said by its label, ``CONSEQUENCE_LABELS``).
_LEFT_OUT = frozenset({"key", "consequence_text"})
#: Identity data, shown only to a viewer of the identity section.
_IDENTITY = frozenset({"v_number"})
_SCREENING_FORM = N_("Screening form")


def shown(value: Any, language: str) -> str:
    """A field's value as the pages show it, in ``language``.

    >>> shown(True, "nl"), shown(["child", "spouse"], "nl"), shown("2026-11-30T14:00:00", "en")
    ('Ja', 'Kind, Echtgeno(o)t(e)', 'Mon 30 Nov 2026 14:00')
    """
    t = translations(language)
    if isinstance(value, bool):
        return t.gettext("Yes") if value else t.gettext("No")
    if isinstance(value, list):
        return ", ".join(shown(item, language) for item in value)
    if isinstance(value, str):
        if value in CHOICE_LABELS:
            return code_label(value, "choice", language)
        if (need := vocabulary().label(value, language)) is not None:
            return need
        if _MOMENT.fullmatch(value):
            moment = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            return format_moment(moment, language)
    return str(value)


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending in "…".

    >>> shorten("one two three", 10), shorten("one two", 10)
    ('one two…', 'one two')
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" .;,:(") + "…"


def event_summary(
    event_type: str,
    payload: Mapping[str, Any],
    language: str,
    *,
    identity: bool = False,
    limit: int = LIMIT,
) -> str:
    """The one-line summary of an event's contents in ``language`` ("" when there is nothing to
    say); ``identity``: the viewer may see the identity section (names, V-number)."""
    parts = [
        _pair(key, value, language)
        for key, value in payload.items()
        if _is_news(event_type, key, value, identity)
    ]
    parts += [
        part
        for part in (
            _person(payload.get("person"), language, identity),
            _facts(payload.get("facts"), language),
            _screening_form(payload.get("form"), language),
            _family(payload.get("family"), language),
            _legal_basis(payload.get("legal_basis"), language),
        )
        if part
    ]
    note = payload.get("note")
    if isinstance(note, str) and note.strip():
        label = translations(language).gettext(FIELD_LABELS["note"])
        parts.append(f"{label}: {' '.join(note.split())}")
    return shorten("; ".join(parts), limit)


def _is_news(event_type: str, key: str, value: Any, identity: bool) -> bool:
    if key in _SEPARATE or key in _LEFT_OUT or value is None or value in ("", [], {}):
        return False
    if key == "consequence" and value == "none":  # nothing attached, nothing to say
        return False
    if key in _IDENTITY:
        return identity
    if isinstance(value, bool):
        model = EVENT_CLASSES.get(event_type)
        info = model.model_fields.get(key) if model is not None else None
        return info is None or info.is_required() or value != info.default
    return True


def _label(key: str, language: str) -> str:
    return translations(language).gettext(FIELD_LABELS.get(key, key))


def _pair(key: str, value: Any, language: str) -> str:
    if key == "consequence":
        label = CONSEQUENCE_LABELS.get(value)
        return translations(language).gettext(label) if label else str(value)
    named = shown_codes(key, value, language)
    if key == "office":  # an IND office (``ind_office_assigned``) by its name
        named = office_name(value, language)
    return f"{_label(key, language)}: {shown(value, language) if named is None else named}"


def _group(label: str, items: list[str], language: str) -> str:
    """``label (item, item)``: a nested part; "" when there is nothing in it."""
    return f"{translations(language).gettext(label)} ({', '.join(items)})" if items else ""


def _person(person: Any, language: str, identity: bool) -> str:
    if not isinstance(person, Mapping):
        return ""
    items = []
    if identity and person.get("names"):
        items.append(" ".join(person["names"]))
    if person.get("nationality"):
        items.append(_pair("nationality", person["nationality"], language))
    return _group(GROUP_LABELS["person"], items, language)


def _facts(facts: Any, language: str) -> str:
    if not isinstance(facts, Mapping):
        return ""
    items = [
        _pair(k, facts[k], language) for k in ("nationality", "age") if facts.get(k) is not None
    ]
    true = [_label(k, language) for k in FINDINGS if facts.get(k) is True]
    if true:
        items += true
    elif any(facts.get(k) is not None for k in FINDINGS):
        items.append(translations(language).gettext("none of the findings applies"))
    if facts.get("crisis"):
        items.append(_pair("crisis", facts["crisis"], language))
    return _group(GROUP_LABELS["facts"], items, language)


def _screening_form(form: Any, language: str) -> str:
    if not isinstance(form, Mapping):
        return ""
    items = []
    if form.get("reason_for_screening"):
        items.append(_pair("reason_for_screening", form["reason_for_screening"], language))
    if form.get("applied_for_asylum") is not None:
        items.append(_pair("applied_for_asylum", form["applied_for_asylum"], language))
    for key in ("special_reception_needs", "special_procedural_needs"):
        if form.get(key) is True:
            items.append(_pair(key, True, language))
    members = form.get("family_members_in_member_states") or []
    if members:
        rows = GROUP_LABELS["form.family_members_in_member_states"]
        items.append(f"{translations(language).gettext(rows)}: {len(members)}")
    return _group(_SCREENING_FORM, items, language)


def _family(family: Any, language: str) -> str:
    if not isinstance(family, Mapping):
        return ""
    count = len(family.get("members") or [])
    t = translations(language)
    items = [t.ngettext("%(num)d family member", "%(num)d family members", count) % {"num": count}]
    if family.get("includes_minors") is not None:
        items.append(_pair("includes_minors", family["includes_minors"], language))
    return _group(GROUP_LABELS["family"], items, language)


def _legal_basis(basis: Any, language: str) -> str:
    if not isinstance(basis, list) or not basis:
        return ""
    cited = []
    for citation in basis:
        try:
            cited.append(cite(Citation.model_validate(citation).to_dict(), language))
        except ValidationError:  # recorded under an older rule book: shown as it was stored
            values = citation.values() if isinstance(citation, Mapping) else [citation]
            cited.append(" ".join(str(v) for v in values if v))
    label = translations(language).gettext(GROUP_LABELS["legal_basis"])
    return f"{label}: {', '.join(cited)}"
