"""Reading YAML text fast: libyaml's parser when PyYAML was built with it, the same values.

The law's data (the rule book's editions, the recognition rates, the routing parameters, the
crisis register, …) is YAML, read by every server worker and command at start. PyYAML's own
parser is pure Python and took about 5 s of a loaded worker's start for the rule book alone;
libyaml's parser (``CSafeLoader``) reads the same files about ten times faster and builds the
same values with the same safe constructor (``tests/unit/law/test_yamltext.py`` compares them
for every YAML file the package ships). A text that is not valid YAML is read again with the
pure-Python parser, so the error, and its message naming the line, are what they always were.

>>> safe_load("a: [1, 2025-01-31, x]")
{'a': [1, datetime.date(2025, 1, 31), 'x']}
"""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's safe loader when PyYAML has it, else PyYAML's own (the same values, slower).
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """The value of YAML ``text``, as ``yaml.safe_load`` gives it (and its error, if not YAML)."""
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)  # the pure-Python parser's error and message
