"""load -> parse -> assemble: config and content files to the assembled Site."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..content import bundles, markup, sources
from ..core.errors import SiteError, SiteErrors
from ..incremental import fingerprint
from ..incremental.cache import ParseCache
from .report import BuildOptions, Loaded, stage

if TYPE_CHECKING:
    from ..core.config import SiteConfig
    from .parallel import Record

Read = tuple[list[sources.SourceFile], list[SiteError]]  # what sources.read_sources returns


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


def parse_settings(config: SiteConfig) -> str:
    """Everything besides a file's bytes that shapes its parse result: time zone, outcome
    words, Markdown settings, asklog's code and the codec's version."""
    from .parallel import CODEC

    return fingerprint.of(
        __version__,
        fingerprint.code(),
        str(config.tz),
        repr(config.outcomes),
        markup.settings_fingerprint(),
        CODEC.version,
    )


def parse_sources(
    files: list[sources.SourceFile], config: SiteConfig, cache: ParseCache, jobs: int = 1
) -> tuple[list[Record], list[SiteError]]:
    """Parse every file (cached by digest); raises SiteErrors with all errors of all files."""
    from . import parallel

    cache.codec = cache.codec or parallel.CODEC
    cache.reset_if_changed(parse_settings(config))
    keys = [(src.kind, src.path, src.digest) for src in files]
    missing = _with_text(
        [src for src, key in zip(files, keys, strict=True) if cache.get(*key) is None]
    )
    parsed_all = parallel.parse_all(missing, config.tz, jobs, config.aliases)
    for src, parsed in zip(missing, parsed_all, strict=True):
        cache.put(src.kind, src.path, src.digest, parsed)
    cache.keep_only(set(keys))
    records: list[Record] = []
    warnings: list[SiteError] = []
    errors: list[SiteError] = []
    for key in keys:
        hit: parallel.Parsed = cache.get(*key)
        errors += hit.errors
        warnings += hit.warnings
        if hit.record is not None:
            records.append(hit.record)
    if errors:
        raise SiteErrors(errors, warnings)
    return records, warnings


def _with_text(files: list[sources.SourceFile]) -> list[sources.SourceFile]:
    """Files known by their stamp are read only when their parse result is missing."""
    ready: list[sources.SourceFile] = []
    errors: list[SiteError] = []
    for src in files:
        try:
            ready.append(src.loaded())
        except SiteErrors as exc:
            errors += exc.errors
        except OSError as exc:  # deleted or locked since the stat
            message = f"cannot read file: {exc.strerror}"
            errors.append(SiteError(message, src.path, None, "check it"))
    if errors:
        raise SiteErrors(errors)
    return ready


def load_site(
    root: Path,
    options: BuildOptions,
    cache: ParseCache | None = None,
    stages: dict[str, float] | None = None,
    read: Read | None = None,
) -> Loaded:
    """Config and content -> the assembled Site, or SiteErrors listing every problem.
    `read`: what `sources.read_sources` returned, when the caller has read the files."""
    from ..core.assemble import Options, assemble
    from ..core.config import load_config_partial
    from ..core.model import Entry, FaqSection, Page
    from . import parallel

    stages = stages if stages is not None else {}
    with stage(stages, "load"):
        config, warnings, config_errors = load_config_partial(root)
        if config is None:  # site.yaml cannot be read at all: nothing else can be checked
            raise SiteErrors(config_errors, warnings)
        if options.base_url:
            config = config.with_base_url(options.base_url)
        if config.search:  # `build` says so too, not only `check`
            from ..render import search

            warnings += search.missing_warnings(config.search)
        files, read_problems = read if read is not None else sources.read_sources(root)
        read_errors = config_errors + [p for p in read_problems if p.severity == "error"]
        warnings += [p for p in read_problems if p.severity == "warning"]
    jobs = options.jobs or parallel.default_jobs()
    with stage(stages, "parse"):
        try:
            records, parse_warnings = parse_sources(files, config, cache or ParseCache(), jobs)
        except SiteErrors as exc:
            raise SiteErrors(read_errors + exc.errors, warnings + exc.warnings) from None
        if read_errors:
            raise SiteErrors(read_errors, warnings)
        warnings += parse_warnings
    if options.strict and warnings:
        raise SiteErrors(w.as_error() for w in warnings)
    with stage(stages, "assemble"):
        site = assemble(
            [r for r in records if isinstance(r, Entry)],
            [r for r in records if isinstance(r, FaqSection)],
            [r for r in records if isinstance(r, Page)],
            config,
            options.now or now_from_env(),
            Options(drafts=options.drafts, future=options.future),
        )
    return Loaded(config, site, warnings, listing(root, files))


def listing(
    root: Path, files: list[sources.SourceFile], known: fingerprint.Known | None = None
) -> str:
    """Digest of every content file's path and digest, and of the files in entry bundles
    (by content; `known`: stamps of files read before)."""
    known = {} if known is None else known
    racy = fingerprint.racy_after()
    lines = [f"{f.path}:{f.digest}" for f in files]
    for f in files:
        if f.kind == "entries" and bundles.is_bundle(f.path):
            for name, path in bundles.bundle_files(root, f.path).items():
                digest = fingerprint.file_digest(str(path), known, racy)
                lines.append(f"{f.path}:{name}:{digest}")
    return fingerprint.of(*lines)
