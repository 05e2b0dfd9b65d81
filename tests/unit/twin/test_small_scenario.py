"""The shipped small scenario is the base scenario with a smaller influx over fewer months, and
without the base's other flows and housing quota: a run in seconds, as it ran before them."""

from __future__ import annotations

import yaml

from migrationpact.twin.scenario import SCENARIOS, read_scenario
from tests.unit.twin.helpers import BASE, PLAIN


def test_the_small_scenario_is_the_base_with_40_a_month_for_three_months() -> None:
    base = yaml.safe_load(PLAIN)
    assert "flows" in yaml.safe_load(BASE)
    assert "flows" not in base
    small = yaml.safe_load((SCENARIOS / "small.yaml").read_text(encoding="utf-8"))
    # the sources only the other flows and the quota cite are not needed
    unused = {k: v for k, v in base["sources"].items() if k not in small["sources"]}
    assert sorted(unused) == ["gemeente_nu_2025", "metro_cbs_2025"]
    base["sources"] = {k: v for k, v in base["sources"].items() if k not in unused}
    differing = sorted(k for k in base if base[k] != small[k])
    assert differing == ["arrivals", "months", "scenario", "title"]
    assert small["months"] == 3
    base_arrivals = {k: v for k, v in base["arrivals"].items() if k != "per_month"}
    small_arrivals = {k: v for k, v in small["arrivals"].items() if k != "per_month"}
    assert base_arrivals == small_arrivals
    assert small["arrivals"]["per_month"]["value"] == 40
    scenario = read_scenario(SCENARIOS / "small.yaml")
    assert "per_month" in scenario.estimates()  # small on purpose: not a forecast
