"""SPEC 8.6 under stress: `asklog serve` (the real CLI) survives 500 rapid edits, some
invalid and some deleting files, keeps answering, ends equal to a clean build, and never
serves a file outside its output folder.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import EPOCH, entry, run_cli, write_site

EDITS = 500
SECRET = "do-not-serve-7f3a"
NAMES = [f"content/entries/e{i}.md" for i in range(12)]


def valid(rng: random.Random, i: int) -> str:
    return entry(
        date=f"2026-0{1 + i % 9}-1{i % 10} 10:00",
        ask=f"Ask {rng.randrange(10**6)}?",
        outcome=rng.choice(["no", "yes", "ghosted", "pending"]),
        tags=f"[t{rng.randrange(4)}]",
    )


INVALID = [
    "---\ndate: 2026-03-01\nask: [unclosed\n---\n",
    "---\noutcome: perhaps\n---\n",
    "no front matter\n",
    "",
    "---\ndate: 2026-02-30\nask: x\noutcome: no\n---\n",
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """(site root, base URL, output folder) of `asklog serve` running in a subprocess."""
    rng = random.Random(1)
    root = write_site(tmp_path / "site", {n: valid(rng, i) for i, n in enumerate(NAMES[:6])})
    (root / "secret.txt").write_text(SECRET)
    (tmp_path / "outside.txt").write_text(SECRET)
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), "serve", "--port", "0"],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    line = ""
    deadline = time.monotonic() + 60
    while not line.startswith("Serving ") and time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line or proc.poll() is None, "serve exited early"
    out, url = line.removeprefix("Serving ").split(" at ")[0], line.split(" at ")[1].split()[0]
    # Keep draining the output, so the server never blocks on a full pipe.
    drain = threading.Thread(target=proc.stdout.read, daemon=True)
    drain.start()
    try:
        yield root, url, Path(out)
    finally:
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=30)
        drain.join(timeout=10)
        proc.stdout.close()
        assert status == 0


def get(url: str, path: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)  # the raw path, unnormalised
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".tmp")
    }


def test_500_rapid_edits(served: tuple[Path, str, Path], tmp_path: Path) -> None:
    root, url, out = served
    rng = random.Random(2026)
    statuses: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def browse() -> None:
        while not stop.is_set():
            path = rng.choice(["/", "/tags/", "/journey/", "/asks/e1/", "/feed.xml", "/nope/"])
            try:
                statuses.append(get(url, path)[0])
            except OSError as exc:
                failures.append(f"{path}: {exc!r}")

    reader = threading.Thread(target=browse)
    reader.start()
    try:
        for i in range(EDITS):
            name = rng.choice(NAMES)
            path = root / name
            roll = rng.random()
            if roll < 0.15:
                path.unlink(missing_ok=True)
            elif roll < 0.35:
                path.write_text(rng.choice(INVALID))
            else:
                path.write_text(valid(rng, NAMES.index(name)))
            if i % 50 == 0:
                time.sleep(0.05)  # let some rebuilds finish in between
    finally:
        stop.set()
        reader.join()
    assert not failures, failures[:5]
    assert statuses and set(statuses) <= {200, 404}, sorted(set(statuses))

    # Repair every file; the preview must settle on exactly what a clean build gives.
    for i, name in enumerate(NAMES):
        if (root / name).exists():
            (root / name).write_text(valid(random.Random(i), i))
    clean = tmp_path / "clean"
    done = run_cli("-C", root, "build", "--drafts", "--future", "--out", clean)
    assert done.returncode == 0, done.stderr
    expected = tree(clean)
    deadline = time.monotonic() + 60
    while tree(out) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tree(out) == expected
    status, body = get(url, "/")
    assert status == 200 and b"<html" in body.lower()


TRAVERSALS = [
    "/../secret.txt",
    "/../../outside.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/outside.txt",
    "/..%2fsecret.txt",
    "/asks/..%2f..%2f..%2fsecret.txt",
    "/%2e%2e%2f%2e%2e%2foutside.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/asks/%00/../../secret.txt",
    "/secret.txt%00.html",
    "/%c0%ae%c0%ae/secret.txt",
    "/.%2e/secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_never_leaves_the_output_folder(
    served: tuple[Path, str, Path], path: str
) -> None:
    _, url, _ = served
    status, body = get(url, path)
    assert SECRET.encode() not in body and b"root:" not in body, (status, body[:200])
    assert status in (400, 403, 404), status
