"""asklog's faster inline pass must give exactly what stock Python-Markdown gives."""

from __future__ import annotations

import markdown
import pytest
from support import REPO

from generator.content import markup

SAMPLES = [
    "Plain text.",
    "It was *quiet*, **bold**, ***both***, _under_ and __double__ -- \"quoted\" and 'single'...",
    'A [link](https://example.com/a_b) and ![img](/x.png "title") and <https://auto.link>.',
    'Inline `code with *stars* and "quotes"` and ``double `tick` code``.',
    "Escapes: \\*not em\\*, 1\\. not a list, a\\_b, <<angled>>, &amp; &copy; AT&T.",
    'Raw <span class="x">*html*</span> and <!-- comment --> and <b>bold</b>.',
    "## Heading with *em* {#custom-id}\n\nText.\n\n### Sub -- heading\n\nMore...",
    "- one *a*\n- two [b](c)\n  - nested `d`\n\n1. first\n3. second\n",
    "| a | b |\n|---|---|\n| *x* | `y` |\n",
    "Term\n:   Definition with **bold**.\n",
    "Footnote[^1] here.\n\n[^1]: The *note*.\n",
    "*[HTML]: Hyper Text Markup Language\n\nHTML is *fun*.",
    '> Quote with "smart" quotes -- and a dash.\n>\n> Second paragraph...',
    "```yaml\nasks: 10\nrejected: 7\n```\n\nAfter the fence's end.",
    "Mixed **bold *nested em* bold** and *em **nested bold** em* and a_b_c snake_case.",
    "Reference [link][ref] and [another].\n\n[ref]: https://example.com\n[another]: /x",
    "Line with two spaces  \nbreak, and 'tis the season's end -- 1990s' style.",
    "Ellipsis... em---dash, en--dash, <<guillemets>>, and a 'quote' at the end'",
]


def _example_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted((REPO / "content").rglob("*.md"))]


@pytest.mark.parametrize("text", SAMPLES + _example_texts())
def test_same_html_as_stock_python_markdown(text: str) -> None:
    stock = markdown.Markdown(
        extensions=list(markup.EXTENSIONS), extension_configs=markup.EXTENSION_CONFIGS
    )
    assert markup.to_html(text) == stock.convert(text)


def test_the_faster_pass_is_in_use() -> None:
    markup.to_html("x")
    assert markup._converter is not None
    installed = [
        p for p in markup._converter.treeprocessors if "_InlineProcessor__handleInline" in vars(p)
    ]
    assert len(installed) == 2  # Markdown's own inline pass and smarty's
