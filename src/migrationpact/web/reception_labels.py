"""Labels of the reception sites' codes: event types, fields, unit attributes and statuses.

The sites' stream (``reception.sites``) has codes of its own; every one a page or a list may
show has an English message id here and a Dutch translation in the catalog
(``tests/unit/web/test_reception_labels.py`` keeps them complete). Location types carry their
own Dutch and English labels in the regime files (``reception/regimes/data``).
"""

from __future__ import annotations

from migrationpact.law.text import N_

SITE_EVENT_LABELS: dict[str, str] = {
    "site_registered": N_("Site registered"),
    "site_opened": N_("Site opened"),
    "site_closed": N_("Site closed"),
    "unit_added": N_("Unit added"),
    "unit_capacity_changed": N_("Unit capacity changed"),
    "unit_attributes_changed": N_("Unit attributes changed"),
    "unit_occupancy_counted": N_("Unit occupancy counted"),
    "unit_closed": N_("Unit closed"),
    "municipal_consent_recorded": N_("Municipal consent recorded"),
    "admission_rules_agreed": N_("Admission rules agreed with the municipality"),
    "household_placed": N_("Household placed"),
    "household_left": N_("Household left the site"),
    "site_located": N_("Site located"),
}

SITE_FIELD_LABELS: dict[str, str] = {
    "name": N_("Name of the site"),
    "municipality": N_("Municipality"),
    "location_type": N_("Location type"),
    "opens_on": N_("Opens on"),
    "closes_on": N_("Closes on"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "unit_id": N_("Unit"),
    "capacity": N_("Capacity (places)"),
    "occupied": N_("Residents"),
    "attributes": N_("Unit attributes"),
    "status": N_("Status"),
    "requested_on": N_("Consent requested on"),
    "decided_on": N_("Decided on"),
    "valid_until": N_("Valid until"),
    "agreed_on": N_("Agreed on"),
    "max_residents": N_("Maximum number of residents"),
    "target_groups": N_("Target groups"),
    "household": N_("Household"),
    "cases": N_("Cases"),
    "persons": N_("Persons"),
    "placed_on": N_("Placed on"),
    "basis": N_("Placed by"),
    "reason": N_("Reason"),
    "left_on": N_("Left on"),
}

UNIT_ATTRIBUTE_LABELS: dict[str, str] = {
    "families": N_("Families"),
    "single_adults": N_("Single adults"),
    "women_only": N_("Women only"),
    "uam": N_("Unaccompanied minors"),
    "age_min": N_("Minimum age"),
    "age_max": N_("Maximum age"),
    "accessible": N_("Accessible"),
    "medical": N_("Medical care"),
    "lgbti": N_("LGBTI unit"),
}

SITE_CHOICE_LABELS: dict[str, str] = {
    # the consent of the municipality
    "requested": N_("requested"),
    "granted": N_("granted"),
    "refused": N_("refused"),
    "expired": N_("expired"),
    # the site's status
    "registered": N_("registered (not open yet)"),
    "open": N_("open"),
    "closed": N_("closed"),
    # target groups of the admission rules
    "single-adults": N_("single adults"),
    "families": N_("families"),
    "unaccompanied-minors": N_("unaccompanied minors"),
    "women": N_("women"),
    "dublin": N_("people awaiting a Dublin transfer"),
}

#: How a household came to its unit (``household_placed``) and why it left (``household_left``).
PLACEMENT_CHOICE_LABELS: dict[str, str] = {
    "proposal": N_("the placement proposal"),
    "override": N_("a planner, overriding the proposal"),
    "manual": N_("a planner, by hand"),
    "moved": N_("moved to another unit"),
    "departed": N_("departed"),
    "transferred": N_("transferred to another member state"),
    "absconded": N_("absconded"),
    "housed": N_("housed in a municipality"),
    "other": N_("other reason"),
}
