"""base_url validation and percent-encoding (16.10)."""

from __future__ import annotations

import pytest

from generator.core.config import SiteConfig, parse_config
from generator.core.errors import SiteErrors
from generator.core.urls import Urls


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://", "has no host name"),
        ("http:///journey/", "has no host name"),
        ("example.org", "must be an absolute http(s) address"),
        ("ftp://example.org/", "must be an absolute http(s) address"),
        ("https://example.org/journey/?ref=x", "has a query (?...)"),
        ("https://example.org/journey/#top", "has a fragment (#...)"),
        ("https://example.org:port/", "is not a valid address"),
    ],
)
def test_a_base_url_without_host_or_with_query_is_an_error(url: str, problem: str) -> None:
    with pytest.raises(SiteErrors) as info:
        parse_config(f"base_url: {url}\n")
    [error] = info.value.errors
    assert (error.path, error.line) == ("site.yaml", 1)
    assert problem in error.message and error.hint
    with pytest.raises(SiteErrors, match="--base-url: "):
        SiteConfig().with_base_url(url)


def test_percent_encoded_base_path_is_kept_as_written() -> None:
    config, _ = parse_config("base_url: https://example.org/my%20journey/\n")
    urls = Urls(config.base_url)
    assert urls.url_for("entry", "coffee") == "/my%20journey/asks/coffee/"
    assert urls.url_for("feed", absolute=True) == "https://example.org/my%20journey/feed.xml"
    assert Urls("https://example.org/caf%C3%A9/").url_for("home") == "/caf%C3%A9/"
