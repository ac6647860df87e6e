"""The GitHub workflows pass GitHub's linters: the Pages workflow `init` writes into a site,
and asklog's own release workflow. Both linters run offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO, run_cli

from generator import __version__

BIN = Path(sys.executable).parent
RELEASE = REPO / ".github/workflows/release.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("init") / "journey"
    done = run_cli("init", root)
    assert done.returncode == 0, done.stderr
    return root, done


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return dict(workflow.get("on") or workflow[True])  # YAML 1.1 reads a bare `on` as true


def lint(path: Path) -> None:
    actionlint = subprocess.run(
        [BIN / "actionlint", "-no-color", path], capture_output=True, text=True, timeout=60
    )
    assert actionlint.returncode == 0, actionlint.stdout + actionlint.stderr
    schema = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_pages_workflow_passes_actionlint_and_the_workflow_schema(
    site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    lint(site[0] / ".github/workflows/pages.yml")


def test_release_workflow_passes_actionlint_and_the_workflow_schema() -> None:
    lint(RELEASE)


def test_pages_workflow_runs_daily_and_keeps_a_cache_per_asklog_version(
    site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    workflow = yaml.safe_load((site[0] / ".github/workflows/pages.yml").read_text("utf-8"))
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    minute, hour, *every_day = on["schedule"][0]["cron"].split()
    assert every_day == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()
    build = steps(workflow, "build")
    runs = [s.get("run", "") for s in build]
    cache = next(i for i, s in enumerate(build) if s.get("uses", "").startswith("actions/cache@"))
    assert build[cache]["with"]["path"] == ".asklog/cache"
    # requirements.txt pins the asklog version: a new version means a new key, an empty cache
    assert "hashFiles('requirements.txt')" in build[cache]["with"]["key"]
    assert build[cache]["with"]["restore-keys"].startswith("asklog-${{ hashFiles(")
    installed = next(i for i, r in enumerate(runs) if r.startswith("pip install -r requirements"))
    built = next(i for i, r in enumerate(runs) if r.startswith("asklog build"))
    assert installed < cache < built


def test_init_pins_the_version_and_warns_when_asklog_is_a_local_install(
    site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The tests run an editable install of this checkout: CI could not install that."""
    root, done = site
    lines = (root / "requirements.txt").read_text("utf-8").splitlines()
    assert lines[0] == f"asklog=={__version__}"
    assert f"{root.as_posix()}/requirements.txt: warning: asklog was installed" in done.stderr
    assert REPO.as_uri() in done.stderr and "hint:" in done.stderr and "git+https://" in done.stderr


def test_release_workflow_builds_checks_smoke_tests_and_publishes_with_trusted_publishing() -> None:
    workflow = yaml.safe_load(RELEASE.read_text("utf-8"))
    assert triggers(workflow)["push"]["tags"] == ["v*"]
    runs = "\n".join(s.get("run", "") for s in steps(workflow, "build"))
    for command in ("python -m build", "twine check", "asklog init x", "asklog -C x build"):
        assert command in runs
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["needs"] == "build"
    assert any(
        s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")
        for s in steps(workflow, "publish")
    )
