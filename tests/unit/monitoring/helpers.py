"""Events of a monitoring file for the tests, with sensible defaults."""

from __future__ import annotations

from typing import Any

from migrationpact.monitoring.events import parse_monitoring_event

AT = "2026-12-04T10:00"


def signal(**fields: Any) -> Any:
    data = {
        "type": "signal_received",
        "occurred_at": AT,
        "received_at": "2026-12-04T09:00",
        "source": "ngo",
        "channel": "email",
        "content": "A man was held nine days at the border without a lawyer.",
        **fields,
    }
    return parse_monitoring_event(data)


def event(type_: str, **fields: Any) -> Any:
    defaults: dict[str, dict[str, Any]] = {
        "routed": {
            "to": "InspectieJenV",
            "rule": "IN-DET-01",
            "edition": "2026-06-12",
            "why": "detention",
            "verified": False,
        },
        "triaged": {"kind": "allegation", "phase": "detention", "rights": ["6"]},
        "referred": {"authority": "KMar"},
        "outcome_recorded": {
            "authority": "KMar",
            "outcome": "Released.",
            "decided_on": "2026-12-10",
        },
        "closed": {"reason": "handled"},
        "shared": {"with_body": "CRM"},
    }
    return parse_monitoring_event(
        {"type": type_, "occurred_at": AT, **defaults.get(type_, {}), **fields}
    )
