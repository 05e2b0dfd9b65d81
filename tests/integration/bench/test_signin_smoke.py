"""The sign-in flood benchmark end to end, quick: cheap hashes, small waves, counts not times."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.signin import Report, Settings, render, run

from tests.support.passwords import CHEAP


def test_the_flood_leaves_reads_answered_and_the_burst_checks_at_most_five(
    tmp_path: Path,
) -> None:
    settings = Settings(flood=12, reads=4, burst=20, hasher=CHEAP.hash)
    with ThreadPoolExecutor(1) as thread:  # a fresh event loop (see tests.support.aio)
        report: Report = thread.submit(run, settings, tmp_path).result()
    assert report.ok
    assert report.read_statuses == {200: 8}
    assert report.burst_checked <= 5
    assert set(report.burst_statuses) <= {401, 429, 503}  # 503: the gate was full
    assert report.burst_statuses[401] <= 4  # the fifth failure answers "locked"
    assert set(report.flood_statuses) <= {401, 429, 503}
    assert report.flood_checked <= sum(report.flood_statuses.values())
    table = render(report, settings)
    for line in ("case read alone", "case read under flood", "passwords checked: "):
        assert line in table
