"""The service layer: what every front end (the API, the web pages, the command line) shares.

It sits below ``api`` and ``web`` and above ``store``, ``auth`` and the domain. A *use case* is
one function here (``recording.record_event``, ``reading.read_case``, ``case_pages.list_cases``,
``worklist.worklist``): it takes the ``Principal`` who asks, checks ``access.policy``, writes
the access log, calls the store, and refuses with the errors of ``errors`` (``Forbidden``,
``NotFound``, ``Conflict``, …) — never with an HTTP status. Each front end turns those errors
into its own answer: a problem document, an HTML page, one line on standard error.

The rest is the floor the two HTTP front ends stand on: the ``Services`` container
(``container``), the settings read from the environment, who is asking (``security``), problem
documents (``problems``), opaque cursors (``pagination``) and the shape of a case id (``paths``).
"""
