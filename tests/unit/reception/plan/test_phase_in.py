"""The plan's hard rules, for any forecast and any sites (hypothesis): places needed are never
negative, capacity never exceeds the consented sites' places, no site builds up faster than the
parameter, the gap is needed less capacity, a site without consent gets no places; and one
plan worked by hand."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.periods import add_months
from migrationpact.reception.plan import (
    Forecast,
    ShelterSite,
    default_parameters,
    make_plan,
    transfer_limit,
)

START = date(2027, 1, 1)
PARAMETERS = default_parameters()
BUILD_UP = int(PARAMETERS.parameters.build_up_per_month.value)
LIMIT = transfer_limit(START)


def shelter(
    site_id: str, places: int, opened: date | None, consent: str | None, valid: date | None = None
) -> ShelterSite:
    return ShelterSite(
        site_id=site_id, name=site_id, municipality="GM0106", location_type="DOL",
        consent_status=consent, consent_valid_until=valid, opened_on=opened, closed_on=None,
        places=places, counts="all-places", target_groups=("dublin",), regimes=("DOL",),
        mixing=False,
    )  # fmt: skip


@st.composite
def sites(draw: st.DrawFn) -> list[ShelterSite]:
    found = []
    for n in range(draw(st.integers(0, 5))):
        opened = draw(st.none() | st.integers(-24, 14).map(lambda k: add_months(START, k)))
        consent = draw(st.sampled_from([None, "requested", "granted", "refused", "expired"]))
        valid = draw(st.none() | st.integers(0, 14).map(lambda k: add_months(START, k)))
        found.append(shelter(f"S{n}", draw(st.integers(0, 600)), opened, consent, valid))
    return found


forecasts = st.lists(st.floats(0, 2000), min_size=1, max_size=24).map(
    lambda counts: Forecast(
        "file", tuple((add_months(START, k - 6), c) for k, c in enumerate(counts))
    )
)


@settings(deadline=None)
@given(forecast=forecasts, found=sites(), months=st.integers(1, 14))
def test_the_plans_hard_rules(forecast: Forecast, found: list[ShelterSite], months: int) -> None:
    plan = make_plan(
        forecast=forecast, sites=found, parameters=PARAMETERS, limit=LIMIT, start=START,
        months=months,
    )  # fmt: skip
    assert len(plan.rows) == months
    before = {
        s.site_id: 0 if s.opened_on is None or s.opened_on >= START else s.places for s in found
    }
    for n, row in enumerate(plan.rows):
        month = add_months(START, n)
        consented = [s for s in found if s.consented(month)]
        assert row.needed >= 0
        assert row.capacity <= sum(s.places for s in consented)
        assert row.gap == row.needed - row.capacity
        assert row.capacity == sum(row.site_capacity.values())
        assert sum(row.allocation.values()) == min(row.needed, row.capacity)
        for s in found:
            offered = row.site_capacity[s.site_id]
            assert row.allocation[s.site_id] <= offered
            assert offered - before[s.site_id] <= BUILD_UP
            before[s.site_id] = offered
            if not s.consented(month):
                assert offered == row.allocation[s.site_id] == 0
                assert row.held_back[s.site_id] == s.places


def test_a_plan_worked_by_hand() -> None:
    # 100 decisions in January 2027 and 50 in February: 31 % leave with the transfer after 3
    # months, 20 % abscond after 1, 49 % stay the six months of AMMR-10.
    forecast = Forecast("file", ((START, 100.0), (date(2027, 2, 1), 50.0)))
    found = [
        shelter("OLD", 60, date(2026, 1, 1), "granted"),
        shelter("NEW", 500, date(2027, 2, 1), "granted"),
        shelter("WAIT", 300, date(2027, 1, 1), "requested"),
    ]
    plan = make_plan(
        forecast=forecast, sites=found, parameters=PARAMETERS, limit=LIMIT, start=START, months=8
    )
    rows = plan.rows
    # Residents: Jan 100; Feb 80 + 50; Mar 80 + 40; Apr 49 + 40; May, Jun 49 + 24.5; Jul 24.5.
    assert [r.residents for r in rows] == [100.0, 130.0, 120.0, 89.0, 73.5, 73.5, 24.5, 0.0]
    # Needed at 96 %: 100/0.96 = 104.2 -> 105; 130/0.96 = 135.4 -> 136; ...
    assert [r.needed for r in rows] == [105, 136, 125, 93, 77, 77, 26, 0]
    # OLD has its 60 places; NEW opens in February and adds 50 a month; WAIT has no consent.
    assert [r.capacity for r in rows] == [60, 110, 160, 210, 260, 310, 360, 410]
    assert [r.gap for r in rows] == [45, 26, -35, -117, -183, -233, -334, -410]
    assert rows[1].allocation == {"OLD": 60, "NEW": 50, "WAIT": 0}
    assert rows[3].allocation == {"OLD": 60, "NEW": 33, "WAIT": 0}
    assert rows[0].held_back == {"WAIT": 300}
    [held] = plan.held_back
    assert (held.site_id, held.reason, held.would_add, len(held.months)) == (
        "WAIT",
        "no-consent",
        300,
        8,
    )
    data = plan.as_json()
    assert data["rows"][0]["month"] == "2027-01"
    assert data["transfer_limit"]["rule"] == "AMMR-10"


def test_a_plan_needs_a_month() -> None:
    with pytest.raises(ValueError, match="1 month or more"):
        make_plan(
            forecast=Forecast("file", ()), sites=[], parameters=PARAMETERS, limit=LIMIT,
            start=START, months=0,
        )  # fmt: skip
