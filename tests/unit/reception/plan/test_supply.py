"""Which sites may shelter Dublin claimants and the places each offers a month: granted consent
or nothing, the opening month, the build-up, free places only on a site that mixes groups."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from migrationpact.reception.plan import shelter_sites
from migrationpact.reception.regimes import default_book
from migrationpact.reception.sites.state import AdmissionRules, Consent, SiteState, Unit

START = date(2027, 1, 1)
GRANTED = Consent(status="granted", requested_on=date(2026, 1, 5), decided_on=date(2026, 3, 2))


def site(site_id: str, location_type: str = "DOL", **fields: Any) -> SiteState:
    values: dict[str, Any] = {
        "name": site_id,
        "municipality": "GM0106",
        "location_type": location_type,
        "status": "open",
        "opened_on": date(2026, 7, 1),
        "units": (Unit(unit_id="A", capacity=200, occupied=150), Unit(unit_id="B", capacity=9)),
        "consent": GRANTED,
        **fields,
    }
    return SiteState(site_id=site_id, **values)


def one(state: SiteState) -> Any:
    [found] = shelter_sites([state], default_book())
    return found


def test_dublin_sites_and_mixing_sites_take_part_others_not() -> None:
    mixing = AdmissionRules(agreed_on=date(2026, 1, 1), target_groups=("families", "dublin"))
    states = [
        site("DOL-1"),
        site("AZC-MIX", "AZC", admission_rules=mixing),
        site("AZC-1", "AZC"),
        site("AZC-2", "AZC", admission_rules=AdmissionRules(agreed_on=date(2026, 1, 1))),
        SiteState(site_id="NEVER"),
    ]
    found = {s.site_id: s for s in shelter_sites(states, default_book())}
    assert set(found) == {"DOL-1", "AZC-MIX"}
    dol, mix = found["DOL-1"], found["AZC-MIX"]
    assert (dol.places, dol.counts, dol.regimes, dol.mixing) == (209, "all-places", ("DOL",), False)
    assert dol.target_groups == ("single-adults", "families", "dublin")  # what DOL admits
    assert (mix.places, mix.counts, mix.regimes, mix.mixing) == (
        59,
        "free-places",
        ("AZC", "DOL"),
        True,
    )
    assert mix.target_groups == ("families", "dublin")  # the admission rules'


def test_the_agreed_maximum_caps_a_dublin_site() -> None:
    rules = AdmissionRules(agreed_on=date(2026, 1, 1), max_residents=120)
    assert one(site("DOL-1", admission_rules=rules)).places == 120


def test_sites_are_filled_by_opening_day_then_id_planned_ones_last() -> None:
    states = [
        site("DOL-C", opened_on=None),
        site("DOL-B", opened_on=date(2026, 1, 1)),
        site("DOL-A", opened_on=date(2026, 1, 1)),
        site("DOL-0", opened_on=date(2027, 5, 1)),
    ]
    order = [s.site_id for s in shelter_sites(states, default_book())]
    assert order == ["DOL-A", "DOL-B", "DOL-0", "DOL-C"]


@pytest.mark.parametrize(
    "consent",
    [
        None,
        Consent(status="requested", requested_on=date(2026, 1, 5)),
        Consent(status="refused", requested_on=date(2026, 1, 5), decided_on=date(2026, 2, 2)),
        Consent(status="expired", requested_on=date(2026, 1, 5), decided_on=date(2026, 2, 2)),
    ],
)
def test_a_site_without_granted_consent_offers_nothing(consent: Consent | None) -> None:
    held = one(site("DOL-1", consent=consent))
    assert held.capacity(START, start=START, build_up=50) == 0
    assert held.held_back(START) == "no-consent"


def test_consent_no_longer_valid_holds_the_site_back_from_then() -> None:
    until = GRANTED.model_copy(update={"valid_until": date(2027, 2, 28)})
    s = one(site("DOL-1", consent=until))
    assert s.capacity(date(2027, 2, 1), start=START, build_up=50) == 209
    assert s.capacity(date(2027, 3, 1), start=START, build_up=50) == 0
    assert s.held_back(date(2027, 3, 1)) == "no-consent"


def test_no_opening_day_holds_a_consented_site_back_and_a_closed_site_is_not_held() -> None:
    planned = one(site("DOL-1", status="registered", opened_on=None))
    assert (planned.capacity(START, start=START, build_up=50), planned.held_back(START)) == (
        0,
        "no-opening-day",
    )
    closed = one(site("DOL-2", status="closed", closed_on=date(2027, 3, 10)))
    assert closed.capacity(date(2027, 2, 1), start=START, build_up=50) == 209
    assert closed.capacity(date(2027, 3, 1), start=START, build_up=50) == 0
    assert closed.held_back(date(2027, 3, 1)) is None


def test_a_site_opening_during_the_plan_builds_up_one_open_before_has_all_its_places() -> None:
    new = one(site("DOL-1", opened_on=date(2027, 3, 15)))
    by_month = [new.capacity(date(2027, m, 1), start=START, build_up=50) for m in range(1, 9)]
    assert by_month == [0, 0, 50, 100, 150, 200, 209, 209]
    old = one(site("DOL-2", opened_on=date(2026, 12, 1)))
    assert old.capacity(START, start=START, build_up=50) == 209
