"""Who the operator at the command line is, when they record events.

``cases create`` and ``cases append`` record through the same use cases as the API and the web
pages, which take a principal and ask the access policy. The operator's principal is built from
``--actor`` (default: the operating-system account running the command) and ``--org`` (default
``$MIGRATIONPACT_ORGANISATION``, else ``IND``), in the role that records that organisation's
events (``OPERATOR_ROLES``): an operator of COA can record what a COA planner can, no more.
Its ``via`` is ``cli``. An explicit ``--actor`` is recorded as the event's actor.

Who reads at the command line is the operating-system account (``os_user``: the name of the
process's user id, from the password database), never a name from the environment:
``$USER``, ``$LOGNAME`` and ``$MIGRATIONPACT_ACTOR`` can be set to anything by whoever runs it.

>>> operator("clerk-7", "KMar").role.value, operator("clerk-7", "COA").role.value
('caseworker', 'planner')
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterable
from typing import TYPE_CHECKING

from migrationpact.cli.errors import InputError

if TYPE_CHECKING:
    from migrationpact.access.model import Principal

#: The role an operator acts in for each organisation: the one that records its events.
OPERATOR_ROLES = {
    "IND": "caseworker",
    "KMar": "caseworker",
    "COA": "planner",
    "DTenV": "caseworker",
    "legal-counselling": "counsellor",
    "GZA": "practitioner",
    "InspectieJenV": "monitor",
    "CRM": "monitor",
    "ministry": "analyst",
}


def operator(actor: str | None, org: str | None) -> Principal:
    """The principal the operator records as: ``--actor`` of ``--org`` (see ``OPERATOR_ROLES``)."""
    from migrationpact.access.model import Organisation, Principal, Role

    name, organisation = actor_name(actor), organisation_id(org)
    return Principal(
        subject=name,
        name=name,
        organisation=Organisation(organisation),
        role=Role(OPERATOR_ROLES[organisation]),
        via="cli",
    )


def os_user() -> str:
    """The operating-system account running this process (its user id's name, or ``uid:N``)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid:{uid}"


def actor_name(actor: str | None) -> str:
    """``--actor``, else the operating-system account (never an environment variable)."""
    return actor or os_user()


def configured_organisation() -> str | None:
    """``$MIGRATIONPACT_ORGANISATION`` as the settings object reads it (None: unset); settings
    that cannot be used end the command in one line (``services.settings_model``)."""
    from migrationpact.services.settings_model import SettingsError, read_settings

    try:
        return read_settings().organisation
    except SettingsError as exc:
        raise InputError(str(exc)) from None


def organisation_id(org: str | None) -> str:
    """``--org``, else ``$MIGRATIONPACT_ORGANISATION``, else ``IND``: one of the organisations
    the system knows, spelled as it spells them (else one error line naming them)."""
    return known_organisation(org or configured_organisation() or "IND")


def known_organisation(org: str, known: Iterable[str] = OPERATOR_ROLES) -> str:
    """``org`` if it is one of ``known`` (default: the organisations that record events, which
    ``OPERATOR_ROLES`` names), else an ``InputError`` that names them.

    >>> known_organisation("KMar")
    'KMar'
    """
    names = list(known)
    if org not in names:
        raise InputError(f"--org must be one of {', '.join(names)}, got {org!r}")
    return org
