"""Entry bundles (a folder with index.md and its files) and body links under a base path."""

from __future__ import annotations

import http.client
import urllib.request
from pathlib import Path

import pytest
from support import EPOCH, SITE_YAML, entry, run_cli, write_site

from generator.serve.server import LiveServer, options_for_serve
from generator.serve.watch import relevant

BUNDLE = "content/entries/2026/2026-03-14-cockpit"
SUBPATH = SITE_YAML.replace("https://example.org/", "https://me.github.io/journey/")
STORY = "![me in the cockpit](photo.jpg)\n\n[the boarding pass](docs/pass.pdf)\n"


def bundle_site(root: Path, site_yaml: str = SITE_YAML) -> Path:
    return write_site(
        root,
        {
            f"{BUNDLE}/index.md": entry(date="2026-03-14 09:00", ask="Cockpit?", body=STORY),
            f"{BUNDLE}/photo.jpg": b"\xff\xd8photo",
            f"{BUNDLE}/docs/pass.pdf": b"%PDF-1.4",
            f"{BUNDLE}/notes.md~": "an editor backup",
            f"{BUNDLE}/.DS_Store": b"\0",
            "content/entries/2026-03-01-plain.md": entry(),
        },
        site_yaml,
    )


def built_bundle(tmp_path: Path) -> Path:
    site = bundle_site(tmp_path / "s")
    build(site)
    return site


def edit_bundle(site: Path) -> None:
    """A new photo, a new map, and the boarding pass gone."""
    (site / BUNDLE / "photo.jpg").write_bytes(b"\xff\xd8new photo, new size")
    (site / BUNDLE / "map.png").write_bytes(b"\x89PNG")
    (site / BUNDLE / "docs/pass.pdf").unlink()


def build(site: Path, *args: str) -> str:
    done = run_cli("-C", site, "build", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_bundle_is_one_entry_named_by_its_folder_with_its_files_beside_its_page(
    tmp_path: Path,
) -> None:
    page = built_bundle(tmp_path) / "site/asks/cockpit"
    assert 'src="photo.jpg"' in (page / "index.html").read_text("utf-8")
    assert (page / "photo.jpg").read_bytes() == b"\xff\xd8photo"
    assert (page / "docs/pass.pdf").read_bytes() == b"%PDF-1.4"
    names = sorted(p.name for p in page.iterdir())
    assert names == ["card.png", "docs", "index.html", "photo.jpg"]  # card.png: the share card
    assert run_cli("-C", page.parents[2], "check", "--links").returncode == 0


def test_bundle_files_follow_edits_in_incremental_builds_and_go_with_the_entry(
    tmp_path: Path,
) -> None:
    site = built_bundle(tmp_path)
    page = site / "site/asks/cockpit"
    edit_bundle(site)
    summary = build(site)
    assert "2 files written" in summary and "1 removed" in summary  # photo, map; the pdf
    assert (page / "photo.jpg").read_bytes() == b"\xff\xd8new photo, new size"
    assert (page / "map.png").is_file() and not (page / "docs").exists()
    # a clean build gives the same folder
    clean = bundle_site(tmp_path / "clean")
    edit_bundle(clean)
    build(clean, "--no-cache")
    assert listing(site / "site") == listing(clean / "site")
    # the entry goes, and its files with it (they were asklog's own, in the manifest)
    for path in sorted((site / BUNDLE).rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    build(site)
    assert not (site / "site/asks/cockpit").exists()


def listing(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_bundle_file_that_would_replace_the_page_is_an_error(tmp_path: Path) -> None:
    site = built_bundle(tmp_path)
    before = listing(site / "site")
    (site / BUNDLE / "index.html").write_text("<p>mine</p>", "utf-8")
    done = run_cli("-C", site, "build")
    assert done.returncode == 1
    assert f"{BUNDLE}/index.html: error: this file would replace the entry's page" in done.stderr
    assert "hint: rename it" in done.stderr
    assert listing(site / "site") == before  # a failed build leaves the output as it was


def test_body_links_go_under_the_base_path_and_check_links_proves_them(tmp_path: Path) -> None:
    story = "See [the plain ask](/asks/plain/) and ![a chart](/images/chart.png).\n"
    site = bundle_site(tmp_path / "s", SUBPATH)
    write_site(
        site,
        {
            "content/entries/2026-03-02-linked.md": entry(date="2026-03-02 10:00", body=story),
            "static/images/chart.png": b"\x89PNG",
        },
        None,
    )
    build(site)
    html = (site / "site/asks/linked/index.html").read_text("utf-8")
    assert 'href="/journey/asks/plain/"' in html and 'src="/journey/images/chart.png"' in html
    assert run_cli("-C", site, "check", "--links").returncode == 0
    # a root-relative link to nothing is caught, under the base path too
    broken = story.replace("/asks/plain/", "/asks/nowhere/")
    write_site(
        site,
        {"content/entries/2026-03-02-linked.md": entry(date="2026-03-02 10:00", body=broken)},
        None,
    )
    build(site)
    links = run_cli("-C", site, "check", "--links")
    assert links.returncode == 1
    assert "broken link /journey/asks/nowhere/" in links.stderr


def test_serve_under_a_base_path_redirects_the_root_and_keeps_bundle_files_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = bundle_site(tmp_path / "s", SUBPATH)
    live = LiveServer(site, options_for_serve(False), port=0)
    try:
        assert live.start().ok
        host, port = live.httpd.server_address[:2]
        connection = http.client.HTTPConnection(str(host), port, timeout=10)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/journey/")
        connection.close()
        photo = live.out / "asks/cockpit/photo.jpg"
        with urllib.request.urlopen(live.url + "asks/cockpit/photo.jpg", timeout=10) as got:
            assert got.read() == b"\xff\xd8photo"
        # a saved photo is a change the watcher passes on; the rebuild removes a deleted one
        assert relevant(f"{BUNDLE}/photo.jpg") and not relevant(f"{BUNDLE}/4913")
        (site / BUNDLE / "photo.jpg").unlink()
        assert live.preview.rebuild().ok
        assert not photo.exists()
    finally:
        live.stop()
