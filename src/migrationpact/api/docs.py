"""The interactive API documentation at ``/v1/docs``, served from this service only.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script; a
government network may have no route to the CDN, and the service's Content-Security-Policy
(``script-src 'self'``) refuses inline scripts. This page loads the vendored Swagger UI from
``/static`` and starts it from a script file.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui-5.35.0"
PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>migrationpact API</title>
<link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" data-spec="/v1/openapi.json"></main>
<script src="{SWAGGER}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/v1/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
