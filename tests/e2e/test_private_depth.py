"""Private keys are removed at every depth, before caches and templates see them (16.5)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from support import entry

from generator.content.entries import public

SECRETS = ("555-0100", "kept-to-myself", "hidden-name")
EXTRA = """contact:
  name: Ms Visible
  _phone: 555-0100
  details: [{private: kept-to-myself, shown: yes}, {_who: hidden-name}]"""


def test_public_drops_private_keys_at_any_depth() -> None:
    value = {"a": {"_b": 1, "c": [{"private": 2, "d": 3}, [{"_e": 4}]]}, "_f": 5}
    assert public(value) == {"a": {"c": [{"d": 3}, [{}]]}}


def test_nested_private_values_reach_no_file(
    make_site: Callable[..., Path], cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    theme = "<!DOCTYPE html><html><body>{{ entry.extra }}</body></html>"
    root = make_site(
        {
            "content/entries/2026-03-01-a.md": entry(extra=EXTRA),
            "themes/default/templates/entry.html": theme,
        }
    )
    done = cli("-C", root, "build")
    assert done.returncode == 0, done.stderr
    page = (root / "site/asks/a/index.html").read_text()
    assert "Ms Visible" in page  # the theme shows `extra`, public parts included
    for folder in (root / "site", root / ".asklog"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(s.encode() in data for s in SECRETS), path
