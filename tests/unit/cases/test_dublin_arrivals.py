"""Incoming transfers (AMMR Art. 46(1) last subpara): the person the Netherlands accepted arrives.

The case: Italy asks the Netherlands to take charge on Fri 10 Jul 2026 (AMMR Art. 31, ``ART31``);
the IND accepts on Mon 20 Jul; the person arrives from Italy on Tue 1 Sep 2026. The arrival is
kept on the Dublin track and becomes one ``transfer`` fact, direction ``in``, partner IT, on
1 Sep; it starts and ends no time limit. Refused: before the acceptance, after a refusal, in a
case where the Netherlands asked, twice, from another state, with another provision.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, TransitionError, decide
from migrationpact.cases.codec import from_document, to_document
from migrationpact.cases.events import CATALOGUE, EventError
from migrationpact.law.codes import EU_PLUS
from migrationpact.statistics import codes
from migrationpact.store.facts import fact_rows
from tests.unit.cases.helpers import ev, in_territory, lapse_until, run

RECEIVED = ev("take_charge_request_received", "2026-07-10T10:00", member_state="ITA",
              legal_provision="ART31")  # fmt: skip
ACCEPTED = [RECEIVED, ev("reply_sent", "2026-07-20T11:00", outcome="accepted")]
ARRIVED = ev("transferred_person_arrived", "2026-09-01T14:30", member_state="ITA")


def _refused(history: list[AnyEvent], event: AnyEvent) -> TransitionError:
    with pytest.raises(TransitionError) as err:
        decide(run(history), event)
    assert err.value.rule == "AMMR Art. 46(1)"
    return err.value


def test_the_arrival_is_kept_on_the_dublin_track_and_starts_no_limit() -> None:
    before = run(ACCEPTED)
    after = decide(before, ARRIVED)
    assert after.dublin.arrived_at == datetime(2026, 9, 1, 14, 30)
    assert after.dublin.legal_provision == "ART31"  # the request's
    assert after.stage == before.stage == "request-received"
    assert after.deadlines == before.deadlines  # no time limit starts or ends
    assert from_document(to_document(after)) == after


def test_the_ind_records_it_as_the_other_events_of_the_requested_side() -> None:
    kind = CATALOGUE["transferred_person_arrived"]
    assert kind.recorded_by == CATALOGUE["reply_sent"].recorded_by == frozenset()
    assert kind.form == "other"
    assert kind.track == "dublin_arrivals"


def test_an_arrival_after_acceptance_by_silence_is_taken() -> None:
    silent = lapse_until(run([RECEIVED]), date(2026, 8, 11))  # AMMR-03 ended Mon 10 Aug
    assert silent.dublin.reply == "accepted-by-silence"
    assert decide(silent, ARRIVED).dublin.arrived_at is not None


def test_an_arrival_before_the_netherlands_accepted_is_refused() -> None:
    err = _refused([RECEIVED], ARRIVED)
    assert err.reason == "the Netherlands has not accepted the request"
    refused = [RECEIVED, ev("reply_sent", "2026-07-20T11:00", outcome="refused")]
    assert _refused(refused, ARRIVED).reason == "the Netherlands has not accepted the request"


def test_an_arrival_in_a_case_the_netherlands_asked_in_is_refused() -> None:
    asked = [*in_territory(), ev("take_charge_request_sent", "2026-07-10T10:00",
                                 member_state="ITA"),
             ev("reply_received", "2026-07-20T10:00", outcome="accepted")]  # fmt: skip
    err = _refused(asked, ARRIVED)
    assert err.reason == "no request from another member state was received in this case"


def test_a_second_arrival_is_refused() -> None:
    err = _refused([*ACCEPTED, ARRIVED], ev("transferred_person_arrived", "2026-09-02T10:00",
                                           member_state="ITA"))  # fmt: skip
    assert err.reason == "the person's arrival was already recorded"


def test_the_person_comes_from_the_state_that_asked() -> None:
    err = _refused(ACCEPTED, ev("transferred_person_arrived", "2026-09-01T14:30",
                                member_state="DEU"))  # fmt: skip
    assert err.template.startswith("the request came from %(partner)s")
    assert err.params == {"partner": "ITA", "state": "DEU"}


def test_the_provision_fills_a_gap_but_does_not_change_the_requests() -> None:
    other = ev("transferred_person_arrived", "2026-09-01T14:30", member_state="ITA",
               legal_provision="ART29")  # fmt: skip
    err = _refused(ACCEPTED, other)
    assert err.params == {"request": "ART31", "code": "ART29"}
    unnamed = [ev("take_charge_request_received", "2026-07-10T10:00", member_state="ITA"),
               ACCEPTED[1]]  # fmt: skip
    assert decide(run(unnamed), other).dublin.legal_provision == "ART29"
    dublin3 = [ev("take_charge_request_received", "2026-07-10T10:00", member_state="ITA",
                  registered_on="2026-06-24"), ACCEPTED[1]]  # fmt: skip
    with pytest.raises(TransitionError, match="not a legal provision of the Dublin III"):
        decide(run(dublin3), other)  # an AMMR code on a Dublin III request


def test_the_member_state_and_provision_are_codes() -> None:
    with pytest.raises(EventError, match="member_state"):
        ev("transferred_person_arrived", "2026-09-01T14:30", member_state="Italië")
    with pytest.raises(EventError, match="legal_provision"):
        ev("transferred_person_arrived", "2026-09-01T14:30", member_state="ITA",
           legal_provision="irregular entry")  # fmt: skip


def test_the_arrival_is_one_incoming_transfer_fact_on_its_day() -> None:
    state = decide(run(ACCEPTED), ARRIVED)
    rows = [r for r in fact_rows("R-1", state) if r["fact"] == "transfer"]
    assert [(r["on_day"], r["direction"], r["partner"], r["request"], r["leg_prov"])
            for r in rows] == [(date(2026, 9, 1), "in", "IT", "TAKE_CHARGE", "ART31")]  # fmt: skip
    assert not [r for r in fact_rows("R-1", run(ACCEPTED)) if r["fact"] == "transfer"]


@settings(max_examples=25, deadline=None)
@given(
    partner=st.sampled_from(sorted(EU_PLUS - {"NLD"})),
    provision=st.sampled_from([None, "ART25", "ART31", "ART36_1B"]),
    days=st.integers(min_value=0, max_value=400),
)
def test_any_accepted_request_gives_one_incoming_transfer_on_the_arrival_day(
    partner: str, provision: str | None, days: int
) -> None:
    asked = {"legal_provision": provision} if provision else {}
    history = [ev("take_charge_request_received", "2026-07-10T10:00", member_state=partner,
                  **asked), ev("reply_sent", "2026-07-20T11:00", outcome="accepted")]  # fmt: skip
    day = date(2026, 7, 20) + timedelta(days=days)
    state = decide(run(history), ev("transferred_person_arrived", f"{day}T12:00",
                                    member_state=partner))  # fmt: skip
    rows = [r for r in fact_rows("R-1", state) if r["fact"] == "transfer"]
    assert [(r["on_day"], r["direction"], r["partner"], r["leg_prov"]) for r in rows] == [
        (day, "in", codes.citizen(partner), provision)
    ]
