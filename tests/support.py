"""Shared test helpers: tiny sites on disk and the real CLI (import as `support`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# 2026-12-01 00:00 UTC: after every fixture entry, so nothing is "future" by accident.
EPOCH = "1796083200"

SITE_YAML = """\
title: Test Journey
base_url: https://example.org/
timezone: UTC
challenge:
  goal: 10
  milestones: [1, 5, 10]
"""


def entry(
    date: str = "2026-03-01 10:00",
    ask: str = "Could I have a discount?",
    outcome: str = "rejected",
    lesson: str | None = "Asking is cheap.",
    tags: str | None = "[money]",
    extra: str = "",
    body: str = "The story.\n",
) -> str:
    """Text of one entry file; pass None to leave a key out."""
    lines = ["---", f"date: {date}", f"ask: {ask}", f"outcome: {outcome}"]
    if lesson is not None:
        lines.append(f"lesson: {lesson}")
    if tags is not None:
        lines.append(f"tags: {tags}")
    if extra:
        lines.append(extra.rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def write_site(
    root: Path, files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if site_yaml is not None:
        (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` as a user would, with a fixed 'now'."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        cwd=cwd,
        timeout=120,
    )
