"""The fast YAML reader gives what PyYAML's own safe parser gives, for every shipped data file,
and the pure-Python parser's error for a text that is not YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrationpact.law import yamltext

PACKAGE = Path(yamltext.__file__).resolve().parents[1]
SHIPPED = sorted(PACKAGE.rglob("*.yaml")) + sorted(PACKAGE.rglob("*.yml"))


def test_the_package_ships_yaml_data() -> None:
    assert len(SHIPPED) > 20  # the rule book's editions alone are more


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_shipped_file_reads_as_the_pure_python_parser_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamltext.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    if yaml.__with_libyaml__:
        assert yamltext.FAST_LOADER.__name__ == "CSafeLoader"


def test_a_text_that_is_not_yaml_raises_the_pure_python_parsers_error() -> None:
    bad = "a: [1, 2\nb: {"
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(bad)
    with pytest.raises(yaml.YAMLError) as got:
        yamltext.safe_load(bad)
    assert str(got.value) == str(expected.value)


def test_tags_beyond_the_safe_set_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        yamltext.safe_load("!!python/object/apply:os.system ['true']")
