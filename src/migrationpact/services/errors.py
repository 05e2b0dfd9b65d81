"""Why a use case refuses, in the service's own words rather than in HTTP status codes.

A use case (``recording``, ``reading``, ``case_pages``, ``worklist``) raises one of these and
nothing else of its own; each front end decides what the refusal looks like: the API answers a
problem document (``problems``), a web page shows an error page, the command line prints one
line and exits 2. The message is for the person: the policy's reason, or the store's sentence.

- ``Forbidden``: the access policy refuses the principal this action (a refused read has
  already been written to the access log);
- ``NotFound``: there is no such case;
- ``Conflict``: the write collides with another: ``StaleCase`` when the case moved on since the
  caller read it (or a new case's id is taken), ``KeyReused`` when the idempotency key was used
  for a different event;
- ``Invalid``: input a front end passed through unread, such as a cursor, is not one the
  service made, or an idempotency key with a prefix reserved for the system's own events;
- ``Misdated``: an event a person records is dated too far in the future of the server's clock,
  or before 2000-01-01.

Every refusal has a ``kind``, the stable word the API puts in its problem type. A refusal of the
state machine itself (``cases.errors.TransitionError``, naming the rule it breaks) is already a
domain error and passes through a use case unchanged.

>>> Forbidden("COA planner may not case.assign").kind
'forbidden'
>>> NotFound("case C-9 does not exist", kind="case-not-found").kind
'case-not-found'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.law.text import Text
from migrationpact.store.errors import CaseNotFoundError, ConcurrencyError, IdempotencyError


# The refusals are named for what happened (``except Forbidden``), not "…Error": a front end
# reads them as answers of the use case, beside the domain's own ``TransitionError``.
class ServiceError(Exception):
    """A use case refused; nothing was written but, for a refused read, its access-log row."""

    default_kind: ClassVar[str] = "bad-request"

    def __init__(self, message: str, *, kind: str | None = None, text: Text | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind or self.default_kind
        #: The same sentence as a ``Text`` where the domain gave one, so a page can say it in
        #: its own language (``message`` is its English form, for the API and the CLI).
        self.text = text


class Forbidden(ServiceError):  # noqa: N818 - read as the refusal itself
    """The access policy refuses the principal this action; the message is its reason."""

    default_kind = "forbidden"


def refuse_unless(
    principal: Principal,
    action: Action,
    *,
    assigned: bool | None = None,
    event_type: str | None = None,
    site: str | None = None,
) -> None:
    """``Forbidden``, with the policy's reason, unless ``principal`` may take ``action`` (the
    keywords as ``access.policy.decide`` asks them). A use case that logs a refusal before it
    raises decides itself.

    >>> from migrationpact.access.model import Organisation, Role
    >>> planner = Principal("p-1", "P", Organisation.COA, Role.PLANNER)
    >>> refuse_unless(planner, Action.RECEPTION_PLAN)
    >>> refuse_unless(planner, Action.CASE_CREATE)
    Traceback (most recent call last):
    ...
    migrationpact.services.errors.Forbidden: COA planner may not case.create
    """
    decision = decide(principal, action, assigned=assigned, event_type=event_type, site=site)
    if not decision:
        raise Forbidden(decision.reason)  # a ``Text``: a page says it in its own language


class NotFound(ServiceError):  # noqa: N818 - read as the refusal itself
    """What was asked for does not exist."""

    default_kind = "not-found"


class Conflict(ServiceError):  # noqa: N818 - read as the refusal itself
    """The write collides with what is already recorded; nothing was written."""

    default_kind = "conflict"


class StaleCase(Conflict):
    """The case is not at the sequence the writer expected (or a new case's id is taken)."""

    default_kind = "sequence-mismatch"


class KeyReused(Conflict):
    """The idempotency key was used before for a different event."""

    default_kind = "idempotency-key-reused"


class Invalid(ServiceError):  # noqa: N818 - read as the refusal itself
    """Input the service cannot read, such as a cursor it did not make."""

    default_kind = "bad-request"


class Misdated(ServiceError):  # noqa: N818 - read as the refusal itself
    """A person dated an event in the future (beyond a few minutes of skew) or before 2000;
    ``ahead`` says which."""

    default_kind = "event-date-out-of-range"

    def __init__(self, message: str, *, ahead: bool) -> None:
        super().__init__(message)
        self.ahead = ahead


@contextmanager
def store_refusals() -> Iterator[None]:
    """Re-raise the store's refusals of a case as the service's own, keeping their message."""
    try:
        yield
    except CaseNotFoundError as exc:
        raise NotFound(str(exc), kind="case-not-found") from exc
    except ConcurrencyError as exc:
        raise StaleCase(str(exc)) from exc
    except IdempotencyError as exc:
        raise KeyReused(str(exc)) from exc
