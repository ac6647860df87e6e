"""The requirements.txt line `init` writes, from each way PEP 610 records an install."""

from __future__ import annotations

from typing import Any

import pytest

from generator.content.publish import requirement

COMMIT = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b"


def test_an_index_install_is_pinned_without_a_warning() -> None:
    assert requirement("1.2.0", None) == ("asklog==1.2.0", None)


def test_a_git_install_is_the_url_at_its_commit() -> None:
    direct_url = {
        "url": "https://github.com/sam/asklog.git",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
    }
    line, warning = requirement("1.2.0", direct_url)
    assert line == f"asklog @ git+https://github.com/sam/asklog.git@{COMMIT}"
    assert warning is None


def test_a_git_install_from_a_subdirectory_keeps_it() -> None:
    direct_url = {
        "url": "https://github.com/sam/tools.git",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        "subdirectory": "asklog",
    }
    line, _ = requirement("1.2.0", direct_url)
    assert line == f"asklog @ git+https://github.com/sam/tools.git@{COMMIT}#subdirectory=asklog"


def test_a_remote_archive_is_its_url() -> None:
    url = "https://example.org/asklog-1.2.0-py3-none-any.whl"
    direct_url = {"url": url, "archive_info": {"hash": "sha256=00"}}
    assert requirement("1.2.0", direct_url) == (f"asklog @ {url}", None)


@pytest.mark.parametrize(
    ("direct_url", "how"),
    [
        ({"url": "file:///home/sam/asklog", "dir_info": {"editable": True}}, "editable"),
        ({"url": "file:///home/sam/asklog", "dir_info": {}}, "local folder"),
        ({"url": "file:///tmp/asklog-1.2.0-py3-none-any.whl", "archive_info": {}}, "local file"),
        (
            {"url": "file:///home/sam/asklog", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
            "local git clone",
        ),
    ],
)
def test_a_local_install_is_pinned_with_a_warning_and_the_fix(
    direct_url: dict[str, Any], how: str
) -> None:
    line, warning = requirement("1.2.0", direct_url)
    assert line == "asklog==1.2.0"
    assert warning is not None and warning.severity == "warning"
    assert how in warning.message and direct_url["url"] in warning.message
    assert "PyPI" in warning.hint and "git+https://" in warning.hint
