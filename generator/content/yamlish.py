"""YAML loading that keeps the line of every key, with the C loader when present."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..core.errors import SiteError, SiteErrors

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader without implicit timestamps: asklog parses dates itself, with the line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Lines = dict[tuple[str, ...], int]
# Deeper values are refused before they are built: no front matter needs them, and every
# later step (cache, templates) would otherwise recurse that deep.
MAX_DEPTH = 20


@dataclass(frozen=True)
class YamlDoc:
    data: Any
    lines: Lines  # key path -> 1-based line in the file


def load(text: str, path: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: Lines = {}
        errors: list[SiteError] = []
        if node is not None:
            _walk(node, (), first_line, lines, errors, path)
            deep = _too_deep(node, MAX_DEPTH, {})
            if deep is not None and not errors:
                errors.append(
                    SiteError(
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        path,
                        deep.start_mark.line + first_line,
                        "write plain keys and short lists, e.g. tags: [travel, food]",
                    )
                )
        if errors:
            raise SiteErrors(errors[:1])
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise SiteErrors([_yaml_error(exc, text, path, first_line)]) from None
    except yaml.YAMLError as exc:
        raise SiteErrors.of(f"invalid YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines)


def _walk(
    node: yaml.Node,
    prefix: tuple[str, ...],
    first_line: int,
    lines: Lines,
    errors: list[SiteError],
    path: str,
) -> None:
    if not isinstance(node, yaml.MappingNode) or len(prefix) > 2:
        return
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        line = key_node.start_mark.line + first_line
        if key in seen:
            errors.append(
                SiteError(
                    f"duplicate key '{key}'",
                    path,
                    line,
                    f"'{key}' is set twice; keep one of them",
                )
            )
        seen.add(key)
        lines[(*prefix, key)] = line
        _walk(value_node, (*prefix, key), first_line, lines, errors, path)


def _too_deep(node: yaml.Node, budget: int, seen: dict[int, int]) -> yaml.Node | None:
    """A node deeper than `budget` levels below `node`, if any (aliases are visited once)."""
    if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        return None
    if budget <= 0:
        return node
    if seen.get(id(node), -1) >= budget:
        return None
    seen[id(node)] = budget
    children = (
        [child for pair in node.value for child in pair]
        if isinstance(node, yaml.MappingNode)
        else list(node.value)
    )
    for child in children:
        found = _too_deep(child, budget - 1, seen)
        if found is not None:
            return found
    return None


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> SiteError:
    context = exc.context or ""
    opened = "quoted scalar" in context or "flow" in context
    mark = exc.context_mark if opened and exc.context_mark else exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    problem = (exc.problem or "invalid YAML").strip()
    source_lines = text.splitlines()
    index = mark.line if mark else 0
    near = source_lines[max(index - 1, 0) : index + 1]
    if any("\t" in s[: len(s) - len(s.lstrip())] for s in near) or "\\t" in problem:
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    elif "quoted scalar" in context:
        hint = "a quote opened on this line is never closed"
    elif "flow" in context:
        hint = "a [ or { opened on this line is not closed; write lists as [a, b]"
    elif "mapping values are not allowed" in problem:
        hint = "a value contains ': '; put the whole value in quotes"
    else:
        hint = "check the indentation and quotes on this line and the one before"
    return SiteError(f"invalid YAML: {problem}", path, line, hint)
