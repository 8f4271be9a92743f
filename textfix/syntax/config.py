"""Configuration files: YAML, TOML, INI / cfg and Java ``.properties``.  Their prose is
comments and values (quoted, plain and block scalars in YAML; strings in TOML); keys,
section and table names, anchors, tags and aliases never are.

Known limits:

- YAML: multi-line plain scalars are prose on their first line only; values in flow
  collections (``[a, b]``, ``{k: v}``) and complex keys (``? k``) are not prose.  A
  plain scalar's forbidden set includes the quotes because one inserted at its start
  would make it a quoted scalar.
- TOML: table headers are skipped to their first ``]``.  INI values keep their inline
  ``; comment`` (dialects disagree on it).
"""

from __future__ import annotations

import re

from textfix.syntax.base import _BREAK, ProseSpan, _add, _comment, _line_end, _trimmed
from textfix.syntax.languages import _Str
from textfix.syntax.strings import _body

_YAML_DQ = re.compile(r'"(?:[^"\\]|\\.)*"?', re.S)
_YAML_SQ = re.compile(r"'(?:[^']|'')*'?")
_YAML_PLAIN_FORBIDDEN = "\n\r#:\"'"
_YAML_BREAK = _BREAK


class _YamlQuotes:
    """Quoted scalars (they may span lines); once one ran to the end unclosed, later ones
    of the same quote are taken to end at their line, so that the scan stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.unclosed = {'"': len(text) + 1, "'": len(text) + 1}

    def match(self, p: int) -> tuple[int, int, bool]:
        """(content end, scalar end, closed) of the quoted scalar at ``p``."""
        text = self.text
        q = text[p]
        e = _line_end(text, p)
        if p > self.unclosed[q]:
            k = text.find(q, p + 1, e)
            return (e, e, False) if k < 0 else (k, k + 1, True)
        end = (_YAML_DQ if q == '"' else _YAML_SQ).match(text, p).end()
        if end - p >= 2 and text[end - 1] == q:
            return end - 1, end, True
        self.unclosed[q] = p
        return e, e, False


def _yaml(text: str) -> list[ProseSpan]:
    """YAML: comments, quoted scalars, plain scalar values (after ``key:`` or ``-``) and
    block scalars; keys, anchors, tags and aliases never."""
    out: list[ProseSpan] = []
    quotes = _YamlQuotes(text)
    n = len(text)
    block = -1  # inside a block scalar: lines indented more than this are its content
    i = 0
    while i < n:
        e = _line_end(text, i)
        k = i
        while k < e and text[k] == " ":
            k += 1
        indent = k - i
        blank = k == e or text[k:e].isspace()
        if block >= 0:
            if blank or indent > block:
                _add(out, *_trimmed(text, k, e), "string", "\n\r", text)
                i = e + 1
                continue
            block = -1
        if blank:
            i = e + 1
            continue
        i, block = _yaml_line(text, k, e, indent, out, quotes)
    return out


def _yaml_comment(text: str, p: int, e: int, out: list[ProseSpan]) -> None:
    """A comment in ``text[p:e]`` that starts at ``p`` or after a blank."""
    c = p if text.startswith("#", p) else text.find(" #", p, e)
    if c >= 0:
        c += 0 if text[c] == "#" else 1
        _comment(out, text, c + 1, e, "\n\r", strip="#")


def _yaml_markers(text: str, p: int, e: int, line_start: int) -> tuple[int, int, bool]:
    """Skip a document marker and sequence dashes: (the node's start, its column, whether it
    may be a bare scalar)."""
    seq = False
    if text.startswith(("---", "..."), p) and text[p + 3:p + 4] in _YAML_BREAK:
        p += 3
        seq = True
    node = p - line_start
    while p < e:
        while p < e and text[p] in " \t":
            p += 1
        if not (text.startswith("-", p) and text[p + 1:p + 2] in _YAML_BREAK):
            break
        node = p - line_start
        seq = True
        p += 1
    return p, node, seq


def _yaml_key_end(text: str, p: int, e: int, quotes: _YamlQuotes) -> int:
    """Where the value starts after the key at ``p`` (its colon skipped), or -1 for no key."""
    if text[p] in "\"'":
        _content_end, q_end, closed = quotes.match(p)
        after = q_end
        while after < e and text[after] in " \t":
            after += 1
        is_key = closed and q_end <= e and text.startswith(":", after)
        return after + 1 if is_key and text[after + 1:after + 2] in _YAML_BREAK else -1
    colon = _yaml_key_colon(text, p, e)
    return colon + 1 if colon >= 0 else -1


def _yaml_line(text: str, p: int, e: int, indent: int, out: list[ProseSpan],
               quotes: _YamlQuotes) -> tuple[int, int]:
    """One line from its first non-blank ``p``: (where the next line starts, block scalar indent)."""
    line_start = p - indent
    p, node, seq = _yaml_markers(text, p, e, line_start)
    if p >= e or text[p] in "%[{?":
        return e + 1, -1
    if text[p] == "#":
        _yaml_comment(text, p, e, out)
        return e + 1, -1
    value = _yaml_key_end(text, p, e, quotes)
    if value < 0:
        if seq or text[p] in "\"'":
            return _yaml_value(text, p, e, node, out, quotes)
        _yaml_comment(text, p, e, out)
        return e + 1, -1
    node = p - line_start
    while value < e and text[value] in " \t":
        value += 1
    if value >= e:
        return e + 1, -1
    return _yaml_value(text, value, e, node, out, quotes)


def _yaml_key_colon(text: str, p: int, e: int) -> int:
    """The colon ending a plain key on this line (before any comment), or -1."""
    comment = text.find(" #", p, e)
    limit = e if comment < 0 else comment
    best = -1
    for probe in (": ", ":\t"):
        k = text.find(probe, p, limit)
        if k >= 0 and (best < 0 or k < best):
            best = k
    if best < 0:
        t = limit
        while t > p and text[t - 1] in " \t\r":
            t -= 1
        if t > p and text[t - 1] == ":":
            best = t - 1
    return best


def _yaml_value(text: str, p: int, e: int, node: int, out: list[ProseSpan],
                quotes: _YamlQuotes) -> tuple[int, int]:
    while p < e and text[p] in "&!":  # anchors and tags
        while p < e and text[p] not in " \t\r":
            p += 1
        while p < e and text[p] in " \t":
            p += 1
    if p >= e:
        return e + 1, -1
    c = text[p]
    if c == "#":
        _yaml_comment(text, p, e, out)
        return e + 1, -1
    if c in "*[{":
        return e + 1, -1
    if c in "|>":
        _yaml_comment(text, p, e, out)
        return e + 1, node
    if c in "\"'":
        content_end, q_end, _closed = quotes.match(p)
        _add(out, p + 1, content_end, "string", '"\\' if c == '"' else "'", text)
        le = _line_end(text, q_end)
        _yaml_comment(text, q_end, le, out)
        return le + 1, -1
    comment = text.find(" #", p, e)
    end = e if comment < 0 else comment
    _add(out, *_trimmed(text, p, end), "string", _YAML_PLAIN_FORBIDDEN, text)
    if comment >= 0:
        _comment(out, text, comment + 2, e, "\n\r", strip="#")
    return e + 1, -1


_TOML_INTEREST = re.compile(r"[\"'#\[\]{}=,\n]")
_TOML_HEADER = re.compile(r"\[\[?(?:[^\]\n\"']|\"[^\"\n]*\"|'[^'\n]*')*\]?\]?")
_TOML_SPECS = {'"': _Str(), "'": _Str(escape=""), '"""': _Str(multiline=True),
               "'''": _Str(escape="", multiline=True)}


def _toml(text: str) -> list[ProseSpan]:
    """TOML: comments and string values (in arrays and inline tables too); keys never."""
    out: list[ProseSpan] = []
    n = len(text)
    stack: list[str] = []
    expect_key = True
    i = 0
    while i < n:
        m = _TOML_INTEREST.search(text, i)
        if m is None:
            break
        j = m.start()
        c = text[j]
        i = j + 1
        if c == "\n":
            if not stack or stack[-1] == "{":
                stack.clear()
                expect_key = True
        elif c == "#":
            i = _line_end(text, j)
            _comment(out, text, j + 1, i, "\n\r", strip="#")
        elif c in "=]}":
            if c != "=" and stack:
                stack.pop()
            expect_key = False
        elif c in "\"'":
            close = c * 3 if text.startswith(c * 3, j) else c
            tmp: list[ProseSpan] = []
            i = _body(text, j + len(close), close, _TOML_SPECS[close], tmp, [])
            if not expect_key:
                out.extend(tmp)
        elif c == "[" and expect_key and not stack:
            i = _TOML_HEADER.match(text, j).end()
        elif c in "[{":
            stack.append(c)
            expect_key = c == "{"
        elif c == ",":
            expect_key = bool(stack) and stack[-1] == "{"
    return out


_INI_SEP = re.compile(r"[=:]")
_PROP_KEY = re.compile(r"(?:[^\\=:\s]|\\.)*")
_PROP_SEP = re.compile(r"[ \t]*[=:]?[ \t]*")


def _ini(text: str, properties: bool = False) -> list[ProseSpan]:
    """INI / cfg / .properties: comments and values; section names and keys never."""
    out: list[ProseSpan] = []
    n = len(text)
    i = 0
    in_value = False  # the previous line was a key line (an indented line without "=" continues it)
    continued = False  # .properties: the previous line ended with a backslash
    forbidden = "\n\r\\" if properties else "\n\r"
    while i < n:
        e = _line_end(text, i)
        start = i
        a, b = _trimmed(text, i, e)
        i = e + 1
        if a == b:
            in_value = continued = False
            continue
        first = text[a]
        if properties:
            sep = -1 if continued else _PROP_KEY.match(text, a, b).end()
        else:
            sm = _INI_SEP.search(text, a, b)
            sep = sm.start() if sm else -1
        if continued or (not properties and in_value and sep < 0 and a > start):
            _add(out, a, b - (1 if properties and text[b - 1] == "\\" else 0), "string", forbidden, text)
            continued = properties and text[b - 1] == "\\"
            continue
        in_value = continued = False
        if first in ("#!" if properties else "#;"):
            _comment(out, text, a + 1, b, "\n\r", strip=first)
        elif first == "[" and not properties:
            pass
        elif 0 <= sep < b or (properties and sep == b):
            v = _PROP_SEP.match(text, sep, b).end() if properties else sep + 1
            v, end = _trimmed(text, v, b - (1 if properties and text[b - 1] == "\\" else 0))
            if end - v >= 2 and text[v] in "\"'" and text[end - 1] == text[v]:
                v, end = v + 1, end - 1
            _add(out, v, end, "string", forbidden, text)
            in_value = True
            continued = properties and text[b - 1] == "\\"
    return out
