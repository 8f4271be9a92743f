"""Data files: JSON (JSON lines, JSON with comments) and Jupyter notebooks, whose prose is
their string values (never keys), and gettext PO catalogues, whose prose is the
``msgstr`` strings and translator comments.

Known limits: ``.ipynb`` notebooks have their own syntax: only the ``source`` of markdown
and raw cells is prose (code cells and outputs are not scanned for comments).
"""

from __future__ import annotations

import re

from textfix.syntax.base import ProseSpan, _add, _comment, _line_end, _trimmed
from textfix.syntax.languages import _Str
from textfix.syntax.strings import _body

_JSON_STR = _Str()
_JSON_FORBIDDEN = '"\\\n\r'
_JSON_INTEREST = re.compile(r'["{}\[\],:/]')


def _json(text: str, notebook: bool = False) -> list[ProseSpan]:
    """String values of JSON (JSON lines, JSON with comments); keys never.  In a notebook
    only the ``source`` of markdown and raw cells."""
    out: list[ProseSpan] = []
    n = len(text)
    # a frame: [kind, key in parent, current key, cell type]
    stack: list[list[str]] = []
    expect_key = False
    i = 0
    while i < n:
        m = _JSON_INTEREST.search(text, i)
        if m is None:
            break
        j = m.start()
        c = text[j]
        i = j + 1
        if c in "{[":
            member = stack[-1][2] if stack and stack[-1][0] == "{" else ""
            stack.append([c, member, "", ""])
            expect_key = c == "{"
        elif c in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif c == ",":
            expect_key = bool(stack) and stack[-1][0] == "{"
        elif c == ":":
            expect_key = False
        elif c == "/":
            i = _slash_comment(text, j, out)
        else:
            tmp: list[ProseSpan] = []
            i = _body(text, j + 1, '"', _JSON_STR, tmp, [])
            inner = text[j + 1:i - 1] if text[i - 1:i] == '"' and i > j + 1 else ""
            in_object = bool(stack) and stack[-1][0] == "{"
            if expect_key and in_object:
                stack[-1][2] = inner
                continue
            if not notebook or _notebook_prose(stack, in_object, inner):
                out.extend(s._replace(forbidden=_JSON_FORBIDDEN) for s in tmp)
    return out


def _slash_comment(text: str, j: int, out: list[ProseSpan]) -> int:
    """A ``//`` or ``/* */`` comment at ``j`` (JSON with comments): where it ends."""
    if text.startswith("//", j):
        end = _line_end(text, j)
        _comment(out, text, j + 2, end, "\n\r", strip="/")
        return end
    if text.startswith("/*", j):
        k = text.find("*/", j + 2)
        end = len(text) if k < 0 else k
        _comment(out, text, j + 2, end, "*/", strip="*")
        return min(len(text), end + 2)
    return j + 1


def _notebook_prose(stack: list[list[str]], in_object: bool, value: str) -> bool:
    """Whether a string value in a notebook is the source of a markdown or raw cell (and
    note the cell's type when this is it)."""
    if in_object and stack[-1][2] == "cell_type":
        stack[-1][3] = value
    member = stack[-1][2] if in_object else stack[-1][1] if stack else ""
    owner = stack[-1] if in_object else stack[-2] if len(stack) > 1 else None
    return member == "source" and owner is not None and owner[3] in ("markdown", "raw")


_PO_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*")
_PO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"?')


def _po(text: str) -> list[ProseSpan]:
    """gettext PO: ``msgstr`` strings and translator comments (``# ...``).  Never ``msgid``,
    ``msgctxt``, flags (``#,``), references (``#:``), obsolete entries, nor the header."""
    out: list[ProseSpan] = []
    n = len(text)
    i = 0
    current = ""
    msgid_empty = True
    while i < n:
        e = _line_end(text, i)
        a, _b = _trimmed(text, i, e)
        if a < e:
            if text[a] == "#":
                current = ""
                nxt = text[a + 1:a + 2]
                if nxt in ("", " ", "\t", "\r"):
                    _comment(out, text, a + 1, e, "\n\r")
            else:
                m = _PO_KEYWORD.match(text, a)
                p = a
                if m:
                    current = m.group(1)
                    p = m.end()
                    if current == "msgid":
                        msgid_empty = True
                if text.startswith('"', p) and current:
                    sm = _PO_STRING.match(text, p)
                    if current == "msgid" and sm.end() - p > 2:
                        msgid_empty = False
                    if current.startswith("msgstr") and not msgid_empty:
                        _add(out, p + 1, p + 1 + len(sm.group(1)), "string", '"\\\n\r', text)
                elif not m:
                    current = ""
        i = e + 1
    return out
