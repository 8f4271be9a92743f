"""String literals in code: where one opens (its prefix and delimiter: raw, bytes,
interpolated, Rust/Swift hashes, C++ raw strings) and how its body reads, with escapes,
interpolation fields (``{x}``, ``${x}``, ``#{x}``, ``\\(x)``, shell ``$(x)``) and
expansions (``$name``) cut out of the prose.  Used by the code scanner and by the JSON and
TOML scanners.
"""

from __future__ import annotations

import re
from functools import cache

from textfix.syntax.base import ProseSpan, _add
from textfix.syntax.languages import _Lang, _Str

_CPP_RAW = re.compile(r'"([^()\\\s"]{0,16})\(')
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SH_SPECIAL = "@*#?$!-0123456789"


class _Frame:
    """A string whose interpolation field is being scanned as code."""

    __slots__ = ("close", "closer", "depth", "opener", "spec")

    def __init__(self, close: str, spec: _Str, opener: str, closer: str) -> None:
        self.close, self.spec, self.opener, self.closer, self.depth = close, spec, opener, closer, 0


_INTERP_CHARS = {"${": "$", "$": "$", "sh": "$`", "php": "${", "#{": "#", "{": "{}", "\\(": "\\"}


@cache
def _body_re(close0: str, spec: _Str) -> re.Pattern[str]:
    chars = {close0, *spec.escape, *_INTERP_CHARS.get(spec.interp, "")}
    if not spec.multiline:
        chars.add("\n")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@cache
def _forbidden(close: str, spec: _Str) -> str:
    chars = close + spec.escape + "\\" + ("" if spec.multiline else "\n\r")
    chars += _INTERP_CHARS.get(spec.interp, "").replace("\\", "")
    return "".join(dict.fromkeys(chars))


def _body(text: str, pos: int, close: str, spec: _Str, out: list[ProseSpan], stack: list[_Frame]) -> int:
    """Scan a string's content from ``pos``: add its prose, return where code resumes (after
    the closing quote, at the end of the line, or inside an interpolation field, with a
    frame pushed on ``stack``)."""
    n = len(text)
    emit = spec.prose and not stack
    forbidden = _forbidden(close, spec)
    rx = _body_re(close[0], spec)
    cstart = pos
    while True:
        m = rx.search(text, pos)
        j = n if m is None else m.start()
        if m is None or (text[j] == "\n" and not spec.multiline):
            if emit:
                _add(out, cstart, j, "string", forbidden, text)
            return j
        if text.startswith(close, j):
            if spec.doubled and text.startswith(close, j + len(close)):
                pos = j + 2 * len(close)
                continue
            if emit:
                _add(out, cstart, j, "string", forbidden, text)
            return j + len(close)
        step, field, resume = _in_string(text, j, spec)
        if field:
            if emit:
                _add(out, cstart, j, "string", forbidden, text)
            stack.append(_Frame(close, spec, field, ")" if field == "(" else "}"))
            return resume
        if step < 0:  # an expansion ($name) cut out of the prose
            if emit:
                _add(out, cstart, j, "string", forbidden, text)
            cstart = j - step
        pos = j + abs(step)


def _in_string(text: str, j: int, spec: _Str) -> tuple[int, str, int]:
    """At an escape or interpolation character in a string: (how far to step, negative to cut
    the stretch out of the prose; the bracket opening a field, where its code starts)."""
    c = text[j]
    nxt = text[j + 1:j + 2]
    interp = spec.interp
    if spec.escape and c == spec.escape:
        return (0, "(", j + 2) if interp == "\\(" and nxt == "(" else (2, "", 0)
    if interp == "{" and c in "{}":
        if nxt == c:
            return 2, "", 0
        return (0, "{", j + 1) if c == "{" else (1, "", 0)
    if c == "$":
        return _dollar(text, j, nxt, interp)
    if c == "`" and interp == "sh":
        k = text.find("`", j + 1)
        return j - (len(text) if k < 0 else k + 1), "", 0
    if c == "{" and interp == "php" and nxt == "$":
        return 0, "{", j + 1
    if c == "#" and interp == "#{" and nxt == "{":
        return 0, "{", j + 2
    return 1, "", 0


def _dollar(text: str, j: int, nxt: str, interp: str) -> tuple[int, str, int]:
    """``$`` in a string: a field (``${``, shell ``$(``), an expansion (``$name``) or a dollar."""
    if nxt == "{" or (nxt == "(" and interp == "sh"):
        return 0, nxt, j + 2
    im = _IDENT.match(text, j + 1) if interp != "${" else None
    if im:
        return j - im.end(), "", 0
    return (-2 if interp == "sh" and nxt and nxt in _SH_SPECIAL else 1), "", 0


def _prefix(text: str, j: int, limit: int = 8) -> str:
    """The letters (and ``@``/``$``) right before position ``j``: a string prefix."""
    k = j
    while k > 0 and j - k < limit and (text[k - 1].isalnum() or text[k - 1] in "_@$"):
        k -= 1
    if k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        return ""  # the end of a longer identifier
    return text[k:j]


def _prefixed_python(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    lp = p.lower()
    if len(lp) <= 2 and set(lp) <= set("rbuft"):
        if "b" in lp:
            spec = spec._replace(prose=False)
        if "f" in lp or "t" in lp:
            spec = spec._replace(interp="{")
    return spec, close


def _prefixed_rust(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    if p in ("r", "br", "cr"):
        return _Str(prose=p != "br", escape="", multiline=True), close + "#" * hashes
    return (spec._replace(prose=False) if p == "b" else spec), close


def _prefixed_swift(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    if hashes and not p:
        return spec._replace(escape="", interp=""), close + "#" * hashes
    return spec, close


def _prefixed_csharp(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    if "@" in p and len(close) == 1:
        spec = _Str(escape="", multiline=True, doubled=True)
    return (spec._replace(interp="{") if "$" in p else spec), close


def _prefixed_scala(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    if p:
        spec = spec._replace(interp="$", escape="" if p == "raw" or len(close) == 3 else "\\")
    return spec, close


def _prefixed_dart(p: str, hashes: int, spec: _Str, close: str) -> tuple[_Str, str]:
    return (spec._replace(escape="", interp="") if p == "r" else spec), close


_PREFIXED = {"python": _prefixed_python, "rust": _prefixed_rust, "swift": _prefixed_swift,
             "csharp": _prefixed_csharp, "scala": _prefixed_scala, "dart": _prefixed_dart}
_MAX_HASHES = 255  # Rust allows 255 hashes around a raw string


def _open_string(text: str, j: int, q: str, lang: _Lang) -> tuple[_Str, str, int] | None:
    """The string opened by the quote at ``j``: (spec, closing delimiter, content start)."""
    triple = q in lang.triple and text.startswith(q * 3, j)
    spec = lang.triple_spec if triple else {'"': lang.dq, "'": lang.sq, "`": lang.bt}[q]
    if spec is None:
        return None
    close = q * 3 if triple else q
    start = j + len(close)
    family = lang.prefixes
    if not family:
        return spec, close, start
    h = j
    if family in ("rust", "swift"):
        while h > 0 and text[h - 1] == "#" and j - h < _MAX_HASHES:
            h -= 1
    p = _prefix(text, h)
    if family == "cpp":
        m = _CPP_RAW.match(text, j) if p in ("R", "LR", "uR", "UR", "u8R") and not triple else None
        if m:
            return _Str(escape="", multiline=True), ")" + m.group(1) + '"', m.end()
        return spec, close, start
    spec, close = _PREFIXED[family](p, j - h, spec, close)
    return spec, close, start
