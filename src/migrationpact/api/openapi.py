"""The OpenAPI 3.1 document, shaped to the Dutch API Design Rules (NL GOV ADR).

FastAPI writes a good spec; a few rules need more than it does by itself:

- ``/core/uri-version``: the server URL carries the major version (``…/v1``) and the paths are
  relative to it (``/cases``), not ``/v1/cases``.
- ``/core/version-header``: every successful response declares the ``API-Version`` header.
- ``/core/problem-details``: error responses are ``application/problem+json``; FastAPI's own
  ``422 HTTPValidationError`` responses are dropped, because this API answers invalid input with
  a ``400`` problem document.
- ``/core/doc-openapi-contact``: the contact has a name, an e-mail address and a URL.
- ``If-Match`` is marked required where it is taken (its absence is answered ``428``).
- Schema names are UpperCamelCase: FastAPI names a form body ``Body_token_v1_auth_token_post``;
  such a name is rewritten to ``BodyTokenV1AuthTokenPost``, its references with it.

The spec is built once per application and kept.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PREFIX = "/v1"
CONTACT = {
    "name": "migrationpact maintainers",
    "email": "maintainers@migrationpact.eu",
    "url": "https://migrationpact.eu",
}
VERSION_HEADER = {
    "API-Version": {
        "description": "The full version of the API that answered (semantic versioning).",
        "schema": {"type": "string", "example": "1.1.0"},
    }
}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
_SCHEMA_REF = "#/components/schemas/"


def design_rules_spec(app: FastAPI, *, public_url: str) -> dict[str, Any]:
    """The spec of ``app``'s ``/v1`` routes, relative to the server ``<public_url>/v1``."""
    spec = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        license_info=app.license_info,
        contact=CONTACT,
        servers=[{"url": public_url.rstrip("/") + PREFIX}],
    )
    spec["paths"] = {
        (path.removeprefix(PREFIX) or "/"): item
        for path, item in spec["paths"].items()
        if path == PREFIX or path.startswith(PREFIX + "/")
    }
    for item in spec["paths"].values():
        for operation in item.values():
            _shape_responses(operation.get("responses", {}))
            _require_if_match(operation)
    schemas = spec.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    renamed = {name: _pascal(name) for name in schemas if _pascal(name) != name}
    if not renamed:
        return spec
    for old, new in renamed.items():
        schemas[new] = schemas.pop(old)
    shaped: dict[str, Any] = _rename_refs(spec, renamed)
    return shaped


def _require_if_match(operation: dict[str, Any]) -> None:
    """``If-Match`` is required where an operation takes it: the route answers its absence with
    a ``428`` problem of its own (so FastAPI sees it as optional), and a client generated from
    the spec must know to send it."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "header" and parameter.get("name") == "If-Match":
            parameter["required"] = True
            parameter.get("schema", {}).pop("anyOf", None)
            parameter.setdefault("schema", {})["type"] = "string"


def _pascal(name: str) -> str:
    """``Body_token_v1_auth_token_post`` → ``BodyTokenV1AuthTokenPost``; ``CaseView`` stays."""
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", name))


def _rename_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {key: _rename_refs(value, renamed) for key, value in node.items()}
    if isinstance(node, list):
        return [_rename_refs(value, renamed) for value in node]
    if isinstance(node, str) and node.startswith(_SCHEMA_REF):
        name = node.removeprefix(_SCHEMA_REF)
        return _SCHEMA_REF + renamed.get(name, name)
    return node


def _shape_responses(responses: dict[str, Any]) -> None:
    invalid = responses.get("422", {})
    ref = str(invalid.get("content", {}).get("application/json", {}).get("schema", {}))
    if "HTTPValidationError" in ref:
        del responses["422"]
    for status, response in responses.items():
        if status[:1] in ("2", "3"):
            response.setdefault("headers", {}).update(VERSION_HEADER)


def install(app: FastAPI, *, public_url: str) -> None:
    """Serve the shaped spec at ``/v1/openapi.json`` (FastAPI's ``openapi_url``)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = design_rules_spec(app, public_url=public_url)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
