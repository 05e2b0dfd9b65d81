"""The event catalogue: every event is complete, and a new one needs only its track module.

The first half checks the shipped catalogue: each event has a handler that takes it, a label
with a Dutch translation, and somebody who may record it. The second half adds a fictional
track, as a new module would, and shows that parsing, deciding, the access policy, the web's
form list and labels and the API's schema all pick its event up without another edit.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Literal

import pytest
from babel.messages.pofile import read_po
from pydantic import TypeAdapter

from migrationpact.access import policy
from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import Action, recordable_events
from migrationpact.cases import TransitionError, initial_state
from migrationpact.cases.catalogue import SYSTEM, Catalogue, EventKind, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event
from migrationpact.cases.events import CATALOGUE, TRACKS, EventError, parse_event
from migrationpact.cases.machine import decide
from migrationpact.web.i18n import LOCALE_DIR

KINDS = list(CATALOGUE)


@cache
def _dutch() -> dict[str, str]:
    with (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="nl")
    return {str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.string, str)}


# --- the shipped catalogue is consistent ------------------------------------------------------


def test_the_catalogue_holds_every_kind_once() -> None:
    # No count here: a new event must not have to touch this test.
    assert len(KINDS) == len(set(CATALOGUE.types))
    assert CATALOGUE.first_events == (
        "screening_started",
        "application_made",
        "take_charge_request_received",
    )


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.type)
def test_every_event_has_a_handler_that_takes_it(kind: EventKind) -> None:
    hints = typing.get_type_hints(kind.handler)
    accepted = hints["event"]
    members = typing.get_args(accepted) or (accepted,)
    assert kind.model in members, f"{kind.handler.__name__} does not take {kind.model.__name__}"
    assert kind.handler.__module__ == f"migrationpact.cases.{kind.track}"
    assert kind.model.__module__ == kind.handler.__module__  # declared in one place


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.type)
def test_every_event_has_a_label_in_english_and_dutch(kind: EventKind) -> None:
    assert kind.label.strip()
    assert kind.label[0].isupper()
    assert _dutch().get(kind.label), f"add a Dutch translation of {kind.label!r}"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.type)
def test_every_event_may_be_recorded_by_some_organisation_or_the_system(kind: EventKind) -> None:
    codes = {org.value for org in Organisation}
    if kind.recorded_by == {SYSTEM}:  # the system's own: no person records it (F9)
        assert kind.type in policy.SYSTEM_EVENTS
        return
    assert kind.recorded_by <= codes
    recorders = [
        o for o, types in policy.EVENT_TYPES.items() if types is None or kind.type in types
    ]
    assert recorders, f"nobody may record {kind.type}"


def test_only_the_system_records_a_lapse() -> None:
    """Security probe F9: an IND caseworker recorded ``deadline_lapsed`` and made a decision
    final three days early. No person records it now, whatever their organisation."""
    assert {"deadline_lapsed"} == policy.SYSTEM_EVENTS
    for organisation in Organisation:
        for role in Role:
            person = Principal("p-1", "P", organisation, role)
            refused = policy.decide(person, Action.EVENT_APPEND, event_type="deadline_lapsed")
            assert not refused
    ind = Principal("ind-1", "I", Organisation.IND, Role.CASEWORKER)
    reason = policy.decide(ind, Action.EVENT_APPEND, event_type="deadline_lapsed").reason
    assert reason == "only the system records deadline_lapsed events"


def test_the_event_models_are_strict_and_named_by_their_type() -> None:
    for kind in KINDS:
        assert kind.model.model_config.get("extra") == "forbid"
        assert typing.get_args(kind.model.model_fields["type"].annotation) == (kind.type,)


def test_a_type_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        Catalogue.of(*TRACKS, TRACKS[0])


# --- a new event needs only its own track module ----------------------------------------------

RECEPTION = Track("reception")


class PlacementMade(Event):
    """Fictional: COA placed the applicant at a reception location."""

    type: Literal["placement_made"] = "placement_made"
    location: str


@RECEPTION.event(PlacementMade, "Placement made", recorded_by={"COA"})
def placement_made(draft: Draft, event: PlacementMade) -> None:
    if draft.state.made_at is None:
        raise draft.refuse("RCD Art. 17", "placement follows an application")
    draft.note(f"placed at {event.location}")


EXTENDED = Catalogue.of(*TRACKS, RECEPTION)
PLACED = {"type": "placement_made", "occurred_at": "2026-07-07T11:00", "location": "Ter Apel"}
MADE = {
    "type": "application_made",
    "occurred_at": "2026-07-06T10:00",
    "entry": "in-territory",
    "facts": {"nationality": "SYR", "age": 30},
}


def test_the_new_event_is_parsed() -> None:
    event = parse_event(PLACED, catalogue=EXTENDED)
    assert isinstance(event, PlacementMade)
    assert event.location == "Ter Apel"
    with pytest.raises(EventError, match="unknown event type"):
        parse_event(PLACED)  # the shipped catalogue does not know it
    with pytest.raises(EventError, match="placement_made: location: this field is required"):
        parse_event({k: v for k, v in PLACED.items() if k != "location"}, catalogue=EXTENDED)


def test_the_new_event_is_decided() -> None:
    made = decide(initial_state("C-1"), parse_event(MADE, catalogue=EXTENDED), catalogue=EXTENDED)
    placed = decide(made, parse_event(PLACED, catalogue=EXTENDED), catalogue=EXTENDED)
    assert placed.seq == 2
    assert placed.notes[-1] == "#2 placement_made: placed at Ter Apel"
    early = parse_event(PLACED, catalogue=EXTENDED)
    started = decide(
        initial_state("C-2"),
        parse_event(
            {
                "type": "screening_started",
                "occurred_at": "2026-07-06T09:00",
                "entry": "in-territory",
            }
        ),
        catalogue=EXTENDED,
    )
    with pytest.raises(TransitionError, match="placement follows an application"):
        decide(started, early, catalogue=EXTENDED)
    with pytest.raises(TransitionError, match="a case starts with"):
        decide(initial_state("C-3"), early, catalogue=EXTENDED)  # it does not open a case


def test_the_policy_lets_the_declared_organisations_record_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = recordable_events(EXTENDED)
    assert "placement_made" in (table[Organisation.COA] or ())
    assert "placement_made" not in (table[Organisation.KMAR] or ())
    assert table[Organisation.IND] is None  # the IND records every event
    monkeypatch.setattr(policy, "EVENT_TYPES", table)
    coa = Principal("coa-1", "P", Organisation.COA, Role.PLANNER)
    kmar = Principal("kmar-1", "K", Organisation.KMAR, Role.CASEWORKER)
    assert policy.decide(coa, Action.EVENT_APPEND, event_type="placement_made")
    assert not policy.decide(kmar, Action.EVENT_APPEND, event_type="placement_made")


def test_the_forms_labels_and_api_schema_list_it() -> None:
    assert EXTENDED.form_types[-1] == "placement_made"
    assert "placement_made" not in EXTENDED.main_types
    assert EXTENDED.labels["placement_made"] == "Placement made"
    schema = TypeAdapter(EXTENDED.union).json_schema()
    assert "PlacementMade" in schema["$defs"]
    assert schema["discriminator"]["mapping"]["placement_made"] == "#/$defs/PlacementMade"


def test_an_unknown_organisation_is_refused_when_the_policy_is_built() -> None:
    typo = Track("typo")
    typo.event(PlacementMade, "Placement made", recorded_by={"Coa"})(placement_made)
    with pytest.raises(ValueError, match="unknown organisations: \\['Coa'\\]"):
        recordable_events(Catalogue.of(typo))
