"""The Builder: the pipeline and every cache it keeps, for build, serve and check alike.

On disk between builds (the store in .asklog/cache), in memory inside `serve`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import sources
from ..incremental import fingerprint, outputs
from ..incremental.cache import ParseCache
from ..incremental.store import Store
from ..output.writer import (
    DeferredGone,
    FileData,
    WriteReport,
    Written,
    check_out_dir,
    write_site,
)
from . import unchanged
from .load import Read, listing, load_site, now_from_env
from .report import BuildOptions, BuildReport, Loaded, Outline, stage

if TYPE_CHECKING:
    from ..incremental.rendercache import RenderCache

STAMPS = "stamps"


class Builder:
    """One site's pipeline: read -> (unchanged? stop) -> load -> render -> write."""

    def __init__(self, root: Path, options: BuildOptions, store: Store | None = None) -> None:
        self.root = root
        self.options = options
        self.store = store if store is not None else Store(None)
        self.known: fingerprint.Known = {}  # file stamps: content, themes, static
        self.parses = ParseCache(store=self.store)  # its codec is set when parsing starts
        self.pages: RenderCache | None = None
        self.pages_from: Path | None = None  # the output whose page cache to use
        self.written: dict[str, FileData] = {}  # what this process last wrote (serve)
        self._stamps_loaded = False

    @classmethod
    def for_site(cls, root: Path, options: BuildOptions, read_only: bool = False) -> Builder:
        return cls(root, options, Store.for_site(root, options.cache, read_only))

    @property
    def out(self) -> Path:
        return self.options.out or self.root / "site"

    def build(self) -> BuildReport:
        """Build the site into the output folder; on any error the folder is left untouched."""
        stages: dict[str, float] = {}
        options = replace(self.options, now=self.options.now or now_from_env())
        out = self.out
        check_out_dir(out, self.root)
        with self.store.locked():
            try:
                with stage(stages, "load"):
                    read = self.read()
                with stage(stages, "check"):
                    record = outputs.load(self.store, out)
                    key = self._key(options, read, record.theme_dirs) if record else ""
                    done = unchanged.skipped(record, key, out, options)
                if done is not None:
                    done.stages.update(stages)
                    return done
                loaded = load_site(self.root, options, self.parses, stages, read)
                dirs = self._theme_dirs(loaded)
                key = self._key(options, read, dirs) if dirs else ""
                outline = Outline.of(loaded.site, loaded.config.challenge.pending_days)
                files = self.render(loaded, stages)
                with stage(stages, "write"):
                    stamps = dict(record.written) if record else {}
                    files, written = self._write(loaded, files, stamps, stages)
                    self._save_pages()
                    if key:
                        record = unchanged.record_of(key, dirs, loaded, outline, options, written)
                        outputs.save(self.store, out, record)
            finally:
                self.parses.save()
                self._save_stamps()
        pages = sum(1 for p in files if p.endswith(".html"))
        return BuildReport(outline, loaded.warnings, pages, written, stages, loaded)

    def read(self) -> Read:
        """The content files; those whose stamp is known are not read."""
        self._load_stamps()
        return sources.read_sources(self.root, self.known)

    def load(self, stages: dict[str, float] | None = None) -> Loaded:
        options = replace(self.options, now=self.options.now or now_from_env())
        try:
            return load_site(self.root, options, self.parses, stages, self.read())
        finally:
            self.parses.save()

    def _write(
        self,
        loaded: Loaded,
        files: dict[str, FileData],
        stamps: dict[str, Written],
        stages: dict[str, float],
    ) -> tuple[dict[str, FileData], WriteReport]:
        """Write `files`; pages whose bytes the store lost by now are rendered again."""
        known = stamps if self.store.folder is not None else None
        try:
            written = write_site(self.out, files, self.written, known)
        except DeferredGone:
            from ..incremental import pagestore

            self.pages = pagestore.empty(self.pages)
            files = self.render(loaded, stages)
            written = write_site(self.out, files, self.written, known)
        self.written = files
        return files, written

    def render(self, loaded: Loaded, stages: dict[str, float]) -> dict[str, FileData]:
        from .parallel import default_jobs
        from .render import render_site

        jobs = self.options.jobs or default_jobs()
        return render_site(self.root, loaded, stages, self._page_cache(), jobs, self.known)

    # ------------------------------------------------------------------- caches

    def _key(self, options: BuildOptions, read: Read, dirs: tuple[str, ...]) -> str:
        files = listing(self.root, read[0], self.known)
        return unchanged.inputs_key(self.root, options, files, dirs, self.known)

    def _theme_dirs(self, loaded: Loaded) -> tuple[str, ...]:
        from ..core.errors import SiteErrors
        from ..render import theme

        try:
            return tuple(str(d) for d in theme.theme_dirs(self.root, loaded.config.theme))
        except SiteErrors:
            return ()  # no key, no skipping: rendering reports the theme error

    def _page_space(self) -> str:
        from ..incremental import pagestore

        return pagestore.space(self.pages_from or self.out)

    def _page_cache(self) -> RenderCache:
        from ..incremental import pagestore
        from ..incremental.rendercache import RenderCache

        if self.pages is None:
            persist = self.store.folder is not None
            self.pages = (
                pagestore.load(self.store, self._page_space(), fingerprint.code())
                if persist
                else RenderCache()
            )
        return self.pages

    def _save_pages(self) -> None:
        from ..incremental import pagestore

        if self.pages is not None and self.store.folder is not None:
            pagestore.save(self.pages, self.store, self._page_space(), fingerprint.code())

    def _load_stamps(self) -> None:
        if self._stamps_loaded:
            return
        self._stamps_loaded = True
        raw = self.store.get(STAMPS, STAMPS)
        try:
            found = json.loads(raw) if raw else {}
            for path, (size, mtime, ctime, inode, digest) in found.items():
                stamp = (int(size), int(mtime), int(ctime), int(inode))
                self.known[str(path)] = (stamp, str(digest))
        except (ValueError, TypeError, AttributeError):
            self.known.clear()  # damaged: every file is read again
        self._saved_stamps = dict(self.known)

    def _save_stamps(self) -> None:
        if self._stamps_loaded and self.known != self._saved_stamps:
            body = {path: [*stamp, digest] for path, (stamp, digest) in self.known.items()}
            self.store.write(STAMPS, [(STAMPS, json.dumps(body).encode())])
            self._saved_stamps = dict(self.known)
