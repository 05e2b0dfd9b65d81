"""The golden export: every case of the demo set and the bench templates is shown as before.

``tests/support/golden.py`` explains what a view holds and when the file may be regenerated.
"""

from __future__ import annotations

from tests.support.golden import golden_cases, read_golden


def test_every_case_is_shown_exactly_as_in_the_golden_export() -> None:
    expected = read_golden()
    actual = golden_cases()
    assert sorted(actual) == sorted(expected)
    differing = [case_id for case_id in expected if actual[case_id] != expected[case_id]]
    if differing:
        first = differing[0]
        want, got = expected[first], actual[first]
        fields = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
        raise AssertionError(
            f"{len(differing)} cases differ from the golden export, e.g. {first} in {fields}"
        )
