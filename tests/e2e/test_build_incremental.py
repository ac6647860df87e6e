"""Builds that reuse the last build's pages (kept in the cache store) equal clean builds."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from editing import RandomEditor, tree
from support import EPOCH, entry, write_site

from generator.core.errors import SiteErrors
from generator.incremental import fingerprint, pagestore
from generator.incremental.store import STORE, Store, cache_dir
from generator.pipeline.build import BuildOptions, build, load_site, render_site


def _clean(root: Path, out: Path) -> dict[str, bytes]:
    build(root, BuildOptions(out=out, cache=False))
    return tree(out)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_builds_after_random_edits_equal_clean_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = write_site(tmp_path / "s", {})
    editor = RandomEditor(root, random.Random(seed))
    for _ in range(8):
        editor.write(editor.new_name("content/entries"), editor.entry_text())
    build(root, BuildOptions())
    for step in range(20):
        done = editor.step()
        try:
            build(root, BuildOptions())
        except SiteErrors:
            continue  # a broken file: the next good build must still be right
        clean = _clean(root, tmp_path / f"clean{step}")
        assert tree(root / "site") == clean, f"step {step}: {done}"


def _site(root: Path) -> Path:
    return write_site(
        root,
        {
            f"content/entries/2026-03-{day:02d}-ask-{day}.md": entry(
                date=f"2026-03-{day:02d} 10:00",
                ask=f"Could I have {day}?",
                tags="[food]" if day % 2 else "[work]",
                body=f"Story {day}.\n",
            )
            for day in range(1, 13)
        },
    )


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small journey, built once: its page cache is saved."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = _site(tmp_path / "s")
    build(root, BuildOptions())
    return root


def _reused_on_rebuild(root: Path, code: str = "") -> tuple[int, int]:
    """(pages reused, pages) when rendering the site again with the saved page cache;
    share cards count as pages."""
    store = Store.for_site(root, read_only=True)
    memo = pagestore.load(store, pagestore.space(root / "site"), code or fingerprint.code())
    files = render_site(root, load_site(root, BuildOptions()), {}, memo)
    return memo.reused, sum(1 for p in files if p.endswith((".html", "card.png")))


def test_an_edited_story_renders_only_its_own_page(built: Path, tmp_path: Path) -> None:
    root = built
    reused, pages = _reused_on_rebuild(root)
    assert reused == pages

    story = root / "content/entries/2026-03-05-ask-5.md"
    story.write_text(story.read_text().replace("Story 5.", "A longer story 5."))
    reused, pages = _reused_on_rebuild(root)
    assert reused == pages - 1  # the charts of the journey and patterns pages show no story
    build(root, BuildOptions())
    assert "A longer story 5." in (root / "site/asks/ask-5/index.html").read_text()
    assert tree(root / "site") == _clean(root, tmp_path / "clean")


def test_a_changed_outcome_redraws_the_charts(built: Path, tmp_path: Path) -> None:
    journey = (built / "site/journey/index.html").read_text()
    story = built / "content/entries/2026-03-05-ask-5.md"
    story.write_text(story.read_text().replace("outcome: rejected", "outcome: accepted"))
    build(built, BuildOptions())
    assert (built / "site/journey/index.html").read_text() != journey
    assert tree(built / "site") == _clean(built, tmp_path / "clean")


def test_a_damaged_or_foreign_page_cache_is_not_trusted(built: Path, tmp_path: Path) -> None:
    root, saved = built, cache_dir(built) / STORE
    assert saved.is_file()
    assert _reused_on_rebuild(root, code="another asklog")[0] == 0
    assert _reused_on_rebuild(root)[0] > 0

    good = saved.read_bytes()
    for damaged in (good[: len(good) // 2], b"garbage", b""):
        saved.write_bytes(damaged)
        assert _reused_on_rebuild(root)[0] == 0
    saved.write_bytes(good[: len(good) // 2])
    (root / "content/entries/2026-03-05-ask-5.md").write_text(entry(ask="Changed?"))
    build(root, BuildOptions())
    assert tree(root / "site") == _clean(root, tmp_path / "clean")


def test_a_theme_file_changed_with_its_size_and_mtime_kept_is_rebuilt(
    built: Path, tmp_path: Path
) -> None:
    """`cp -p`, `rsync -t` and npm-packed themes keep size and mtime: content decides."""
    css = built / "themes/default/static/style.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: red; }\n")
    long_ago = 1_700_000_000_000_000_000
    os.utime(css, ns=(long_ago, long_ago))
    build(built, BuildOptions())
    assert build(built, BuildOptions()).loaded is None  # nothing changed: skipped
    css.write_text("body { color: tan; }\n")  # same size, same mtime
    os.utime(css, ns=(long_ago, long_ago))
    build(built, BuildOptions())
    assert b"tan" in (built / "site/style.css").read_bytes()
    assert tree(built / "site") == _clean(built, tmp_path / "clean")


def _page_rows(root: Path, damage: bool = False) -> int:
    """How many page-bytes rows the store holds; `damage` spoils every one of them."""
    with sqlite3.connect(cache_dir(root) / STORE) as db:
        where = "substr(key, 1, 1) = ?"
        if damage:
            db.execute(f"UPDATE rows SET value = x'00' WHERE {where}", (pagestore.BYTES,))
        return int(
            db.execute(f"SELECT count(*) FROM rows WHERE {where}", (pagestore.BYTES,)).fetchone()[0]
        )


def test_a_page_deleted_from_the_output_comes_back_from_the_store(
    built: Path, tmp_path: Path
) -> None:
    assert _page_rows(built) > 0
    page = built / "site/asks/ask-7/index.html"
    before = page.read_bytes()
    page.unlink()
    story = built / "content/entries/2026-03-05-ask-5.md"
    story.write_text(story.read_text().replace("Story 5.", "Story five."))
    report = build(built, BuildOptions())
    assert page.read_bytes() == before
    pages = sorted(p for p in report.write.written if p.startswith("asks/"))
    assert pages == ["asks/ask-5/index.html", "asks/ask-7/index.html"]  # feeds carry stories
    assert tree(built / "site") == _clean(built, tmp_path / "clean")


def test_pages_whose_bytes_the_store_lost_are_rendered_again(built: Path, tmp_path: Path) -> None:
    _page_rows(built, damage=True)
    (built / "site/asks/ask-7/index.html").unlink()  # must be written: its bytes are needed
    story = built / "content/entries/2026-03-05-ask-5.md"
    story.write_text(story.read_text().replace("Story 5.", "Story five."))
    build(built, BuildOptions())
    assert tree(built / "site") == _clean(built, tmp_path / "clean")
    (built / "site/asks/ask-7/index.html").unlink()
    build(built, BuildOptions())  # and the store holds good bytes again
    assert tree(built / "site") == _clean(built, tmp_path / "clean2")


@pytest.mark.parametrize(
    "deps", [{"site": ["title"]}, [0, 99999], [0], ["site", 0], [-1, -1], None, []]
)
def test_page_reads_of_the_wrong_shape_render_the_page_again(
    built: Path, tmp_path: Path, deps: object
) -> None:
    """A store row can carry a valid checksum and still be hostile: it is never trusted."""
    import json

    store = Store.for_site(built)
    where = pagestore.space(built / "site")
    header = json.loads(store.get(where, "/asks/ask-5/") or b"{}")
    header["deps"] = deps
    store.write(where, [("/asks/ask-5/", json.dumps(header).encode())])
    store.close()
    (built / "site/asks/ask-5/index.html").write_text("stale")
    build(built, BuildOptions())
    assert tree(built / "site") == _clean(built, tmp_path / "clean")
