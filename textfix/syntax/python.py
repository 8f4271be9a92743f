"""Python, read with the standard :mod:`tokenize`: comments, string literals and
docstrings (module, class and function docstrings, without their doctest examples).
f-strings, split into several tokens since Python 3.12, are joined back into one literal
and scanned by the generic scanner, which also takes over the whole file when
:mod:`tokenize` fails.

Known limits: when :mod:`tokenize` fails (unterminated string, bad indentation) the
fallback scanner reports every literal as ``"string"`` (no docstrings).  A docstring
written as a parenthesised or ``;``-separated statement is reported as a ``"string"``.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Iterator

from textfix.syntax.base import ProseSpan, _add, _comment, _line_end
from textfix.syntax.languages import _PYTHON
from textfix.syntax.scanner import _scan_code


class _Fallback(Exception):
    pass


# Python 3.12+ splits f-strings (3.14: t-strings) into tokens: joined back into one literal here.
_FSTRING_START = {k for k, v in tokenize.tok_name.items() if v in ("FSTRING_START", "TSTRING_START")}
_FSTRING_END = {k for k, v in tokenize.tok_name.items() if v in ("FSTRING_END", "TSTRING_END")}
_DOCTEST = re.compile(r"[ \t]*>>>")


def _python(text: str) -> list[ProseSpan]:
    try:
        return _python_tokens(text)
    except (_Fallback, tokenize.TokenError, SyntaxError, ValueError):
        return _scan_code(text, _PYTHON)


class _LineReader:
    """``readline`` for :mod:`tokenize` that remembers where each line starts, to turn token
    positions (row, column) into offsets."""

    def __init__(self, text: str) -> None:
        self.text, self.n, self.pos = text, len(text), 0
        self.starts: list[int] = []

    def readline(self) -> str:
        if self.pos >= self.n:
            return ""
        e = self.text.find("\n", self.pos)
        e = self.n if e < 0 else e + 1
        self.starts.append(self.pos)
        line = self.text[self.pos:e]
        self.pos = e
        return line

    def offset(self, rc: tuple[int, int]) -> int:
        row = rc[0] - 1
        return self.starts[row] + rc[1] if row < len(self.starts) else self.n


_Token = tuple[int, str, int, int]  # (type, string, start, end): offsets for strings and comments only


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of Python source, an f-string (3.12+: several tokens) joined back into one
    STRING; raise :class:`_Fallback` where 3.11 marks an unterminated string."""
    lines = _LineReader(text)
    fdepth = 0
    fstart = 0
    for tok in tokenize.generate_tokens(lines.readline):
        typ = tok.type
        if typ in _FSTRING_START:
            if fdepth == 0:
                fstart = lines.offset(tok.start)
            fdepth += 1
        elif fdepth:
            if typ in _FSTRING_END:
                fdepth -= 1
                if fdepth == 0:
                    yield tokenize.STRING, "", fstart, lines.offset(tok.end)
        elif typ == tokenize.ERRORTOKEN and tok.string[:1] in "'\"":
            raise _Fallback
        elif typ in (tokenize.STRING, tokenize.COMMENT):
            yield typ, tok.string, lines.offset(tok.start), lines.offset(tok.end)
        else:
            yield typ, tok.string, 0, 0


def _python_tokens(text: str) -> list[ProseSpan]:
    out: list[ProseSpan] = []
    logical: list[_Token] = []
    want_doc = True  # the next logical line may be a docstring (module start, after a def/class header)
    for typ, string, a, b in _tokens(text):
        if typ == tokenize.COMMENT:
            if a or not string.startswith("#!"):
                _comment(out, text, a + 1, b, "\n\r", strip="#")
        elif typ in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if logical:
                want_doc = _logical_line(text, logical, want_doc, out)
                logical = []
        elif typ in (tokenize.STRING, tokenize.NAME, tokenize.OP, tokenize.NUMBER):
            logical.append((typ, string, a, b))
    return out


def _header_docs(toks: list[_Token]) -> tuple[range, bool]:
    """For a ``def``/``class`` line: (the tokens that are a one-line docstring after its
    colon, whether the next line may be a docstring)."""
    depth = 0
    for k, (typ, s, _a, _b) in enumerate(toks):
        if typ != tokenize.OP:
            continue
        if s in "([{":
            depth += 1
        elif s in ")]}":
            depth -= 1
        elif s == ":" and depth == 0:
            rest = toks[k + 1:]
            if rest and all(t[0] == tokenize.STRING for t in rest):
                return range(k + 1, len(toks)), False
            return range(0), not rest
    return range(0), False


def _logical_line(text: str, toks: list[_Token], want_doc: bool, out: list[ProseSpan]) -> bool:
    """Add the strings of one logical line; return whether the next line may be a docstring."""
    docs: range = range(0)
    next_doc = False
    first = toks[0][1]
    if all(t[0] == tokenize.STRING for t in toks):
        docs = range(len(toks)) if want_doc else docs
    elif first in ("def", "class") or (first == "async" and len(toks) > 1 and toks[1][1] == "def"):
        docs, next_doc = _header_docs(toks)
    for k, (typ, _s, a, b) in enumerate(toks):
        if typ != tokenize.STRING:
            continue
        for s in _scan_code(text[a:b], _PYTHON):
            s = s._replace(start=s.start + a, end=s.end + a)
            if k in docs:
                _docstring(text, s, out)
            else:
                out.append(s)
    return next_doc


def _docstring(text: str, s: ProseSpan, out: list[ProseSpan]) -> None:
    """A docstring's content, without its doctest examples (``>>>`` up to a blank line)."""
    a, end = s.start, s.end
    keep = a
    pos = a
    in_test = False
    while pos < end:
        e = min(_line_end(text, pos), end)
        if _DOCTEST.match(text, pos, e):
            if not in_test:
                _add(out, keep, pos, "docstring", s.forbidden, text)
            in_test = True
        elif (in_test and text[pos:e].isspace()) or (in_test and pos == e):
            in_test = False
            keep = pos
        pos = e + 1
    if not in_test:
        _add(out, keep, end, "docstring", s.forbidden, text)
