"""The JSON Schema of placement's input and output, for programs that call it.

``json_schema()`` builds it from the models (so it cannot drift from the code);
``docs/reception-placement.schema.json`` holds it written out, and a test keeps the two equal.
Regenerate the file with ``python -m migrationpact.reception.placement.schema > docs/...``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from .model import PlacementInput, PlacementResult


def json_schema() -> dict[str, Any]:
    """One document: ``$defs`` with every model, ``input`` and ``output`` pointing into it."""
    references, schema = models_json_schema(
        [(PlacementInput, "validation"), (PlacementResult, "serialization")],
        ref_template="#/$defs/{model}",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "migrationpact reception placement",
        "description": "Input (PlacementInput) and output (PlacementResult) of placement.",
        "input": references[(PlacementInput, "validation")],
        "output": references[(PlacementResult, "serialization")],
        "$defs": schema["$defs"],
    }


def text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(text(), end="")
