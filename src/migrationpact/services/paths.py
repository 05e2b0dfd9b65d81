"""The shapes of identifiers that appear in URLs, shared by the API and the web pages.

A case id is what an organisation's file number may look like: a letter or digit first, then
letters, digits, dots, underscores and dashes, at most 64 characters. Both front ends check it
before a path reaches the store, so that ``../`` and the like never become a lookup.

>>> import re
>>> bool(re.match(CASE_ID, "C-1A2B")), bool(re.match(CASE_ID, "../etc"))
(True, False)
"""

from __future__ import annotations

CASE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
