"""Renames corpus entries that repeat a file name, as `asklog new` names them (`-2`, `-3`).

The shared corpus maker repeats asks on different days under one file name; since an
entry's URL comes from its file name alone, two such files would claim one URL.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import slugs


def give_free_names(folder: Path) -> int:
    """Rename every later file whose URL an earlier one has; the number renamed."""
    taken: set[str] = set()
    renamed = 0
    for path in sorted((folder / "content" / "entries").rglob("*.md"), key=lambda p: p.name):
        slug, date = slugs.file_slug(path.stem)
        free = slugs.unique(slug, taken)
        if free != slug:
            path.rename(path.with_name(f"{date}-{free}.md" if date else f"{free}.md"))
            renamed += 1
    return renamed
