"""SPEC 8.4: the same input and SOURCE_DATE_EPOCH give byte-identical output."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sitecheck import tree
from support import REPO, run_cli

EXAMPLE = [REPO / "site.yaml", *sorted((REPO / "content").rglob("*.md"))]


def copy_example(dest: Path, order: list[Path], stamp: int) -> Path:
    """The repository's example journey, its files created in `order` with mtime `stamp`."""
    for source in order:
        target = dest / source.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        os.utime(target, (stamp, stamp))
    return dest


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    assert len(EXAMPLE) > 40, "the example journey should exercise tags, FAQ and pages"
    first = copy_example(tmp_path / "one" / "journey", EXAMPLE, 1_700_000_000)
    second = copy_example(tmp_path / "two" / "elsewhere", EXAMPLE[::-1], int(time.time()))

    a = run_cli("-C", first, "build", "--out", tmp_path / "out-a", env={"PYTHONHASHSEED": "1"})
    b = run_cli(
        "build", "--out", tmp_path / "b" / "site", cwd=second, env={"PYTHONHASHSEED": "4242"}
    )

    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    one, two = tree(tmp_path / "out-a"), tree(tmp_path / "b" / "site")
    assert sorted(one) == sorted(two)
    differing = [rel for rel in one if one[rel] != two[rel]]
    assert differing == []
    assert len(one) > 50


def test_rebuild_in_place_changes_nothing(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "journey", EXAMPLE, 1_700_000_000)
    assert run_cli("-C", site, "build").returncode == 0
    before = tree(site / "site")
    again = run_cli("-C", site, "build", env={"PYTHONHASHSEED": "7"})
    assert again.returncode == 0, again.stderr
    assert " 0 files written" in again.stdout, again.stdout
    assert tree(site / "site") == before
