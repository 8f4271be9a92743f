"""A repair as a unified diff in the file's own bytes (its encoding, BOM and line endings),
with ``a/`` and ``b/`` headers, that ``git apply`` and ``patch -p1`` accept; and the same
diff as text for a terminal."""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator
from typing import Any

from textfix.diff import visible
from textfix.formats.findings import report_path
from textfix.model import Edit, Repair

#: Lines of unchanged text around each change in a unified diff (diff's and git's default).
CONTEXT_LINES = 3


def _line_safe(encoding: str) -> bool:
    """Whether ``encoding`` writes a line break as the byte ``\\n`` and each line on its
    own (no state carried between lines): then each line's bytes are its text encoded.

    >>> _line_safe("cp949"), _line_safe("utf-16-le"), _line_safe("iso2022_kr")
    (True, False, False)
    """
    try:
        if "\n".encode(encoding) != b"\n":
            return False
        try:
            return "a\n가\n가\n".encode(encoding) == b"a\n" + "가\n".encode(encoding) * 2
        except UnicodeEncodeError:
            return "a\né\n".encode(encoding, "replace") == b"a\n" + "é\n".encode(encoding, "replace")
    except (LookupError, UnicodeEncodeError):
        return False


def _split(text):  # str or bytes, lines with their ``\n``
    nl = "\n" if isinstance(text, str) else b"\n"
    lines = text.split(nl)
    last = lines.pop()
    out = [line + nl for line in lines]
    if last:
        out.append(last)
    return out


def _changes_from_edits(repair: Repair) -> tuple[list[str], list[tuple[int, int, list[str]]]]:
    """The original's lines, and each changed run of lines as (first, end, new lines),
    straight from the repair's edits (linear: no line matching)."""
    original = repair.original
    lines = _split(original)
    n = len(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    open_tail = bool(original) and not original.endswith("\n")

    def first_line(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return n - 1 if i >= n and open_tail else min(i, n)

    def end_line(e: Edit) -> int:
        return bisect.bisect_right(starts, e.end - 1) if e.end > e.start else min(first_line(e.start) + 1, n)

    changes: list[tuple[int, int, list[str]]] = []
    edits, k = repair.edits, 0
    while k < len(edits):
        first = first_line(edits[k].start)
        end = max(first, end_line(edits[k]))
        group = [edits[k]]
        k += 1
        while True:
            while k < len(edits) and first_line(edits[k].start) < end:
                end = max(end, end_line(edits[k]))
                group.append(edits[k])
                k += 1
            a, b = starts[first], starts[end]
            parts, pos = [], a
            for e in group:
                parts += [original[pos:e.start], e.replacement]
                pos = e.end
            new = "".join(parts) + original[pos:b]
            if end < n and original[a:b].endswith("\n") and not new.endswith("\n"):
                end += 1  # the edit removed a line break: the next line joins this change
                continue
            break
        if changes and changes[-1][1] == first:  # adjacent lines: one run, deletions first
            prev = changes.pop()
            changes.append((prev[0], end, prev[2] + _split(new)))
        else:
            changes.append((first, end, _split(new)))
    return lines, changes


def _changes_by_matching(a: list, b: list) -> list[tuple[int, int, list]]:
    """Changed runs of lines found by difflib (for encodings whose lines are not their
    text's lines, such as UTF-16)."""
    import difflib

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i1, i2, b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _hunks(old: list, changes: list[tuple[int, int, list]], context: int, nl: Any
           ) -> Iterator[tuple[str, Any]]:
    """The hunks of a unified diff, as (tag, line) pairs: ``@`` for a header (line is the
    header's text), `` ``, ``-``, ``+`` for lines, ``\\`` after a line without a line
    break (``nl``: ``"\\n"`` or ``b"\\n"``, as the lines are)."""
    delta = 0
    i = 0
    while i < len(changes):
        j = i
        while j + 1 < len(changes) and changes[j + 1][0] - changes[j][1] <= 2 * context:
            j += 1
        lo = max(0, changes[i][0] - context)
        hi = min(len(old), changes[j][1] + context)
        new_len = (hi - lo) + sum(len(c[2]) - (c[1] - c[0]) for c in changes[i:j + 1])
        yield "@", f"@@ -{_range(lo, hi - lo)} +{_range(lo + delta, new_len)} @@"
        pos = lo
        for first, end, new in changes[i:j + 1]:
            for line in old[pos:first]:
                yield from _line(" ", line, nl)
            for line in old[first:end]:
                yield from _line("-", line, nl)
            for line in new:
                yield from _line("+", line, nl)
            pos = end
        for line in old[pos:hi]:
            yield from _line(" ", line, nl)
        delta += new_len - (hi - lo)
        i = j + 1


def _line(tag: str, line, nl) -> Iterator[tuple[str, Any]]:
    yield tag, line
    if not line.endswith(nl):
        yield "\\", line


def _range(start: int, length: int) -> str:
    """``start,length`` of a hunk header (1-based; an empty range names the line before)."""
    return f"{start + 1 if length else start},{length}"


def quote_name(name: str) -> str:
    """A file name for a diff header, quoted as git quotes names (C-style, octal bytes)
    when it holds control or invisible characters, quotes or backslashes.

    >>> quote_name("a b.txt"), quote_name('q"\\x1b.txt')
    ('a b.txt', '"q\\\\"\\\\033.txt"')
    """
    if visible(name) == name and '"' not in name and "\\" not in name and name.strip() == name:
        return name
    escapes = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r",
               34: '\\"', 92: "\\\\"}
    out = []
    for byte in os.fsencode(name):
        if byte in escapes:
            out.append(escapes[byte])
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return '"' + "".join(out) + '"'


def unified_diff(repair: Repair, path: str, encoding: str = "utf-8", bom: bytes = b"",
                 new_text: str | None = None) -> bytes:
    """The repair as a unified diff in the file's own bytes (its encoding and BOM, its
    line endings), with ``a/`` and ``b/`` headers: ``git apply`` and ``patch -p1`` turn the
    file into exactly what ``repair --write`` writes.  :class:`UnicodeEncodeError` when
    the encoding cannot hold the repair (``--write`` refuses it too).

    >>> from textfix import repair
    >>> print(unified_diff(repair("a\\nㅎㅏㄴㄱㅡㄹ\\n"), "n.txt").decode(), end="")
    --- a/n.txt
    +++ b/n.txt
    @@ -1,2 +1,2 @@
     a
    -ㅎㅏㄴㄱㅡㄹ
    +한글
    """
    new_text = repair.text if new_text is None else new_text
    if not repair.changed:
        return b""
    name = report_path(path).lstrip("/")
    tab = "\t" if " " in name else ""  # as git writes it: GNU patch ends a name at a tab
    head = f"--- {quote_name('a/' + name)}{tab}\n+++ {quote_name('b/' + name)}{tab}\n".encode()
    lines, changes = _changes_from_edits(repair)
    if _line_safe(encoding) and not (bom and (not lines or (changes[0][0] == 0 and not changes[0][2]))):
        old = [line.encode(encoding) for line in lines]
        enc_changes = [(a, b, [line.encode(encoding) for line in new]) for a, b, new in changes]
        if bom:
            old[0] = bom + old[0]
            enc_changes = [(a, b, [bom + new[0], *new[1:]] if a == 0 else new) for a, b, new in enc_changes]
    else:  # a line of bytes is not a line of text (UTF-16), or the BOM's line goes
        old = _split(bom + repair.original.encode(encoding))
        enc_changes = _changes_by_matching(old, _split(bom + new_text.encode(encoding)))
    out = [head]
    for tag, line in _hunks(old, enc_changes, CONTEXT_LINES, b"\n"):
        if tag == "@":
            out.append(line.encode() + b"\n")
        elif tag == "\\":
            out.append(b"\n\\ No newline at end of file\n")
        else:
            out.append(tag.encode() + line)
    return b"".join(out)


def diff_for_people(repair: Repair, path: str) -> list[tuple[str, str]]:
    """The unified diff as (style, line) pairs for a terminal: the decoded text, every
    control and invisible character badged (tabs kept), line endings left out."""
    lines, changes = _changes_from_edits(repair)
    name = report_path(path).lstrip("/")
    out = [("bold", f"--- a/{visible(name)}"), ("bold", f"+++ b/{visible(name)}")]
    styles = {"@": "cyan", " ": "", "-": "red", "+": "green", "\\": "dim"}
    for tag, line in _hunks(lines, changes, CONTEXT_LINES, "\n"):
        if tag == "@":
            out.append((styles[tag], line))
        elif tag == "\\":
            out.append((styles[tag], "\\ No newline at end of file"))
        else:
            body = line[:-1] if line.endswith("\n") else line
            body = body[:-1] if body.endswith("\r") else body
            out.append((styles[tag], tag + "\t".join(visible(part) for part in body.split("\t"))))
    return out
