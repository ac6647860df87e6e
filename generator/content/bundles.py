"""Entry bundles: `content/entries/.../2026-03-14-cockpit/index.md` with `photo.jpg` beside it.

The files beside a bundle's index.md are copied next to the entry's page, so `![](photo.jpg)`
works there; they are output files like any other, so the manifest removes them with it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ..core import slugs
from ..core.errors import SiteError, SiteErrors
from ..core.model import Entry
from ..core.urls import Urls, output_path
from .sources import is_ignored

INDEX = "index.md"


def is_bundle(path: str) -> bool:
    """An entry file named index.md in a folder of its own under content/entries/."""
    # Asked of every entry on every rebuild: the cheap string test comes first.
    return (path == INDEX or path.endswith("/" + INDEX)) and slugs.entry_stem(path) != "index"


def bundle_files(root: Path, entry_path: str) -> dict[str, Path]:
    """Relative name -> file of every non-Markdown file beside a bundle's index.md and in its
    subfolders (not in a subfolder that is a bundle itself); links are never followed."""
    found: dict[str, Path] = {}
    if not is_bundle(entry_path):
        return found

    def walk(folder: Path, prefix: str) -> None:
        try:
            items = sorted(os.scandir(folder), key=lambda item: item.name)
        except OSError:
            return
        for item in items:
            if is_ignored(item.name) or item.is_symlink():
                continue
            if item.is_dir():
                if not os.path.isfile(os.path.join(item.path, INDEX)):
                    walk(Path(item.path), f"{prefix}{item.name}/")
            elif item.is_file() and not item.name.endswith(".md"):
                found[prefix + item.name] = Path(item.path)

    walk(root / PurePosixPath(entry_path).parent, "")
    return found


def output_files(root: Path, entries: Sequence[Entry], url_map: Urls) -> dict[str, bytes]:
    """Output path -> bytes of every published entry's bundle files."""
    files: dict[str, bytes] = {}
    errors: list[SiteError] = []
    for entry in entries:
        page = output_path(url_map.path("entry", entry))
        folder = page.removesuffix("index.html")
        for name, path in bundle_files(root, entry.path).items():
            source = f"{PurePosixPath(entry.path).parent}/{name}"
            if name == "index.html":
                errors.append(
                    SiteError(
                        "this file would replace the entry's page (index.html)",
                        source,
                        None,
                        "rename it; every other file beside index.md is copied next to the page",
                    )
                )
                continue
            try:
                files[folder + name] = path.read_bytes()
            except OSError as exc:
                message = f"cannot read file: {exc.strerror}"
                errors.append(SiteError(message, source, None, "check it"))
    if errors:
        raise SiteErrors(errors)
    return files
