"""The HTTP service: the ``/v1`` API (NL GOV API Design Rules) and the web pages.

``create_app`` builds the FastAPI application from ``ServiceSettings``; ``migrationpact serve``
runs it under uvicorn. Each resource is a feature folder (``cases/``, ``events/``, …) with its
``models.py`` (request and response bodies) and ``views.py`` (routes). Who may do what is asked
of ``migrationpact.access.policy`` through the permission dependencies in ``security``.
"""
