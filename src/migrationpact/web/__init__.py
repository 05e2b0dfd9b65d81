"""The web pages: server-rendered HTML (Jinja2, enhanced by htmx) in Dutch and English.

People sign in with a password and then work in pages: their organisation's worklist, a case
with its deadlines and timeline, forms to record events, the rule book and the route checker.
Every page asks ``access.policy`` what the person may see and do, and reads and writes through
the same service layer as the API. ``views.install(app)`` adds the pages to the API's app.
See ``docs/web.md``.
"""
