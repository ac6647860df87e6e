"""The release artifacts work on their own: built as the release workflow builds them, installed
as a writer installs them, and installable again from the requirements.txt that `init` writes."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import REPO

from generator import __version__


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )


def make_venv(path: Path) -> Path:
    """A fresh venv without pip of its own (ensurepip takes seconds): see `pip_for`."""
    made = run(sys.executable, "-m", "venv", "--without-pip", path, cwd=path.parent)
    assert made.returncode == 0, made.stderr
    return path


def pip_for(venv: Path) -> tuple[str, ...]:
    """This interpreter's pip, installing into `venv`."""
    return (sys.executable, "-m", "pip", "--python", str(venv / "bin/python"))


@dataclass(frozen=True)
class Dist:
    folder: Path
    sdist: Path
    wheel: Path

    @property
    def index(self) -> tuple[str, ...]:
        """pip options: this folder (and asklog's dependencies in it) as the package index."""
        return (
            "--no-index",
            "--find-links",
            str(self.folder),
            "--find-links",
            str(self.folder / "deps"),
        )


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """The sdist made from the checkout, then the wheel made from that unpacked sdist alone
    (what `python -m build` does): once per session, shared by the xdist workers."""
    shared = tmp_path_factory.getbasetemp().parent  # the same for every worker of a run
    with (shared / "asklog-dist.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = shared / "asklog-dist"
        if not (folder / "done").is_file():
            _build(folder, tmp_path_factory)
            (folder / "done").touch()
    return Dist(folder, next(folder.glob("asklog-*.tar.gz")), next(folder.glob("asklog-*.whl")))


def python_build(kind: str, source: Path, folder: Path) -> Path:
    """`python -m build --sdist|--wheel` of `source` into `folder`; the artifact made."""
    made = run(
        sys.executable,
        "-m",
        "build",
        "--no-isolation",
        kind,
        "--outdir",
        folder,
        source,
        cwd=folder,
    )
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    return next(folder.glob("asklog-*.tar.gz" if kind == "--sdist" else "asklog-*.whl"))


def _build(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    sdist = python_build("--sdist", REPO, folder)
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    python_build("--wheel", next(unpacked.iterdir()), folder)
    # asklog's dependencies beside it, so installs below use this folder as their only index.
    deps = folder / "deps"
    wheel = next(folder.glob("asklog-*.whl"))
    fetched = run(sys.executable, "-m", "pip", "download", "-q", "-d", deps, wheel, cwd=folder)
    assert fetched.returncode == 0, fetched.stderr


def test_artifacts_carry_the_package_and_themes_and_nothing_else(dist: Dist) -> None:
    names = zipfile.ZipFile(dist.wheel).namelist()
    assert "generator/_themes/default/templates/base.html" in names
    assert "generator/_themes/default/static/style.css" in names
    assert "generator/content/workflows/pages.yml" in names
    assert "generator/serve/reload.js" in names
    assert not [n for n in names if n.startswith(("tests/", "site/", "content/"))]
    with tarfile.open(dist.sdist) as sdist:
        members = [m.split("/", 1)[1] for m in sdist.getnames() if "/" in m]
    assert "themes/default/templates/base.html" in members
    assert "pyproject.toml" in members and "README.md" in members
    assert not [n for n in members if n.startswith(("tests/", "site/", "content/", ".venv/"))]
    checked = run(
        sys.executable, "-m", "twine", "check", "--strict", dist.sdist, dist.wheel, cwd=REPO
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_writer_installs_inits_builds_and_ci_installs_the_requirements(
    dist: Dist, tmp_path: Path
) -> None:
    """asklog from a package index (the dist folder stands in for PyPI), as a writer's
    `pipx install asklog` gets it; then what the Pages workflow's
    `pip install -r requirements.txt` does on a fresh runner."""
    venv = make_venv(tmp_path / "venv")
    spec = f"asklog=={__version__}"
    installed = run(*pip_for(venv), "install", "-q", *dist.index, spec, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    asklog = venv / "bin/asklog"
    init = run(asklog, "init", "x", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    # Installed from an index: the pin is what CI needs, and nothing to warn about.
    assert "warning" not in init.stderr
    requirements = tmp_path / "x/requirements.txt"
    assert requirements.read_text("utf-8").splitlines()[0] == spec
    build = run(asklog, "-C", "x", "build", "--strict", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "x/site/index.html").is_file()
    assert (tmp_path / "x/site/style.css").is_file()
    # The installed package, not this checkout, provided the theme.
    where = run(
        venv / "bin/python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path
    )
    assert str(venv) in where.stdout

    runner = make_venv(tmp_path / "runner")
    ci = run(
        *pip_for(runner), "install", "-q", *dist.index, "-r", requirements,
        cwd=tmp_path,
    )  # fmt: skip
    assert ci.returncode == 0, ci.stderr
    rebuilt = run(
        runner / "bin/asklog",
        "-C",
        "x",
        "build",
        "--strict",
        "--out",
        tmp_path / "x/ci",
        cwd=tmp_path,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (tmp_path / "x/ci/index.html").read_bytes() == (
        tmp_path / "x/site/index.html"
    ).read_bytes()
