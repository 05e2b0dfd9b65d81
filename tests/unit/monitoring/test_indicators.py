"""The indicators worked by hand from a small feed, and the feed's records and chain.

The screening example (SR Art. 8(3): at the external border at most 7 days, rule SCR-01): three
screenings; the case system said of each whether it was exceeded.

- A started Wed 1 Jul 2026 09:00, completed Sun 5 Jul 09:00: 4 days, within the limit;
- B started Fri 10 Jul 08:00, lapsed Mon 20 Jul 08:00: 10 days, beyond;
- C started Sun 2 Aug 12:00, still open when the feed was made (Wed 12 Aug 12:00): 10 days so
  far, beyond (the case system saw it open after its end).

July: 2 measured, 1 beyond (50 %), median (4 + 10) / 2 = 7 days, none open. August: 1, 1 beyond,
10 days, 1 open. The third quarter: 3, 2 beyond, median of 4, 10, 10 = 10 days, 1 open.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.law import Law
from migrationpact.monitoring.feed_records import (
    FeedCase,
    FeedDeadline,
    FeedError,
    FeedEvent,
    FeedStay,
    parse_record,
)
from migrationpact.monitoring.indicators import BY_ID, citations, measure, summarise
from migrationpact.monitoring_store.feed import (
    FeedRefusedError,
    chain_records,
    pseudonym,
    verify_feed,
)

A, B, C = "P-AAAAAAAAAAAAAAAA", "P-BBBBBBBBBBBBBBBB", "P-CCCCCCCCCCCCCCCC"
MADE = datetime(2026, 8, 12, 12, 0)
SCREENINGS = [
    FeedDeadline(A, "SCR-01", "met", datetime(2026, 7, 1, 9), datetime(2026, 7, 5, 9), False),
    FeedDeadline(B, "SCR-01", "lapsed", datetime(2026, 7, 10, 8), datetime(2026, 7, 20, 8), True),
    FeedDeadline(C, "SCR-01", "open", datetime(2026, 8, 2, 12), None, True),
]


def rows(records: list[Any], period: str, indicator: str) -> list[tuple[Any, ...]]:
    return [
        (r.period, r.count, r.flagged, r.share, r.median_days, r.open)
        for r in summarise(measure(records, MADE), period)
        if r.indicator == indicator
    ]


def test_screening_beyond_its_limit_per_month_and_quarter() -> None:
    assert rows(SCREENINGS, "month", "screening-border") == [
        ("2026-07", 2, 1, 0.5, 7.0, 0),
        ("2026-08", 1, 1, 1.0, 10.0, 1),
    ]
    assert rows(SCREENINGS, "quarter", "screening-border") == [("2026-Q3", 3, 2, 0.6667, 10.0, 1)]
    assert rows(SCREENINGS, "year", "screening-territory") == []


def test_detention_counselling_and_dublin_stays_by_hand() -> None:
    # Detained 1 Jul 10:00, released 4 Jul 10:00: 3 days; detained again 2 Aug 12:00 and not
    # released when the feed was made (12 Aug 12:00): 10 days, open. Applied 1 Jul 09:00,
    # first counselling 3 Jul 21:00: 2.5 days. A Dublin shelter stay 1–15 Jul: 14 days.
    records = [
        FeedEvent(A, "detained", datetime(2026, 7, 1, 10), "border-procedure"),
        FeedEvent(A, "released", datetime(2026, 7, 4, 10)),
        FeedEvent(A, "detained", datetime(2026, 8, 2, 12), "return"),
        FeedEvent(B, "application_made", datetime(2026, 7, 1, 9)),
        FeedEvent(B, "legal_counselling_provided", datetime(2026, 7, 3, 21)),
        FeedEvent(C, "application_made", datetime(2026, 7, 2, 9)),
        FeedStay(C, "DOL", date(2026, 7, 1), date(2026, 7, 15)),
        FeedStay(B, "AZC", date(2026, 7, 1), None),
    ]
    assert rows(records, "month", "detention") == [
        ("2026-07", 1, None, None, 3.0, 0),
        ("2026-08", 1, None, None, 10.0, 1),
    ]
    # C applied and has no counselling yet: counted, open, not in the median.
    assert rows(records, "year", "counselling") == [("2026", 2, None, None, 2.5, 1)]
    assert rows(records, "year", "dublin-shelter") == [("2026", 1, None, None, 14.0, 0)]


def test_minors_and_vulnerable_people_in_the_border_procedure() -> None:
    records = [
        FeedCase(A, "border", True, True, None),
        FeedCase(B, "border", False, False, True),
        FeedCase(C, "regular", True, None, None),
        FeedDeadline(A, "APR-16", "open", datetime(2026, 7, 1, 9), None, False),
        FeedDeadline(B, "APR-16", "met", datetime(2026, 7, 8, 9), datetime(2026, 8, 1), False),
        FeedDeadline(B, "APR-16", "met", datetime(2026, 9, 8, 9), datetime(2026, 9, 9), False),
    ]
    # B counts once, in July, the month its first border procedure began; C is not in it.
    assert rows(records, "month", "border-minors") == [("2026-07", 2, 1, 0.5, None, 0)]
    assert rows(records, "month", "border-unaccompanied") == [("2026-07", 2, 1, 0.5, None, 0)]
    assert rows(records, "month", "border-vulnerable") == [("2026-07", 2, 1, 0.5, None, 0)]


def test_summarise_of_one_year_only() -> None:
    later = [*SCREENINGS, FeedDeadline(A, "SCR-01", "met", datetime(2027, 1, 3), None, False)]
    assert [r.period for r in summarise(measure(later, MADE), "year", year=2027)] == ["2027"]


def test_each_indicator_cites_the_article_of_its_rule_in_the_rule_book() -> None:
    book = Law.default().book
    assert [b.cite() for b in citations(BY_ID["screening-border"], book, date(2026, 8, 1))] == [
        "SR Art. 8(3)"
    ]
    assert [b.cite() for b in citations(BY_ID["needs-assessment"], book, date(2026, 8, 1))] == [
        "RCD Art. 25(1)"
    ]
    assert "APR Art. 51(2)" in [
        b.cite() for b in citations(BY_ID["border-procedure"], book, date(2026, 8, 1))
    ]
    # Before the Pact applied, no rule: nothing cited rather than a wrong article.
    assert citations(BY_ID["screening-border"], book, date(2025, 1, 1)) == []


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ({"kind": "person", "case": A}, "kind"),
        ({"kind": "case", "case": A, "procedure": "border", "name": "X"}, "unknown field(s) name"),
        ({"kind": "case", "case": "C-1", "procedure": "border"}, "not a pseudonym"),
        ({"kind": "event", "case": A, "type": "note_added", "at": "2026-07-01T09:00"}, "type"),
        ({"kind": "event", "case": A, "type": "released", "at": "1 July"}, "at: a moment"),
        ({"kind": "stay", "case": A, "location_type": "DOL", "from": "2026-07-02",
          "to": "2026-07-01"}, "cannot end"),
        ({"kind": "deadline", "case": A, "rule": "SCR-01", "status": "late",
          "started": "2026-07-01T09:00", "beyond": True}, "status"),
    ],
)  # fmt: skip
def test_a_record_that_is_not_one_is_refused_naming_the_field(
    record: dict[str, Any], says: str
) -> None:
    with pytest.raises(FeedError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_record(record)


def feed(*records: dict[str, Any]) -> list[str]:
    header = {"kind": "feed", "version": 1, "made_at": "2026-08-12T10:00:00Z", "key_id": "k"}
    return chain_records([header, *records, {"kind": "end", "records": len(records) + 1}])


EVENT = {"kind": "event", "case": A, "type": "released", "at": "2026-07-04T10:00:00"}


def test_a_verified_feed_gives_its_records_and_head() -> None:
    lines = feed(EVENT)
    verified = verify_feed(lines)
    assert verified.records == [FeedEvent(A, "released", datetime(2026, 7, 4, 10))]
    assert verified.head != verify_feed(feed(EVENT, EVENT)).head


def test_a_feed_cut_off_before_its_end_is_refused() -> None:
    with pytest.raises(FeedRefusedError, match="cut off"):
        verify_feed(feed(EVENT, EVENT)[:-1])
    with pytest.raises(FeedRefusedError, match="begins with its feed record"):
        verify_feed(chain_records([EVENT, {"kind": "end", "records": 1}]))


case_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
keys = st.binary(min_size=32, max_size=48)


@given(case_ids, keys, keys)
def test_pseudonyms_are_stable_and_depend_on_the_key(
    case_id: str, key: bytes, other: bytes
) -> None:
    mine = pseudonym(key, case_id)
    assert mine == pseudonym(key, case_id)
    assert parse_record({"kind": "case", "case": mine, "procedure": "border"})
    if other != key:
        # Without the key the pseudonym cannot be made from the case id, so nor can it be
        # found by trying case ids: another key gives another pseudonym.
        assert pseudonym(other, case_id) != mine


@given(st.lists(case_ids, min_size=2, max_size=30, unique=True), keys)
def test_different_cases_get_different_pseudonyms(ids: list[str], key: bytes) -> None:
    assert len({pseudonym(key, i) for i in ids}) == len(ids)


@given(
    st.lists(st.sampled_from(["released", "detained", "application_made"]), min_size=1,
             max_size=8),
    st.data(),
)  # fmt: skip
def test_a_tampered_feed_is_refused(types: list[str], data: st.DataObject) -> None:
    lines = feed(*({**EVENT, "type": t} for t in types))
    verify_feed(lines)  # the untouched feed verifies
    n = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["change", "drop", "swap", "rehash"]))
    tampered = list(lines)
    if how == "change":
        tampered[n] = tampered[n].replace('"kind":"', '"kind":"x', 1)
    elif how == "drop":
        del tampered[n]
    elif how == "swap":
        m = (n + 1) % len(lines)
        tampered[n], tampered[m] = tampered[m], tampered[n]
    else:
        # A line changed and its own hash recomputed: the next line no longer chains to it,
        # or (the last line) the end no longer counts right or the head changes.
        import json

        from migrationpact.store.hashing import chain_hash

        line = json.loads(tampered[n])
        line["record"] = {**line["record"], "tampered": True}
        line["hash"] = chain_hash(line["prev_hash"], {"n": line["n"], "record": line["record"]})
        tampered[n] = json.dumps(line)
    with pytest.raises(FeedRefusedError):
        verify_feed(tampered)


moments = st.datetimes(min_value=datetime(2026, 6, 12), max_value=datetime(2027, 12, 31))
deadlines = st.builds(
    FeedDeadline,
    case=st.sampled_from([A, B, C]),
    rule=st.sampled_from(["SCR-01", "SCR-03", "APR-16", "RCD-02"]),
    status=st.sampled_from(["open", "met", "lapsed"]),
    started=moments,
    closed_at=st.none() | moments,
    beyond=st.booleans(),
)


@given(st.lists(deadlines, max_size=40))
def test_periods_add_up_and_every_flag_counts_once(records: list[FeedDeadline]) -> None:
    measured = measure(records, datetime(2028, 1, 1))
    for indicator in ("screening-border", "screening-territory", "needs-assessment"):
        mine = [r for r in records if r.rule in BY_ID[indicator].rules]
        totals: dict[str, dict[str, tuple[int, int, int]]] = {}
        for period in ("month", "quarter", "year"):
            found = [r for r in summarise(measured, period) if r.indicator == indicator]
            assert sum(r.count for r in found) == len(mine)
            assert sum(r.flagged or 0 for r in found) == sum(r.beyond for r in mine)
            assert sum(r.open for r in found) == sum(r.status == "open" for r in mine)
            assert all(r.share is not None and 0 <= r.share <= 1 for r in found)
            per_year: dict[str, tuple[int, int, int]] = {}
            for r in found:  # the months (quarters) of a year add up to the year
                count, flagged, running = per_year.get(r.period[:4], (0, 0, 0))
                per_year[r.period[:4]] = (count + r.count, flagged + (r.flagged or 0),
                                          running + r.open)  # fmt: skip
            totals[period] = per_year
        assert totals["month"] == totals["quarter"] == totals["year"]
