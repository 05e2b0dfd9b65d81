"""Lists on a form: a fixed number of numbered rows, each a few inputs.

An event can hold a list of small records (the family members of a screening form, of a
family group). A form shows such a list as a fixed number of rows, so it works without
JavaScript. The inputs of a row have an index in their dotted name:
``form.family_members_in_member_states.0.relation`` is the relation of the first row, and
``form.family_members_in_member_states`` is the list it belongs to.

While a form is read the rows are kept by index; ``to_lists`` then turns them into the lists
the event's model expects. A row left empty is no element at all, so the elements are
numbered again: ``to_lists`` remembers which row each element came from, and ``form_name``
uses that to put the model's complaint about an element on the input of its row.

>>> row_of("form.family_members_in_member_states.1.relation")
('form.family_members_in_member_states', 2)
>>> row_of("form.nationality")
('', 0)
>>> data = {"family": {"members": {"2": {"relation": "child"}}, "includes_minors": True}}
>>> rows = to_lists(data, {"family.members"})
>>> data["family"]["members"], rows
([{'relation': 'child'}], {'family.members': ['2']})
>>> form_name(("family", "members", 0, "member_state"), rows)
'family.members.2.member_state'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def row_of(name: str) -> tuple[str, int]:
    """(the dotted name of the list, the row's number from 1) of an input in a row;
    ``("", 0)`` for an input outside any row."""
    parts = name.split(".")
    for i, part in enumerate(parts):
        if part.isdigit():
            return ".".join(parts[:i]), int(part) + 1
    return "", 0


def list_names(names: Iterable[str]) -> set[str]:
    """The dotted names of the lists that inputs called ``names`` are rows of."""
    return {path for path, number in map(row_of, names) if number}


def to_lists(data: dict[str, Any], lists: Iterable[str]) -> dict[str, list[str]]:
    """Turn the rows read into ``data`` (kept by index) into lists, in place, in row order;
    answers, for each list, the index of the row each element came from."""
    kept: dict[str, list[str]] = {}
    for path in lists:
        *parents, last = path.split(".")
        parent: Any = data
        for part in parents:
            parent = parent.get(part) if isinstance(parent, dict) else None
        rows = parent.get(last) if isinstance(parent, dict) else None
        if isinstance(rows, dict):
            kept[path] = sorted(rows, key=int)
            parent[last] = [rows[index] for index in kept[path]]
    return kept


def form_name(loc: Sequence[str | int], rows: Mapping[str, list[str]]) -> str:
    """The dotted input name of a place in the event's data (a pydantic error's ``loc``);
    an element of a list shown as rows is named by its row, of any other list by the list."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            path = ".".join(parts)
            if path in rows and part < len(rows[path]):
                parts.append(rows[path][part])
            continue
        parts.append(part)
    return ".".join(parts)
