"""The terminal preview of a repair, built from the repair's own edits (no re-diffing).

Each changed line becomes a row: the line as it was with the deleted spans marked, the
line as it will be with the inserted spans marked, and the rule codes that made the change.
Views: ``inline`` (one line per change: deletions struck through in red, insertions in
green), ``split`` (before and after side by side in a table; rich measures wide Korean
characters in cells, so columns stay aligned), and ``plain`` for pipes and
``--color never``: ``[-deleted-]{+inserted+}``.

Text from the file is never interpreted: it goes into :class:`rich.text.Text` objects (no
markup, no emoji codes), and invisible, bidi-control, filler and control characters
(escape sequences included) are shown as visible badges such as ``⟨U+3164⟩``.

>>> from textfix import repair
>>> print(plain_diff(repair("첫 줄\\n¹®ÀÚ ±úÁü")), end="")
2: [-¹®ÀÚ ±úÁü-]{+문자 깨짐+}  (TF102)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rich import box
from rich.table import Table
from rich.text import Text

from textfix.model import Edit, Repair

DELETED = "bold red strike"
INSERTED = "bold green"
BADGE = "reverse"
_FILLERS = frozenset("\u3164\u115f\u1160\uffa0")


def badge(ch: str) -> str | None:
    """The badge for a character that must not be shown raw, or None.

    >>> badge("\\u3164"), badge("\\x1b"), badge("a")
    ('⟨U+3164⟩', '⟨U+001B⟩', None)
    """
    if ch == " ":
        return None
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") or (cat == "Zs" and ch != "\u3000") \
            or ch in _FILLERS:
        return f"⟨U+{ord(ch):04X}⟩"
    return None


def visible(s: str) -> str:
    """``s`` with every invisible or control character replaced by its badge (file text
    and file names alike: the one escaping function of the command's output)."""
    return "".join(badge(c) or c for c in s)


def json_safe(line: str) -> str:
    """A JSON text with every character :func:`badge` would badge written as a ``\\u``
    escape: the same JSON value, but nothing a terminal obeys (C1 controls, bidi
    overrides, lone surrogates from undecodable file names).

    >>> json_safe('{"path": "a\\u202eb"}')
    '{"path": "a\\\\u202eb"}'
    """
    out = []
    for ch in line:
        if badge(ch) is None or ch == " ":
            out.append(ch)
            continue
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def _append(t: Text, s: str, style: str | None = None) -> None:
    """Append file text, badges in reverse video; never parsed as markup."""
    run = []
    for ch in s:
        b = badge(ch)
        if b is None:
            run.append(ch)
            continue
        if run:
            t.append("".join(run), style=style)
            run = []
        t.append(b, style=f"{style} {BADGE}" if style else BADGE)
    if run:
        t.append("".join(run), style=style)


@dataclass
class Row:
    """One changed line (or a few, when an edit spans lines) of the preview."""

    line: int
    before: Text
    after: Text
    inline: Text
    plain: str
    codes: list[str]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def rows(repair: Repair) -> list[Row]:
    """The rows of the preview, one per group of edits on the same original lines."""
    import bisect

    original = repair.original
    starts = _line_starts(original)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    groups: list[tuple[int, int, list[Edit]]] = []
    for e in repair.edits:
        first, last = line_of(e.start), line_of(max(e.start, e.end - 1))
        if groups and first <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(last, groups[-1][1]), [*groups[-1][2], e])
        else:
            groups.append((first, last, [e]))
    out = []
    for first, last, edits in groups:
        a = starts[first]
        b = starts[last + 1] - 1 if last + 1 < len(starts) else len(original)
        if original[a:b].endswith("\r"):
            b -= 1  # the line ending is not part of the change
        before, after, inline = Text(), Text(), Text()
        plain = []
        pos = a
        for e in edits:
            same = original[pos:e.start]
            for t in (before, after, inline):
                _append(t, same)
            plain.append(visible(same))
            old = original[e.start:e.end]
            if old:
                _append(before, old, DELETED)
                _append(inline, old, DELETED)
                plain.append(f"[-{visible(old)}-]")
            if e.replacement:
                _append(after, e.replacement, INSERTED)
                _append(inline, e.replacement, INSERTED)
                plain.append(f"{{+{visible(e.replacement)}+}}")
            pos = e.end
        rest = original[pos:b]
        for t in (before, after, inline):
            _append(t, rest)
        plain.append(visible(rest))
        codes = repair.codes_at(edits[0].start, edits[-1].end)
        out.append(Row(first + 1, before, after, inline, "".join(plain), codes))
    return out


def plain_diff(repair: Repair, path: str = "") -> str:
    """The diff without colour: ``[-deleted-]{+inserted+}``, one changed line each."""
    prefix = f"{visible(path)}:" if path else ""
    return "".join(
        f"{prefix}{r.line}: {r.plain}" + (f"  ({', '.join(r.codes)})" if r.codes else "") + "\n"
        for r in rows(repair)
    )


def inline_view(repair: Repair, path: str = "") -> list[Text]:
    """One coloured line per change, labelled with its line number and rule codes."""
    out = []
    for r in rows(repair):
        t = Text()
        t.append(f"{visible(path)}:{r.line}: " if path else f"{r.line}: ", style="bold cyan")
        t.append_text(r.inline)
        if r.codes:
            t.append("  " + " ".join(r.codes), style="magenta")
        out.append(t)
    return out


def split_view(repair: Repair, path: str = "", ascii_only: bool = False) -> Table:
    """Before and after side by side; rich keeps wide characters aligned in the cells."""
    table = Table(box=box.ASCII if ascii_only else box.SQUARE, expand=True, show_lines=True,
                  title=Text(visible(path)) if path else None, title_justify="left")
    table.add_column("line", justify="right", no_wrap=True, style="cyan")
    table.add_column("before", ratio=1, overflow="fold")
    table.add_column("after", ratio=1, overflow="fold")
    table.add_column("rule", no_wrap=True, style="magenta")
    for r in rows(repair):
        table.add_row(str(r.line), r.before, r.after, "\n".join(r.codes))
    return table
