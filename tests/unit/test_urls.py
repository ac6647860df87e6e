from __future__ import annotations

import pytest

from generator.core.model import Outcome, TagRef
from generator.core.urls import Urls, output_path, site_path_of


def test_base_url_path_is_honoured_everywhere() -> None:
    urls = Urls("https://me.github.io/journey/")
    assert urls.url_for("home") == "/journey/"
    assert urls.url_for("home", page=2) == "/journey/page/2/"
    assert urls.url_for("tag", TagRef("food", "Food"), page=3) == "/journey/tags/food/page/3/"
    assert urls.url_for("outcome", Outcome.NO_ANSWER) == "/journey/outcomes/no-answer/"
    assert urls.url_for("static", "style.css") == "/journey/style.css"
    assert urls.url_for("feed", absolute=True) == "https://me.github.io/journey/feed.xml"


def test_non_latin_slugs_are_percent_encoded_in_links() -> None:
    assert (
        Urls("https://x.org/").url_for("tag", TagRef("日本", "日本")) == "/tags/%E6%97%A5%E6%9C%AC/"
    )


def test_unknown_route_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown page kind 'nope'"):
        Urls("https://x.org/").url_for("nope")


@pytest.mark.parametrize(
    ("site_path", "output"),
    [("/", "index.html"), ("/asks/x/", "asks/x/index.html"), ("/feed.xml", "feed.xml")],
)
def test_output_paths_round_trip(site_path: str, output: str) -> None:
    assert output_path(site_path) == output
    assert site_path_of(output) == site_path
