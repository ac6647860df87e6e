"""`asklog check --links`: every internal link and #anchor of the built site, checked offline."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..core.config import SiteConfig
from ..core.errors import SiteError, SiteErrors
from ..core.model import Site
from ..core.urls import Urls, site_path_of

# Attributes that make the browser request or navigate to another URL.
LINK_ATTRS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
}
# Hrefs that are not documents: nothing to check, nothing to list.
SKIP_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:", "blob:")
CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]+)"')


@dataclass(frozen=True)
class Link:
    page: str  # output file, relative to the output folder: "asks/x/index.html"
    line: int
    target: str  # as written in the page

    @property
    def site_path(self) -> str:
        return site_path_of(self.page)


@dataclass
class Scan:
    """What one HTML page offers (ids) and what it points at (links)."""

    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


# Regular expressions are enough for HTML that a generator wrote, and far faster than
# html.parser on a big site. A tag with its attributes; one attribute, quoted either way or bare.
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
ATTR = re.compile(r"""([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Text in which tags are not tags: comments, and the bodies of scripts and styles.
OPAQUE = re.compile(r"<(?:!--.*?-->|(script|style)\b[^>]*>.*?</(?:script|style)\s*>)", re.S | re.I)


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in ATTR.finditer(text)
    }


def _blank(match: re.Match[str]) -> str:
    """Keep the opening <script> or <style> tag (its src counts) and the line breaks."""
    text = match.group(0)
    kept = text[: text.index(">") + 1] if match.group(1) else ""
    return kept + re.sub(r"[^\n]", " ", text[len(kept) :])


def scan_page(page: str, text: str) -> Scan:
    """The ids a page offers and the links it holds, with their line numbers."""
    text = OPAQUE.sub(_blank, text)
    scan = Scan()
    line, last = 1, 0
    for match in TAG.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        tag = match.group(1).lower()
        attrs = match.group(2) or ""
        if tag not in LINK_ATTRS and "id" not in attrs:
            continue
        values = _attrs(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                scan.ids.add(values[name])
        target = values.get(LINK_ATTRS.get(tag, ""))
        if target is not None:
            scan.links.append(Link(page, line, target.strip()))
        if tag in ("img", "source") and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    scan.links.append(Link(page, line, candidate.split()[0]))
    return scan


def scan_site(out_dir: Path) -> dict[str, Scan]:
    """Every HTML page of the output folder, by its path relative to that folder."""
    scans = {}
    for path in sorted(out_dir.rglob("*.html")):
        rel = path.relative_to(out_dir).as_posix()
        scans[rel] = scan_page(rel, path.read_text("utf-8", errors="replace"))
    return scans


def built_base_url(out_dir: Path, config: SiteConfig) -> str:
    """The base URL the output was built with (--base-url may differ from site.yaml)."""
    try:
        head = (out_dir / "index.html").read_text("utf-8", errors="replace")[:4000]
    except OSError:
        return config.base_url
    match = CANONICAL.search(head)
    return match.group(1) if match else config.base_url


@dataclass(frozen=True)
class Checker:
    out_dir: Path
    base_url: str
    scans: Mapping[str, Scan]

    memo: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def classify(self, link: Link) -> tuple[str, str]:
        """('skip' | 'external' | 'ok' | 'broken', hint); the nav's links repeat on every page."""
        relative = not link.target.startswith(("/", "http:", "https:"))
        key = (link.site_path if relative else "", link.target)
        if key not in self.memo:
            self.memo[key] = self._classify(link)
        return self.memo[key]

    def _classify(self, link: Link) -> tuple[str, str]:
        if not link.target or link.target.lower().startswith(SKIP_SCHEMES):
            return "skip", ""
        page_url = urljoin(self.base_url, link.site_path.lstrip("/"))
        url = urlsplit(urljoin(page_url, link.target))
        base = urlsplit(self.base_url)
        if url.scheme not in ("http", "https"):
            return "skip", ""
        if (url.scheme, url.netloc) != (base.scheme, base.netloc):
            return "external", ""
        if not url.path.startswith(base.path):
            return "broken", (
                f"the link leaves the site's base path {base.path}; write it from the "
                "site root (/asks/x/: asklog puts it under the base path) or relative (../asks/x/)"
            )
        rel = unquote(url.path[len(base.path) :])
        target = self._file_for(rel)
        if target is None:
            return "broken", (
                f"nothing at /{rel} in the built site; fix the link, or rebuild if it is new"
            )
        if url.fragment and url.fragment != "top" and target.endswith(".html"):
            if unquote(url.fragment) not in self.scans.get(target, Scan()).ids:
                return "broken", (
                    f'{site_path_of(target)} has no element with id="{unquote(url.fragment)}"; '
                    "FAQ anchors come from the question text"
                )
        return "ok", ""

    def _file_for(self, rel: str) -> str | None:
        if ".." in Path(rel).parts:
            return None
        candidates = (
            [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + "/index.html"]
        )
        for candidate in candidates:
            if candidate in self.scans or (self.out_dir / candidate).is_file():
                return candidate
        return None


def source_files(site: Site, urls: Urls) -> dict[str, str]:
    """Output page -> the content file it was made from, for pointing at the author's own link."""
    pairs = [(urls.path("entry", e), e.path) for e in site.entries]
    pairs += [(urls.path("faq", s), s.path) for s in site.faq]
    pairs += [(urls.path("page", p), p.path) for p in site.pages]
    return {path.lstrip("/") + "index.html": source for path, source in pairs}


def _as_written(target: str, base_path: str) -> str:
    """A root-relative link as the writer wrote it, before asklog put it under the base path."""
    if base_path != "/" and target.startswith(base_path):
        return "/" + target[len(base_path) :]
    return target


def _locate(
    link: Link, out_dir: Path, root: Path | None, sources: Mapping[str, str], written: str = ""
) -> tuple[str, int]:
    """The content file and line that hold the link (`written`: as in the source), else the
    HTML file and line."""
    source = sources.get(link.page)
    if source and root is not None:
        try:
            lines = (root / source).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        for number, text in enumerate(lines, 1):
            if link.target in text or (written and written in text):
                return source, number
    return _display(out_dir / link.page, root), link.line


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def classified(out_dir: Path, config: SiteConfig) -> Iterator[tuple[Link, str, str]]:
    scans = scan_site(out_dir)
    checker = Checker(out_dir, built_base_url(out_dir, config), scans)
    for scan in scans.values():
        for link in scan.links:
            kind, hint = checker.classify(link)
            yield link, kind, hint


def _require_built(out_dir: Path) -> None:
    if not (out_dir / "index.html").is_file():
        raise SiteErrors.of(
            f"there is no built site in {out_dir.as_posix()}",
            "",
            None,
            "run asklog build first, then asklog check --links",
        )


def check_links(
    out_dir: Path, config: SiteConfig, site: Site | None = None, root: Path | None = None
) -> list[SiteError]:
    """Each broken internal link or #anchor, located in its content file when it came from one."""
    _require_built(out_dir)
    sources = source_files(site, Urls(config.base_url)) if site is not None else {}
    errors = []
    for link, kind, hint in classified(out_dir, config):
        if kind == "broken":
            written = _as_written(link.target, Urls(config.base_url).base_path)
            path, line = _locate(link, out_dir, root, sources, written)
            message = f"broken link {link.target} (on {link.site_path})"
            errors.append(SiteError(message, path, line, hint))
    return errors


def external_links(out_dir: Path, config: SiteConfig) -> dict[str, list[str]]:
    """External URL -> the pages that link to it; listed for the writer, never fetched."""
    _require_built(out_dir)
    found: dict[str, list[str]] = {}
    for link, kind, _ in classified(out_dir, config):
        if kind == "external":
            pages = found.setdefault(link.target, [])
            if link.site_path not in pages:
                pages.append(link.site_path)
    return dict(sorted(found.items()))
