"""`build()`: one build of a site with its caches on disk (see `builder.Builder`).

The names other modules use are gathered here: options, report, load and render.
"""

from __future__ import annotations

from pathlib import Path

from .builder import Builder
from .load import load_site, now_from_env, parse_sources
from .render import render_site
from .report import BuildOptions, BuildReport, Loaded, Outline

__all__ = [
    "BuildOptions",
    "BuildReport",
    "Builder",
    "Loaded",
    "Outline",
    "build",
    "load_site",
    "now_from_env",
    "parse_sources",
    "render_site",
]


def build(root: Path, options: BuildOptions) -> BuildReport:
    """Build the site into the output folder; on any error the folder is left untouched."""
    return Builder.for_site(root, options).build()
