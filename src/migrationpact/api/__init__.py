"""The HTTP API: the ``/v1`` resources under the NL GOV API Design Rules.

``api.app.install_api`` adds the routes to the application that ``server.create_app`` builds;
``migrationpact serve`` runs it under uvicorn. Each resource is a feature folder (``cases/``,
``events/``, …) with its ``models.py`` (request and response bodies) and ``views.py`` (routes).
A route reads the request, calls one use case of ``migrationpact.services`` with the signed-in
principal, and answers; refusals of the use cases become problem documents
(``services.problems``).
"""
