"""The closed word lists of the register: bodies, sources, phases, kinds, rights, authorities.

Each list is a ``Literal`` (so the event models validate against it) with labels in English
and Dutch where a page or a report will show it. The Charter rights are the articles of the
Charter of Fundamental Rights of the EU the mechanism must watch during screening and the
border procedure (SR Art. 10(2), APR Art. 43(4)); at least Arts. 1, 4, 6, 18, 19, 24 and 47.

>>> RIGHTS["4"]["en"]
'Prohibition of torture and inhuman or degrading treatment or punishment'
>>> sorted(BODIES)
['CRM', 'InspectieJenV']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

#: The two bodies that form the mechanism; the ids are the organisations' ids elsewhere.
Body = Literal["InspectieJenV", "CRM"]
#: Complaint bodies outside the mechanism, to which a signal may be referred out.
OutsideBody = Literal["Nationale-ombudsman", "Kinderombudsman"]
Source = Literal["individual", "lawyer", "ngo", "staff", "own-observation"]
Channel = Literal["letter", "email", "phone", "web-form", "in-person", "visit"]
Phase = Literal["screening", "border-procedure", "detention", "reception"]
Kind = Literal["allegation", "complaint", "observation"]
Authority = Literal["IND", "KMar", "COA", "public-prosecutor"]
CloseReason = Literal["handled", "unfounded", "withdrawn", "referred-out", "no-task"]
Right = Literal["1", "2", "3", "4", "6", "7", "8", "18", "19", "24", "47"]

BODIES: tuple[str, ...] = get_args(Body)
OUTSIDE_BODIES: tuple[str, ...] = get_args(OutsideBody)
SOURCES: tuple[str, ...] = get_args(Source)
PHASES: tuple[str, ...] = get_args(Phase)
KINDS: tuple[str, ...] = get_args(Kind)
AUTHORITIES: tuple[str, ...] = get_args(Authority)

#: The Charter articles a triage may name, with their titles (Charter of Fundamental Rights).
RIGHTS: Mapping[str, Mapping[str, str]] = {
    "1": {"en": "Human dignity", "nl": "Menselijke waardigheid"},
    "2": {"en": "Right to life", "nl": "Recht op leven"},
    "3": {"en": "Right to the integrity of the person", "nl": "Recht op menselijke integriteit"},
    "4": {
        "en": "Prohibition of torture and inhuman or degrading treatment or punishment",
        "nl": "Verbod van folteringen en van onmenselijke of vernederende behandelingen of "
        "bestraffingen",
    },
    "6": {"en": "Right to liberty and security", "nl": "Recht op vrijheid en veiligheid"},
    "7": {
        "en": "Respect for private and family life",
        "nl": "Eerbiediging van het privéleven en van het familie- en gezinsleven",
    },
    "8": {"en": "Protection of personal data", "nl": "Bescherming van persoonsgegevens"},
    "18": {"en": "Right to asylum", "nl": "Recht op asiel"},
    "19": {
        "en": "Protection in the event of removal, expulsion or extradition",
        "nl": "Bescherming bij verwijdering, uitzetting en uitlevering",
    },
    "24": {"en": "The rights of the child", "nl": "Rechten van het kind"},
    "47": {
        "en": "Right to an effective remedy and to a fair trial",
        "nl": "Recht op een doeltreffende voorziening in rechte en op een onpartijdig gerecht",
    },
}
