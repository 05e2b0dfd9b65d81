"""``migrationpact demo``: the worked examples of docs/periods.md, computed live."""

from __future__ import annotations

from datetime import date, datetime

import typer

from migrationpact.law.periods import compute_period, show

EXAMPLES: list[tuple[str, date | datetime, str, str, bool]] = [
    ("SCR-01 screening at the external border", date(2026, 6, 12), "7 days", "eu", True),
    ("APR-01 register the application", date(2026, 6, 22), "5 days", "pact", False),
    ("APR-04 lodge the application", date(2026, 12, 4), "21 days", "pact", False),
    ("AMMR-06 confirm a take-back notification", date(2026, 4, 13), "2 weeks", "pact", False),
    ("APR-16 asylum border procedure", date(2026, 6, 16), "12 weeks", "pact", True),
    ("AMMR-01 send a take-charge request", date(2026, 8, 31), "2 months", "pact", False),
    ("AMMR-10 carry out a transfer", date(2026, 8, 29), "6 months", "pact", False),
    ("Dublin III take-charge request", date(2026, 3, 31), "3 months", "dublin3", False),
    ("EDR-01 transmit biometrics", datetime(2026, 6, 15, 10, 15), "72 hours", "eu", False),
]


def demo() -> None:
    """Compute the reference examples and show each derivation."""
    for title, start, length, regime, maximum in EXAMPLES:
        result = compute_period(start=start, length=length, regime=regime, maximum=maximum)
        typer.echo(f"== {title}: ends {show(result.end)}")
        typer.echo(result.explain())
        typer.echo("")
