"""The OpenAPI 3.1 document, shaped to the Dutch API Design Rules (NL GOV ADR).

FastAPI writes a good spec; a few rules need more than it does by itself:

- ``/core/uri-version``: the server URL carries the major version (``…/v1``) and the paths are
  relative to it (``/cases``), not ``/v1/cases``.
- ``/core/version-header``: every successful response declares the ``API-Version`` header.
- ``/core/problem-details``: error responses are ``application/problem+json``; FastAPI's own
  ``422 HTTPValidationError`` responses are dropped, because this API answers invalid input with
  a ``400`` problem document.
- ``/core/doc-openapi-contact``: the contact has a name, an e-mail address and a URL.

The spec is built once per application and kept.
"""

from __future__ import annotations

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
        "schema": {"type": "string", "example": "1.0.0"},
    }
}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


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
    schemas = spec.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    return spec


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
