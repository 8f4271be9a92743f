"""The terminal preview of a repair, built from the repair's own edits (no re-diffing).

Each changed line becomes a :class:`Row` of pieces: text kept, text deleted, text inserted,
and ``…`` where a long line's unchanged text is left out (:data:`CONTEXT` characters are
kept on each side of a change).  Views: ``inline`` (one row per change: deletions struck
through in red, insertions in green, wrapped to the terminal between graphemes),
``split`` (before and after side by side in a table; rich measures wide Korean characters
in cells, so columns stay aligned; ``‸`` marks where text is inserted or deleted), and
``words`` for pipes and ``--color never``: ``[-deleted-]{+inserted+}``.  The standard
unified diff is :func:`textfix.formats.unified_diff`.

A change that looks the same on screen (composed Hangul, widths) gets a note with its code
points, as ftfy's ``explain_unicode`` does; a row with right-to-left text says that it is
shown in logical order.

Text from the file is never interpreted: it goes into :class:`rich.text.Text` objects (no
markup, no emoji codes), and invisible, bidi-control, filler and control characters
(escape sequences included) are shown as visible badges such as ``⟨U+3164⟩``.

>>> from textfix import repair
>>> print(words_diff(repair("첫 줄\\n¹®ÀÚ ±úÁü")), end="")
2: [-¹®ÀÚ ±úÁü-]{+문자 깨짐+}  (TF102)
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from dataclasses import dataclass, field

from rich import box
from rich.table import Table
from rich.text import Text

from textfix.model import Edit, Repair
from textfix.script import RTL_RE
from textfix.terminal import boundary, wrap

DELETED = "bold red strike"
INSERTED = "bold green"
BADGE = "reverse"
ELIDED = "dim"
NOTE = "dim"
_FILLERS = frozenset("\u3164\u115f\u1160\uffa0")
#: Characters of unchanged text kept on each side of a change in a long line (about half
#: a line of Korean on an 80-column terminal: enough to see where the change is).
CONTEXT = 24
#: Unchanged text this much longer than its context is cut (shorter cuts save nothing).
CUT_SLACK = 8
#: Where an insertion goes (before side) or a deletion was (after side) in the split view.
MARKER = "‸"
#: Code-point notes per row at most (a decomposed paragraph would fill the screen).
MAX_NOTES = 3
RTL_NOTE = ("right-to-left text, shown in logical order (as stored); "
            "your terminal may not apply bidi")


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


def _plain(s: str) -> bool:
    """Whether nothing in ``s`` needs a badge (the fast path: ``str.isprintable`` is false
    for every category :func:`badge` badges, and the fillers are checked apart)."""
    return s.isprintable() and _FILLERS.isdisjoint(s)


def visible(s: str) -> str:
    """``s`` with every invisible or control character replaced by its badge (file text
    and file names alike: the one escaping function of the command's output)."""
    if _plain(s):
        return s
    return "".join(badge(c) or c for c in s)


def json_safe(line: str) -> str:
    """A JSON text with every character :func:`badge` would badge written as a ``\\u``
    escape: the same JSON value, but nothing a terminal obeys (C1 controls, bidi
    overrides, lone surrogates from undecodable file names).

    >>> json_safe('{"path": "a\\u202eb"}')
    '{"path": "a\\\\u202eb"}'
    """
    if _plain(line):
        return line
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
    if _plain(s):
        if s:
            t.append(s, style=style)
        return
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


# --- code points of changes that look the same --------------------------------------


def _fold(s: str) -> str:
    """``s`` as it looks: composed (NFC), fullwidth and halfwidth forms folded."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        dec = unicodedata.decomposition(ch)
        if dec.startswith(("<wide>", "<narrow>")):
            ch = chr(int(dec.split()[1], 16))
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def codepoints(s: str) -> str:
    """``s`` as code points.

    >>> codepoints("파")
    'U+D30C'
    """
    return " ".join(f"U+{ord(c):04X}" for c in s)


def lookalike_notes(old: str, new: str) -> list[str]:
    """Notes for a change that looks the same on screen: one per changed grapheme,
    ``파 U+1111 U+1161 → U+D30C``; none when the change is visible (badges spell out
    invisible characters already).

    >>> lookalike_notes("\\u1111\\u1161\\u1111\\u1161", "파파")
    ['파 U+1111 U+1161 → U+D30C']
    >>> lookalike_notes("ㅎㅏ", "하")
    []
    """
    if old == new or visible(old) != old or visible(new) != new or _fold(old) != _fold(new):
        return []
    notes: list[str] = []
    i = 0
    while i < len(old):
        j = boundary(old, i + 1)
        g = old[i:j]
        folded = _fold(g)
        note = f"{folded} {codepoints(g)} → {codepoints(folded)}"
        if folded != g and note not in notes:
            notes.append(note)
        i = j
    return notes or [f"{codepoints(old)} → {codepoints(new)}"]


# --- rows ----------------------------------------------------------------------------


@dataclass
class Piece:
    """A stretch of a row: ``=`` kept, ``-`` deleted, ``+`` inserted (file text), or ``…``
    (unchanged text left out); ``title`` names the rules of a change."""

    op: str
    text: str
    title: str = ""


@dataclass
class Row:
    """One changed line (or a few, when an edit spans lines) of the preview."""

    line: int
    pieces: list[Piece]
    codes: list[str]
    notes: list[str] = field(default_factory=list)
    last: int = 0  #: the last original line of the row (1-based; 0: the same as ``line``)

    @property
    def rtl(self) -> bool:
        return any(RTL_RE.search(p.text) for p in self.pieces if p.op != "…")

    def side(self, which: str) -> Text:
        """The ``before`` or ``after`` side: its changes marked, ``‸`` where the other side
        has text this one lacks."""
        mine, style = ("-", DELETED) if which == "before" else ("+", INSERTED)
        t = Text()
        for k, p in enumerate(self.pieces):
            if p.op == "=":
                _append(t, p.text)
            elif p.op == "…":
                t.append("…", style=ELIDED)
            elif p.op == mine:
                _append(t, p.text, style)
            elif not _paired(self.pieces, k):
                t.append(MARKER, style=INSERTED if which == "before" else DELETED)
        return t

    @property
    def before(self) -> Text:
        return self.side("before")

    @property
    def after(self) -> Text:
        return self.side("after")

    @property
    def inline(self) -> Text:
        t = Text()
        for p in self.pieces:
            if p.op == "…":
                t.append("…", style=ELIDED)
            else:
                _append(t, p.text, {"=": None, "-": DELETED, "+": INSERTED}[p.op])
        return t

    @property
    def plain(self) -> str:
        marks = {"=": "{}", "…": "…", "-": "[-{}-]", "+": "{{+{}+}}"}
        return "".join(marks[p.op].format(visible(p.text)) for p in self.pieces)

    @property
    def all_notes(self) -> list[str]:
        return [*self.notes, RTL_NOTE] if self.rtl else list(self.notes)


def _paired(pieces: list[Piece], k: int) -> bool:
    """Whether the change at ``k`` is half of a replacement (a deletion next to an insertion)."""
    ops = {pieces[j].op for j in (k - 1, k + 1) if 0 <= j < len(pieces)}
    return bool(ops & ({"+"} if pieces[k].op == "-" else {"-"}))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _cut(text: str, keep_head: bool, keep_tail: bool) -> list[Piece]:
    """Unchanged text, trimmed to :data:`CONTEXT` characters next to the changes it
    touches (cuts fall between graphemes, after a space when one is near)."""
    limit = CONTEXT * (keep_head + keep_tail) + CUT_SLACK
    if len(text) <= limit:
        return [Piece("=", text)]
    out = []
    if keep_head:
        end = boundary(text, CONTEXT)
        space = text.find(" ", end, end + CUT_SLACK)
        space = space if space >= 0 else text.rfind(" ", end - CUT_SLACK, end)
        out.append(Piece("=", text[:space + 1 if space >= 0 else end]))
    out.append(Piece("…", ""))
    if keep_tail:
        start = boundary(text, len(text) - CONTEXT)
        space = text.rfind(" ", start - CUT_SLACK, start)
        space = space if space >= 0 else text.find(" ", start, start + CUT_SLACK)
        out.append(Piece("=", text[space + 1 if space >= 0 else start:]))
    return out


def _titles(repair: Repair) -> dict[int, str]:
    """For each edit (by position in ``repair.edits``), its rules with their confidence."""
    out = {}
    for k, (e, owners) in enumerate(zip(repair.edits, repair._owners, strict=True)):
        parts = []
        for i in sorted(owners):
            f = repair.findings[i]
            label = f"{f.code} {f.kind} ({f.confidence:.2f})"
            if f.code in e.codes and label not in parts:
                parts.append(label)
        out[k] = ", ".join(parts or e.codes)
    return out


def rows(repair: Repair, trim: bool = True) -> list[Row]:
    """The rows of the preview, one per group of edits on the same original lines; with
    ``trim``, unchanged text far from the changes is left out."""
    original = repair.original
    starts = _line_starts(original)
    titles = _titles(repair)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    groups: list[tuple[int, int, list[int]]] = []
    for k, e in enumerate(repair.edits):
        first, last = line_of(e.start), line_of(max(e.start, e.end - 1))
        if groups and first <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(last, groups[-1][1]), [*groups[-1][2], k])
        else:
            groups.append((first, last, [k]))
    out = []
    for first, last, ks in groups:
        a = starts[first]
        b = starts[last + 1] - 1 if last + 1 < len(starts) else len(original)
        if original[a:b].endswith("\r"):
            b -= 1  # the line ending is not part of the change
        edits: list[Edit] = [repair.edits[k] for k in ks]
        kept = [original[a:edits[0].start]] + [original[x.end:y.start] for x, y in itertools.pairwise(edits)]
        kept.append(original[edits[-1].end:b])
        pieces: list[Piece] = []
        notes: list[str] = []
        for n, (k, e) in enumerate(zip(ks, edits, strict=True)):
            if kept[n]:
                pieces += _cut(kept[n], n > 0, True) if trim else [Piece("=", kept[n])]
            old = original[e.start:e.end]
            if old:
                pieces.append(Piece("-", old, titles[k]))
            if e.replacement:
                pieces.append(Piece("+", e.replacement, titles[k]))
            notes += [x for x in lookalike_notes(old, e.replacement) if x not in notes]
        if kept[-1]:
            pieces += _cut(kept[-1], True, False) if trim else [Piece("=", kept[-1])]
        if len(notes) > MAX_NOTES:
            notes = [*notes[:MAX_NOTES], f"and {len(notes) - MAX_NOTES} more"]
        codes = list(dict.fromkeys(c for e in edits for c in e.codes))  # as codes_at, in linear time
        out.append(Row(first + 1, pieces, codes, notes, last + 1))
    return out


# --- views ---------------------------------------------------------------------------


def words_diff(repair: Repair, path: str = "") -> str:
    """The word diff without colour: ``[-deleted-]{+inserted+}``, one changed line each
    (``--view words``), notes indented below it."""
    prefix = f"{visible(path)}:" if path else ""
    out = []
    for r in rows(repair):
        out.append(f"{prefix}{r.line}: {r.plain}" + (f"  ({', '.join(r.codes)})" if r.codes else "") + "\n")
        out += [f"    {note}\n" for note in r.all_notes]
    return "".join(out)


#: The word diff's former name.
plain_diff = words_diff


def inline_view(repair: Repair, path: str = "", width: int | None = None) -> list[Text]:
    """One coloured row per change, labelled with its line number and rule codes, cut into
    lines of ``width`` cells between graphemes (never inside a rule code)."""
    out: list[Text] = []
    for r in rows(repair):
        t = Text()
        t.append(f"{visible(path)}:{r.line}: " if path else f"{r.line}: ", style="bold cyan")
        t.append_text(r.inline)
        if r.codes:
            t.append("  " + " ".join(r.codes), style="magenta")
        out += wrap(t, width)
        for note in r.all_notes:
            out += wrap(Text(f"    {note}", style=NOTE), width, indent=6)
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
        after = r.after
        for note in r.all_notes:
            after.append("\n" + note, style=NOTE)
        table.add_row(str(r.line), r.before, after, "\n".join(r.codes))
    return table
