"""Root-relative links in Markdown bodies move under the base path; nothing else moves."""

from __future__ import annotations

from generator.content.markup import to_html
from generator.core.rebase import rebase_html

BASE = "/journey/"


def test_root_relative_links_and_images_go_under_the_base_path() -> None:
    html = to_html("[next](/asks/x/) ![a](/images/a.png) [top](/)")
    out = rebase_html(html, BASE)
    assert 'href="/journey/asks/x/"' in out
    assert 'src="/journey/images/a.png"' in out
    assert 'href="/journey/"' in out


def test_raw_html_in_any_quoting_is_rebased() -> None:
    out = rebase_html("<p><img alt=\"\" src='/a.png'><a class=x HREF=/b/>b</a></p>", BASE)
    assert out == "<p><img alt=\"\" src='/journey/a.png'><a class=x HREF=/journey/b/>b</a></p>"


def test_absolute_protocol_relative_relative_and_anchor_links_are_kept() -> None:
    html = to_html(
        "[a](https://x.org/a) [b](//cdn.example/b) [c](photo.jpg) [d](#top) [e](mailto:me@x.org)"
    )
    assert rebase_html(html, BASE) == html


def test_code_that_shows_html_is_text_and_is_kept() -> None:
    html = to_html('Write `<a href="/x/">` like this:\n\n    <img src="/y.png">\n')
    assert rebase_html(html, BASE) == html


def test_a_site_at_the_root_is_unchanged_and_output_is_stable() -> None:
    html = to_html("[next](/asks/x/)")
    assert rebase_html(html, "/") == html
    assert rebase_html(html, BASE) == rebase_html(html, BASE)
