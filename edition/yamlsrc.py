"""YAML with line numbers, so every message about a YAML file can name the line at fault."""
from __future__ import annotations

import yaml

from .errors import EditionError, Location, Problem


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict = {}  # replaced per instance by the loader

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list = []  # replaced per instance by the loader

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class LineStr(str):
    """A scalar string that remembers its line."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """A safe loader whose mappings, sequences and strings carry line numbers."""

    def __init__(self, stream, line_offset: int):
        super().__init__(stream)
        self._offset = line_offset

    def _line(self, node) -> int:
        return node.start_mark.line + 1 + self._offset

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = LineDict()
        result.line = self._line(node)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark)
            key = str(key) if not isinstance(key, str) else str.__str__(key)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' is given twice", key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = self._line(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = self._line(node)
        result.item_lines = [self._line(child) for child in node.value]
        return result

    def construct_yaml_timestamp(self, node):
        # "2019-13-01" looks like a date but is none: keep the text, for the validator to name it, instead of
        # letting PyYAML's ValueError escape as a traceback.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_yaml_str(node)

    def construct_yaml_str(self, node):
        value = LineStr(super().construct_scalar(node))
        value.line = self._line(node)
        return value


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_yaml(text: str, path: str, *, line_offset: int = 0, code: str = "yaml.syntax",
              error: type[EditionError] = EditionError):
    """Parse YAML text; on a syntax error raise ``error`` naming ``path`` and the line.

    ``line_offset`` shifts reported lines, for YAML embedded in a larger file (front matter).
    """
    loader = _Loader(text, line_offset)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(Problem(Location(path, line), f"YAML does not parse: {problem}", code,
                            "check indentation, and quote values that contain ':' or start with a quote")) from None
    finally:
        loader.dispose()
