"""The small fixture site's build compared byte for byte with committed output.

After an intended change to the theme or the output, rewrite the golden files with
`pytest tests/e2e/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitecheck import tree
from support import FIXTURES, run_cli

GOLDEN = FIXTURES / "golden" / "small"


def test_build_matches_golden_output(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "site"
    result = run_cli("-C", FIXTURES / "sites" / "small", "build", "--out", out)
    assert result.returncode == 0, result.stderr
    built = {k: v for k, v in tree(out).items() if not k.startswith(".asklog")}
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    golden = tree(GOLDEN)
    assert sorted(built) == sorted(golden)
    changed = [rel for rel in built if built[rel] != golden[rel]]
    assert changed == [], "rerun with --update-golden after an intended change"
