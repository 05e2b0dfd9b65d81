"""The Eurostat benchmark end to end on a tiny data set: it loads, counts and prints its figures.

No wall-clock time is asserted: the ratio is the benchmark's to report (``make bench``).
"""

from __future__ import annotations

import pytest
from bench import eurostat

pytestmark = pytest.mark.postgres


def test_the_benchmark_counts_every_monthly_table(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert eurostat.main(["--cases", "40", "--samples", "1", "--database", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "tables migr_asyappctzm, migr_asypenctzm, migr_asywitheu" in out
    assert "SELECT count(*) FROM events" in out
    assert "goal <= 20x" in out
