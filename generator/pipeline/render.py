"""plan -> render: the assembled Site to {output path: bytes}, reusing unchanged pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import bundles, sources
from ..core.errors import SiteError, SiteErrors
from ..incremental.fingerprint import Known
from ..output.writer import FileData
from .report import Loaded, stage

if TYPE_CHECKING:
    from ..core.plan import Render
    from ..incremental.rendercache import RenderCache, Session


def render_site(
    root: Path,
    loaded: Loaded,
    stages: dict[str, float],
    memo: RenderCache | None = None,
    jobs: int = 1,
    known: Known | None = None,
) -> dict[str, FileData]:
    """The whole site in memory: output path -> bytes (or, for a page reused from the
    cache store, its digest and how to read it).

    `memo` holds the last build's pages: those whose inputs are unchanged are reused,
    the others render on `jobs` processes when there are enough of them. `known`: file
    stamps, so unchanged templates are not read to be fingerprinted.
    """
    from ..core import urls  # imported on use: a build that changes nothing never needs them
    from ..core.plan import SiteView, plan
    from ..incremental.rendercache import RenderCache
    from ..render import cards, charts, feeds, search, theme

    config, site = loaded.config, loaded.site
    url_map = urls.Urls(config.base_url)
    with stage(stages, "plan"):
        dirs = theme.theme_dirs(root, config.theme, config.theme_line)
        search_index = config.search and search.available()
        renders = plan(site, config, url_map, search_index)
    with stage(stages, "render"):
        model = {
            "site": SiteView(config, site),
            "journey": site.journey,
            "charts": charts.for_site(site.journey, site.entries, config.tz),
        }
        functions: dict[str, Callable[..., Any]] = {
            "url_for": url_map.url_for,
            "faq_json": feeds.faq_schema,
            "card": theme.card,
        }
        memo = memo or RenderCache()
        session = memo.session(dirs, config, site.entries, model, functions, known)
        try:
            pages = _render_pages(session, renders, jobs, root, cards.font_files(dirs))
        except BaseException:
            memo.forget()  # some pages are this build's, the rest the last one's
            raise
        session.finish(r.path for r in renders)
        files = {urls.output_path(path): data for path, data in pages.items()}
        extra = feeds.feed_files(site, config, url_map, (r.path for r in renders))
        files.update({urls.output_path(p): data for p, data in extra.items()})
    if search_index:
        with stage(stages, "search"):
            bundle = search.index_files(site.entries, url_map, config.language)
            files.update({urls.output_path(p): data for p, data in bundle.items()})
    with stage(stages, "static"):
        for rel, path in theme.static_files(dirs).items():
            files.setdefault(rel, path.read_bytes())
        files.update(_site_static(root))
        files.update(bundles.output_files(root, site.entries, url_map))
    return files


def _render_pages(
    session: Session, renders: list[Render], jobs: int, root: Path, fonts: Sequence[str] = ()
) -> dict[str, FileData]:
    """Page path -> bytes: reused where nothing changed, the rest rendered on `jobs`.
    Share cards render as SVG, then turn into PNG with the theme's `fonts`."""
    from ..incremental.rendercache import Fresh
    from ..render import cards, theme
    from . import parallel

    reused = {r.path: data for r in renders if (data := session.reuse(r)) is not None}
    todo = [r for r in renders if r.path not in reused]
    for name in dict.fromkeys(r.template for r in todo):
        try:
            session.compile(name)  # once, before workers fork
        except Exception as exc:
            raise SiteErrors([theme.template_error(exc, root, name)]) from None

    def fresh_or_error(render: Render) -> tuple[Any, ...]:
        """Plain data, so that a worker can send it back."""
        try:
            page = session.fresh(render)
        except Exception as exc:  # any template failure is the theme author's to fix
            e = theme.template_error(exc, root, render.template)
            return ("error", e.message, e.path, e.line, e.hint)
        if cards.is_card(render.path):
            try:
                svg = page.data
                assert isinstance(svg, bytes)  # rendered just now, never deferred
                page.data = cards.rasterize(svg, fonts)
            except ValueError as exc:
                e = cards.card_error(exc, render.template)
                return ("error", e.message, e.path, e.line, e.hint)
        return ("page", page.key, page.deps, page.data, page.read)

    made_now = parallel.fork_map(fresh_or_error, todo, jobs)
    fresh = dict(zip((r.path for r in todo), made_now, strict=True))
    pages: dict[str, FileData] = {}
    for render in renders:
        page = reused.get(render.path)
        if page is None:
            made = fresh[render.path]
            if made[0] != "page":
                raise SiteErrors([SiteError(*made[1:])])
            page = session.keep(render, Fresh(*made[1:]))
        pages[render.path] = page
    return pages


def _site_static(root: Path) -> dict[str, bytes]:
    """The site's own static/ folder (images, CNAME) is copied as it is."""
    static = root / "static"
    if not static.is_dir():
        return {}
    return {
        p.relative_to(static).as_posix(): p.read_bytes()
        for p in sorted(static.rglob("*"))
        if p.is_file() and not sources.is_ignored(p.name)
    }
