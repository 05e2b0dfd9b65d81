"""A table's rows, checked against the code lists, as SDMX-CSV, plain CSV or JSON.

A ``Row`` is one cell of a table: a code for each dimension, the exact count, the count
rounded to the nearest 5 (``rounding``) and its flag (``p``: provisional). Every code is
checked against its list before anything is written (``InvalidCodeError``), so a file never carries
a code Eurostat does not know.

SDMX-CSV (version 1, as Eurostat's own downloads): a ``DATAFLOW`` column (``ESTAT:`` and the
dataset code in capitals), the dimensions in lower case, ``geo``, ``TIME_PERIOD``,
``OBS_VALUE`` and ``OBS_FLAG``. The values are the exact counts, as a member state transmits
them (Eurostat rounds on publication); the plain CSV and JSON carry both.

>>> from migrationpact.statistics.periods import parse
>>> from migrationpact.statistics.tables import table
>>> rows = [Row({"partner": "DE", "request": "TAKE_CHARGE", "leg_prov": "ART31"}, 3, "p")]
>>> print(sdmx_csv(table("migr_dubro"), parse("2026"), rows), end="")
DATAFLOW,freq,unit,partner,request,leg_prov,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG
ESTAT:MIGR_DUBRO(1.0),A,NR,DE,TAKE_CHARGE,ART31,NL,2026,3,p
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from migrationpact.statistics.codes import codes_of
from migrationpact.statistics.periods import Period
from migrationpact.statistics.rounding import nearest_five
from migrationpact.statistics.tables import Table

#: The reporting country (Eurostat's geo code of the Netherlands).
GEO = "NL"


class InvalidCodeError(ValueError):
    """A row carries a code that is not in its dimension's list."""


@dataclass(frozen=True)
class Row:
    """One cell: a code per dimension, the exact count and its flag ("" or "p")."""

    codes: Mapping[str, str]
    value: int
    flag: str = ""

    @property
    def rounded(self) -> int:
        return nearest_five(self.value)


def check(table: Table, rows: Sequence[Row]) -> None:
    """``InvalidCodeError`` for the first code of ``rows`` not in its dimension's list."""
    allowed = {d: codes_of(d) for d in table.dimensions}
    for row in rows:
        if set(row.codes) != set(table.dimensions):
            raise InvalidCodeError(f"{table.code}: a row has the dimensions {sorted(row.codes)}")
        for dimension, code in row.codes.items():
            if code not in allowed[dimension]:
                raise InvalidCodeError(f"{table.code}: {code!r} is not a code of {dimension}")
        if row.flag not in ("", "p"):
            raise InvalidCodeError(f"{table.code}: unknown flag {row.flag!r}")


def _period_text(period: Period) -> str:
    return period.text


def sdmx_csv(table: Table, period: Period, rows: Sequence[Row]) -> str:
    """The rows as SDMX-CSV (exact values; see the module text)."""
    check(table, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["DATAFLOW", "freq", "unit", *table.dimensions, "geo", "TIME_PERIOD", "OBS_VALUE",
         "OBS_FLAG"]
    )  # fmt: skip
    flow = f"ESTAT:{table.code.upper()}(1.0)"
    for row in rows:
        writer.writerow(
            [flow, period.frequency, table.unit, *(row.codes[d] for d in table.dimensions), GEO,
             _period_text(period), row.value, row.flag]
        )  # fmt: skip
    return out.getvalue()


def plain_csv(table: Table, period: Period, rows: Sequence[Row]) -> str:
    """The rows as plain CSV: the dimensions, the exact count, the rounded count, the flag."""
    check(table, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "period", *table.dimensions, "value", "rounded", "flag"])
    for row in rows:
        writer.writerow(
            [table.code, period.text, *(row.codes[d] for d in table.dimensions), row.value,
             row.rounded, row.flag]
        )  # fmt: skip
    return out.getvalue()


def as_json(table: Table, period: Period, rows: Sequence[Row]) -> str:
    """The rows as one JSON object (the table, its period and source, the cells)."""
    check(table, rows)
    document = {
        "table": table.code,
        "title": table.title,
        "period": period.text,
        "frequency": period.frequency,
        "unit": table.unit,
        "source": table.source_url,
        "verified": table.verified,
        "rows": [
            {**row.codes, "value": row.value, "rounded": row.rounded, "flag": row.flag}
            for row in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"sdmx-csv": sdmx_csv, "csv": plain_csv, "json": as_json}
