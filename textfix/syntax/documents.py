"""Lightweight markup documents: Markdown (YAML front matter read as YAML), reStructuredText,
and Python packages' core metadata (``PKG-INFO``, ``METADATA``: the description after the
header lines, in the markup its ``Description-Content-Type`` names). Their prose is the
text, without code (fenced and indented blocks, code spans, code directives, literal and
doctest blocks), URLs, tags, link destinations, directive lines and adornments.

Known limits: in Markdown, link reference definitions are not prose; a backslash-escaped
backtick still counts for code spans; HTML blocks are prose apart from their tags.  In
reStructuredText every backtick construct (roles, interpreted text, hyperlink references)
is skipped, and directive lines (``.. name:: args``) with them.
"""

from __future__ import annotations

import re

from textfix.syntax.base import ProseSpan, _add, _line_end, _trimmed
from textfix.syntax.config import _yaml

_MD_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_MD_LIST = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_MD_INLINE = re.compile(
    r"https?://[^\s<>`]*|www\.[^\s<>`]*"  # bare URLs
    r"|\]\([^)\s`]*(?:[ \t]+\"[^\"\n`]*\"?)?\)?"  # link destinations
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@`]+@[^<>\s`]+>"  # autolinks
    r"|<!--|-->"  # comment markers (the comment is prose)
    r"|</?[A-Za-z][^<>`]*>"  # tags
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*",  # link reference definitions
    re.M,
)
_MD_FORBIDDEN = "`\\"
_MD_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_RST_ADORNMENT = re.compile(r"[ \t]*([=\-`:'\"~^_*+#<>.])\1{2,}[ \t]*\r?$")
_RST_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+(?:([\w:+.-]+)::|_|\|)")
_RST_FIELD = re.compile(r"[ \t]*:[^:\n`]+:(?=[ \t]|\r?$)")
_RST_ROLE = re.compile(r":[\w:+.-]{1,40}:$")
#: Directives whose body is code or data, not prose.
RST_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "literalinclude", "math", "raw",
                                 "highlight", "doctest", "testcode", "testoutput", "ipython",
                                 "jupyter-execute", "graphviz", "mermaid", "include", "image",
                                 "productionlist", "parsed-literal", "autofunction", "automodule",
                                 "autoclass"})
_URL = re.compile(r"https?://[^\s<>`]*|www\.[^\s<>`]*")


def _lines(text: str, start: int = 0):
    """(start, end without the newline) of each line."""
    n = len(text)
    i = start
    while i < n:
        e = _line_end(text, i)
        yield i, e
        i = e + 1


def _indent(text: str, a: int, e: int) -> int:
    k = a
    width = 0
    while k < e and text[k] in " \t":
        width += 4 - width % 4 if text[k] == "\t" else 1
        k += 1
    return width if k < e and not text[k:e].isspace() else -1


def _markdown(text: str) -> list[ProseSpan]:
    """Markdown: the text, without code (fenced, indented, spans), URLs, tags and link
    destinations; front matter read as YAML."""
    out: list[ProseSpan] = []
    start = _front_matter(text, out)
    fence = ""
    para = -1  # start of the current run of prose lines
    prev_blank = True
    in_code = False  # in an indented code block
    in_list = False
    for a, e in _lines(text, start):
        ind = _indent(text, a, e)
        if fence:
            fence = _fence_goes_on(text, a, e, fence)
            prev_blank = False
            continue
        if ind < 0:  # blank: a paragraph ends
            if para >= 0:
                _md_inline(text, para, a, out)
                para = -1
            prev_blank = True
            continue
        fm = _MD_FENCE.match(text, a, e)
        if fm and not (fm.group(1)[0] == "`" and "`" in text[fm.end():e]):
            if para >= 0:
                _md_inline(text, para, a, out)
                para = -1
            fence = fm.group(1)
            in_code = False
            continue
        if ind >= 4 and not in_list and (prev_blank or in_code):
            in_code = True
            prev_blank = False
            continue
        in_code = False
        if _MD_LIST.match(text, a, e):
            in_list = True
        elif ind < 2 and prev_blank:
            in_list = False
        if para < 0:
            para = a
        prev_blank = False
    if para >= 0 and not fence:
        _md_inline(text, para, len(text), out)
    return out


def _front_matter(text: str, out: list[ProseSpan]) -> int:
    """YAML front matter (``---`` ... ``---``) read as YAML: where the Markdown starts."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        m = _MD_FRONT_END.search(text, 4)
        if m:
            out.extend(_yaml(text[:m.start()]))
            return min(len(text), m.end() + 1)
    return 0


def _fence_goes_on(text: str, a: int, e: int, fence: str) -> str:
    """The open fence after the line ``text[a:e]`` ("" when the line closes it)."""
    fm = _MD_FENCE.match(text, a, e)
    if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
        return fence if text[fm.end():e].strip() else ""
    return fence


def _code_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Backtick code spans in ``text[a:b]``: a run of n backticks closes at the next run of n."""
    runs = [(m.start(), m.end()) for m in re.finditer("`+", text[a:b])]
    nxt = [-1] * len(runs)
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        length = runs[k][1] - runs[k][0]
        nxt[k] = last.get(length, -1)
        last[length] = k
    spans = []
    k = 0
    while k < len(runs):
        if nxt[k] >= 0:
            spans.append((a + runs[k][0], a + runs[nxt[k]][1]))
            k = nxt[k] + 1
        else:
            k += 1
    return spans


def _gaps(text: str, a: int, b: int, excluded: list[tuple[int, int]], kind: str, forbidden: str,
          out: list[ProseSpan]) -> None:
    """Add the stretches of ``text[a:b]`` outside the ``excluded`` intervals, trimmed."""
    excluded.sort()
    pos = a
    for s, t in excluded:
        if t <= pos:
            continue
        if s > pos:
            _add(out, *_trimmed(text, pos, min(s, b)), kind, forbidden, text)
        pos = max(pos, t)
    if pos < b:
        _add(out, *_trimmed(text, pos, b), kind, forbidden, text)


def _md_inline(text: str, a: int, b: int, out: list[ProseSpan]) -> None:
    excluded = _code_spans(text, a, b)
    excluded.extend(m.span() for m in _MD_INLINE.finditer(text, a, b))
    _gaps(text, a, b, excluded, "text", _MD_FORBIDDEN, out)


def _rst(text: str) -> list[ProseSpan]:
    """reStructuredText: the text, without literal blocks (after ``::``), code directives,
    doctest blocks, inline literals and roles, URLs, directive lines and adornments."""
    out: list[ProseSpan] = []
    excluded: list[tuple[int, int]] = []
    literal_after = -1  # lines indented more than this are a literal block
    pending_literal = -1  # indent of a paragraph that ended with ::
    doctest = False
    for a, e in _lines(text):
        ind = _indent(text, a, e)
        if ind < 0:
            excluded.append((a, a))  # paragraphs are apart
            doctest = False
            if pending_literal >= 0:
                literal_after, pending_literal = pending_literal, -1
            continue
        if literal_after >= 0:
            if ind > literal_after:
                excluded.append((a, e))
                continue
            literal_after = -1
        if doctest or text.startswith(">>>", a + len(text[a:e]) - len(text[a:e].lstrip())):
            doctest = True
            excluded.append((a, e))
            continue
        dm = _RST_DIRECTIVE.match(text, a, e)
        if dm:
            excluded.append((a, e))
            name = (dm.group(1) or "").lower()
            if name in RST_CODE_DIRECTIVES:
                literal_after = ind
            continue
        if _RST_ADORNMENT.match(text, a, e):
            excluded.append((a, e))
            continue
        fm = _RST_FIELD.match(text, a, e)
        if fm:
            excluded.append((a, fm.end()))
        if text[a:e].rstrip().endswith("::"):
            pending_literal = ind
    _rst_inline(text, excluded)
    _gaps(text, 0, len(text), excluded, "text", "`\\", out)
    return out


def _rst_inline(text: str, excluded: list[tuple[int, int]]) -> None:
    """Inline literals, roles, interpreted text and references (every backtick construct)."""
    n = len(text)
    pos = 0
    while True:
        j = text.find("`", pos)
        if j < 0:
            break
        mark = "``" if text.startswith("``", j) else "`"
        k = text.find(mark, j + len(mark))
        if k < 0:
            break
        s, t = j, k + len(mark)
        rm = _RST_ROLE.search(text, max(0, j - 42), j)
        if rm:
            s = rm.start()
        while t < n and text[t] == "_" and t - k - len(mark) < 2:
            t += 1
        excluded.append((s, t))
        pos = t
    excluded.extend(m.span() for m in _URL.finditer(text))


_METADATA_FIRST_RE = re.compile(r"Metadata-Version:[ \t]*[0-9]")
_HEADERS_END_RE = re.compile(r"\r?\n\r?\n")
_MARKDOWN_TYPE_RE = re.compile(r"^Description-Content-Type:[ \t]*text/markdown", re.M | re.I)


def _pkg_info(text: str) -> list[ProseSpan]:
    """A package's core metadata (``PKG-INFO``, ``METADATA``): the header lines are data
    (names, versions, classifiers); the description after the first blank line is
    reStructuredText, or Markdown when ``Description-Content-Type`` says so (the default is
    reStructuredText).  A file of that name that does not open with ``Metadata-Version`` is
    plain text.

    >>> src = "Metadata-Version: 2.1\\nName: jamo\\n\\nSplits 한글::\\n\\n    ㅎㅏㄴㄱㅡㄹ\\n"
    >>> [src[s.start:s.end] for s in _pkg_info(src)]
    ['Splits 한글::']
    """
    if not _METADATA_FIRST_RE.match(text):
        return [ProseSpan(0, len(text), "text", "")] if text.strip() else []
    m = _HEADERS_END_RE.search(text)
    if m is None:
        return []
    start = m.end()
    body = text[start:]
    spans = _markdown(body) if _MARKDOWN_TYPE_RE.search(text, 0, m.start()) else _rst(body)
    return [ProseSpan(sp.start + start, sp.end + start, sp.kind, sp.forbidden) for sp in spans]
