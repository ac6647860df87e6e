"""`asklog check --links`: broken internal links and anchors, found offline after a build."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path
from typing import Any

from support import FIXTURES, REPO, entry, run_cli, write_site

SMALL = FIXTURES / "sites" / "small"
FAQ = """\
---
title: Basics
---
## What counts as a rejection?

A clear no.
"""


def built_site(root: Path, body: str, site_yaml: str | None = None) -> Path:
    files = {
        "content/entries/2026-03-01-a.md": entry(ask="Could I have a discount?"),
        "content/entries/2026-03-02-b.md": entry(date="2026-03-02 10:00", body=body),
        "content/faq/01-basics.md": FAQ,
    }
    site = write_site(root, files) if site_yaml is None else write_site(root, files, site_yaml)
    result = run_cli("-C", site, "build")
    assert result.returncode == 0, result.stderr
    return site


def test_the_example_site_has_no_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "example"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    assert run_cli("-C", site, "build").returncode == 0
    result = run_cli("-C", site, "check", "--links")
    assert result.returncode == 0, result.stderr
    assert "Links OK" in result.stdout and "error" not in result.stderr


def test_broken_links_and_anchors_point_at_the_content_line(tmp_path: Path) -> None:
    body = (
        "Fine: [the other ask](../a/) and [the FAQ](/faq/basics/#what-counts-as-a-rejection).\n"
        "\n"
        "Broken: [gone](/asks/gone/).\n"
        "\n"
        "Anchor: [no such question](/faq/basics/#why-bother).\n"
    )
    site = built_site(tmp_path / "s", body)
    result = run_cli("-C", site, "check", "--links")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    # the entry's front matter takes 7 lines (--- ... ---), so the body starts on line 8
    assert errors == [
        "content/entries/2026-03-02-b.md:10: error: broken link /asks/gone/ (on /asks/b/)",
        "content/entries/2026-03-02-b.md:12: error: broken link /faq/basics/#why-bother "
        "(on /asks/b/)",
    ]
    assert 'has no element with id="why-bother"' in result.stderr
    assert "asklog: 2 errors" in result.stderr


def test_links_under_a_base_path_from_the_site_root_resolve_and_leaving_it_is_broken(
    tmp_path: Path,
) -> None:
    site_yaml = "title: T\nbase_url: https://user.github.io/journey/\ntimezone: UTC\n"
    body = "See [my first ask](/asks/a/).\n\nAnd [gone](/asks/gone/), [away](../../../away/).\n"
    site = built_site(tmp_path / "s", body, site_yaml)
    result = run_cli("-C", site, "check", "--links")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    # /asks/a/ was put under /journey/ and resolves; the broken one points at its own line
    assert sorted(errors) == [
        "content/entries/2026-03-02-b.md:10: error: broken link ../../../away/ (on /asks/b/)",
        "content/entries/2026-03-02-b.md:10: error: broken link /journey/asks/gone/ (on /asks/b/)",
    ]
    assert "leaves the site's base path /journey/" in result.stderr


def test_a_broken_link_from_a_template_names_the_built_file(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/entries/2026-03-01-a.md": entry(),
            "themes/default/templates/404.html": '{% extends "base.html" %}{% block main %}\n'
            "<p>Lost? <a href=\"{{ url_for('home') }}nowhere/\">Start here</a></p>\n"
            "{% endblock %}\n",
        },
    )
    assert run_cli("-C", site, "build").returncode == 0
    result = run_cli("-C", site, "check", "--links")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 1
    assert lines[0].startswith("site/404.html:")
    assert lines[0].endswith("error: broken link /nowhere/ (on /404.html)")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def test_external_links_are_listed_only_on_request_and_never_fetched(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/elsewhere/"
        site = built_site(tmp_path / "s", f"See [elsewhere]({url}).\n")
        plain = run_cli("-C", site, "check", "--links")
        assert plain.returncode == 0, plain.stderr
        assert url not in plain.stdout
        listed = run_cli("-C", site, "check", "--links", "--external")
        assert listed.returncode == 0, listed.stderr
        assert f"  {url}  (on /asks/b/)" in listed.stdout
        # The story's link, and each entry's four web share links (email is mailto:).
        assert "External links (listed, not fetched): 9" in listed.stdout
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.requests == []


def test_links_are_checked_in_the_site_the_sources_make_now(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/entries/a.md": entry()})
    result = run_cli("-C", site, "check", "--links")  # before any build
    assert result.returncode == 0, result.stderr
    assert "Links OK" in result.stdout and not (site / "site").exists()
    assert run_cli("-C", site, "build").returncode == 0
    (site / "content/entries/a.md").write_text(entry(body="See [gone](/nowhere/).\n"))
    result = run_cli("-C", site, "check", "--links")  # site/ is older than the sources
    assert result.returncode == 1
    assert "broken link /nowhere/" in result.stderr and "Traceback" not in result.stderr
