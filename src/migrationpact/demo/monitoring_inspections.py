"""Demo inspections for the monitoring register: a visit with recommendations for each body.

``load_demo_inspections`` gives each body two inspections, dated back from the register's
today: an unannounced (Inspectie) or announced (College) visit five weeks ago with two
findings and two recommendations made four weeks ago, one of them answered a week ago and one
still awaited (due in about two weeks, so it is on the worklist); and a visit planned two weeks
ahead. Invented, no real person or event. It writes only into a register without inspections (a
second start changes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.inspections import inspection_references
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring_inspections as inspections
from migrationpact.services.monitoring import local_now

#: Per body: the visit done, its findings (text, rights), recommendations (authority, text), and
#: the visit planned.
VISITS: dict[str, dict[str, Any]] = {
    "InspectieJenV": {
        "location": "AC-SCHIPHOL", "announced": False, "phases": ["screening"],
        "inspectors": ["L. Meijer", "R. de Wit"],
        "findings": [
            ("Bij de screening was voor drie vrouwen geen tolk aanwezig bij het medisch onderzoek.",
             ["1", "47"]),
            ("Mensen wachtten tot 30 uur in een ruimte zonder bedden.", ["1", "4"]),
        ],
        "recommendations": [
            ("KMar", "Zorg voor een tolk bij elk medisch onderzoek in de screening.", [1]),
            ("COA", "Zorg voor slaapplaatsen bij een wachttijd van meer dan 12 uur.", [2]),
        ],
        "planned": ("DC-ROTTERDAM", True),
    },
    "CRM": {
        "location": "GPL-SCHIPHOL", "announced": True, "phases": ["border-procedure"],
        "inspectors": ["D. Koster"],
        "findings": [
            ("Kinderen in de grensprocedure hadden geen toegang tot onderwijs.", ["24"]),
            ("Informatie over rechtsbijstand was alleen in het Nederlands beschikbaar.", ["47"]),
        ],
        "recommendations": [
            ("COA", "Bied kinderen op de locatie onderwijs vanaf de eerste week.", [1]),
            ("IND", "Geef de informatie over rechtsbijstand in de talen van de aanvragers.", [2]),
        ],
        "planned": ("AC-TER-APEL", False),
    },
}  # fmt: skip


def load_demo_inspections(
    register: Register, monitors: Mapping[str, Principal]
) -> dict[str, tuple[str, ...]]:
    """Record the demo's inspections, each body's by its demo monitor (``monitors``), unless
    the register holds inspections already; the new references by body."""
    if any(inspection_references(register, body) for body in BODIES):
        return dict.fromkeys(BODIES, ())
    today = local_now(register).date()
    made: dict[str, tuple[str, ...]] = {}
    for body, visit in VISITS.items():
        who = monitors[body]

        def at(days_ago: int) -> datetime:
            return datetime.combine(today - timedelta(days=days_ago), time(10, 0))

        done = inspections.plan_inspection(
            register=register, principal=who, body=body, location=visit["location"],
            planned_for=today - timedelta(days=35), announced=visit["announced"],
            phases=visit["phases"], at=at(49),
        )  # fmt: skip
        step: dict[str, Any] = {
            "register": register,
            "principal": who,
            "body": body,
            "reference": done,
        }
        inspections.record_visit(
            **step, visited_on=today - timedelta(days=35), announced=visit["announced"],
            inspectors=visit["inspectors"], at=at(35),
        )  # fmt: skip
        for text, rights in visit["findings"]:
            inspections.record_finding(**step, text=text, rights=rights, at=at(34))
        for authority, text, findings in visit["recommendations"]:
            inspections.make_recommendation(
                **step, authority=authority, text=text, findings=findings,
                made_on=today - timedelta(days=28), at=at(28),
            )  # fmt: skip
        inspections.record_response(
            **step, recommendation=1, verdict="accepted", received_on=today - timedelta(days=7),
            text="De aanbeveling wordt overgenomen; de werkwijze is aangepast.", at=at(7),
        )  # fmt: skip
        location, announced = visit["planned"]
        ahead = inspections.plan_inspection(
            register=register, principal=who, body=body, location=location,
            planned_for=today + timedelta(days=14), announced=announced,
        )  # fmt: skip
        made[body] = (done, ahead)
    return made
