"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API returns has ``type``, ``title``, ``status`` and a ``detail`` that says in one
sentence what was wrong and, where it helps, what to do. Domain refusals keep their own words:
a refused event names the rule it breaks. Unexpected errors return a plain 500 problem with a
request id and no internals; the traceback goes to the server log.

The refusals of the use cases (``services.errors``) keep their ``kind`` as the problem type and
answer with the status their meaning has in HTTP: ``Forbidden`` 403, ``NotFound`` 404,
``StaleCase`` 412 (the ``If-Match`` sequence is not the case's), another ``Conflict`` 409,
``Misdated`` 422 and ``Invalid`` 400. ``install`` registers all of this on the application
``server.create_app`` builds; the web pages answer the same refusals with HTML pages of their
own (``web.errors``).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import EventError
from migrationpact.law.calendars import CalendarError
from migrationpact.law.crisis import CrisisError
from migrationpact.law.periods import PeriodError
from migrationpact.law.routing import FactsError, RoutingDataError
from migrationpact.law.rulebook import RuleBookError
from migrationpact.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    Misdated,
    NotFound,
    ServiceError,
    StaleCase,
)
from migrationpact.store.errors import (
    CaseNotFoundError,
    ConcurrencyError,
    IdempotencyError,
    SchemaError,
    StoreError,
)
from migrationpact.store.sealed_reads import UnsealedReadError

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://migrationpact.eu/problems/"
log = logging.getLogger("migrationpact.api")

_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or _TITLES.get(status, "error").lower().replace(" ", "-")
        self.title = title or _TITLES.get(status, "Error")
        self.headers = headers or {}
        self.extra = extra


def problem_response(request: Request, problem: ProblemError) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.kind,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
        **problem.extra,
    }
    return JSONResponse(
        jsonable_encoder(body),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def _validation_detail(errors: list[Any]) -> str:
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body",))
    message = first.get("msg", "invalid input")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"


# Domain errors and the status they answer with.
_DOMAIN: tuple[tuple[type[Exception], int, str], ...] = (
    (CaseNotFoundError, 404, "case-not-found"),
    (ConcurrencyError, 412, "sequence-mismatch"),
    (IdempotencyError, 409, "idempotency-key-reused"),
    (TransitionError, 422, "transition-refused"),
    (EventError, 422, "invalid-event"),
    (FactsError, 422, "invalid-facts"),
    (PeriodError, 422, "invalid-period"),
    (CalendarError, 422, "invalid-calendar"),
    (RuleBookError, 404, "rule-not-found"),
    (RoutingDataError, 422, "routing-data"),
    (CrisisError, 422, "unknown-crisis"),
    (UnsealedReadError, 503, "monitor-read-not-sealed"),
    (SchemaError, 503, "database-not-ready"),
    (StoreError, 400, "bad-request"),
)

# The use cases' refusals and their status; the first class the refusal is an instance of wins.
_REFUSALS: tuple[tuple[type[ServiceError], int], ...] = (
    (Forbidden, 403),
    (NotFound, 404),
    (StaleCase, 412),
    (Conflict, 409),
    (Misdated, 422),
    (Invalid, 400),
    (ServiceError, 400),
)


def refusal_problem(exc: ServiceError) -> ProblemError:
    """The problem document of a use case's refusal.

    >>> problem = refusal_problem(StaleCase("case C-1 is at seq 4"))
    >>> (problem.status, problem.kind, problem.detail)
    (412, 'sequence-mismatch', 'case C-1 is at seq 4')
    """
    status = next(s for error, s in _REFUSALS if isinstance(exc, error))
    return ProblemError(status, exc.message, kind=exc.kind)


def install(app: FastAPI) -> None:
    """Register the problem handlers on ``app``."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(ServiceError)
    async def _refused(request: Request, exc: ServiceError) -> JSONResponse:
        return problem_response(request, refusal_problem(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return problem_response(
            request,
            ProblemError(
                400,
                _validation_detail(errors),
                kind="invalid-request",
                errors=[
                    {"in": ".".join(str(p) for p in e.get("loc", ())), "msg": e.get("msg")}
                    for e in errors
                ],
            ),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "")
        return problem_response(
            request, ProblemError(exc.status_code, detail, headers=dict(exc.headers or {}))
        )

    for error, status, kind in _DOMAIN:

        async def _domain(
            request: Request, exc: Exception, status: int = status, kind: str = kind
        ) -> JSONResponse:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else kind
            return problem_response(request, ProblemError(status, detail, kind=kind))

        app.add_exception_handler(error, _domain)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", None)
        log.exception(
            "unexpected error on %s %s [%s]", request.method, request.url.path, request_id
        )
        return problem_response(
            request,
            ProblemError(
                500,
                "the service failed to answer; the error is logged under this request id",
                kind="internal-error",
                request_id=request_id,
            ),
        )


#: OpenAPI description of the problem responses, for ``responses=`` on routes.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        s: {
            "description": _TITLES.get(s, "Error"),
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
        for s in statuses
    }
