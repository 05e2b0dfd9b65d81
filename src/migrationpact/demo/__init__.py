"""Demo data: a few living cases, recorded through the real service layer.

The demo writes cases whose events happened in the recent past, so that today's worklists show
deadlines that are due soon and some that are overdue. Every event goes through the state
machine like a caseworker's would; idempotency keys make a second run a no-op.
"""

from migrationpact.demo.stories import STORIES, Story, load_demo

__all__ = ["STORIES", "Story", "load_demo"]
