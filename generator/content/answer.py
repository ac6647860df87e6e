"""Record an answer in an entry file: only the outcome, answered and lesson lines change."""

from __future__ import annotations

import re

import yaml

_FENCE = re.compile(r"^---[ \t]*$")


def set_keys(raw: bytes, values: dict[str, str]) -> bytes:
    """`raw` with each key of `values` set; every other byte (BOM, CRLF, comments,
    key order, the story) as it was. Missing keys go after the last one set or present."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    end = next(i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n")))
    anchor = 0  # where a missing key goes: after the outcome, or the key before it
    for key, value in values.items():
        line = f"{key}: {_scalar(value)}"
        start = _find(lines, key, end)
        if start is None:
            at = anchor if anchor else end
            lines.insert(at, line + newline)
            end += 1
            anchor = at + 1
            continue
        stop = _value_end(lines, start, end)
        comment = _comment(lines[start])
        lines[start:stop] = [line + comment + newline]
        end -= stop - start - 1
        anchor = start + 1
    return bom + "".join(lines).encode("utf-8")


def _find(lines: list[str], key: str, end: int) -> int | None:
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:(?:[ \t]|$)")
    return next((i for i in range(1, end) if pattern.match(lines[i])), None)


def _value_end(lines: list[str], start: int, end: int) -> int:
    """The line after the key's value: block scalars and folded values run on indented."""
    stop = start + 1
    while stop < end and (lines[stop][:1] in (" ", "\t") or not lines[stop].strip()):
        stop += 1
    while stop - 1 > start and not lines[stop - 1].strip():  # blank lines stay
        stop -= 1
    return stop


def _comment(line: str) -> str:
    """A trailing `  # comment` after a plain one-word value is kept."""
    match = re.match(r"^[^:]+:[ \t]*[\w-]+([ \t]+#.*?)\r?\n?$", line)
    return match.group(1) if match else ""


def _scalar(value: str) -> str:
    """`value` as one line of YAML that reads back as the same text."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=None)
    return dumped.removesuffix("\n...\n").removesuffix("\n")
