"""What every scanner of :mod:`textfix.syntax` shares: the :class:`ProseSpan` they return,
the tool directives a comment may hold (:data:`DIRECTIVE_RE`), and small helpers to add a
span (never an empty or blank one), trim it, add a comment, and sort the result.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class ProseSpan(NamedTuple):
    """``text[start:end]`` is prose of this ``kind`` ("comment", "docstring", "string" or
    "text"); an edit must never insert a character of ``forbidden`` into it, nor make it or
    a line in it open with a character that follows :data:`OPENING` in ``forbidden`` (a
    line in it only: :data:`LINE_OPENING`).

    >>> ProseSpan(4, 9, "comment", "\\n")
    ProseSpan(start=4, end=9, kind='comment', forbidden='\\n')
    """

    start: int
    end: int
    kind: str
    forbidden: str


#: In a span's ``forbidden``, the characters after this mark may not open the span or a
#: line in it (a roff text line opening with ``.`` would become a request); after
#: :data:`LINE_OPENING`, a line in it (the span opens inside a line).
OPENING, LINE_OPENING = "\x00", "\x01"
#: Comments that are instructions to a tool, not prose (matched at the comment's start).
DIRECTIVE_RE = re.compile(
    r"!/|-\*-|(?:type|fmt|pylint|mypy|isort|ruff|pyright|coding|encoding|vim?|rubocop"
    r"|frozen_string_literal|swiftlint|tslint|jshint|@formatter)\s*[:=]"
    r"|(?:noqa|pragma|nosec|eslint|prettier-ignore|istanbul|c8 |NOLINT|nolint|clang-format"
    r"|shellcheck|ktlint|noinspection|@ts-|@flow|@jsx|<reference|#?region\b|#?endregion\b"
    r"|go:|\+build|global |jscs:|\$Id)"
)
_WS = " \t\r\n\f\v"
_BREAK = ("", " ", "\t", "\r", "\n")  # what may follow a keyword or an indicator


def _add(out: list[ProseSpan], a: int, b: int, kind: str, forbidden: str, text: str) -> None:
    """Add ``text[a:b]`` unless it is empty or blank."""
    if b > a and not text[a:b].isspace():
        out.append(ProseSpan(a, b, kind, forbidden))


def _trimmed(text: str, a: int, b: int, strip: str = "") -> tuple[int, int]:
    while a < b and text[a] in strip:
        a += 1
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    return a, b


def _comment(out: list[ProseSpan], text: str, a: int, b: int, forbidden: str, strip: str = "") -> None:
    """A comment's content ``text[a:b]``: extra marker characters (``///``, ``/**``) and
    surrounding blanks dropped; tool directives skipped."""
    a, b = _trimmed(text, a, b, strip)
    if b > a and not DIRECTIVE_RE.match(text, a, min(b, a + 40)):
        out.append(ProseSpan(a, b, "comment", forbidden))


def _finish(spans: list[ProseSpan]) -> list[ProseSpan]:
    """Sorted, and never overlapping (a later span that would overlap is dropped)."""
    spans.sort()
    result: list[ProseSpan] = []
    end = -1
    for s in spans:
        if s.start >= end and s.end > s.start:
            result.append(s)
            end = s.end
    return result


def _line_end(text: str, i: int) -> int:
    k = text.find("\n", i)
    return len(text) if k < 0 else k
