"""Query keys renamed to lower camelCase, with the old name still accepted for a while.

The NL GOV API Design Rules want query keys in lower camelCase (``/core/query-keys-camel-case``:
``asOf``, not ``as_of``). Keys this API first published in snake_case stay accepted until the
next major version, so that no client breaks within ``/v1`` (``/core/deprecation-schedule``;
the schedule is in docs/api.md). ``renamed_query`` is the one way to declare such a key::

    as_of: Annotated[date | None, renamed_query("asOf", old="as_of", kind=date | None)]

The route gets one value. The OpenAPI document lists both keys, the old one with
``deprecated: true``. A request that uses the old key gets the answer it always got, plus an
RFC 9745 ``Deprecation`` header saying since when the key is deprecated; a request that gives
both keys with different values is refused (400, ``conflicting-query-keys``): guessing which
one was meant could answer the wrong question.

New query keys are plain ``Query`` parameters with camelCase aliases (``Query(alias="caseId")``);
this helper is only for keys that had another name before.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response

from migrationpact.services.problems import ProblemError

#: When the snake_case query keys of ``/v1`` became deprecated (API version 1.1.0).
SNAKE_CASE_KEYS_DEPRECATED = datetime(2026, 12, 4, tzinfo=UTC)


def deprecation_value(since: datetime) -> str:
    """The RFC 9745 ``Deprecation`` header value: ``@`` and the moment in Unix seconds.

    >>> deprecation_value(datetime(2026, 12, 4, tzinfo=UTC))
    '@1796342400'
    """
    return f"@{int(since.timestamp())}"


def renamed_query(
    name: str,
    *,
    old: str,
    kind: Any,
    default: Any = None,
    since: datetime = SNAKE_CASE_KEYS_DEPRECATED,
    **constraints: Any,
) -> Any:
    """A dependency reading query key ``name``, or its deprecated former name ``old``.

    ``kind`` is the value's type, ``default`` its value when neither key is given, and
    ``constraints`` go to both ``Query`` declarations (``ge=``, ``max_length=``, ``pattern=``,
    ``description=`` …), so the old key checks exactly what the new one does.
    """
    description = constraints.pop("description", None)
    new_query = Query(alias=name, title=name, description=description, **constraints)
    old_query = Query(
        alias=old,
        title=old,
        deprecated=True,
        description=f"Deprecated: the former name of `{name}`; use `{name}`.",
        **constraints,
    )
    header = deprecation_value(since)

    def resolve(request: Request, response: Response, new: Any, former: Any) -> Any:
        given = request.query_params
        if old not in given:
            return new
        if name in given and new != former:
            raise ProblemError(
                400,
                f"{old} is the former name of {name} and the two differ: send {name} only",
                kind="conflicting-query-keys",
            )
        response.headers["Deprecation"] = header
        return default if former is None else former

    keyword = inspect.Parameter.KEYWORD_ONLY
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", keyword, annotation=Request),
            inspect.Parameter("response", keyword, annotation=Response),
            inspect.Parameter(
                "new", keyword, default=default, annotation=Annotated[kind, new_query]
            ),
            inspect.Parameter(
                "former", keyword, default=None, annotation=Annotated[kind | None, old_query]
            ),
        ]
    )
    return Depends(resolve)
