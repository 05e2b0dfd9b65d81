"""Occupancy over time, the emergency share and the expected need for places (pure).

``history`` folds each site's events up to a day and says what the site held that day (places
and residents); ``aggregate`` adds those up by site, location type or regime and computes the
share of emergency places; ``need`` estimates, from the open cases and the rule book's time
limits, how many people will still need a place in each coming month, and on which rule (or
planning assumption, ``assumptions``) each figure rests. ``docs/reception.md``, "Occupancy and
expected need", explains the choices.
"""

from migrationpact.reception.occupancy.aggregate import (
    BY,
    EmergencyShare,
    Total,
    emergency_share,
    totals,
)
from migrationpact.reception.occupancy.history import (
    EVERY,
    SitePoint,
    points,
    site_on,
    the_days,
)
from migrationpact.reception.occupancy.need import MonthNeed, Stay, expected_need, stay_of

__all__ = [
    "BY",
    "EVERY",
    "EmergencyShare",
    "MonthNeed",
    "SitePoint",
    "Stay",
    "Total",
    "emergency_share",
    "expected_need",
    "points",
    "site_on",
    "stay_of",
    "the_days",
    "totals",
]
