"""One configured Python-Markdown converter, reused with reset().

Python-Markdown is imported on first use: a build whose parse results all come
from the cache never needs it, and importing it is a tenth of such a build.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

EXTENSIONS = ("extra", "toc", "smarty", "sane_lists")
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"toc_depth": "2-4"}}

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

        _converter = markdown.Markdown(
            extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS
        )
    return _converter.reset().convert(text)
