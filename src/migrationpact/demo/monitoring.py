"""Demo signals for the monitoring register: work in both bodies' files for ``make run``.

``load_demo_signals`` puts a few invented signals in the intake, routed by the shipped intake
rules, so both bodies have files: for each body one is triaged and one is triaged and referred
to an authority; the others wait for triage. It writes only into an empty register (a second
start changes nothing). ``demo_register`` opens the demo's register next to the demo database,
with a key per body created on the fly (demo keys, never for real files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.demo.monitoring_attachments import demo_attachments
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.keys import KeyRing, create_key
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring

#: The demo's monitors (``demo.users``): the steps on each body's files are theirs.
MONITORS = {
    "InspectieJenV": Principal(
        "inspectie-monitor", "Lotte Meijer", Organisation.INSPECTIE, Role.MONITOR
    ),
    "CRM": Principal("crm-monitor", "Daan Koster", Organisation.CRM, Role.MONITOR),
}

#: Invented signals (no real person): the first two of each body are triaged, the first referred.
SIGNALS: tuple[dict[str, Any], ...] = (
    {"source": "lawyer", "channel": "email", "phase": "detention", "rights": ["6"],
     "content": "Mijn cliënt zat negen dagen in grensdetentie zonder een advocaat te spreken."},
    {"source": "ngo", "channel": "web-form", "phase": "screening", "rights": ["4"],
     "content": "Bij de screening op Schiphol moesten mensen een nacht op de grond slapen."},
    {"source": "staff", "channel": "letter", "phase": "reception",
     "content": "Een gezin met een zieke baby kreeg drie dagen geen arts te zien in de opvang."},
    {"source": "lawyer", "channel": "email", "rights": ["18"],
     "content": "Een asielverzoek aan de grens werd niet doorgegeven; de man werd teruggestuurd."},
    {"source": "ngo", "channel": "web-form", "rights": ["47"],
     "content": "Beroep in de grensprocedure kon niet: de beslissing werd niet uitgereikt."},
    {"source": "individual", "channel": "in-person", "rights": ["24"], "kind": "allegation",
     "content": "Een meisje van vijftien werd bij de screening als volwassene behandeld."},
)  # fmt: skip
#: The triage each body records on its first two files, and the authority it refers the first to.
TRIAGE = {"InspectieJenV": ("detention", ("6",)), "CRM": ("border-procedure", ("18", "19"))}
REFERRAL = {"InspectieJenV": "KMar", "CRM": "IND"}


@dataclass(frozen=True)
class DemoSignals:
    files: Mapping[str, tuple[str, ...]]  # references by keeping body; empty: already there

    def describe(self) -> str:
        if not any(self.files.values()):
            return "The monitoring register already holds files; no demo signals added."
        counts = ", ".join(f"{body} {len(refs)}" for body, refs in self.files.items())
        return f"Demo signals in the monitoring register: {counts} file(s)."


def demo_place(database_url: str) -> Path:
    """Where the demo's register lives: beside a SQLite demo database, else here."""
    if database_url.startswith("sqlite:///"):
        return Path(database_url.removeprefix("sqlite:///")).parent
    return Path(".")


def demo_register_url(place: Path) -> str:
    return f"sqlite:///{place / 'migrationpact-monitor.db'}"


def demo_key_dir(place: Path) -> Path:
    return place / "monitor-keys"


def demo_register(place: Path) -> Register:
    """The demo's register in ``place``, with a key per body made when missing."""
    keys = demo_key_dir(place)
    for body in BODIES:
        if not (keys / f"{body}.key").exists():
            create_key(body, keys)
    return Register.open(demo_register_url(place), KeyRing.load(keys))


def load_demo_signals(register: Register) -> DemoSignals:
    """Submit, triage and refer the demo signals, unless the register holds files already."""
    from migrationpact.demo.monitoring_inspections import load_demo_inspections

    load_demo_inspections(register, MONITORS)  # the bodies' visits, idempotent as the signals
    if any(register.references(body, include_closed=True) for body in BODIES):
        return DemoSignals(dict.fromkeys(BODIES, ()))
    kept: dict[str, list[str]] = {body: [] for body in BODIES}
    for number, signal in enumerate(SIGNALS):
        reference = monitoring.submit_signal(
            register=register, signal=signal, submitted_by="demo",
            attachments=demo_attachments(number),
        )  # fmt: skip
        row = register.file_row(reference)
        if row is not None:
            kept[row.body].append(reference)
    for body, references in kept.items():
        who = MONITORS[body]
        for number, reference in enumerate(references[:2]):
            phase, rights = TRIAGE[body]
            monitoring.triage_file(
                register=register, principal=who, body=body, reference=reference,
                kind="allegation", phase=phase, rights=rights,
            )  # fmt: skip
            if number == 0:
                monitoring.refer_file(
                    register=register, principal=who, body=body, reference=reference,
                    authority=REFERRAL[body],
                )  # fmt: skip
    return DemoSignals({body: tuple(refs) for body, refs in kept.items()})
