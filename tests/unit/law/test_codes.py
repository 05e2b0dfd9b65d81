"""Codes are checked when an event is recorded and taken as they stand when it is read back.

A member state is one of the 31 states that apply the AMMR, a country an ISO 3166-1 alpha-3 code,
a language an ISO 639-3 code (``law.codes``); an event read from a store (``stored=True``) keeps
whatever it was recorded with.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from migrationpact.cases.events import EventError, parse_event
from migrationpact.cases.models import Person, ScreeningForm
from migrationpact.law.codes import (
    EU_PLUS,
    STORED,
    LanguageCode,
    MemberStateCode,
    NationalityCode,
    countries,
)

MEMBER_STATE: TypeAdapter[str] = TypeAdapter(MemberStateCode)
LANGUAGE: TypeAdapter[str] = TypeAdapter(LanguageCode)
NATIONALITY: TypeAdapter[str] = TypeAdapter(NationalityCode)
ALPHA_3 = st.text(string.ascii_uppercase, min_size=3, max_size=3)


def test_the_eu_plus_list_is_the_27_and_the_4_associated_states() -> None:
    assert len(EU_PLUS) == 31
    assert {"ISL", "NOR", "CHE", "LIE", "NLD", "DEU", "DNK", "IRL"} <= EU_PLUS
    assert countries() >= EU_PLUS  # every one a real ISO code
    assert not {"GBR", "TUR", "SRB", "UKR"} & EU_PLUS


@given(st.sampled_from(sorted(EU_PLUS)))
def test_every_eu_plus_code_is_accepted_as_member_state(code: str) -> None:
    assert MEMBER_STATE.validate_python(code) == code


@given(ALPHA_3.filter(lambda code: code not in EU_PLUS))
def test_every_other_alpha_3_code_is_refused_as_member_state(code: str) -> None:
    with pytest.raises(ValidationError) as raised:
        MEMBER_STATE.validate_python(code)
    assert raised.value.errors()[0]["type"] == "member_state_code"


@given(st.sampled_from(sorted(EU_PLUS)))
def test_a_member_state_in_lower_case_or_alpha_2_is_refused(code: str) -> None:
    for wrong in (code.lower(), code[:2]):
        with pytest.raises(ValidationError):
            MEMBER_STATE.validate_python(wrong)


def test_duitsland_is_refused_as_the_member_state_of_a_new_event() -> None:
    data = {
        "type": "take_charge_request_sent",
        "occurred_at": "2026-07-20T10:00",
        "member_state": "Duitsland",
    }
    with pytest.raises(EventError, match=r"^take_charge_request_sent: member_state: .*AMMR"):
        parse_event(data)
    assert parse_event({**data, "member_state": "DEU"}).member_state == "DEU"  # type: ignore[attr-defined]


def test_an_event_read_back_from_a_store_keeps_its_old_value() -> None:
    data = {
        "type": "take_back_notification_sent",
        "occurred_at": "2026-07-20T10:00",
        "member_state": "Duitsland",
    }
    assert parse_event(data, stored=True).member_state == "Duitsland"  # type: ignore[attr-defined]
    assert MEMBER_STATE.validate_python("Duitsland", context=STORED) == "Duitsland"


def test_languages_are_iso_639_3_codes() -> None:
    assert LANGUAGE.validate_python("ara") == "ara"
    assert LANGUAGE.validate_python("prs") == "prs"  # Dari, an individual language
    for wrong in ("xx1", "ar", "ARA", "Arabic", "zzz"):
        with pytest.raises(ValidationError):
            LANGUAGE.validate_python(wrong)
    with pytest.raises(ValidationError, match="ISO 639-3"):
        Person(pseudonym="P-1", languages=["ara", "xx1"])
    assert Person(pseudonym="P-1", languages=["ara", "tir"]).languages == ["ara", "tir"]


def test_the_reception_information_language_is_checked() -> None:
    data = {"type": "reception_information_given", "occurred_at": "2026-07-20T10:00"}
    with pytest.raises(EventError, match="language: an ISO 639-3 code"):
        parse_event({**data, "language": "xx1"})
    assert parse_event({**data, "language": "ara"}).language == "ara"  # type: ignore[attr-defined]


def test_nationalities_include_the_icao_codes_and_kosovo() -> None:
    for code in ("SYR", "XXA", "XXX", "XKX"):
        assert NATIONALITY.validate_python(code) == code
    for wrong in ("ZZZ", "SY", "syr", "Syria"):
        with pytest.raises(ValidationError):
            NATIONALITY.validate_python(wrong)


def test_countries_of_residence_are_countries_not_icao_codes() -> None:
    assert ScreeningForm(countries_of_residence=["TUR", "LBY"]).countries_of_residence == [
        "TUR",
        "LBY",
    ]
    with pytest.raises(ValidationError, match="countries_of_residence"):
        ScreeningForm(countries_of_residence=["Turkije"])
    with pytest.raises(ValidationError):
        ScreeningForm(countries_of_residence=["XXA"])


def test_the_routing_facts_check_the_nationality() -> None:
    data = {"type": "facts_recorded", "occurred_at": "2026-07-20T10:00"}
    with pytest.raises(EventError, match=r"facts\.nationality"):
        parse_event({**data, "facts": {"nationality": "QQQ"}})


def test_the_json_schema_names_the_allowed_codes() -> None:
    member_state = MEMBER_STATE.json_schema()
    assert member_state["enum"] == sorted(EU_PLUS)
    assert "AMMR" in member_state["description"]
    assert LANGUAGE.json_schema()["pattern"] == "^[a-z]{3}$"
    assert "ISO 639-3" in LANGUAGE.json_schema()["description"]
