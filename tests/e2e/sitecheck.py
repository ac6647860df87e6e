"""Reading a built site back: files, links and anchors, as a reader's browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


def parse_html(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text("utf-8"))
    return collector


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def broken_links(out: Path, base_path: str = "/") -> list[str]:
    """Every internal href/src (and #anchor) in the built HTML that points at nothing."""
    pages = {p: parse_html(p) for p in out.rglob("*.html")}
    broken = []
    for page, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            if not parts.path:
                target = page
            else:
                path = unquote(parts.path)
                if not path.startswith(base_path):
                    broken.append(f"{page.relative_to(out)}: {link} (outside {base_path})")
                    continue
                rel = path[len(base_path) :]
                target = out / rel / "index.html" if rel == "" or rel.endswith("/") else out / rel
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {link}")
            elif parts.fragment and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(out)}: {link} (no such anchor)")
    return broken
