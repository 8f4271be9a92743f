"""The terminal preview of a repair: a character-level diff, labelled with rule codes.

Text from the file is never interpreted: it goes into :class:`rich.text.Text` objects
(no markup, no emoji codes), and invisible, bidi-control, filler and other control
characters are shown as visible badges such as ``⟨U+3164⟩``.

>>> from textfix import repair
>>> print(plain_diff(repair("¹®ÀÚ ±úÁü")), end="")
1: [-¹®ÀÚ ±úÁü-]{+문자 깨짐+}  (TF102)
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator

from rich.text import Text

from textfix.model import Repair, line_col

_VISIBLE_SPACE = {" ", "\u3000"}


def badge(ch: str) -> str | None:
    """The badge for a character that must not be shown raw, or None.

    >>> badge("\\u3164"), badge("a")
    ('⟨U+3164⟩', None)
    """
    if ch in _VISIBLE_SPACE:
        return None
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") or (cat == "Zs" and ch != " "):
        return f"⟨U+{ord(ch):04X}⟩"
    if ch in "\u3164\u115f\u1160\uffa0":
        return f"⟨U+{ord(ch):04X}⟩"
    return None


def visible(s: str) -> str:
    """``s`` with every invisible or control character replaced by its badge."""
    return "".join(badge(c) or c for c in s)


def _line_pairs(repair: Repair) -> Iterator[tuple[int, str, str]]:
    """(line number, old line, new line) for each changed line."""
    old = repair.original.split("\n")
    new = repair.text.split("\n")
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[a1:a2], new[b1:b2]
        n = max(len(olds), len(news))
        for k in range(n):
            o = olds[k] if k < len(olds) else ""
            w = news[k] if k < len(news) else ""
            if o.endswith("\r") and w.endswith("\r"):  # CRLF endings are not part of the change
                o, w = o[:-1], w[:-1]
            yield a1 + k + 1, o, w


def _codes_for_line(repair: Repair, lineno: int) -> list[str]:
    codes = []
    for f in repair.findings:
        if f.applied and line_col(repair.original, f.start)[0] == lineno and f.code not in codes:
            codes.append(f.code)
    return codes


def _chunks(old: str, new: str) -> Iterator[tuple[str, str, str]]:
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        yield tag, old[a1:a2], new[b1:b2]


def plain_diff(repair: Repair) -> str:
    """The diff without colour: ``[-deleted-]{+inserted+}``, one changed line each."""
    out = []
    for lineno, old, new in _line_pairs(repair):
        parts = []
        for tag, a, b in _chunks(old, new):
            if tag == "equal":
                parts.append(visible(a))
                continue
            if a:
                parts.append(f"[-{visible(a)}-]")
            if b:
                parts.append(f"{{+{visible(b)}+}}")
        codes = _codes_for_line(repair, lineno)
        label = f"  ({', '.join(codes)})" if codes else ""
        out.append(f"{lineno}: {''.join(parts)}{label}\n")
    return "".join(out)


def rich_diff(repair: Repair, path: str = "") -> list[Text]:
    """The coloured diff: one :class:`rich.text.Text` per changed line."""
    rows = []
    for lineno, old, new in _line_pairs(repair):
        t = Text(no_wrap=False)
        t.append(f"{path}:{lineno}: " if path else f"{lineno}: ", style="bold cyan")
        for tag, a, b in _chunks(old, new):
            if tag == "equal":
                t.append(visible(a))
                continue
            if a:
                t.append(visible(a), style="bold red strike on #3b0d0d")
            if b:
                t.append(visible(b), style="bold green on #0d3b12")
        codes = _codes_for_line(repair, lineno)
        if codes:
            t.append(f"  {' '.join(codes)}", style="dim magenta")
        rows.append(t)
    return rows
