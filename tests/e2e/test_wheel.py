"""A wheel built from the repository works on its own: the theme travels inside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import REPO


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )


def test_wheel_install_runs_init_and_build(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    made = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, REPO, cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    wheel = next(wheels.glob("asklog-*.whl"))
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    installed = run(venv / "bin/pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    asklog = venv / "bin/asklog"
    init = run(asklog, "init", "x", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    build = run(asklog, "-C", "x", "build", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "x/site/index.html").is_file()
    assert (tmp_path / "x/site/style.css").is_file()
    # The installed package, not this checkout, provided the theme.
    where = run(
        venv / "bin/python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path
    )
    assert str(venv) in where.stdout
