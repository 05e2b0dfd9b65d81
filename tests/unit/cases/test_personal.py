"""The personal fields: the one list the store seals, and the surrogate date of birth."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.cases.events import parse_event
from migrationpact.cases.personal import (
    age_on,
    all_personal_fields,
    erased_value,
    personal_paths,
    surrogate_birth,
)

PERSON = (("person", "v_number"), ("person", "names"), ("person", "date_of_birth"),
          ("person", "place_of_birth"))  # fmt: skip


def test_the_personal_fields_are_these() -> None:
    found = all_personal_fields()
    assert found["screening_started"] == (("note",), *PERSON)
    assert found["application_made"] == (("note",), *PERSON)
    assert found["take_charge_request_received"] == (("note",), *PERSON)
    assert found["screening_completed"] == (
        ("note",), ("form", "names"), ("form", "date_of_birth"), ("form", "place_of_birth"),
        ("form", "health_check"), ("form", "vulnerability"),
    )  # fmt: skip
    assert found["application_registered"] == (("note",), ("v_number",))
    assert found["special_needs_assessed"] == (("note",), ("detail",))
    others = {t: p for t, p in found.items() if p != (("note",),)}
    assert set(others) == {
        "screening_started", "application_made", "take_charge_request_received",
        "screening_completed", "application_registered", "special_needs_assessed",
    }  # fmt: skip
    # Kept in clear: what statistics and routing need, and what says nobody's name.
    for clear in (("person", "pseudonym"), ("person", "nationality"), ("person", "sex")):
        assert clear not in personal_paths("application_made")


def test_an_erased_event_is_still_a_valid_event() -> None:
    for event_type, paths in all_personal_fields().items():
        for path in paths:
            assert erased_value(event_type, path) in (None, [])
    erased = {"type": "screening_started", "occurred_at": "2026-07-06T10:00",
              "entry": "border-crossing", "person": {"pseudonym": "P-1", "names": [],
              "date_of_birth": None, "v_number": None, "place_of_birth": None}}  # fmt: skip
    assert getattr(parse_event(erased), "person", None) is not None


def test_the_surrogate_by_hand() -> None:
    # 25 on 1 July 2026 and on 1 February 2027: born after 1 Feb 2001, by 1 Jul 2001.
    born = date(2001, 3, 14)
    assert surrogate_birth(born, [date(2026, 7, 1), date(2027, 2, 1)]) == date(2001, 2, 2)
    # On her birthday she turns 25: only 14 March 2001 gives 25 on 14 March 2026 and 24 the day
    # before, so the surrogate is the day after (one day's age differs).
    assert surrogate_birth(born, [date(2026, 3, 13), date(2026, 3, 14)]) == date(2001, 3, 15)


@given(
    born=st.dates(date(1930, 1, 1), date(2025, 12, 31)),
    offsets=st.lists(st.integers(0, 3650), min_size=1, max_size=30),
)
def test_the_surrogate_is_not_the_date_and_keeps_every_age(born: date, offsets: list[int]) -> None:
    days = [born + timedelta(days=365 + n) for n in offsets]
    surrogate = surrogate_birth(born, days)
    assert surrogate != born
    changed = [d for d in days if age_on(surrogate, d) != age_on(born, d)]
    # Only when nothing but the true date fits does an age change, on one birthday at most.
    if changed:
        assert surrogate == born + timedelta(days=1)
        assert len(set(changed)) == 1
