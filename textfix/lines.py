"""Line helpers shared by the stages: split with offsets, and find only the lines that
a cheap pattern marks as suspect (the fast path: clean lines are never visited)."""

from __future__ import annotations

import re


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line, without its newline.

    >>> split_lines("ab\\ncd")
    [(0, 'ab'), (3, 'cd')]
    """
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def lines_matching(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """(offset, line) of each line holding a match of ``pattern``, in order, once each.

    >>> lines_matching("a\\nb1\\nc\\nd2", re.compile("[0-9]"))
    [(2, 'b1'), (7, 'd2')]
    """
    out = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            return out
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        out.append((start, text[start:end]))
        pos = end + 1
