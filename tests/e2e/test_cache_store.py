"""The cache store holds data only: hostile or damaged files are rejected, never run."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from editing import tree
from support import entry, run_cli, write_site

from generator.content.sources import read_sources
from generator.core.config import load_config
from generator.core.model import Outcome
from generator.incremental.codec import CodecError
from generator.incremental.store import STORE, Store, cache_dir
from generator.pipeline import build, parallel


class _Payload:
    """Unpickling this would create a file: the proof that a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


def _site(tmp_path: Path) -> Path:
    files = {
        f"content/entries/2026-03-0{i}-ask-{i}.md": entry(
            date=f"2026-03-0{i} 10:00", body=f"Story *{i}*.\n", tags="[food]"
        )
        for i in range(1, 6)
    }
    return write_site(tmp_path / "s", files)


def _build(root: Path, *flags: str | Path, out: Path | None = None) -> dict[str, bytes]:
    out = out or root / "site"
    result = run_cli("-C", root, "build", *flags, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return tree(out)


def _flip_bits(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(8):
        at = rng.randrange(len(damaged) // 2, len(damaged))  # past the header: the rows
        damaged[at] ^= 1 << rng.randrange(8)
    return bytes(damaged)


@pytest.mark.parametrize("hostile", ["pickle", "random", "schema", "bits", "old-pickles"])
def test_a_hostile_store_is_rejected_without_running_anything(tmp_path: Path, hostile: str) -> None:
    root = _site(tmp_path)
    _build(root)
    store, marker = cache_dir(root) / STORE, tmp_path / "code-ran"
    payload = pickle.dumps({"format": 1, "records": _Payload(marker)})
    if hostile == "pickle":
        store.write_bytes(payload)
    elif hostile == "random":
        store.write_bytes(random.Random(1).randbytes(50_000))
    elif hostile == "schema":
        store.unlink()
        _sql(store.parent, "CREATE TABLE rows (space TEXT, key TEXT, sum TEXT, value BLOB, x TEXT)")
    elif hostile == "bits":
        store.write_bytes(_flip_bits(store.read_bytes(), seed=7))
    else:  # what an older asklog (or an attacker) left, before there was a store
        store.unlink()
        for name in ("stamps.pickle", "parse-0123.pickle", "pages-0123.pickle"):
            (cache_dir(root) / name).write_bytes(payload)
    (root / "content/entries/2026-03-02-ask-2.md").write_text(
        entry(date="2026-03-02 10:00", body="Edited.\n", tags="[food]")
    )
    clean = _build(root, "--no-cache", out=tmp_path / "clean")
    assert _build(root) == clean
    assert _build(root) == clean  # and again, from whatever the store holds now
    assert not marker.exists()
    assert not list(cache_dir(root).glob("*.pickle"))  # old caches are removed, unread


def _sql(folder: Path, statement: str) -> None:
    """Change the store behind asklog's back, as damage or another program would."""
    db = sqlite3.connect(folder / STORE)
    db.execute(statement)
    db.commit()
    db.close()


def test_damaged_rows_read_as_missing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("space", [("a", b"one"), ("b", b"two")])
    store.close()
    _sql(tmp_path, "UPDATE rows SET value = CAST('One' AS BLOB) WHERE key = 'a'")
    store = Store(tmp_path)
    assert store.get("space", "a") is None
    assert dict(store.items("space")) == {"b": b"two"}


def test_a_store_of_another_format_starts_empty(tmp_path: Path) -> None:
    Store(tmp_path).write("space", [("a", b"one")])
    _sql(tmp_path, "PRAGMA user_version = 1")
    store = Store(tmp_path)
    assert store.get("space", "a") is None
    store.write("space", [("a", b"two")])
    assert Store(tmp_path).get("space", "a") == b"two"


def test_parse_results_round_trip_exactly(tmp_path: Path) -> None:
    extra = {
        "when": dt.date(2026, 3, 1),
        "at": dt.datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris")),
        "offset": dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-3))),
        "naive": dt.datetime(2026, 3, 1, 9),
        "list": [1, 2.5, None, True, "x"],
        "nested": {"a": {"b": [1]}, 3: "int key"},
        "blob": b"\x00\xff",
        "set": {"b", "a"},
    }
    root = write_site(
        tmp_path / "s", {"content/entries/2026-03-01-a.md": entry(body="Some *story*.\n")}
    )
    config, _ = load_config(root)
    (src,), _ = read_sources(root)
    parsed = parallel.parse_one(src, config.tz)
    assert parsed.record is not None
    record = first = parsed.record
    record = type(record)(**{**record.__dict__, "extra": extra})  # type: ignore[arg-type]
    for value in (parsed, parallel.Parsed(record, warnings=parsed.warnings)):
        back = parallel.CODEC.loads(parallel.CODEC.dumps(value))
        assert back == value
    back = parallel.CODEC.loads(parallel.CODEC.dumps(parsed))
    assert repr(back) == repr(parsed)  # every field, its type and zone as parsed
    back = parallel.CODEC.loads(parallel.CODEC.dumps(record))
    assert back.extra == extra and back.outcome is Outcome.REJECTED
    assert back.date.tzinfo is first.date.tzinfo
    assert type(back.extra["nested"]) is dict and type(back.tags) is tuple


@pytest.mark.parametrize(
    "data",
    [
        b'{"~c": "Popen", "args": ["touch", "x"]}',  # a name it does not know
        b'{"~c": "Entry", "path": "a"}',  # missing fields
        b'{"~e": "Outcome", "v": "exploded"}',
        b'{"~dt": "yesterday", "tz": null}',
        b"\x80\x04garbage",
    ],
)
def test_the_codec_refuses_what_it_did_not_write(data: bytes) -> None:
    with pytest.raises(CodecError):
        parallel.CODEC.loads(data)


def test_no_module_of_asklog_imports_pickle() -> None:
    package = Path(build.__file__).resolve().parent.parent
    users = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "import pickle" in p.read_text() or "from pickle" in p.read_text()
    ]
    assert users == []
