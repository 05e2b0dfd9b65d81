"""A small world for the web tests: a migrated SQLite store, a few users and cases.

The users are built here (argon2id hashes of fixed test passwords, made at the cheap test cost:
verifying reads the cost from the hash, so every sign-in checks a real argon2id hash in about a
millisecond), not taken from the demo:
IND caseworkers and a supervisor, a COA planner, a KMar officer, an Inspectie monitor, a legal
counsellor (assigned to ``C-WEEK`` only) and a ministry analyst. The cases are
recorded through the store's service layer, dated relative to today so that their deadlines
land where the worklist tests need them:

- ``C-OVERDUE``: made 40 days ago and registered the next day, not lodged — APR-25 (IND,
  unverified) is overdue, and lodging starts APR-13;
- ``C-WEEK``: registered 56 days ago — AMMR-01 (IND, two months) ends within the week;
- ``C-TODAY``: made today — APR-01 (register within days) is open.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import User, UserDirectory
from migrationpact.cases.events import parse_event
from migrationpact.server import create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from tests.support.apps import app_serving
from tests.support.facts import PLAIN_FACTS
from tests.support.passwords import CHEAP

PASSWORD = "correct horse battery"
USERS = (
    ("ind", "Ineke de Vries", Organisation.IND, Role.CASEWORKER, "nl"),
    ("ind-en", "Ian Evans", Organisation.IND, Role.CASEWORKER, "en"),
    ("coa", "Cor Aalders", Organisation.COA, Role.PLANNER, "nl"),
    ("kmar", "Kim Mars", Organisation.KMAR, Role.CASEWORKER, "nl"),
    ("kmar-super", "Kees Mol", Organisation.KMAR, Role.SUPERVISOR, "en"),
    ("inspectie", "Iris Peeters", Organisation.INSPECTIE, Role.MONITOR, "en"),
    ("counsellor", "Carla Raad", Organisation.LEGAL_COUNSELLING, Role.COUNSELLOR, "en"),
    ("analyst", "Anton Cijfer", Organisation.MINISTRY, Role.ANALYST, "en"),
    ("ind-super", "Ida Baas", Organisation.IND, Role.SUPERVISOR, "en"),
    ("gza", "Gert Zorg", Organisation.GZA, Role.PRACTITIONER, "en"),
    ("crm", "Cato Rechtman", Organisation.CRM, Role.MONITOR, "nl"),
)
#: Every routing finding recorded (and negative), so routing decides the examination.
FACTS: dict[str, Any] = {"nationality": "SYR", **PLAIN_FACTS}


@dataclass
class World:
    app: FastAPI
    store: EventStore
    url: str


def directory() -> UserDirectory:
    hashed = CHEAP.hash(PASSWORD)
    return UserDirectory(
        [User(u, name, org, role, hashed, lang) for u, name, org, role, lang in USERS]
    )


def moment(days_ago: float) -> str:
    now = datetime.now().replace(second=0, microsecond=0)
    return (now - timedelta(days=days_ago)).isoformat(timespec="minutes")


def _record(store: EventStore, case_id: str, events: list[dict[str, Any]]) -> None:
    for seq, data in enumerate(events):
        service.append_event(
            store=store,
            case_id=case_id,
            event=parse_event(data),
            expected_seq=seq,
            actor="ind",
            organisation="IND",
        )


def made(days_ago: float, name: str) -> dict[str, Any]:
    return {
        "type": "application_made",
        "occurred_at": moment(days_ago),
        "entry": "in-territory",
        "facts": FACTS,
        "person": {"pseudonym": f"P-{name}", "names": [name, "Haddad"], "nationality": "SYR"},
    }


def populate(store: EventStore) -> None:
    registered = {"type": "application_registered"}
    _record(store, "C-OVERDUE", [made(40, "Amal"), {**registered, "occurred_at": moment(39)}])
    _record(store, "C-WEEK", [made(57, "Omar"), {**registered, "occurred_at": moment(56)}])
    _record(store, "C-TODAY", [made(0.05, "Lina")])
    assign(
        store.engine, case_id="C-WEEK", assignee="counsellor", organisation="IND", assigned_by="ind"
    )


def build_world(
    directory_path: Path,
    *,
    cookie_secure: bool = True,
    migrated: Path | None = None,
    shared_app: bool = False,
) -> World:
    """The world in ``directory_path``; ``migrated`` is a migrated SQLite file to copy (the
    session's ``migrated_sqlite``), else the database is migrated here. ``shared_app``: the
    process's one application, now serving this world (``tests.support.apps``), for a world
    that lives one test only; else an application of its own (the live server's)."""
    path = directory_path / "web.db"
    url = f"sqlite:///{path}"
    if migrated is None:
        service.upgrade_database(url)
    else:
        shutil.copyfile(migrated, path)
    store = service.open_store(url)
    populate(store)
    settings = ServiceSettings(database_url=url, cookie_secure=cookie_secure)
    services = Services.build(
        settings,
        store=store,
        users=directory(),
        issuer=DevIssuer.generate(issuer=settings.public_url),
    )
    app = app_serving(services) if shared_app else create_app(settings, services=services)
    return World(app=app, store=store, url=url)
