"""The words a printed phase-in plan uses, in English and Dutch.

The plan itself is numbers and codes (its JSON form); a table for people says them in their
language: column headings, the consent statuses, the target groups, why a site is held back.
Each is a ``Title`` (``en`` and ``nl``), as a regime's label is; ``say`` picks the language.

>>> say("needed", "nl"), say("requested", "en")
('Nodig', 'consent requested')
"""

from __future__ import annotations

from typing import Literal

from migrationpact.law.periods import Length
from migrationpact.law.rulebook.schema import Title

Language = Literal["en", "nl"]

WORDS: dict[str, Title] = {
    "title": Title(en="Dublin shelter phase-in plan", nl="Ingroeiplan Dublinonderdaklocaties"),
    "month": Title(en="Month", nl="Maand"),
    "transfer_decisions": Title(en="Decisions", nl="Besluiten"),
    "residents": Title(en="Residents", nl="Bewoners"),
    "needed": Title(en="Needed", nl="Nodig"),
    "capacity": Title(en="Capacity", nl="Capaciteit"),
    "gap": Title(en="Gap", nl="Tekort"),
    "held_back": Title(en="No consent", nl="Zonder instemming"),
    "forecast_cases": Title(
        en="forecast from the cases: %(mean)s decisions a month, %(pending)s open Dublin cases",
        nl="prognose uit de zaken: %(mean)s besluiten per maand, %(pending)s open Dublinzaken",
    ),
    "forecast_file": Title(en="forecast from a file", nl="prognose uit een bestand"),
    "forecast_twin": Title(
        en="forecast from run %(run)s of the chain twin",
        nl="prognose uit doorrekening %(run)s van de ketentweeling",
    ),
    "limit": Title(
        en="transfer time limit %(rule)s: %(length)s",
        nl="overdrachtstermijn %(rule)s: %(length)s",
    ),
    "gap_note": Title(
        en="Gap = needed - capacity; above 0 the plan is short.",
        nl="Tekort = nodig - capaciteit; boven 0 komt het plan plaatsen tekort.",
    ),
    "sites": Title(en="Sites, filled in this order:", nl="Locaties, in deze volgorde gevuld:"),
    "no_sites": Title(
        en="No site may shelter Dublin claimants.",
        nl="Geen locatie kan Dublinclaimanten onderdak bieden.",
    ),
    "site": Title(
        en="%(places)s; %(consent)s; opens %(opens)s; groups: %(groups)s; regimes: %(regimes)s",
        nl="%(places)s; %(consent)s; open vanaf %(opens)s; doelgroepen: %(groups)s; "
        "regimes: %(regimes)s",
    ),
    "places": Title(en="%(n)s places", nl="%(n)s plaatsen"),
    "free": Title(en="%(n)s free places", nl="%(n)s vrije plaatsen"),
    "held": Title(en="Held back:", nl="Niet meegeteld:"),
    "would_add": Title(
        en="%(site)s: %(reason)s, would add %(places)s places (%(months)s)",
        nl="%(site)s: %(reason)s, zou %(places)s plaatsen toevoegen (%(months)s)",
    ),
    "unverified": Title(
        en="%(n)s of %(of)s planning parameters are unverified estimates (%(file)s).",
        nl="%(n)s van %(of)s planningsparameters zijn niet geverifieerde schattingen (%(file)s).",
    ),
    "unknown": Title(en="not known", nl="onbekend"),
    # Consent statuses (no status: none recorded) and why a site is held back.
    "none": Title(en="no consent recorded", nl="geen instemming vastgelegd"),
    "requested": Title(en="consent requested", nl="instemming gevraagd"),
    "granted": Title(en="consent granted", nl="instemming verleend"),
    "refused": Title(en="consent refused", nl="instemming geweigerd"),
    "expired": Title(en="consent expired", nl="instemming verlopen"),
    "no-consent": Title(en="no municipal consent", nl="geen instemming van de gemeente"),
    "no-opening-day": Title(en="no opening day", nl="geen openingsdatum"),
    # Target groups.
    "single-adults": Title(en="single adults", nl="alleenstaande volwassenen"),
    "families": Title(en="families", nl="gezinnen"),
    "unaccompanied-minors": Title(
        en="unaccompanied minors", nl="alleenstaande minderjarige vreemdelingen"
    ),
    "women": Title(en="women", nl="vrouwen"),
    "dublin": Title(en="Dublin claimants", nl="Dublinclaimanten"),
}


#: A length's units in Dutch (singular, plural); English is the length as the rule book writes it.
_DUTCH_UNITS = {
    "days": ("dag", "dagen"),
    "weeks": ("week", "weken"),
    "months": ("maand", "maanden"),
    "years": ("jaar", "jaar"),
}


def say_length(length: str, language: Language) -> str:
    """A length of the rule book (``'6 months'``) in ``language``.

    >>> say_length("6 months", "nl"), say_length("1 year", "nl"), say_length("6 months", "en")
    ('6 maanden', '1 jaar', '6 months')
    """
    if language != "nl":
        return length
    parts = Length.parse(length).parts
    words = [f"{n} {_DUTCH_UNITS[unit.value][n != 1]}" for n, unit in parts]
    return " en ".join(words)


def say(key: str, language: Language) -> str:
    """The word for ``key`` in ``language`` (a key it does not know stays as it is)."""
    found = WORDS.get(key)
    if found is None:
        return key
    return found.nl if language == "nl" else found.en
