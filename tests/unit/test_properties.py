"""Hypothesis: random front matter never crashes asklog; incremental builds equal clean ones.

Example counts are fixed (see SETTINGS) so the file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import frontmatter, sources
from generator.content.entries import KNOWN_KEYS
from generator.core.assemble import Options, assemble
from generator.core.config import SiteConfig
from generator.core.errors import SiteErrors
from generator.core.model import Entry
from generator.incremental.cache import ParseCache
from generator.pipeline.build import (
    BuildOptions,
    Loaded,
    build,
    load_site,
    parse_sources,
    render_site,
)
from generator.pipeline.builder import Builder

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
LOADER_EXAMPLES = 150
RAW_EXAMPLES = 150
SEQUENCE_EXAMPLES = 20
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "yes",
            "no",
            "maybe",
            "ghosted",
            "pending",
            "2026-02-30",
            "2026-03-01",
            "2026-03-01 10:00",
            "0001-01-01",
            "9999-12-31 23:59:59",
            "24:00",
            "~",
            "..",
            "a/b",
            "🎉",
            "שלום",
            "<script>",
            "-1",
            "1e309",
        ]
    ),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
keys = st.one_of(
    st.sampled_from([*KNOWN_KEYS, "outcom", "tag", "private", "_who", "menu"]),
    st.text(min_size=1, max_size=10),
)


def survive(text: str) -> None:
    """Parse, assemble and render one entry file; only user errors may come out."""
    config = SiteConfig()
    src = sources.SourceFile("entries", "content/entries/2026-03-01-x.md", text, "d")
    try:
        records, warnings = parse_sources([src], config, ParseCache())
        entries = [r for r in records if isinstance(r, Entry)]
        site = assemble(entries, [], [], config, NOW, Options(drafts=True, future=True))
        with tempfile.TemporaryDirectory() as root:
            render_site(Path(root), Loaded(config, site, warnings), {})
    except SiteErrors:
        pass


@settings(max_examples=LOADER_EXAMPLES, **SETTINGS)
@given(st.dictionaries(keys, values, max_size=8))
def test_random_front_matter_never_crashes(meta: dict[str, Any]) -> None:
    body = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=None)
    survive(f"---\n{body}---\nThe story.\n")


@settings(max_examples=RAW_EXAMPLES, **SETTINGS)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list(":-[]{}\"'#&*!|>%@`, \t\nabyn1209ü🎉")), max_size=30),
        max_size=8,
    )
)
def test_random_front_matter_text_never_crashes(lines: list[str]) -> None:
    survive("---\ndate: 2026-03-01\n" + "\n".join(lines) + "\n---\nBody\n")


def test_frontmatter_split_of_any_text_raises_only_site_errors() -> None:
    for text in ["", "---", "---\n", "---\n---", "\n---\n---\n", "---\n:\n---\n", "---\n- [\n---"]:
        try:
            frontmatter.split(text, "x.md")
        except SiteErrors:
            pass


# --- incremental builds equal clean builds (SPEC 8.5) ---

NAMES = ["a", "b", "c", "2026-04-02-d", "e"]
entry_fields = st.fixed_dictionaries(
    {
        "date": st.sampled_from(["2026-03-01", "2026-03-01 09:00", "2026-03-02", "2026-05-10"]),
        "ask": st.sampled_from(["Discount?", "Free upgrade?", "Cockpit photo?", "<b>Raise</b>?"]),
        "outcome": st.sampled_from(["rejected", "no", "ghosted", "accepted", "maybe", "pending"]),
        "tags": st.lists(
            st.sampled_from(["Food", "food", "Café Talks", "travel", "שלום"]), max_size=3
        ),
    },
    optional={
        "lesson": st.sampled_from(["Ask early.", "Smile."]),
        "draft": st.booleans(),
        "slug": st.sampled_from(["same", "other"]),
        "title": st.sampled_from(["A title", "Another"]),
    },
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.sampled_from(NAMES), entry_fields),
        st.tuples(st.just("delete"), st.sampled_from(NAMES), st.none()),
        st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
        st.tuples(st.just("break"), st.sampled_from(NAMES), st.none()),
        st.tuples(st.just("title"), st.sampled_from(["One", "Two"]), st.none()),
    ),
    min_size=1,
    max_size=6,
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def entry_path(root: Path, name: str) -> Path:
    return root / "content" / "entries" / f"{name}.md"


def apply(root: Path, step: tuple[str, str, Any]) -> None:
    kind, name, arg = step
    path = entry_path(root, name)
    if kind == "write":
        path.write_text("---\n" + yaml.safe_dump(arg, allow_unicode=True) + "---\nStory.\n")
    elif kind == "delete":
        path.unlink(missing_ok=True)
    elif kind == "rename" and path.exists():
        path.replace(entry_path(root, arg))
    elif kind == "title":
        (root / "site.yaml").write_text(f"title: {name}\nbase_url: https://example.org/\n")


def try_build(root: Path, out: Path, builder: Builder | None) -> bool:
    """With `builder` (kept across builds, caches in memory and in the store), else clean."""
    try:
        if builder is None:
            build(root, BuildOptions(out=out, now=NOW, cache=False))
        else:
            builder.build()
    except SiteErrors:
        return False
    return True


def loads_cleanly(root: Path) -> bool:
    try:
        load_site(root, BuildOptions(now=NOW))
    except SiteErrors:
        return False
    return True


@settings(max_examples=SEQUENCE_EXAMPLES, **SETTINGS)
@given(steps)
def test_incremental_build_equals_clean_build(sequence: list[tuple[str, str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "site", Path(tmp) / "out"
        (root / "content" / "entries").mkdir(parents=True)
        apply(root, ("title", "One", None))
        apply(root, ("write", "a", {"date": "2026-03-01", "ask": "First?", "outcome": "no"}))
        # Kept across builds, as `serve` keeps its Builder; its store is on disk too.
        cache = Builder.for_site(root, BuildOptions(out=out, now=NOW))
        ok = try_build(root, out, cache)
        assert ok
        for n, step in enumerate(sequence):
            if step[0] == "break":
                path = entry_path(root, step[1])
                saved = path.read_bytes() if path.exists() else None
                before = tree(out)
                path.write_text("---\noutcome: perhaps\n---\n")
                assert not try_build(root, out, cache)
                assert tree(out) == before, "a failed build changed the output folder"
                if saved is None:
                    path.unlink()
                else:
                    path.write_bytes(saved)
                continue
            apply(root, step)
            before = tree(out)
            ok = try_build(root, out, cache)
            assert ok == loads_cleanly(root), f"after {sequence[: n + 1]}"
            if not ok:
                assert tree(out) == before, "a failed build changed the output folder"
        if ok:
            clean = Path(tmp) / "clean"
            assert try_build(root, clean, None)
            assert tree(out) == tree(clean), f"after {sequence}"
