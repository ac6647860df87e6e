"""One page file (about, now) -> one Page at /<slug>/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from ..core import slugs
from ..core.errors import SiteErrors
from ..core.model import Page
from .frontmatter import FrontMatter


def parse_page(path: str, fm: FrontMatter, to_html: Callable[[str], str]) -> Page:
    title = fm.meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SiteErrors.of("missing 'title' for this page", path, 1, "add 'title: About'")
    raw_slug = fm.meta.get("slug")
    slug = (
        str(raw_slug).strip() if raw_slug is not None else slugs.slugify(PurePosixPath(path).stem)
    )
    problem = slugs.invalid_slug(slug, path, fm.line("slug"), "about")
    if problem:
        raise SiteErrors([problem])
    menu = fm.meta.get("menu")
    if menu is True:
        menu = 50
    elif menu is False or menu is None:
        menu = None
    elif isinstance(menu, bool) or not isinstance(menu, int):
        raise SiteErrors.of(
            "'menu' must be true, false or a number", path, fm.line("menu"), "e.g. menu: 2"
        )
    return Page(
        path=path,
        slug=slug,
        title=title.strip(),
        body_html=to_html(fm.body),
        menu=menu,
        description=str(fm.meta.get("description") or "").strip(),
    )
