"""The terminal: whether to colour, how wide to lay out, and rich consoles set up for both."""

from __future__ import annotations

import argparse
import os
import sys


def use_color(args: argparse.Namespace, stream) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(stream=None) -> int | None:
    """The width to lay the preview out in: ``COLUMNS`` when it makes sense, else the
    terminal's, else None (let rich decide); nonsense (``COLUMNS=0``, ``abc``) counts as
    unknown, with 80 as the fallback."""
    raw = os.environ.get("COLUMNS")
    if raw is None:
        return None
    try:
        cols = int(raw)
    except ValueError:
        cols = 0
    if 10 <= cols <= 10_000:
        return cols
    try:
        size = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (OSError, AttributeError, ValueError):
        size = 0
    return size if 10 <= size <= 10_000 else 80


def make_console(args: argparse.Namespace, stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    color = use_color(args, stream)
    return Console(file=stream, force_terminal=color, no_color=not color, markup=False,
                   emoji=False, highlight=False, soft_wrap=True, width=terminal_width(stream))


# --- cutting text for the screen: between graphemes, never inside a word that fits ---------

#: Characters that continue the grapheme before them: combining marks (categories Mn, Mc,
#: Me, tested apart), the zero-width joiner, variation selectors, and the vowel and final
#: jamo of conjoining Hangul (a decomposed syllable is one grapheme).
_EXTENDERS = frozenset("\u200d\ufe0e\ufe0f")
_JAMO_VT = (("\u1160", "\u11ff"), ("\ud7b0", "\ud7ff"))


def continues(prev: str, ch: str) -> bool:
    """Whether ``ch`` belongs to the same grapheme as ``prev`` before it (enough for a
    cut point: combining marks, joiners, variation selectors, conjoining jamo).

    >>> continues("\\u1112", "\\u1161"), continues("a", "\\u0301"), continues("가", "a")
    (True, True, False)
    """
    import unicodedata

    if ch in _EXTENDERS or prev == "\u200d" or unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return True
    if "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return True
    return any(lo <= ch <= hi for lo, hi in _JAMO_VT) and (
        "\u1100" <= prev <= "\u11ff" or "\uac00" <= prev <= "\ud7a3" or "\ud7b0" <= prev <= "\ud7ff")


def boundary(text: str, i: int) -> int:
    """The first grapheme boundary at or after ``i``.

    >>> boundary("\\u1112\\u1161\\u11ab가", 1)
    3
    """
    while 0 < i < len(text) and continues(text[i - 1], text[i]):
        i += 1
    return i


def wrap(text, width: int | None, indent: int = 4) -> list:
    """``text`` (a :class:`rich.text.Text`) cut into lines of at most ``width`` terminal
    cells: between graphemes, after a space when the word fits on the next line (a rule
    code is never split), continuation lines indented by ``indent`` spaces.  Linear in
    the text.

    >>> from rich.text import Text
    >>> [t.plain for t in wrap(Text("ab cd TF401"), 8, indent=2)]
    ['ab cd ', '  TF401']
    """
    from rich.cells import cell_len
    from rich.text import Text

    plain = text.plain
    if width is None or cell_len(plain) <= width:
        return [text]
    indent = min(indent, width // 2)
    cuts: list[int] = []
    line_start, used, avail, space = 0, 0, width, -1
    i = 0
    while i < len(plain):
        j = boundary(plain, i + 1)
        w = cell_len(plain[i:j])
        if used + w > avail and i > line_start:
            cut = space if space > line_start and cell_len(plain[space:j]) <= width - indent else i
            cuts.append(cut)
            line_start, avail, space = cut, width - indent, -1
            used = cell_len(plain[cut:i])
        used += w
        if plain[i:j] == " ":
            space = j
        i = j
    lines = list(text.divide(cuts))
    return [line if k == 0 else Text(" " * indent) + line for k, line in enumerate(lines)]
