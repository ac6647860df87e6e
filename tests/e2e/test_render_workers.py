"""Pages rendered on worker processes; compiled templates live in memory only."""

from __future__ import annotations

from pathlib import Path

from sitecheck import tree
from support import entry, run_cli, write_site

from generator.render.theme import bundled_themes_dir

ENTRIES = 80  # with the list pages, well over parallel.MIN_PARALLEL pages


def _site(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"content/entries/2026-{1 + i % 11:02d}-{1 + i % 27:02d}-ask-{i}.md": entry(
            date=f"2026-{1 + i % 11:02d}-{1 + i % 27:02d} 10:00",
            ask=f"Could I have thing number {i}?",
            outcome=["rejected", "accepted", "pending"][i % 3],
        )
        for i in range(ENTRIES)
    }
    return write_site(root, files)


def _override_entry_template(root: Path, extra: str) -> None:
    source = (bundled_themes_dir() / "default" / "templates" / "entry.html").read_text()
    target = root / "themes" / "default" / "templates" / "entry.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.replace("{% block main %}", "{% block main %}" + extra, 1))


def test_a_template_error_on_a_worker_reads_as_on_one_process(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    assert run_cli("-C", root, "build", "--jobs", "2").returncode == 0
    before = tree(root / "site")
    # Fails on two pages only, which land on different workers.
    _override_entry_template(
        root, "{% if entry.ask_number in (30, 70) %}{{ entry.no_such_field }}{% endif %}"
    )
    results = [run_cli("-C", root, "build", "--jobs", jobs) for jobs in ("1", "2")]
    for result in results:
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "themes/default/templates/entry.html:" in result.stderr
        assert "no_such_field" in result.stderr
    assert results[0].stderr == results[1].stderr
    assert tree(root / "site") == before, "a failed build leaves the output untouched"


def test_compiled_templates_are_never_kept_on_disk_and_never_stale(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    assert run_cli("-C", root, "build", "--out", root / "a").returncode == 0
    kept = [p.name for p in (root / ".asklog").rglob("*") if p.is_file()]
    assert "store.sqlite" in kept  # data only: no compiled code, no pickles
    assert not [name for name in kept if name.endswith((".jinja", ".pickle", ".pyc"))]

    _override_entry_template(root, '<p class="edited">edited template</p>')
    assert run_cli("-C", root, "build", "--out", root / "c").returncode == 0
    page = next((root / "c" / "asks").glob("*/index.html")).read_text()
    assert "edited template" in page


def test_what_workers_saw_pages_read_decides_the_next_build(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    assert run_cli("-C", root, "build", "--jobs", "2").returncode == 0  # pages rendered on workers
    first = next((root / "content" / "entries").glob("*ask-7.md"))
    first.write_text(first.read_text().replace("thing number 7?", "a renamed thing?"))
    assert run_cli("-C", root, "build", "--jobs", "2").returncode == 0
    clean = run_cli("-C", root, "build", "--no-cache", "--jobs", "1", "--out", root / "clean")
    assert clean.returncode == 0
    assert tree(root / "site") == tree(root / "clean")
    assert b"a renamed thing?" in (root / "site" / "asks" / "ask-7" / "index.html").read_bytes()
