"""The one JSON text the system stores: compact, UTF-8, keys in the order given.

Every JSON column (event payloads, the projections, the access log) is written with ``dumps``,
whether a row goes through SQLAlchemy (the engine's ``json_serializer``) or is written as text
(the rebuild's ``COPY``, which dumps a state with pydantic's own serializer: the same text, as
both are pydantic-core's). One text for one value is what lets a rebuild reproduce the
projections byte for byte. ``loads`` reads JSON text back (pydantic-core's parser: the values
``json.loads`` gives, in about half the time, which counts when a state and its deadline rows
are read for every append).

>>> dumps({"b": 1, "a": ["x", None, True], "c": "Ü"})
'{"b":1,"a":["x",null,true],"c":"Ü"}'
>>> loads('{"b": 1, "a": ["x", null, true]}')
{'b': 1, 'a': ['x', None, True]}
"""

from __future__ import annotations

from typing import Any

from pydantic_core import from_json, to_json


def dumps(value: Any) -> str:
    """``value`` as compact JSON text (no spaces, non-ASCII as itself)."""
    return to_json(value).decode()


def loads(text: str | bytes) -> Any:
    """The value of JSON ``text``."""
    return from_json(text)
