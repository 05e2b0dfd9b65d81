"""What the ``reception`` commands share: the ``--org`` option, the operator they act as, and
the errors they report as one line."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from migrationpact.cli.store_common import store_error_types

OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org", help="For which organisation (default: $MIGRATIONPACT_ORGANISATION, else COA)."
    ),
]


def _principal(actor: str | None, org: str | None) -> Any:
    from migrationpact.cli.operator import operator

    return operator(actor, org or os.environ.get("MIGRATIONPACT_ORGANISATION") or "COA")


def _errors() -> tuple[type[Exception], ...]:
    from migrationpact.reception.regimes import RegimeError
    from migrationpact.reception.sites.decide import SiteRefused
    from migrationpact.reception.sites.events import SiteEventError

    return (*store_error_types(), SiteRefused, SiteEventError, RegimeError)
