"""What the ``reception`` commands share: the ``--org`` option, the operator they act as, and
the errors they report as one line with exit code 2."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from migrationpact.cli.store_common import store_error_types

OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org", help="For which organisation (default: $MIGRATIONPACT_ORGANISATION, else COA)."
    ),
]


def reception_operator(actor: str | None, org: str | None) -> Any:
    """The operator for ``--org`` (default ``$MIGRATIONPACT_ORGANISATION``, else COA)."""
    from migrationpact.cli.operator import configured_organisation, operator

    return operator(actor, org or configured_organisation() or "COA")


def errors() -> tuple[type[Exception], ...]:
    from migrationpact.reception.regimes import RegimeError
    from migrationpact.reception.sites.decide import SiteRefused
    from migrationpact.reception.sites.events import SiteEventError

    return (*store_error_types(), SiteRefused, SiteEventError, RegimeError)
