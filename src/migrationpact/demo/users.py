"""Demo users: one or more fictional people for every organisation and role, with a password.

A newcomer who starts the service on demo data needs someone to sign in as. ``DEMO_USERS`` is
that cast, as plain data: a username, a fictional display name, the organisation and role that
decide what they may see and do (``migrationpact.access.model``), the language of their pages
and a fixed, memorable demo password. The same people record the demo cases' events, each for
the organisation that would really record them (KMar screens at the border, IND registers and
decides, COA assesses reception needs, DTenV carries out transfers).

The passwords are printed at start-up (``demo_logins_text``); these users exist for the demo
only and must never be loaded into a production user directory.

>>> [u.username for u in DEMO_USERS][:3]
['ind-caseworker', 'ind-supervisor', 'ind-planner']
>>> demo_user("kmar-officer").organisation.label
'Koninklijke Marechaussee'
>>> print(demo_logins_text().splitlines()[0])
username           organisation       role          language  password
"""

from __future__ import annotations

from dataclasses import dataclass

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.passwords import hash_password
from migrationpact.auth.users import User, UserDirectory


@dataclass(frozen=True)
class DemoUser:
    """A fictional person who may sign in to the demo (never to a production system)."""

    username: str
    name: str
    organisation: Organisation
    role: Role
    language: str
    password: str
    #: The reception sites a site manager answers for.
    sites: tuple[str, ...] = ()


def _user(
    username: str, name: str, org: Organisation, role: Role, language: str, *sites: str
) -> DemoUser:
    return DemoUser(username, name, org, role, language, f"demo-{username}-2026", sites)


DEMO_USERS: tuple[DemoUser, ...] = (
    _user("ind-caseworker", "Sanne de Wit", Organisation.IND, Role.CASEWORKER, "nl"),
    _user("ind-supervisor", "Marieke Jansen", Organisation.IND, Role.SUPERVISOR, "nl"),
    _user("ind-planner", "Ruud Bakker", Organisation.IND, Role.PLANNER, "nl"),
    _user("ind-caseworker-en", "Thomas Verhoeven", Organisation.IND, Role.CASEWORKER, "en"),
    _user("kmar-officer", "Jeroen Smit", Organisation.KMAR, Role.CASEWORKER, "nl"),
    _user("kmar-supervisor", "Ilse Mulder", Organisation.KMAR, Role.SUPERVISOR, "nl"),
    _user("coa-planner", "Fatima el Idrissi", Organisation.COA, Role.PLANNER, "nl"),
    _user("coa-caseworker", "Pieter van Dam", Organisation.COA, Role.CASEWORKER, "nl"),
    _user(
        "coa-site-manager",
        "Mirjam Bos",
        Organisation.COA,
        Role.SITE_MANAGER,
        "nl",
        "TER-APEL-COL",
        "TER-APEL-VBL",
    ),
    _user("dtenv-officer", "Kees Hendriks", Organisation.DTENV, Role.CASEWORKER, "nl"),
    _user("dtenv-supervisor", "Anouk Visser", Organisation.DTENV, Role.SUPERVISOR, "nl"),
    _user("counsellor", "Eva Brouwer", Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR, "nl"),
    _user("gza-practitioner", "Noor Haddou", Organisation.GZA, Role.PRACTITIONER, "nl"),
    _user("inspectie-monitor", "Lotte Meijer", Organisation.INSPECTIE, Role.MONITOR, "nl"),
    _user("crm-monitor", "Daan Koster", Organisation.CRM, Role.MONITOR, "en"),
    _user("analyst", "Noor Vermeulen", Organisation.MINISTRY, Role.ANALYST, "en"),
)

_BY_NAME = {u.username: u for u in DEMO_USERS}


def demo_user(username: str) -> DemoUser:
    """The demo user called ``username`` (``KeyError`` if there is none)."""
    return _BY_NAME[username]


def demo_directory(*, failure_record: FailureRecord | None = None) -> UserDirectory:
    """A user directory of the demo users, their passwords hashed (argon2: takes a moment).

    ``failure_record``: where failed sign-ins are counted (default: in memory).
    """
    return UserDirectory(
        [
            User(
                username=u.username,
                name=u.name,
                organisation=u.organisation,
                role=u.role,
                password_hash=hash_password(u.password),
                language=u.language,
                sites=u.sites,
            )
            for u in DEMO_USERS
        ],
        failure_record=failure_record,
    )


def demo_logins_text() -> str:
    """A small table of username, organisation, role, language and password, for printing."""
    head = ("username", "organisation", "role", "language", "password")
    rows = [head] + [
        (u.username, u.organisation.value, u.role.value, u.language, u.password) for u in DEMO_USERS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    ]
    return "\n".join(lines)
