"""A domain sentence is its English text, and keeps its template and values across processes."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.periods import compute_period
from migrationpact.law.text import Text, sentences, show


def test_a_text_is_its_english_sentence_in_json() -> None:
    text = Text("%(rule)s is UNVERIFIED: %(why)s", rule="APR-25", why="start event inferred")
    assert (
        json.dumps({"reason": text}) == '{"reason": "APR-25 is UNVERIFIED: start event inferred"}'
    )


def test_a_text_survives_pickling_with_its_template_and_values() -> None:
    text = Text("The event day %(day)s is not counted", day=date(2026, 7, 29))
    copy = pickle.loads(pickle.dumps(text))
    assert copy == "The event day Wed 29 Jul 2026 is not counted"
    assert (copy.template, dict(copy.params)) == (text.template, {"day": date(2026, 7, 29)})


def test_a_percent_sign_without_values_stays_as_written() -> None:
    assert Text("50 % of the rate") == "50 % of the rate"


def test_sentences_join_what_applies() -> None:
    joined = sentences(Text("One."), None, Text("Two %(n)s.", n=2))
    assert joined == "One. Two 2."
    assert joined.params["other"].template == "Two %(n)s."


def test_derivation_steps_keep_their_english_and_their_values() -> None:
    result = compute_period(start=date(2026, 8, 31), length="2 months", regime="pact")
    last = result.steps[-1].text
    assert last == "Sat 31 Oct 2026 is not a working day (Saturday) → Mon 2 Nov 2026"
    assert isinstance(last, Text)
    assert last.params["day"] == date(2026, 10, 31)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)))
def test_show_writes_a_moment_as_strftime_does_in_the_c_locale(moment: datetime) -> None:
    # ``show`` looks the names up instead of calling strftime (slow): the same English.
    assert show(moment.date()) == f"{moment:%a} {moment.day} {moment:%b %Y}"
    assert show(moment) == f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
