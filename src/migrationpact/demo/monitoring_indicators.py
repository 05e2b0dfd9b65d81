"""The demo's feed: the demo cases, pseudonymised and imported into the demo register.

``load_demo_feed`` makes the feed of the demo case store with the feed key
(``$MIGRATIONPACT_FEED_KEY``, else ``DEMO_FEED_KEY``, a key for invented cases only) and imports
it as the College's monitor, so the indicators page shows figures; then the College asks who is
behind one pseudonym, for a stated purpose, and records the case system's answer, so the
re-identification log has an entry. It does nothing when the register holds a feed already.
"""

from __future__ import annotations

from migrationpact.demo.monitoring import MONITORS
from migrationpact.monitoring.feed_records import FeedCase
from migrationpact.monitoring_store.feed import feed_rows
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring_feed, monitoring_indicators
from migrationpact.services.settings_model import read_settings
from migrationpact.store.eventstore import EventStore

#: The demo's feed key: for the invented demo cases only, never for real ones.
DEMO_FEED_KEY = "demo-feed-key-for-invented-cases-only-2026"
BODY = "CRM"
PURPOSE = "Demo: een signaal over een kind in de grensprocedure noemt deze zaak."


def load_demo_feed(register: Register, store: EventStore) -> str:
    """Import the feed of ``store``'s cases and one answered re-identification; what was done."""
    if feed_rows(register.engine):
        return "The monitoring register holds a feed already; no demo feed added."
    configured = read_settings().feed_key
    key = monitoring_feed.feed_key(configured.get_secret_value() if configured else DEMO_FEED_KEY)
    lines = monitoring_feed.make_feed(store=store, key=key)
    who = MONITORS[BODY]
    done = monitoring_indicators.import_feed(
        register=register, principal=who, body=BODY, lines=lines
    )
    feed = monitoring_indicators.newest_feed(register, BODY)
    minors = [r.case for r in feed.records if isinstance(r, FeedCase) and r.minor] if feed else []
    if minors:
        request = monitoring_indicators.request_reidentification(
            register=register, principal=who, body=BODY, pseudonym=minors[0], purpose=PURPOSE
        )
        case_id = monitoring_feed.resolve_pseudonym(store=store, key=key, pseudonym_=minors[0])
        monitoring_indicators.record_answer(
            register=register, principal=who, body=BODY, request=request,
            pseudonym=minors[0], case_id=case_id,
        )  # fmt: skip
    return f"Demo feed in the monitoring register: {done['records']} records of the demo cases."
