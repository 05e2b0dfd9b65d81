"""YAML read with its line numbers, so that a bad scenario is refused at the line that is wrong.

``load_located(text, name)`` parses a YAML document into plain dicts and lists whose mappings
(``LocatedDict``) and sequences (``LocatedList``) remember the line each entry stands on. A
reader that refuses a value raises ``ScenarioError(name, line, message)``; its text is the one
line the command line prints: ``base.yaml:14: rates.dublin_share: 1.4 is above one``.

>>> data = load_located("a:\\n  b: 1\\n  c: [x, y]\\n", "s.yaml")
>>> data["a"].line_of("c"), data["a"]["c"].line_of(1)
(3, 3)
>>> str(ScenarioError("s.yaml", 3, "bad"))
's.yaml:3: bad'
"""

from __future__ import annotations

from typing import Any

import yaml


class ScenarioError(ValueError):
    """A scenario that cannot be run: the file, the line and what is wrong with it."""

    def __init__(self, name: str, line: int, message: str) -> None:
        super().__init__(f"{name}:{line}: {message}")
        self.name, self.line, self.message = name, line, message


class LocatedDict(dict[str, Any]):
    """A mapping that knows the line of each of its keys (1-based)."""

    line: int = 1
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows the line of each of its items (1-based)."""

    line: int = 1
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _Loader(yaml.SafeLoader):
    """The safe loader, building located containers."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_located(text: str, name: str) -> LocatedDict:
    """The document as located containers; not YAML, or not a mapping: ``ScenarioError``."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a safe loader's subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ScenarioError(name, line, f"not valid YAML: {problem}") from None
    if not isinstance(data, LocatedDict):
        raise ScenarioError(name, 1, "a scenario is a YAML mapping")
    return data
