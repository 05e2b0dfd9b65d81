"""The routing explanation in the page's language: outcomes, facts used and missing facts.

A routing node (``law.routing.Node``) says its title, outcome and reason as ``law.text.Text``
sentences, said with ``i18n.say``. Some outcomes are codes other systems read (``external-border``,
``legacy-apd``, ``AMMR``): they are shown by their label. The facts a rule used are shown as
"label: value" — the fact's label (``FIELD_LABELS``, or ``FACT_LABELS`` for what the engine
adds, such as the recognition rate), and the value in words: yes / no, a date, a choice by its
label, "not recorded" for a missing one.

>>> outcome_words("external-border", "nl"), fact_words("decision_date_source", "nl")
('buitengrens', 'Bron van de beslisdatum')
>>> value_words(True, "nl"), value_words(None, "nl"), value_words("date_of_registration", "nl")
('ja', 'niet vastgelegd', 'datum van registratie')
"""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.law.text import N_, Text
from migrationpact.web.i18n import say, translations
from migrationpact.web.labels import CASE_FIELD_LABELS, CHOICE_LABELS, FIELD_LABELS

#: Outcomes of routing nodes that are codes; a ``Text`` outcome is said as it is.
OUTCOME_LABELS: dict[str, str] = {
    "external-border": N_("external border"),
    "in-territory": N_("within the territory"),
    "none": N_("none"),
    "legacy-apd": N_("Directive 2013/32/EU (before the Pact)"),
    "accelerated": N_("accelerated examination"),
    "regular": N_("regular examination"),
    "undetermined": N_("undetermined"),
}

#: Facts the routing engine adds to those recorded, by name.
FACT_LABELS: dict[str, str] = {
    "decision_date": N_("Decision date"),
    "decision_date_source": N_("Source of the decision date"),
    "threshold_percent": N_("Threshold (%)"),
    "rate_percent": N_("Recognition rate (%)"),
    "rate_year": N_("Year of the rate"),
    "rate_measure": N_("Measure of the rate"),
    "rate_status": N_("Status of the rate"),
    "rate_published": N_("Rate published on"),
    "rate_published_assumed": N_("Publication date assumed"),
    "rate_source": N_("Source of the rate"),
    "nl_policy": N_("Dutch policy"),
    "relieved_ground": N_("Ground still binding"),
    "interpretation_flag": N_("Interpretation"),
    "situation": N_("Situation"),
    "derogations": N_("Derogations"),
    "recognition_rate": N_("Recognition rate"),
}

#: Values of facts that are codes without a choice label.
VALUE_LABELS: dict[str, str] = {
    "given": N_("given"),
    "date_of_registration": N_("date of registration"),
    "date_of_application": N_("date of application"),
    "annual": N_("annual figure"),
    "upper-bound": N_("upper bound"),
    "half-year": N_("half-year figure"),
    "partial-year": N_("partial-year figure"),
    "border": N_("border procedure"),
    "regular": N_("regular procedure"),
    "mass-arrival": N_("mass arrival"),
    "force-majeure": N_("force majeure"),
    "instrumentalisation": N_("instrumentalisation"),
}


def outcome_words(outcome: str, language: str) -> str:
    """A node's outcome in ``language``: a sentence said, a code by its label, a name as it is."""
    if isinstance(outcome, Text):
        return say(outcome, language)
    label = OUTCOME_LABELS.get(outcome)
    return translations(language).gettext(label) if label else outcome


def fact_words(name: str, language: str) -> str:
    """The label of a fact in ``language``; a field path (``person.v_number``, as the access log
    names what a read showed) by its last part when the whole path has none."""
    label = _fact_label(name) or _fact_label(name.rsplit(".", 1)[-1])
    return translations(language).gettext(label) if label else name


def _fact_label(name: str) -> str | None:
    return FIELD_LABELS.get(name) or FACT_LABELS.get(name) or CASE_FIELD_LABELS.get(name)


#: Facts a page leaves out: the source key of a recognition rate and the id of the rates table's
#: edition are references into the data (the API's JSON carries them); the reason beside them
#: names the figure, its scope and the edition in words.
HIDDEN_FACTS = frozenset({"rate_source", "rate_edition"})


def shown_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a rule used, without those a page leaves out."""
    return {k: v for k, v in facts.items() if k not in HIDDEN_FACTS}


def value_words(value: Any, language: str) -> str:
    """A fact's value in words in ``language``."""
    t = translations(language)
    if value is None:
        return t.gettext("not recorded")
    if isinstance(value, bool):
        return t.gettext("yes") if value else t.gettext("no")
    if isinstance(value, date):
        return say(value, language)
    if isinstance(value, list | tuple):
        return ", ".join(value_words(v, language) for v in value)
    if isinstance(value, str):
        label = CHOICE_LABELS.get(value) or VALUE_LABELS.get(value)
        return t.gettext(label) if label else value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
