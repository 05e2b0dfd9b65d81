"""Who the operator at the command line is, when they record events.

``cases create`` and ``cases append`` record through the same use cases as the API and the web
pages, which take a principal and ask the access policy. The operator's principal is built from
``--actor`` (default ``$MIGRATIONPACT_ACTOR``, else the login name) and ``--org`` (default
``$MIGRATIONPACT_ORGANISATION``, else ``IND``), in the role that records that organisation's
events (``OPERATOR_ROLES``): an operator of COA can record what a COA planner can, no more.
Its ``via`` is ``cli``.

>>> operator("clerk-7", "KMar").role.value, operator("clerk-7", "COA").role.value
('caseworker', 'planner')
"""

from __future__ import annotations

import getpass
import os
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
    "InspectieJenV": "monitor",
    "CRM": "monitor",
    "ministry": "analyst",
}


def operator(actor: str | None, org: str | None) -> Principal:
    """The principal the operator records as: ``--actor`` of ``--org`` (see ``OPERATOR_ROLES``)."""
    from migrationpact.access.model import Organisation, Principal, Role

    name, organisation = actor_name(actor), organisation_id(org)
    if organisation not in OPERATOR_ROLES:
        raise InputError(f"--org must be one of {', '.join(OPERATOR_ROLES)}, got {organisation!r}")
    return Principal(
        subject=name,
        name=name,
        organisation=Organisation(organisation),
        role=Role(OPERATOR_ROLES[organisation]),
        via="cli",
    )


def actor_name(actor: str | None) -> str:
    """``--actor``, else ``$MIGRATIONPACT_ACTOR``, else the login name."""
    if actor:
        return actor
    try:
        return os.environ.get("MIGRATIONPACT_ACTOR") or getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def organisation_id(org: str | None) -> str:
    """``--org``, else ``$MIGRATIONPACT_ORGANISATION``, else ``IND``."""
    return org or os.environ.get("MIGRATIONPACT_ORGANISATION") or "IND"
