"""The rebuild's ``COPY`` text: the rows ``projections`` gives, with the JSON text SQLAlchemy
would send (the engine's ``jsontext.dumps``), read back as the same values."""

from __future__ import annotations

import json
import random
from datetime import date, datetime

import psycopg
import pytest
from bench.casegen import build_template

from migrationpact.jsontext import dumps
from migrationpact.law.law import Law
from migrationpact.store import copytext
from migrationpact.store.copytext import JSON_COLUMNS
from migrationpact.store.projections import deadline_row, state_row
from migrationpact.store.streams import CASE, kind

TRICKY = ("back\\slash \\N", "tab\there", "new\nline\r", "naïve — ✓", '{"a": "\\u00e9"}', "")


def _as_text(row: dict[str, object]) -> dict[str, object]:
    return {k: dumps(v) if k in JSON_COLUMNS else v for k, v in row.items()}


@pytest.mark.parametrize("seed", range(12))
def test_copy_rows_are_the_projection_rows(seed: int) -> None:
    template = build_template(f"C-{seed:012X}", random.Random(seed))
    state, updated_at = template.state, datetime(2027, 7, 1, 8, 30, 0, 123456)
    law = Law.default()
    found = copytext.copy_lines(kind(CASE).projectors, state.case_id, state, updated_at, law)
    [state_line], lines = found["case_states"], found["deadlines"]
    expected = _as_text(state_row(state, updated_at=updated_at))
    names = copytext.COLUMNS["case_states"]
    assert state_line == copytext.line(tuple(expected[n] for n in names))
    dl_names = copytext.COLUMNS["deadlines"]
    assert lines == [
        copytext.line(tuple(_as_text(deadline_row(state.case_id, e, law))[n] for n in dl_names))
        for e in state.deadlines
    ]
    assert len(lines) == len(state.deadlines)


@pytest.mark.postgres
def test_copy_text_reads_back_as_the_same_values(postgres_url: str) -> None:
    rows = [
        (
            t,
            json.dumps({"t": t}),
            date(2026, 7, 1),
            datetime(2026, 7, 1, 9, 5, 7, 12),
            n % 2 == 0,
            n,
        )
        for n, t in enumerate(TRICKY)
    ] + [(None, "null", None, None, None, None)]
    with psycopg.connect(postgres_url) as conn:
        conn.execute(
            "CREATE TEMP TABLE copied (t text, j json, d date, ts timestamp, b boolean, n int)"
        )
        with conn.cursor() as cur, cur.copy("COPY copied FROM STDIN") as copy:
            copy.write("".join(copytext.line(row) for row in rows).encode())
        back = conn.execute("SELECT t, j::text, d, ts, b, n FROM copied").fetchall()
    assert [tuple(r) for r in back] == rows
