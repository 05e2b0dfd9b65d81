"""The register's codes in the report's words (Dutch and English), and the report's own words.

The pages say the same codes through the gettext catalogs (``web.monitoring_words``); the report
is made at the command line too, which does not reach the pages' catalogs, so it carries its
words with it, as the Charter rights (``vocabulary.RIGHTS``) and the limits' titles do. The
Dutch here is the catalogs' Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import W
from migrationpact.monitoring.vocabulary import RIGHTS

SOURCES: Mapping[str, Words] = {
    "individual": W("the person concerned", "de betrokkene"),
    "lawyer": W("a lawyer", "een advocaat"),
    "ngo": W("a non-governmental organisation", "een maatschappelijke organisatie"),
    "staff": W("staff of an executing organisation", "medewerker van een uitvoeringsorganisatie"),
    "own-observation": W("the body's own observation", "eigen waarneming van de instantie"),
}
CHANNELS: Mapping[str, Words] = {
    "letter": W("letter", "brief"),
    "email": W("e-mail", "e-mail"),
    "phone": W("telephone", "telefoon"),
    "web-form": W("web form", "webformulier"),
    "in-person": W("in person", "persoonlijk"),
    "visit": W("during a visit", "tijdens een bezoek"),
}
PHASES: Mapping[str, Words] = {
    "screening": W("screening", "screening"),
    "border-procedure": W("border procedure", "grensprocedure"),
    "detention": W("detention", "bewaring"),
    "reception": W("reception", "opvang"),
}
NO_PHASE = W("no phase named", "geen fase genoemd")
AUTHORITIES: Mapping[str, Words] = {
    "IND": W("IND", "IND"),
    "KMar": W("Royal Netherlands Marechaussee", "Koninklijke Marechaussee"),
    "COA": W("COA", "COA"),
    "public-prosecutor": W("public prosecutor", "openbaar ministerie"),
}
CLOSE_REASONS: Mapping[str, Words] = {
    "handled": W("handled", "afgehandeld"),
    "unfounded": W("unfounded", "ongegrond"),
    "withdrawn": W("withdrawn", "ingetrokken"),
    "referred-out": W("referred out", "doorverwezen"),
    "no-task": W("not a task of the mechanism", "geen taak van het mechanisme"),
}
BODIES: Mapping[str, Words] = {
    "InspectieJenV": W("Inspectie Justitie en Veiligheid", "Inspectie Justitie en Veiligheid"),
    "CRM": W("College voor de Rechten van de Mens", "College voor de Rechten van de Mens"),
    "Nationale-ombudsman": W("Nationale ombudsman", "Nationale ombudsman"),
    "Kinderombudsman": W("Kinderombudsman", "Kinderombudsman"),
}
JOINT = W(
    "the Inspectie Justitie en Veiligheid and the College voor de Rechten van de Mens together",
    "de Inspectie Justitie en Veiligheid en het College voor de Rechten van de Mens samen",
)
NUMBER = W("Number", "Aantal")


def right(code: str) -> Words:
    """``Art. 4: <title>`` in both languages."""
    return W(f"Art. {code}: {RIGHTS[code]['en']}", f"Art. {code}: {RIGHTS[code]['nl']}")
