"""Properties: decide never mutates its input, replay is the fold of decide and deterministic,
and another law date changes only deadline derivations and versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, decide, initial_state, replay
from migrationpact.cases.codec import to_document
from migrationpact.cases.compare import compare_law_dates
from migrationpact.cases.explain import case_document
from migrationpact.law.law import Law
from tests.support.rulebooks import amended_book
from tests.unit.cases.helpers import ev, in_territory
from tests.unit.cases.test_stories import dublin_case

STORY: list[AnyEvent] = [
    *in_territory(),
    ev("application_lodged", "2026-07-13T10:00"),
    ev("interview_held", "2026-08-03T10:00"),
    ev("decision_taken", "2026-09-01T10:00", outcome="unfounded"),
    ev("decision_notified", "2026-09-02T10:00"),
    ev("appeal_lodged", "2026-09-20T10:00"),
]
STORIES = [STORY, dublin_case()]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(STORIES), st.integers(min_value=0, max_value=6))
def test_decide_is_pure_and_replay_is_its_fold(story: list[AnyEvent], cut: int) -> None:
    events = story[: len(story) - cut] if cut < len(story) else story[:1]
    state = initial_state("P-1")
    for event in events:
        before = to_document(state)
        new = decide(state, event)
        assert to_document(state) == before  # input untouched
        assert decide(state, event) == new  # deterministic
        assert new.seq == state.seq + 1
        state = new
    assert replay("P-1", events) == state
    assert to_document(replay("P-1", events)) == to_document(state)


AMENDMENT = """instrument: APR
edition: 2027-01-01
title: Fictional amendment for tests
source: test
valid_from: 2027-01-01
rules:
  - id: APR-13
    title: {en: Regular examination (fictional 9 months), nl: Regulier onderzoek (fictief)}
    kind: time-limit
    length: 9 months
    start_event: application_lodged
    counting: {regime: pact, instrument: APR, end_rule: APR73}
    legal_basis: [{instrument: APR, article: "35", paragraph: "4"}]
    verified: true
    verification: {reference: "Y", source: test}
"""


def test_replay_under_an_amendment_changes_only_derivations_and_versions(tmp_path: Path) -> None:
    book = amended_book(tmp_path, AMENDMENT)
    law = Law.default().replace(book=book)
    now = replay("P-1", STORY, law=law)
    then = replay("P-1", STORY, law=law, law_date=date(2027, 1, 1))
    volatile = {"due", "nominal_end", "alert_on", "law_date", "rule_set_version", "derivation",
                "verified", "legal_basis", "title", "consequence"}  # fmt: skip
    a, b = case_document(now, law), case_document(then, law)
    assert [d["key"] for d in a["deadlines"]] == [d["key"] for d in b["deadlines"]]
    for x, y in zip(a["deadlines"], b["deadlines"], strict=True):
        assert {k: v for k, v in x.items() if k not in volatile} == {
            k: v for k, v in y.items() if k not in volatile
        }
    assert {k: v for k, v in a.items() if k != "deadlines"} == {
        k: v for k, v in b.items() if k != "deadlines"
    }
    # APR-13 from Mon 13 Jul 2026: 6 months → Wed 13 Jan 2027; under the fictional 9 months
    # → Tue 13 Apr 2027.
    rows = {r.key: r for r in compare_law_dates("P-1", STORY, law_date=date(2027, 1, 1), law=law)}
    current, replayed = rows["APR-13"].current, rows["APR-13"].replayed
    assert current is not None
    assert replayed is not None
    assert (current.due, replayed.due) == (date(2027, 1, 13), date(2027, 4, 13))
    assert rows["APR-13"].changed
    assert current.rule_set_version != replayed.rule_set_version
