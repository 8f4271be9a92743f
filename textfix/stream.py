"""Big plain-text files, repaired as a stream of paragraph windows in flat memory.

:func:`repair_stream` reads text in paragraphs (split at blank lines), gathers them into
windows of about ``window`` characters, and repairs each window together with up to
``overlap`` characters of the paragraphs before and after it (whole paragraphs, read as
context: their own changes are made in their own window).  Memory is that of one window
and its context, whatever the size of the file.

Every stage reads a line, a paragraph, or (for quotes) a few hard-wrapped lines, so a file
repairs exactly as it would whole whenever its windows are larger than the passages that
hold evidence for each other.  What a window does not see beyond its context:

- **dropped text** (TF401, TF403): an intact copy of a passage, or a phrase quoted intact, is
  evidence only within the window and its context (a reference copy, ``reference=``, is
  evidence everywhere: it is given whole);
- **visual-order RTL** (TF302): the other right-to-left lines that add to a line's score;
- **right-to-left intent** (whether bidi marks are the text's own) and the work budgets,
  which are sized by the window rather than the file;
- **suppression comments**: ``textfix: ignore`` works on its line; ``textfix: ignore-file``
  applies to the whole stream when the reader can seek (it is looked for first), else from
  the window where it stands on.

>>> import io
>>> out = io.StringIO()
>>> s = repair_stream(io.StringIO("¹®ÀÚ ±úÁü\\n\\nㅎㅏㄴㄱㅡㄹ 문서\\n"), out, window=8)
>>> out.getvalue(), s.windows, s.changed
('문자 깨짐\\n\\n한글 문서\\n', 2, True)
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from textfix.config import Config
from textfix.model import Finding
from textfix.suppress import MARKER

#: Characters a window holds before it is repaired (its paragraphs are kept whole).
WINDOW = 1 << 20
#: Characters of context read before and after a window.
OVERLAP = 1 << 14
#: Characters read from the reader at once.
READ = 1 << 16
#: A paragraph break: a newline, blank space, a newline.
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_FILE_DIRECTIVE = re.compile(r"textfix:[ \t]*ignore-file(?:\[[^\]\n]*\])?")


@dataclass
class StreamSummary:
    """What :func:`repair_stream` did."""

    chars: int = 0
    windows: int = 0
    changed: bool = False
    findings: int = 0
    applied: int = 0
    #: The file-wide suppressions found ahead (seekable readers) or on the way.
    directives: list[str] = field(default_factory=list)


def paragraphs(chunks: Iterable[str]) -> Iterator[str]:
    """The paragraphs of the text ``chunks`` spell, each with the break after it (joined,
    they give the text back).

    >>> list(paragraphs(["a\\nb\\n", "\\nc\\n\\n", "\\nd"]))
    ['a\\nb\\n\\n', 'c\\n\\n\\n', 'd']
    """
    rest = ""
    for chunk in chunks:
        rest += chunk
        pos = 0
        while True:
            m = _BREAK.search(rest, pos)
            if m is None or m.end() == len(rest):
                break  # a break at the very end may go on in the next chunk
            end = m.end()
            while end < len(rest) and rest[end] == "\n":
                end += 1  # more blank lines belong to the same break
            if end == len(rest):
                break
            yield rest[pos:end]
            pos = end
        rest = rest[pos:]
    if rest:
        yield rest


def _read(reader: IO[str] | Iterable[str], size: int) -> Iterator[str]:
    if hasattr(reader, "read"):
        while True:
            chunk = reader.read(size)  # type: ignore[union-attr]
            if not chunk:
                return
            yield chunk
    else:
        yield from reader  # type: ignore[misc]


def _directives_ahead(reader: Any, size: int) -> list[str]:
    """The ``ignore-file`` directives of a seekable reader (read once, then rewound)."""
    try:
        if not reader.seekable():
            return []
        start = reader.tell()
    except (AttributeError, OSError, ValueError):
        return []
    found: list[str] = []
    tail = ""
    for chunk in _read(reader, size):
        text = tail + chunk
        if MARKER in text:
            found += [m.group() for m in _FILE_DIRECTIVE.finditer(text) if m.group() not in found]
        tail = text[-64:]
    reader.seek(start)
    return found


def repair_stream(reader: IO[str] | Iterable[str], writer: IO[str] | Callable[[str], Any], *,
                  window: int = WINDOW, overlap: int = OVERLAP, reference: str | None = None,
                  findings: Callable[[Finding], None] | None = None, config: Config | None = None,
                  **options: Any) -> StreamSummary:
    """Repair the text ``reader`` gives (a text file, or an iterable of strings) into
    ``writer`` (a text file, or a function taking strings), window by window.

    ``findings`` receives each finding of the text (offsets in characters of the whole
    stream).  The keywords are :func:`textfix.repair`'s options.
    """
    from textfix import pipeline

    cfg = (config or Config()).replace(**options) if options else (config or Config())
    write = writer.write if hasattr(writer, "write") else writer  # type: ignore[union-attr]
    summary = StreamSummary()
    summary.directives = _directives_ahead(reader, READ)
    before: deque[str] = deque()  # paragraphs already written, kept as context
    before_chars = 0
    pending: deque[str] = deque()  # paragraphs read ahead
    pending_chars = 0
    offset = 0  # characters of the stream read into windows so far
    skip = 0  # characters of the next window an edit of the last one already replaced
    source = paragraphs(_read(reader, READ))
    exhausted = False

    while True:
        while not exhausted and pending_chars < window + overlap:
            para = next(source, None)
            if para is None:
                exhausted = True
                break
            pending.append(para)
            pending_chars += len(para)
        if not pending:
            break
        body: list[str] = []
        size = 0
        while pending and (not body or size + len(pending[0]) <= window):
            para = pending.popleft()
            body.append(para)
            size += len(para)
            pending_chars -= len(para)
        after, after_chars = [], 0
        for para in pending:
            if after_chars >= overlap:
                break
            after.append(para)
            after_chars += len(para)
        window_text = "".join(body)
        context = "".join(before)
        new_directives = [m.group() for m in _FILE_DIRECTIVE.finditer(window_text)
                          if m.group() not in summary.directives] if MARKER in window_text else []
        summary.directives += new_directives
        text = context + window_text + "".join(after)
        repaired, carry = _window(pipeline, text, len(context), len(context) + len(window_text), skip,
                                  cfg, reference, summary, offset, findings)
        write(repaired)
        summary.chars += len(window_text)
        summary.windows += 1
        summary.changed |= repaired != window_text[skip:]
        offset += len(window_text)
        skip = carry
        for para in body:
            before.append(para)
            before_chars += len(para)
        while before and before_chars - len(before[0]) >= overlap:
            before_chars -= len(before.popleft())
        if before_chars > overlap and len(before) == 1:
            before.clear()  # one paragraph longer than the context: none
            before_chars = 0
    return summary


def _window(pipeline: Any, text: str, start: int, end: int, skip: int,  # noqa: PLR0913, PLR0917 - a window's state
            config: Config,
            reference: str | None, summary: StreamSummary, offset: int,
            findings: Callable[[Finding], None] | None) -> tuple[str, int]:
    """The repaired ``text[start + skip:end]`` (the ``skip`` characters after ``start``
    were replaced by the window before), its context around it; and how many characters
    after ``end`` an edit of this window replaced (the next window skips them).  An edit
    belongs to the window it starts in."""
    directives = "\n".join(summary.directives)
    r = pipeline.run(text, config, reference, directives=directives or None)
    out, pos = [], start + skip
    for e in r.edits:
        if e.start < pos or e.start >= end or (e.start == e.end == end and end < len(text)):
            continue  # the context's own (an insertion at the very end is the next window's)
        out += [text[pos:e.start], e.replacement]
        pos = e.end
    out.append(text[pos:end])
    for f in r.findings:
        if start + skip <= f.start < end or (f.start == f.end == end == len(text)):
            summary.findings += 1
            summary.applied += f.applied
            if findings is not None:
                findings(_shifted(f, offset - start))
    return "".join(out), max(0, pos - end)


def _shifted(f: Finding, by: int) -> Finding:
    from textfix.model import Edit

    return f.with_(start=f.start + by, end=f.end + by,
                   edits=tuple(Edit(e.start + by, e.end + by, e.replacement, e.codes) for e in f.edits))
