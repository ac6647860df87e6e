"""One configured Python-Markdown converter, reused with reset().

Python-Markdown is imported on first use: a build whose parse results all come
from the cache never needs it, and importing it is a tenth of such a build.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import markdown
    import markdown.extensions

EXTENSIONS = ("extra", "toc", "smarty", "sane_lists")
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"toc_depth": "2-4"}}
# What "extra" stands for, in its order. Naming extensions makes Python-Markdown scan
# every installed package's metadata for plugins (~60 ms); these are made directly.
_MODULES = {
    "extra": ("fenced_code", "footnotes", "attr_list", "def_list", "tables", "abbr", "md_in_html"),
}

_converter: markdown.Markdown | None = None
_fingerprint: str | None = None


def _markdown_version() -> str:
    """Digest of Python-Markdown's version file, read without importing the package."""
    spec = importlib.util.find_spec("markdown")
    if spec is None or spec.origin is None:
        return "missing"
    meta = Path(spec.origin).with_name("__meta__.py")
    try:
        return hashlib.blake2b(meta.read_bytes(), digest_size=8).hexdigest()
    except OSError:  # an unusual install: fall back to the slow, exact answer
        import markdown

        return markdown.__version__


def settings_fingerprint() -> str:
    """Changes whenever the HTML a given Markdown text turns into could change."""
    global _fingerprint
    if _fingerprint is None:
        _fingerprint = (
            f"markdown={_markdown_version()};ext={','.join(EXTENSIONS)};cfg={EXTENSION_CONFIGS}"
        )
    return _fingerprint


def to_html(text: str) -> str:
    global _converter
    if _converter is None:
        import markdown

        _converter = markdown.Markdown(extensions=_extensions())
        _skip_patterns_that_cannot_match(_converter)
    return _converter.reset().convert(text)


def _extensions() -> list[markdown.extensions.Extension]:
    """EXTENSIONS as instances, made from their modules' makeExtension()."""
    made = []
    for name in EXTENSIONS:
        for module in _MODULES.get(name, (name,)):
            extension = importlib.import_module(f"markdown.extensions.{module}")
            made.append(extension.makeExtension(**EXTENSION_CONFIGS.get(name, {})))
    return made


def _skip_patterns_that_cannot_match(md: markdown.Markdown) -> None:
    """Python-Markdown tries each of ~35 inline patterns on each text through a Python call;
    most find nothing. Asking the compiled regex first (in C) gives the same result a third
    faster. Only for the private method layout this was written against; else stock."""
    from markdown import inlinepatterns, treeprocessors, util

    cls = treeprocessors.InlineProcessor
    if not hasattr(cls, "_InlineProcessor__handleInline") or not hasattr(
        cls, "_InlineProcessor__applyPattern"
    ):
        return
    for processor in md.treeprocessors:
        if isinstance(processor, cls):
            patterns = [
                (
                    p,
                    p.getCompiledRegExp()
                    if isinstance(p, inlinepatterns.InlineProcessor)
                    else None,
                )
                for p in processor.inlinePatterns
            ]
            processor._InlineProcessor__handleInline = types.MethodType(  # type: ignore[attr-defined]
                functools.partial(_handle_inline, patterns=patterns, atomic=util.AtomicString),
                processor,
            )


def _handle_inline(
    processor: Any,
    data: str,
    pattern_index: int = 0,
    *,
    patterns: list[tuple[Any, Any]],
    atomic: type,
) -> str:
    """InlineProcessor.__handleInline, except that a new-style pattern whose regex finds
    nothing from `start` is skipped: __applyPattern would return (data, False, 0) for it."""
    if isinstance(data, atomic):
        return data
    apply = processor._InlineProcessor__applyPattern
    start = 0
    while pattern_index < len(patterns):
        pattern, regex = patterns[pattern_index]
        if regex is not None and regex.search(data, start) is None:
            start = 0
            pattern_index += 1
            continue
        data, matched, start = apply(pattern, data, pattern_index, start)
        if not matched:
            pattern_index += 1
    return data
