"""Demo data: a living system on first start, recorded through the real service layer.

The demo writes a few hundred cases at every stage of the Pact whose events happened in the
recent past, so that today's worklists show deadlines that are overdue, due today, due this week
and later, and a cast of demo users (one or more per organisation and role) to sign in with.
Every event goes through the state machine like a caseworker's would, recorded by the demo user
of the organisation that would really record it; a second run writes nothing. See docs/demo.md.
"""

from migrationpact.demo.load import DemoSummary, load_demo, plan_demo
from migrationpact.demo.population import PlannedCase, plan_population
from migrationpact.demo.scenarios import SCENARIOS, Scenario
from migrationpact.demo.stories import STORIES, Story
from migrationpact.demo.users import DEMO_USERS, DemoUser, demo_directory, demo_logins_text

__all__ = [
    "DEMO_USERS",
    "SCENARIOS",
    "STORIES",
    "DemoSummary",
    "DemoUser",
    "PlannedCase",
    "Scenario",
    "Story",
    "demo_directory",
    "demo_logins_text",
    "load_demo",
    "plan_demo",
    "plan_population",
]
