"""One application per test process, serving each test's own services.

``server.create_app`` costs about 0.08 s of CPU, nearly all of it FastAPI analysing the
dependencies of every route; the API and page fixtures used to pay it for every test, a tenth
of the suite. What the application is made of depends on the settings alone: the public URL
(the OpenAPI document's server), the largest body and https (the ``Edge`` around it).
Everything a request touches (store, users, issuer, sign-in door, register, limiters) it reads
at request time from ``app.state.services`` (``services.container.services``), and the
lifespan reads it when a ``TestClient`` starts. So ``app_serving`` builds the application once
per process for those settings and puts each test's ``Services`` on it: a test sees exactly the
application it saw before, on its own store. A test that needs an application of its own (other
settings, or two at once) calls ``create_app`` itself.
"""

from __future__ import annotations

from fastapi import FastAPI

from migrationpact.server import create_app
from migrationpact.services.container import Services

#: The settings that shape the application itself, and the application built for them.
_BUILT: dict[tuple[str, int], FastAPI] = {}


def app_serving(services: Services) -> FastAPI:
    """The application of ``services.settings``, now serving ``services`` (one test at a time)."""
    settings = services.settings
    key = (settings.public_url, settings.max_body_bytes)  # ``https`` follows the public URL
    app = _BUILT.get(key)
    if app is None:
        app = _BUILT[key] = create_app(settings, services=services)
    app.state.services = services
    return app
