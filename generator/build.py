"""The pipeline: load -> parse -> assemble -> plan -> render -> write, timed per stage."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from . import (
    __version__,
    charts,
    feeds,
    markup,
    parallel,
    rendercache,
    search,
    sources,
    theme,
    urls,
)
from .assemble import Options, assemble
from .cache import ParseCache, cache_dir, inputs_fingerprint, output_state_name, page_state_name
from .config import SiteConfig, load_config
from .errors import SiteError, SiteErrors
from .model import Entry, FaqSection, Page, Site
from .output import WriteReport, check_out_dir, current_files, write_site
from .parallel import Problem, Record
from .plan import Render, SiteView, plan
from .rendercache import Fresh, RenderCache


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <root>/site
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    now: dt.datetime | None = None  # default: SOURCE_DATE_EPOCH or the clock
    cache: bool = True  # keep parse results in <root>/.asklog/cache between builds
    jobs: int | None = None  # processes for parsing and rendering; default: one per core


@dataclass
class Loaded:
    config: SiteConfig
    site: Site
    warnings: list[SiteError]
    sources: str = ""  # digest of every content file's path and digest


@dataclass
class BuildReport:
    loaded: Loaded
    pages: int = 0
    write: WriteReport = field(default_factory=WriteReport)
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())


@contextmanager
def _stage(stages: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - start


def now_from_env() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except ValueError:
            raise SiteErrors(
                [SiteError(f"SOURCE_DATE_EPOCH is not a number: {epoch!r}", hint="unset it")]
            ) from None
    return dt.datetime.now(dt.UTC)


def parse_sources(
    files: list[sources.SourceFile], config: SiteConfig, cache: ParseCache, jobs: int = 1
) -> tuple[list[Record], list[SiteError]]:
    """Parse every file (cached by digest); raises SiteErrors with all errors of all files."""
    cache.reset_if_changed(
        f"{__version__};{_code_stamp()};{config.timezone};{markup.settings_fingerprint()}"
    )
    keys = [(src.kind, src.path, src.digest) for src in files]
    missing = [src for src, key in zip(files, keys, strict=True) if cache.get(*key) is None]
    for src, parsed in zip(missing, parallel.parse_all(missing, config.tz, jobs), strict=True):
        cache.put(src.kind, src.path, src.digest, parsed)
    cache.keep_only(set(keys))
    cache.save()
    records: list[Record] = []
    warnings: list[SiteError] = []
    errors: list[SiteError] = []
    for key in keys:
        hit: parallel.Parsed = cache.get(*key)
        errors += hit.error_list()
        warnings += hit.warning_list()
        if hit.record is not None:
            records.append(hit.record)
    if errors:
        raise SiteErrors(errors)
    return records, warnings


def _cache_for(root: Path, options: BuildOptions, read_only: bool = False) -> ParseCache:
    return ParseCache(directory=cache_dir(root) if options.cache else None, read_only=read_only)


def load_site(
    root: Path,
    options: BuildOptions,
    cache: ParseCache | None = None,
    stages: dict[str, float] | None = None,
) -> Loaded:
    """Config and content -> the assembled Site, or SiteErrors listing every problem."""
    stages = stages if stages is not None else {}
    with _stage(stages, "load"):
        config, warnings = load_config(root)
        if options.base_url:
            config = config.with_base_url(options.base_url)
        files, read_problems = sources.read_sources(root)
        read_errors = [p for p in read_problems if p.severity == "error"]
        warnings += [p for p in read_problems if p.severity == "warning"]
    jobs = options.jobs or parallel.default_jobs()
    with _stage(stages, "parse"):
        try:
            records, parse_warnings = parse_sources(
                files, config, cache or _cache_for(root, options, read_only=True), jobs
            )
        except SiteErrors as exc:
            raise SiteErrors(read_errors + exc.errors) from None
        if read_errors:
            raise SiteErrors(read_errors)
        warnings += parse_warnings
    if options.strict and warnings:
        raise SiteErrors(w.as_error() for w in warnings)
    with _stage(stages, "assemble"):
        site = assemble(
            [r for r in records if isinstance(r, Entry)],
            [r for r in records if isinstance(r, FaqSection)],
            [r for r in records if isinstance(r, Page)],
            config,
            options.now or now_from_env(),
            Options(drafts=options.drafts, future=options.future),
        )
    listing = "\n".join(f"{f.path}:{f.digest}" for f in files)
    return Loaded(config, site, warnings, hashlib.blake2b(listing.encode()).hexdigest())


def render_site(
    root: Path,
    loaded: Loaded,
    stages: dict[str, float],
    memo: RenderCache | None = None,
    jobs: int = 1,
    template_cache: Path | None = None,
) -> dict[str, bytes]:
    """The whole site in memory: output path -> bytes.

    `memo` holds the last build's pages (serve keeps it; build loads it): the pages
    whose inputs are unchanged are reused, the others render on `jobs` processes when
    there are enough of them. `template_cache` keeps compiled templates between builds.
    """
    config, site = loaded.config, loaded.site
    url_map = urls.Urls(config.base_url)
    with _stage(stages, "plan"):
        dirs = theme.theme_dirs(root, config.theme, config.theme_line)
        search_index = config.search and search.available()
        renders = plan(site, config, url_map, search_index)
    with _stage(stages, "render"):
        model = {
            "site": SiteView(config, site),
            "journey": site.journey,
            "charts": charts.for_site(site.journey, site.entries, config.tz),
        }
        functions: dict[str, Callable[..., Any]] = {
            "url_for": url_map.url_for,
            "faq_json": feeds.faq_schema,
            "card": theme.card_function(),
        }
        memo = memo or RenderCache()
        session = memo.session(dirs, config, site.entries, model, functions, template_cache)
        reused = {r.path: data for r in renders if (data := session.reuse(r)) is not None}
        todo = [r for r in renders if r.path not in reused]
        for name in dict.fromkeys(r.template for r in todo):
            try:
                session.compile(name)  # once, before workers fork
            except Exception as exc:
                raise SiteErrors([theme.template_error(exc, root, name)]) from None

        def fresh_or_error(render: Render) -> Fresh | Problem:
            try:
                return session.fresh(render)
            except Exception as exc:  # any template failure is the theme author's to fix
                return astuple(theme.template_error(exc, root, render.template))

        made_now = parallel.fork_map(fresh_or_error, todo, jobs)
        fresh = dict(zip((r.path for r in todo), made_now, strict=True))
        files: dict[str, bytes] = {}
        for render in renders:
            page = reused.get(render.path)
            if page is None:
                made = fresh[render.path]
                if not isinstance(made, Fresh):
                    raise SiteErrors([SiteError(*made)])
                page = session.keep(render, made)
            files[urls.output_path(render.path)] = page
        extra = feeds.feed_files(site, config, url_map, (r.path for r in renders))
        files.update({urls.output_path(p): data for p, data in extra.items()})
    if search_index:
        with _stage(stages, "search"):
            bundle = search.index_files(site.entries, url_map, config.language)
            files.update({urls.output_path(p): data for p, data in bundle.items()})
    with _stage(stages, "static"):
        for rel, path in theme.static_files(dirs).items():
            files.setdefault(rel, path.read_bytes())
        files.update(_site_static(root))
    return files


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


def build(root: Path, options: BuildOptions, cache: ParseCache | None = None) -> BuildReport:
    """Build the site into the output folder; on any error the folder is left untouched."""
    stages: dict[str, float] = {}
    out = options.out or root / "site"
    check_out_dir(out, root)
    loaded = load_site(root, options, cache or _cache_for(root, options), stages)
    inputs = _inputs(root, loaded, options)
    state = cache_dir(root) / output_state_name(out) if options.cache else None
    with _stage(stages, "check"):
        current = current_files(out, state, inputs)
    if current is not None:  # nothing the output depends on changed: skip rendering
        pages = sum(1 for p in current if p.endswith(".html"))
        return BuildReport(loaded, pages, WriteReport(unchanged=len(current)), stages)
    pages_file = cache_dir(root) / page_state_name(out) if options.cache else None
    memo = rendercache.load(pages_file, _code_stamp()) if pages_file else RenderCache()
    files = render_site(
        root,
        loaded,
        stages,
        memo,
        jobs=options.jobs or parallel.default_jobs(),
        template_cache=cache_dir(root) if options.cache else None,
    )
    with _stage(stages, "write"):
        written = write_site(out, files, state_file=state, inputs=inputs)
        if pages_file:
            rendercache.save(memo, pages_file, _code_stamp())
    pages = sum(1 for p in files if p.endswith(".html"))
    return BuildReport(loaded, pages, written, stages)


def _inputs(root: Path, loaded: Loaded, options: BuildOptions) -> str:
    """Fingerprint of every input of rendering, including the day ('days since', streaks)."""
    site, config = loaded.site, loaded.config
    today = site.journey.now.astimezone(config.tz).date() if site.journey.now else None
    parts = [
        f"asklog={__version__};{markup.settings_fingerprint()}",
        f"config={config!r}",
        f"drafts={options.drafts};future={options.future}",
        f"sources={loaded.sources}",
        f"today={today}",
        # The future filter moves with the clock, and an empty journey dates its feed by now.
        f"published={len(site.entries)};{site.journey.now if not site.entries else ''}",
    ]
    try:
        dirs = theme.theme_dirs(root, config.theme)
    except SiteError:
        return ""  # no fingerprint, no skipping: rendering reports the theme error
    return inputs_fingerprint([*parts, _code_stamp()], [*dirs, root / "static"])


@functools.cache
def _code_stamp() -> str:
    """asklog's own modules by content: an edited checkout is a new version, while a
    reinstall of the same code (a CI runner restoring .asklog/cache) is not."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
