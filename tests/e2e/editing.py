"""Random edits of a site's content, theme, static files and config, for incremental tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from support import SITE_YAML, entry

OUTCOMES = ["rejected", "no-answer", "accepted", "partial", "pending", "no", "yes"]
TAGS = ["[money]", "[food, strangers]", "Travel", "[work, money]", "[Café Talks]"]
WORDS = "ask asked again kindly no yes later tomorrow coffee discount window seat".split()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class RandomEditor:
    """Edits, adds, deletes and renames content, theme, static and config files of a site."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.counter = 0

    def files(self, folder: str, pattern: str = "*.md") -> list[Path]:
        return sorted((self.root / folder).glob(pattern))

    def text(self) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 12)))

    def entry_text(self) -> str:
        day = self.rng.randint(1, 28)
        month = self.rng.randint(1, 11)
        return entry(
            date=f"2026-{month:02d}-{day:02d} {self.rng.randint(0, 23):02d}:00",
            ask=f"Could I {self.text()}?",
            outcome=self.rng.choice(OUTCOMES),
            lesson=self.text() if self.rng.random() < 0.9 else None,
            tags=self.rng.choice(TAGS),
            extra=self.rng.choice(["", "draft: true", "mood: brave", "answered: 2026-11-30"]),
            body=f"{self.text()}\n\n*{self.text()}*\n",
        )

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def new_name(self, folder: str) -> str:
        self.counter += 1
        return f"{folder}/n{self.counter}-{self.rng.choice(WORDS)}.md"

    def step(self) -> str:
        entries = self.files("content/entries")
        actions: list[tuple[str, Callable[[], None]]] = [
            ("add entry", lambda: self.write(self.new_name("content/entries"), self.entry_text())),
            ("add faq", lambda: self.write(self.new_name("content/faq"), self.faq_text())),
            ("add page", lambda: self.write(self.new_name("content/pages"), self.page_text())),
            ("config", self.edit_config),
            ("template", self.edit_template),
            ("static", self.edit_static),
        ]
        if entries:
            victim = self.rng.choice(entries)
            actions += [
                ("edit entry", lambda: victim.write_text(self.entry_text(), encoding="utf-8")),
                ("edit entry", lambda: victim.write_text(self.entry_text(), encoding="utf-8")),
                ("delete entry", victim.unlink),
                (
                    "rename entry",
                    lambda: victim.rename(self.root / self.new_name("content/entries")),
                ),
                ("break entry", lambda: victim.write_text("---\ndate: [\n---\n", encoding="utf-8")),
            ]
        for folder in ("content/faq", "content/pages"):
            existing = self.files(folder)
            if existing:
                victim_other = self.rng.choice(existing)
                actions += [
                    (f"delete {folder}", victim_other.unlink),
                    (
                        f"rename {folder}",
                        lambda v=victim_other, f=folder: v.rename(self.root / self.new_name(f)),
                    ),
                ]
        name, action = self.rng.choice(actions)
        action()
        return name

    def faq_text(self) -> str:
        questions = "".join(f"## {self.text()}?\n\n{self.text()}\n\n" for _ in range(2))
        return f"---\ntitle: {self.text()}\norder: {self.rng.randint(1, 5)}\n---\n{questions}"

    def page_text(self) -> str:
        self.counter += 1
        front = f"title: {self.text()}\nslug: page-{self.counter}\nmenu: {self.counter}"
        return f"---\n{front}\n---\n{self.text()}\n"

    def edit_config(self) -> None:
        self.write(
            "site.yaml",
            SITE_YAML + f"paginate: {self.rng.randint(1, 4)}\ndescription: {self.text()}\n",
        )

    def edit_template(self) -> None:
        rel = "themes/default/templates/404.html"
        if self.rng.random() < 0.3 and (self.root / rel).exists():
            (self.root / rel).unlink()
        else:
            self.write(
                rel,
                f'{{% extends "base.html" %}}{{% block main %}}<h1>{self.text()}</h1>'
                "{% endblock %}\n",
            )

    def edit_static(self) -> None:
        rel = f"static/{self.rng.choice(['a.txt', 'b/c.txt', 'CNAME'])}"
        if self.rng.random() < 0.3 and (self.root / rel).exists():
            (self.root / rel).unlink()
        else:
            self.write(rel, self.text())

    def make_valid(self) -> None:
        """Repair every file a step broke on purpose, so the final state builds."""
        for path in self.files("content/entries", "**/*.md"):
            if "date: [" in path.read_text(encoding="utf-8"):
                path.write_text(self.entry_text(), encoding="utf-8")
