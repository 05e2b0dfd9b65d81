"""Every code of the reception sites' stream has an English label and a Dutch translation."""

from __future__ import annotations

from typing import get_args

from babel.messages.pofile import read_po

from migrationpact.reception.regimes import default_book
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.state import SiteStatus
from migrationpact.web.i18n import LOCALE_DIR
from migrationpact.web.reception_labels import (
    PLACEMENT_CHOICE_LABELS,
    SITE_CHOICE_LABELS,
    SITE_EVENT_LABELS,
    SITE_FIELD_LABELS,
    UNIT_ATTRIBUTE_LABELS,
)

EVENTS = get_args(get_args(ev.SiteEvent)[0])


def test_every_site_event_type_field_and_attribute_has_a_label() -> None:
    assert set(ev.SITE_EVENT_TYPES) == set(SITE_EVENT_LABELS)
    assert {e.model_fields["type"].default for e in EVENTS} == set(SITE_EVENT_LABELS)
    fields = {f for e in EVENTS for f in e.model_fields} - {"type", "occurred_at"}
    assert fields <= set(SITE_FIELD_LABELS)
    assert set(ev.UnitAttributes.model_fields) == set(UNIT_ATTRIBUTE_LABELS)
    codes = {*get_args(ev.ConsentStatus), *get_args(ev.TargetGroup), *get_args(SiteStatus)}
    assert codes == set(SITE_CHOICE_LABELS)
    placing = {*get_args(ev.PlacementBasis), *get_args(ev.LeavingReason)}
    assert placing == set(PLACEMENT_CHOICE_LABELS)


def test_every_label_has_a_dutch_translation_and_every_location_type_two_labels() -> None:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="nl")
    labels = [
        *SITE_EVENT_LABELS.values(),
        *SITE_FIELD_LABELS.values(),
        *UNIT_ATTRIBUTE_LABELS.values(),
        *SITE_CHOICE_LABELS.values(),
        *PLACEMENT_CHOICE_LABELS.values(),
    ]
    untranslated = [t for t in labels if not getattr(catalog.get(t), "string", "")]
    assert untranslated == []
    for regime in default_book().at(default_book().files[-1].valid_from).values():
        assert regime.label.nl != regime.label.en
