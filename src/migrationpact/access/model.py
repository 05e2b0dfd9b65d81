"""The parties that use the system and the roles people hold in them.

An organisation is a body with its own legal task in the chain (IND examines, KMar screens at
the border, COA receives, DTenV returns and transfers, legal counsellors advise, the health
partner treats those COA referred to it, the monitoring bodies watch, the ministry analyses).
A role is what a person does inside it. The pair decides what they may see and do; see
``migrationpact.access.policy``.

>>> Organisation("KMar").label
'Koninklijke Marechaussee'
>>> Principal(subject="ind-1", name="A. de Vries", organisation=Organisation.IND,
...           role=Role.CASEWORKER).organisation.value
'IND'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Organisation(StrEnum):
    """The organisations with users; the value is the id used in tokens, logs and deadlines."""

    IND = "IND"
    KMAR = "KMar"
    COA = "COA"
    DTENV = "DTenV"
    LEGAL_COUNSELLING = "legal-counselling"
    #: COA's health partner (GZA Healthcare): the doctors and psychologists COA refers people
    #: to, with their consent (RCD Art. 25(2)(c)).
    GZA = "GZA"
    INSPECTIE = "InspectieJenV"
    CRM = "CRM"
    MINISTRY = "ministry"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Organisation.IND: "Immigratie- en Naturalisatiedienst",
    Organisation.KMAR: "Koninklijke Marechaussee",
    Organisation.COA: "Centraal Orgaan opvang asielzoekers",
    Organisation.DTENV: "Dienst Terugkeer en Vertrek",
    Organisation.LEGAL_COUNSELLING: "Rechtsbijstand en voorlichting",
    Organisation.GZA: "GZA Healthcare (gezondheidszorg asielzoekers)",
    Organisation.INSPECTIE: "Inspectie Justitie en Veiligheid",
    Organisation.CRM: "College voor de Rechten van de Mens",
    Organisation.MINISTRY: "Ministerie van Asiel en Migratie",
}


class Role(StrEnum):
    """What a person does inside their organisation."""

    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    PLANNER = "planner"
    COUNSELLOR = "counsellor"
    MONITOR = "monitor"
    ANALYST = "analyst"
    #: A doctor, nurse or psychologist of the health partner.
    PRACTITIONER = "practitioner"
    #: COA's manager of one or more reception sites (``Principal.sites``).
    SITE_MANAGER = "site-manager"


@dataclass(frozen=True)
class Principal:
    """Who is asking: a person signed in through a token or a web session."""

    subject: str
    name: str
    organisation: Organisation
    role: Role
    via: str = "token"
    #: The reception sites a site manager answers for (their id); empty for everyone else.
    sites: frozenset[str] = frozenset()

    @property
    def actor(self) -> str:
        """The id written as ``actor`` on events and in the access log."""
        return self.subject
