"""Fixtures shared by every test folder; the helpers themselves live in support.py."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import SITE_YAML, run_cli, write_site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({"content/entries/a.md": entry()}) -> site root in a temporary folder."""

    def make(
        files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML, name: str = "s"
    ) -> Path:
        return write_site(tmp_path / name, files, site_yaml)

    return make


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/fixtures/golden from builds"
    )
