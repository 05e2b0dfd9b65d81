"""The inspections in words: labels of their codes, events and refusals, for the register's pages.

Each code of an inspection (authorities, verdicts, close reasons, statuses, event types) has an
English message id that the catalogs translate, so a Dutch page shows no code; a location's name
comes in both languages from its data file; the Charter rights and the phases are the files'
(``monitoring_words``). ``refusal_words`` says a refused step (an ``IR-`` rule) in the page's
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from migrationpact.law.periods.moments import dutch_today
from migrationpact.monitoring.inspections.data import default_locations
from migrationpact.web import monitoring_words as file_words
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_

AUTHORITIES = {
    "IND": N_("IND"),
    "KMar": N_("Royal Netherlands Marechaussee"),
    "COA": N_("COA"),
    "DJI": N_("Custodial Institutions Agency (DJI)"),
    "DTenV": N_("Repatriation and Departure Service (DTenV)"),
}
VERDICTS = {
    "accepted": N_("accepted"),
    "partly-accepted": N_("partly accepted"),
    "rejected": N_("not accepted"),
}
CLOSE_REASONS = {"completed": N_("completed"), "cancelled": N_("cancelled")}
STATUSES = {"planned": N_("planned"), "visited": N_("visited"), "closed": N_("closed")}
EVENTS = {
    "inspection_planned": N_("Visit planned"),
    "visit_carried_out": N_("Visit carried out"),
    "finding_recorded": N_("Finding recorded"),
    "recommendation_made": N_("Recommendation made"),
    "response_recorded": N_("Response recorded"),
    "inspection_closed": N_("Inspection closed"),
    "inspection_shared": N_("Shared with the other body"),
}
#: The inspections' form fields, by the name the events give them, as the forms label them.
FIELDS = {
    "location": N_("Location"), "planned_for": N_("Planned for"),
    "announced": N_("Announced"), "phases": N_("Phases"), "purpose": N_("Purpose"),
    "visited_on": N_("Visited on"), "inspectors": N_("Inspectors"), "note": N_("Note"),
    "text": N_("Text"), "rights": N_("Charter rights"), "phase": N_("Phase"),
    "authority": N_("Authority"), "findings": N_("Rests on findings"), "made_on": N_("Made on"),
    "recommendation": N_("Recommendation"), "verdict": N_("Verdict"),
    "received_on": N_("Received on"), "reason": N_("Reason"), "with_body": N_("Shared with"),
}  # fmt: skip
#: The reasons of the inspections' refusals (``monitoring.inspections.decide``), as message ids.
REFUSALS = (
    N_("the inspection is not planned yet"),
    N_("the inspection is closed"),
    N_("it is dated before the inspection was planned (%(at)s)"),
    N_("the inspection is planned already"),
    N_("no list of locations is in force on %(day)s"),
    N_("%(location)s is not a location of the list in force on %(day)s"),
    N_("the visit is recorded already"),
    N_("the visit is not carried out yet"),
    N_("the inspection has no finding %(numbers)s"),
    N_("the recommendation is dated before the visit"),
    N_("the inspection has no recommendation %(number)s"),
    N_("recommendation %(number)s has its response"),
    N_("the response is dated before the recommendation"),
    N_("the visit is carried out; it cannot be cancelled"),
    N_("recommendations wait for their response: %(numbers)s"),
    N_("%(body)s keeps the inspection"),
    N_("the inspection is shared with %(body)s already"),
)
_CODES: Mapping[str, Mapping[str, str]] = {
    "authority": AUTHORITIES,
    "verdict": VERDICTS,
    "reason": CLOSE_REASONS,
    "status": STATUSES,
    "event": EVENTS,
}


def word(kind: str, code: str, language: str) -> str:
    """The label of an inspection's code in ``language`` (the files' labels for the rest)."""
    label = _CODES.get(kind, {}).get(code)
    if label is None:
        return file_words.code_word(kind, code, language)
    return translations(language).gettext(label)


def choices(kind: str, language: str) -> list[tuple[str, str]]:
    t = translations(language)
    return [(code, t.gettext(label)) for code, label in _CODES[kind].items()]


def location_name(code: str, on: date, language: str) -> str:
    """The location's name in ``language`` from the list in force ``on`` (else its code)."""
    try:
        found = default_locations().at(on).location(code)
    except ValueError:
        found = None
    if found is None:
        return code
    return found.name.nl if language == "nl" else found.name.en


def location_choices(on: date, language: str) -> list[tuple[str, str]]:
    return [
        (found.code, found.name.nl if language == "nl" else found.name.en)
        for found in default_locations().at(on).locations
    ]


def refusal_words(template: str, params: Mapping[str, str], language: str, rule: str) -> str:
    """A refused step in ``language``, with its rule."""
    t = translations(language)
    said = dict(params)
    if "body" in said:
        said["body"] = file_words.code_word("to", said["body"], language)
    if "location" in said:
        said["location"] = location_name(said["location"], dutch_today(), language)
    reason = t.gettext(template) % said if said else t.gettext(template)
    return f"{reason} ({rule})"
