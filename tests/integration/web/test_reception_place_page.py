"""The case page shows the case's place at a reception site as far as the reader may see it:
COA the site and unit, the IND the site only, KMar nothing; in Dutch and in English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

from migrationpact.reception.sites import events as ev
from migrationpact.services.reception_sites import import_sites
from migrationpact.store.reception_sites import SITE
from tests.integration.services.test_reception_placement import PLANNER
from tests.integration.web.world import World

SITES = {
    "sites": [
        {"id": "AZC-ASSEN", "name": "AZC Assen", "municipality": "GM0106",
         "location_type": "AZC", "opens_on": "2020-01-01",
         "units": [{"id": "W2", "capacity": 10, "attributes": {"single_adults": True}}]},
    ]
}  # fmt: skip


def _placed(world: World) -> None:
    import_sites(store=world.store, principal=PLANNER, data=SITES)
    seq = world.store.stream_state(SITE, "AZC-ASSEN").seq
    at = datetime(2026, 11, 2, 10, 0)
    world.store.append(
        case_id="AZC-ASSEN",
        event=ev.HouseholdPlaced(occurred_at=at, unit_id="W2", household="C-OVERDUE",
                                 cases=("C-OVERDUE",), persons=1, placed_on=at.date(),
                                 basis="manual"),
        expected_seq=seq, idempotency_key=None, actor="coa", organisation="COA",
        stream_type=SITE,
    )  # fmt: skip


def test_the_place_is_shown_as_far_as_the_reader_may_see_it(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    assert "Opvangplek" not in signed_in("coa").get("/cases/C-OVERDUE").text
    _placed(world)
    coa = signed_in("coa").get("/cases/C-OVERDUE").text
    assert '<h2 id="place-title">Opvangplek</h2>' in coa
    assert "<dd>AZC Assen (AZC-ASSEN)</dd>" in coa
    assert "<dt>Eenheid</dt><dd>W2</dd>" in coa
    assert "<dd>Assen</dd>" in coa
    ind = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "<dd>AZC Assen (AZC-ASSEN)</dd>" in ind
    assert "W2" not in ind
    english = signed_in("ind-en").get("/cases/C-OVERDUE").text
    assert '<h2 id="place-title">Reception place</h2>' in english
    assert "Opvangplek" not in signed_in("kmar").get("/cases/C-OVERDUE").text
