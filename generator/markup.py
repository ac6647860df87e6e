"""One configured Python-Markdown converter, reused with reset()."""

from __future__ import annotations

import markdown

EXTENSIONS = ("extra", "toc", "smarty", "sane_lists")
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"toc_depth": "2-4"}}

_converter: markdown.Markdown | None = None


def settings_fingerprint() -> str:
    """Changes whenever the HTML a given Markdown text turns into could change."""
    return f"markdown={markdown.__version__};ext={','.join(EXTENSIONS)};cfg={EXTENSION_CONFIGS}"


def to_html(text: str) -> str:
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(
            extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS
        )
    html = _converter.reset().convert(text)
    return html
