"""Read YAML while remembering which line every value came from.

Nurses and reviewers edit the lesson files by hand. When they break something the
message must point at the line they need to look at, so we keep a map from each
field path (``("quiz", 2, "options", 0, "correct")``) to its 1-based line number.
Duplicate keys, which plain YAML loaders silently overwrite, are reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

FieldPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The parsed data of one file, with the line of each field path."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, loc: FieldPath) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class _LineLoader(yaml.SafeLoader):
    """A safe loader; dates stay strings so pydantic decides what they mean."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser, about ten times faster on the lessons.

    Its nodes carry the same line marks. Its error messages are worded differently, so
    a file that does not parse is read again with :class:`_LineLoader`, whose messages
    the editors' guide and tests quote.
    """


# Keep "2026-11-24" as text: the schema parses dates and reports bad ones with a line.
_LineLoader.yaml_implicit_resolvers = _FastLineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``path``; return the document, or the problems that stopped it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, 1, "", f"the file is not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(path, 1, "", f"cannot read the file ({exc.strerror})")]

    try:
        fast = _FastLineLoader(text)
        try:
            node = fast.get_single_node()
            if node is not None:
                data = fast.construct_document(node)
                doc = YamlDocument(path, data)
                problems: list[Problem] = []
                _index(node, (), doc, problems)
                return doc, problems
        finally:
            fast.dispose()
    except yaml.YAMLError:
        pass  # read again below, for the precise message
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(path, 1, "", "the file is empty")]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "the YAML cannot be read"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            # Say where the unfinished thing began: that is usually the line to fix.
            what += f" ({exc.context}, which starts on line {exc.context_mark.line + 1})"
        return None, [Problem(path, line, "", f"YAML syntax: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, "", f"YAML syntax: {exc}")]
    finally:
        loader.dispose()

    doc = YamlDocument(path, data)
    problems: list[Problem] = []
    _index(node, (), doc, problems)
    return doc, problems


def _index(node: yaml.Node, loc: FieldPath, doc: YamlDocument, problems: list[Problem]) -> None:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            child = (*loc, key)
            if key in seen:
                problems.append(
                    Problem(doc.path, line, _dotted(child), "this key appears twice here")
                )
                continue
            seen.add(key)
            doc.lines[child] = line
            _index(value_node, child, doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*loc, index), doc, problems)


def _dotted(loc: FieldPath) -> str:
    return ".".join(str(part) for part in loc)
