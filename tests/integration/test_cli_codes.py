"""``cases append`` refuses a member state that is not a code in one line, and writes nothing."""

from __future__ import annotations

import json

from tests.integration.store.flows import TO_TRANSFER
from tests.integration.store.test_cli_cases import Run, cli_here, ok, refused, rows

__all__ = ["cli_here"]  # the fixture, used by name


def test_duitsland_is_refused_as_member_state(cli_here: Run, empty_url: str) -> None:
    ok(cli_here("db", "upgrade"))
    made = json.dumps(TO_TRANSFER[0])
    ok(cli_here("cases", "create", "--case-id", "C-1", "--event", made, "--org", "KMar"))
    ok(cli_here("cases", "append", "C-1", "--event", json.dumps(TO_TRANSFER[1]), "--org", "IND"))
    request = {**TO_TRANSFER[3], "member_state": "Duitsland"}
    append = ("cases", "append", "C-1", "--event", json.dumps(request), "--org", "IND")
    refused(cli_here(*append), "take_charge_request_sent: member_state: an ISO 3166-1 alpha-3")
    assert rows(empty_url)["events"] == 2
