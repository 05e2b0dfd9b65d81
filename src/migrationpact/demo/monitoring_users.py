"""The demo register's own users: a monitor of each body, for ``migrationpact monitor serve
--demo`` (and the register that ``make run`` starts beside the case system).

The register has users of its own, apart from the case system's: these two sign in to the
register only, with passwords of their own (the case system's demo monitors keep theirs, for the
case pages the bodies may read). They are the people who recorded the demo register's steps
(``demo.monitoring.MONITORS``). Demo mode only; never in a production users file.

>>> [u.username for u in REGISTER_USERS]
['inspectie-monitor', 'crm-monitor']
>>> print(register_logins_text().splitlines()[1])
inspectie-monitor  InspectieJenV  monitor  nl        demo-register-inspectie-monitor-2026
"""

from __future__ import annotations

from migrationpact.access.model import Role
from migrationpact.auth.failures import FailureRecord
from migrationpact.auth.passwords import hash_password
from migrationpact.auth.users import User, UserDirectory
from migrationpact.demo.monitoring import MONITORS
from migrationpact.demo.users import DemoUser, demo_user

#: The register's demo users: the demo's monitors, each with a register password of their own.
REGISTER_USERS: tuple[DemoUser, ...] = tuple(
    DemoUser(
        username=who.subject,
        name=who.name,
        organisation=who.organisation,
        role=Role.MONITOR,
        language=demo_user(who.subject).language,
        password=f"demo-register-{who.subject}-2026",
    )
    for who in MONITORS.values()
)


def register_directory(*, failure_record: FailureRecord | None = None) -> UserDirectory:
    """The register's demo users, their passwords hashed (argon2: takes a moment)."""
    return UserDirectory(
        [
            User(
                username=u.username,
                name=u.name,
                organisation=u.organisation,
                role=u.role,
                password_hash=hash_password(u.password),
                language=u.language,
            )
            for u in REGISTER_USERS
        ],
        failure_record=failure_record,
    )


def register_logins_text() -> str:
    """A small table of the register's demo users and their passwords, for printing."""
    head = ("username", "organisation", "role", "language", "password")
    rows = [head] + [
        (u.username, u.organisation.value, u.role.value, u.language, u.password)
        for u in REGISTER_USERS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    )
