"""Regression tests for generator bugs found by the bad-input catalogue (issue 6)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest

from generator.core import journey
from generator.core.config import parse_config
from generator.core.errors import SiteError, SiteErrors
from generator.output.writer import MANIFEST, WRITING, write_site


def test_site_errors_pass_through_a_context_manager_and_errors_stay_records() -> None:
    """contextlib sets __traceback__ on what it re-raises; the records inside stay frozen."""

    @contextlib.contextmanager
    def stage() -> object:
        yield

    with pytest.raises(SiteErrors) as caught, stage():
        raise SiteErrors.of("unknown theme 'x'", "site.yaml", 2)
    caught.value.add_note("notes work too")
    [error] = caught.value.errors
    assert error == SiteError("unknown theme 'x'", "site.yaml", 2)
    with pytest.raises(AttributeError):
        error.message = "changed"  # type: ignore[misc]


def test_pace_of_a_very_slow_journey_has_no_projected_finish() -> None:
    """A pace so slow that the finish lies past year 9999 used to crash the build."""
    assert journey._days_after(dt.date(2026, 12, 1), 3) == dt.date(2026, 12, 4)
    assert journey._days_after(dt.date(9999, 1, 1), 10**6) is None


def test_write_refuses_paths_outside_the_folder_before_writing_anything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, {"a.html": b"A"})
    with pytest.raises(SiteErrors, match="outside the output folder"):
        write_site(out, {"b.html": b"B", "faq/../../escape/index.html": b"X"})
    assert not (tmp_path / "escape").exists()
    assert not (out / "b.html").exists()
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.html"]


def test_leftover_temporary_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, {"a/index.html": b"A"})
    (out / "a" / ".asklog-k1ll3d.tmp").write_bytes(b"half")
    (out / WRITING).touch()  # as a build killed while writing leaves it
    write_site(out, {"a/index.html": b"A"})
    assert not list(out.rglob(".asklog-*.tmp"))
    assert not (out / WRITING).exists()


def test_a_write_that_completes_leaves_no_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, {"a/index.html": b"A"})
    assert not (out / WRITING).exists()


def test_unknown_theme_error_carries_the_line() -> None:
    config, _ = parse_config("title: T\ntheme: fancy\n")
    assert config.theme_line == 2


def test_an_unchanged_build_still_cleans_up_after_a_killed_write(tmp_path: Path) -> None:
    from support import entry, run_cli
    from support import write_site as make

    site = make(tmp_path / "s", {"content/entries/a.md": entry()})
    assert run_cli("-C", site, "build").returncode == 0
    (site / "site" / ".asklog-half.tmp").write_bytes(b"half")
    (site / "site" / WRITING).touch()
    assert run_cli("-C", site, "build").returncode == 0
    assert not (site / "site" / ".asklog-half.tmp").exists()
    assert not (site / "site" / WRITING).exists()
