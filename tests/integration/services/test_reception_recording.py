"""Recording placements and departures on SQLite and PostgreSQL: one ``household_placed`` per
household in one transaction, projected to ``reception_residents`` (and rebuilt the same); a
refused override or a stale site writes nothing; a household whose phase needs another
location type moves, leaving its old site in the same transaction; a departure frees the
places."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from migrationpact.reception.placement import Override
from migrationpact.reception.sites import events as ev
from migrationpact.services.errors import Conflict, Forbidden, Invalid, NotFound
from migrationpact.services.reception_placement import propose_placements
from migrationpact.services.reception_recording import record_departure, record_placements
from migrationpact.store.accesslog import access_entries
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.projection_check import compare_projections
from migrationpact.store.reception_sites import SITE, placed_cases, read_site_states
from migrationpact.store.tables import reception_residents
from tests.integration.services.placing import placing_world, site_events
from tests.integration.services.test_reception_placement import PLANNER
from tests.integration.store.flows import TO_TRANSFER
from tests.support.cli import RunCli


def _residents(store: EventStore) -> list[tuple[str, str, str, str]]:
    with read_transaction(store.engine) as conn:
        r = reception_residents.c
        rows = conn.execute(select(reception_residents).order_by(r.case_id))
        return [(x.case_id, x.site_id, x.unit_id, x.household) for x in rows]


@pytest.fixture
def world(store: EventStore) -> EventStore:
    return placing_world(store)


def test_placements_are_recorded_projected_and_not_proposed_again(world: EventStore) -> None:
    recording = record_placements(store=world, principal=PLANNER)
    assert (recording.events, recording.proposal.dry_run) == (3, False)
    done = sorted((r.household, r.site_id, r.unit_id, r.basis) for r in recording.recorded)
    assert [(h, s[:3], u, b) for h, s, u, b in done] == [
        ("C-ADULT", "AZC", "A", "proposal"),
        ("C-DUBLIN", "AZC", "A", "proposal"),
        ("C-MINOR", "AZC", "K1", "proposal"),
    ]
    assert _residents(world) == [(h, s, u, h) for h, s, u, _ in done]
    states = read_site_states(world.engine, ["AZC-1", "AZC-2"])
    occupied = {(sid, u.unit_id): u.occupied for sid, st in states.items() for u in st.units}
    for sid, uid in {(s, u) for _, s, u, _ in done}:
        assert occupied[(sid, uid)] == sum(1 for _, s, u, _ in done if (s, u) == (sid, uid))
    assert sum(occupied.values()) == 3
    again = record_placements(store=world, principal=PLANNER)
    assert (again.events, again.proposal.problem.households) == (0, ())
    assert len(site_events(world)) == 3
    before = _residents(world)
    world.rebuild(workers=1)
    assert _residents(world) == before
    assert compare_projections(world.engine, world.law).ok


def test_a_refused_override_writes_nothing_and_a_good_one_is_recorded_with_its_reason(
    world: EventStore,
) -> None:
    wrong = Override(household="C-ADULT", unit="AZC-1/K2", reason="near her brother")
    with pytest.raises(Invalid, match="cannot be placed in unit AZC-1/K2") as refused:
        record_placements(store=world, principal=PLANNER, overrides=[wrong])
    assert refused.value.kind == "override-refused"
    nope = Override(household="NOPE", unit="AZC-1/A", reason="x")
    with pytest.raises(Invalid, match="unknown household NOPE"):
        record_placements(store=world, principal=PLANNER, overrides=[nope])
    assert site_events(world) == []
    assert [e for e in access_entries(world.engine) if e.action == "reception.place"] == []
    good = Override(household="C-ADULT", unit="AZC-2/A", reason="near her brother")
    recording = record_placements(store=world, principal=PLANNER, limit=1, overrides=[good])
    adult = next(r for r in recording.recorded if r.household == "C-ADULT")
    assert (adult.site_id, adult.basis, adult.reason) == ("AZC-2", "override", "near her brother")
    stored = world.stream_state(SITE, "AZC-2")
    assert [(r.household, r.cases, r.persons) for r in stored.residents] == [
        ("C-ADULT", ("C-ADULT",), 1)
    ]


def test_a_case_whose_phase_changes_moves_in_one_transaction(world: EventStore) -> None:
    record_placements(store=world, principal=PLANNER)
    assert placed_cases(world.engine)["C-DUBLIN"].location_type == "AZC"
    assert [
        h.id for h in propose_placements(store=world, principal=PLANNER).problem.households
    ] == []
    drive_on(world, "C-DUBLIN", TO_TRANSFER[-2], seq=6)  # the transfer decision notified
    proposal = propose_placements(store=world, principal=PLANNER)
    [moving] = proposal.problem.households
    assert moving.id == "C-DUBLIN"
    old = placed_cases(world.engine)["C-DUBLIN"].site_id
    assert moving.current_unit == f"{old}/A"
    before = read_site_states(world.engine, [old])[old].unit("A").occupied  # type: ignore[union-attr]
    recording = record_placements(store=world, principal=PLANNER)
    [moved] = recording.recorded
    assert (moved.site_id, moved.unit_id, moved.moved_from) == ("DOL-1", "A", old)
    assert site_events(world)[-2:] == [
        (old, "household_left"),
        ("DOL-1", "household_placed"),
    ]
    assert placed_cases(world.engine)["C-DUBLIN"].site_id == "DOL-1"
    after = read_site_states(world.engine, [old])[old].unit("A")
    assert after is not None
    assert after.occupied == before - 1


def drive_on(store: EventStore, case_id: str, data: dict[str, Any], *, seq: int) -> None:
    from migrationpact.cases.events import parse_event

    store.append(case_id=case_id, event=parse_event(data), expected_seq=seq,
                 idempotency_key=None, actor="caseworker", organisation="IND")  # fmt: skip


def test_a_site_changed_between_reading_and_writing_is_stale_and_nothing_is_written(
    world: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = read_site_states

    def read_then_someone_counts(engine: Any, ids: Any) -> Any:
        states = real(engine, ids)
        seq = states["AZC-1"].seq
        world.append(
            case_id="AZC-1",
            event=ev.UnitOccupancyCounted(occurred_at=_now(world), unit_id="A", occupied=50),
            expected_seq=seq, idempotency_key=None, actor="coa-2", organisation="COA",
            stream_type=SITE,
        )  # fmt: skip
        return states

    monkeypatch.setattr(
        "migrationpact.services.reception_placement.read_site_states", read_then_someone_counts
    )
    with pytest.raises(Conflict, match="site AZC-1 was changed by another writer"):
        record_placements(store=world, principal=PLANNER)
    assert site_events(world) == []
    with read_transaction(world.engine) as conn:
        assert conn.execute(select(func.count()).select_from(reception_residents)).scalar() == 0


def _now(store: EventStore) -> Any:
    from migrationpact.services.recording import dutch_now

    return dutch_now(store)


def test_a_departure_frees_the_places_and_bad_input_writes_nothing(world: EventStore) -> None:
    record_placements(store=world, principal=PLANNER)
    with pytest.raises(Invalid, match="reason: Input should be"):
        record_departure(store=world, principal=PLANNER, case_id="C-ADULT", reason="bored")
    with pytest.raises(NotFound, match="case C-NONE has no place"):
        record_departure(store=world, principal=PLANNER, case_id="C-NONE", reason="departed")
    far = _now(world).date().replace(year=2099)
    with pytest.raises(Invalid, match="once it happened"):
        record_departure(store=world, principal=PLANNER, case_id="C-ADULT", reason="housed", on=far)
    other = PLANNER.__class__(subject="k", name="K", organisation=PLANNER.organisation.KMAR,
                              role=PLANNER.role.CASEWORKER)  # fmt: skip
    with pytest.raises(Forbidden):
        record_departure(store=world, principal=other, case_id="C-ADULT", reason="housed")
    assert len(site_events(world)) == 3
    place = placed_cases(world.engine)["C-ADULT"]
    before = world.stream_state(SITE, place.site_id).unit("A").occupied
    gone = record_departure(store=world, principal=PLANNER, case_id="C-ADULT", reason="housed")
    assert (gone.household, gone.site_id, gone.unit_id, gone.reason) == (
        "C-ADULT", place.site_id, "A", "housed",
    )  # fmt: skip
    assert "C-ADULT" not in placed_cases(world.engine)
    assert world.stream_state(SITE, place.site_id).unit("A").occupied == before - 1
    assert "C-ADULT" in [e.case_id for e in access_entries(world.engine, case_id="C-ADULT")]


def test_the_cli_records_with_overrides_and_records_a_departure(
    world: EventStore, db_url: str, run_cli: RunCli
) -> None:
    done = run_cli("reception", "place", "--json", "--database", db_url,
                   "--override", "C-ADULT=AZC-2/A", "--reason", "near her brother")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    recorded = {r["household"]: r for r in json.loads(done.stdout)["recorded"]}
    assert set(recorded) == {"C-ADULT", "C-DUBLIN", "C-MINOR"}
    assert (recorded["C-ADULT"]["site_id"], recorded["C-ADULT"]["basis"]) == ("AZC-2", "override")
    assert recorded["C-ADULT"]["reason"] == "near her brother"
    assert placed_cases(world.engine)["C-ADULT"].site_id == "AZC-2"
    done = run_cli("reception", "place", "--database", db_url)
    assert done.returncode == 0
    assert done.stdout.startswith("Recorded. 0 placed")
    done = run_cli("reception", "leave", "C-ADULT", "--reason", "housed", "--database", db_url)
    assert done.returncode == 0, done.stderr
    assert "household C-ADULT (cases C-ADULT) left unit A of site AZC-2" in done.stdout
    assert "C-ADULT" not in placed_cases(world.engine)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("place", "--override", "C-ADULT=AZC-1/K2", "--reason", "x"), "cannot be placed in"),
        (("place", "--override", "C-ADULT=AZC-1/A"), "an override needs a --reason"),
        (("place", "--override", "C-ADULT", "--reason", "x"), "write HOUSEHOLD=UNIT"),
        (("place", "--reason", "x"), "--reason belongs to an --override"),
        (("place", "--override", "C-ADULT=AZC-1/A", "--override", "C-MINOR=AZC-1/K1",
          "--reason", "a", "--reason", "b", "--reason", "c"), "2 override(s) and 3 reason(s)"),
        (("leave", "C-ADULT", "--reason", "housed"), "case C-ADULT has no place"),
        (("leave", "C-ADULT", "--reason", "bored"), "reason: Input should be"),
        (("leave", "C-ADULT", "--reason", "housed", "--on", "soon"), "not a date"),
    ],
)  # fmt: skip
def test_cli_bad_input_is_one_line_exit_2_and_nothing_written(
    world: EventStore, db_url: str, run_cli: RunCli, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("reception", *args, "--database", db_url)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert site_events(world) == []
