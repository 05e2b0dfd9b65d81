"""The reception pages say a unit's attributes and a site's events in words, in either language:
every attribute that is set and no other, the ages of a minors' unit, dates, municipalities and
location types by name, never a code."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.reception.sites.events import UnitAttributes
from migrationpact.web.i18n import translations
from migrationpact.web.reception_labels import UNIT_ATTRIBUTE_LABELS
from migrationpact.web.reception_sites import FLAGS, site_event_words, unit_words

FLAG_SETS = st.fixed_dictionaries({f: st.booleans() for f in FLAGS if f != "uam"})


@given(flags=FLAG_SETS, language=st.sampled_from(["nl", "en"]))
def test_a_unit_names_each_attribute_it_has_and_no_other(
    flags: dict[str, bool], language: str
) -> None:
    unit = UnitAttributes(**flags).model_dump()
    said = unit_words(unit, language).split(", ")
    t = translations(language)
    expected = [t.gettext(UNIT_ATTRIBUTE_LABELS[f]) for f in FLAGS if unit[f]]
    assert said == (expected or ["—"])


@given(low=st.integers(0, 17), span=st.integers(0, 17))
def test_a_minors_unit_says_its_ages(low: int, span: int) -> None:
    high = min(low + span, 17)
    unit = UnitAttributes(uam=True, age_min=low, age_max=high).model_dump()
    assert (
        unit_words(unit, "nl") == f"Alleenstaande minderjarigen, van {low} tot en met {high} jaar"
    )
    assert unit_words(unit, "en") == f"Unaccompanied minors, aged {low} to {high}"


def test_an_event_in_words_has_no_codes() -> None:
    registered = {
        "seq": 1,
        "type": "site_registered",
        "occurred_at": "2026-07-01T10:00:00",
        "organisation": "COA",
        "payload": {"name": "AZC Assen", "municipality": "GM0106", "location_type": "DOL"},
    }
    said = site_event_words(registered, "nl")
    assert said["what"] == "Locatie geregistreerd"
    assert said["when"] == "wo 1 jul 2026 10:00"
    details = dict(said["details"])
    assert details["Gemeente"] == "Assen"
    assert "Dublinonderdaklocatie" in details["Locatietype"]
    consent = {
        **registered,
        "type": "municipal_consent_recorded",
        "payload": {"status": "granted", "requested_on": "2026-03-02", "decided_on": None},
    }
    words = dict(site_event_words(consent, "en")["details"])
    assert words == {"Status": "granted", "Consent requested on": "Mon 2 Mar 2026",
                     "Decided on": "—"}  # fmt: skip
