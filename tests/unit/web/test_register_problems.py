"""A refused intake or step on the register's pages is said in the page's language: the field
by its form label and the model's complaint by the forms' messages, never the model's English."""

from __future__ import annotations

import pytest

from migrationpact.law.text import Text
from migrationpact.monitoring.events import MonitoringEventError, parse_monitoring_event
from migrationpact.services.errors import Invalid
from migrationpact.web.monitoring import problem_words


def _refused(data: dict[str, object]) -> Invalid:
    try:
        parse_monitoring_event(data)
    except MonitoringEventError as exc:
        try:
            raise Invalid(str(exc)) from exc
        except Invalid as invalid:
            return invalid
    raise AssertionError("the event was accepted")


SIGNAL = {"type": "signal_received", "occurred_at": "2026-12-01T10:00",
          "received_at": "2026-12-01T10:00", "source": "ngo", "channel": "email"}  # fmt: skip


@pytest.mark.parametrize(
    ("content", "nl", "en"),
    [
        ("   ", "Inhoud: De waarde wordt niet aanvaard.", "Content: The value is not accepted."),
        ("x" * 20_001, "Inhoud: De tekst is te lang.", "Content: The text is too long."),
    ],
)
def test_the_field_and_the_complaint_in_the_pages_language(content: str, nl: str, en: str) -> None:
    refused = _refused({**SIGNAL, "content": content})
    assert problem_words(refused, "nl") == nl
    assert problem_words(refused, "en") == en


def test_a_sentence_of_the_use_case_is_said_as_the_catalog_has_it() -> None:
    said = Invalid("x", text=Text("The value is not accepted."))
    assert problem_words(said, "nl") == "De waarde wordt niet aanvaard."
