"""roff: manual pages (man(7), mdoc(7)) and other troff documents, as groff reads them.

A line opening with the control character ``.`` or ``'`` is a request or a macro call:
syntax, never prose, but for a comment (``.\\"``) and the arguments of the macros whose
arguments are text (:data:`TEXT_MACROS`: section headings, one-font lines, mdoc's ``.Nd``).
Every other line is text, with escapes (``\\fB``, ``\\(em``, ``\\-``, ``\\*[name]``,
``\\s-2``, ``\\h'1m'``, ...) cut out of it: the prose is the text between them, and a comment
opened by ``\\"`` or ``\\#`` runs to the end of the line.  Nothing may write a backslash (it
would open an escape) or a newline (the line structure is the syntax) into a span, a
macro's argument no double quote (it ends a quoted argument), and no edit may leave a text
line opening with ``.`` or ``'`` (it would become a request: :data:`OPENING`).

The lines of examples, no-fill displays, equations, pictures, literal displays, macro
definitions and ignored blocks are code (:data:`CODE_BLOCKS`), as are a table's format
lines (its cells are text).  A file named like a manual page (``ls.1``, ``Foo::Bar.3pm``)
is roff when its first line is a request (``syntax_for_path``); one named ``.man`` or
``.roff`` that has no request among its first lines is plain text.

Consecutive text lines are read together (a sentence or a bracket runs on to the next
line), up to a request, a blank line or an escape.

Known limits: arguments of other macros (``.TP``, ``.IP`` tags, alternating fonts
``.BR``, mdoc's callable macros) are never prose; an escape cuts the text (``(see
\\fBls\\fR)`` is read as two pieces, each with a bracket unpaired); conditional requests
(``.if``, ``.ie``) are requests, whatever text they hold.

>>> src = '.\\\\" 주석\\n.TH LS 1\\n.SH "이름"\\nls \\\\- 목록을 \\\\fB보여\\\\fR 줍니다.\\n.BR ls (1)\\n'
>>> [(src[s.start:s.end], s.kind) for s in _roff(src)]  # doctest: +NORMALIZE_WHITESPACE
[('주석', 'comment'), ('이름', 'text'), ('ls', 'text'), ('목록을', 'text'), ('보여', 'text'),
 ('줍니다.', 'text')]
"""

from __future__ import annotations

import re

from textfix.syntax.base import LINE_OPENING, OPENING, ProseSpan, _add, _comment, _line_end, _trimmed

#: Macros whose arguments are text to be read (man(7): headings and one-font lines; mdoc(7):
#: headings and the one-line description).  Other macros' arguments are tags, options,
#: references and numbers.
TEXT_MACROS = frozenset({"SH", "SS", "B", "I", "SM", "SB", "Sh", "Ss", "Nd"})
#: Blocks whose lines are code, not prose: examples, no-fill displays (synopses, programs),
#: equations, pictures, literal mdoc displays, macro definitions and ignored text, each to
#: the macro that closes it (``..`` for a definition).
CODE_BLOCKS = {"EX": "EE", "nf": "fi", "EQ": "EN", "PS": "PE", "Bd": "Ed", "de": ".", "de1": ".",
               "am": ".", "ig": "."}
_LITERAL_RE = re.compile(r"-(?:literal|unfilled)\b")
#: What a roff file opens with, among its first lines (a comment, the title, a heading, a
#: definition, a register or a string): a file named like a manual page without one is not roff.
_ROFF_RE = re.compile(r"^[.'][ \t]*(?:\\[\"#]|(?:TH|Dd|Dt|SH|Sh|so|de|ig|ds|nr|TL|PP|LP|mso|Mso)\b)", re.M)
#: How far into a file :data:`_ROFF_RE` looks.
ROFF_HEAD_CHARS = 4096
#: One escape: a comment (to the end of the line), a font, string, register, colour or size
#: change with its name (one character, ``(xx`` or ``[name]``), an escape with a delimited
#: argument (``\\h'1m'``, ``\\N'233'``), a named character (``\\(em``, ``\\[u00E9]``), or any
#: other escape of one character (``\\-``, ``\\&``, ``\\e``, ``\\ ``, ``\\c``, a backslash
#: that continues the line).
_ESCAPE_RE = re.compile(
    r"\\(?:[\"#][^\n]*"
    r"|[fFgmMnYV$*k][+-]?(?:\[[^\]\n]*\]?|\([^\n]{0,2}|[^\n]?)"
    r"|s[+-]?(?:\d{1,2}|\[[^\]\n]*\]?|\([^\n]{0,2}|'[^'\n]*'?)"
    r"|[ABCDHLNRSXZbhlovwx](?:'[^'\n]*'?|\[[^\]\n]*\]?)?"
    r"|\[[^\]\n]*\]?"
    r"|\([^\n]{0,2}"
    r"|[^\n]?)"
)
_MACRO_RE = re.compile(r"[.'][ \t]*([^\s\\]*)[ \t]*")
#: The characters no edit writes into a text span (an escape, a new line) or an argument.
_TEXT_FORBIDDEN = "\\\n"
_ARGUMENT_FORBIDDEN = "\\\n\""
#: What may not open a text line.
_CONTROL = ".'"


def is_roff(text: str) -> bool:
    """Whether ``text`` opens as roff (a request among its first :data:`ROFF_HEAD_CHARS`).

    >>> is_roff('.TH LS 1\\nls\\n'), is_roff("Dec  7 10:41:51 host kernel: eth0 up\\n")
    (True, False)
    """
    return _ROFF_RE.search(text, 0, ROFF_HEAD_CHARS) is not None


def _roff(text: str) -> list[ProseSpan]:
    """The prose spans of a roff document (a text that is not roff: one span, the whole of it)."""
    if not is_roff(text):
        return [ProseSpan(0, len(text), "text", "")] if text.strip() else []
    out: list[ProseSpan] = []
    n, a = len(text), 0
    closing = ""  # the macro that ends the block of code the lines are in
    table_format = False  # in a table's options and format lines
    block = -1  # where the run of text lines being read opened
    while a < n:
        e = _line_end(text, a)
        if block >= 0 and (text[a] in _CONTROL or closing or table_format or not text[a:e].strip()):
            _text(text, block, a - 1, out, _TEXT_FORBIDDEN)  # (a - 1: the newline before the line)
            block = -1
        if text[a] in _CONTROL:
            m = _MACRO_RE.match(text, a, e)
            name = m.group(1) if m else ""
            if closing:
                closing = "" if name == closing or (closing == "." and name.startswith(".")) else closing
            elif name in CODE_BLOCKS and (name != "Bd" or _LITERAL_RE.search(text, m.end(), e)):
                closing = CODE_BLOCKS[name]
            elif name == "TS":
                table_format = True
            elif m is not None:
                _control_line(text, m, e, out)
        elif table_format:
            table_format = not text[a:e].rstrip().endswith(".")  # (the format ends with a stop)
        elif not closing and block < 0 and text[a:e].strip():
            block = a
        a = e + 1
    if block >= 0:
        _text(text, block, n, out, _TEXT_FORBIDDEN)
    return out


def _control_line(text: str, m: re.Match[str], e: int, out: list[ProseSpan]) -> None:
    """A request or macro line (``m``: its :data:`_MACRO_RE` match, the line ending at
    ``e``): its comment, or the arguments of a text macro."""
    name = m.group(1)
    if not name and text.startswith(("\\\"", "\\#"), m.end()):
        _comment(out, text, m.end() + 2, e, "\n")
        return
    if name not in TEXT_MACROS:
        return
    start = m.end()
    if text.startswith('"', start):  # one quoted argument: its contents
        close = text.rfind('"', start + 1, e)
        end = close if close > start else e
        _text(text, start + 1, end, out, _ARGUMENT_FORBIDDEN)
    else:
        _text(text, start, e, out, _ARGUMENT_FORBIDDEN)


def _text(text: str, a: int, e: int, out: list[ProseSpan], forbidden: str) -> None:
    """The prose of ``text[a:e]`` (lines of text, or a macro's arguments) between its
    escapes; a comment escape's comment, to the end of its line, is a comment."""
    pos = a
    for m in _ESCAPE_RE.finditer(text, a, e):
        _span(text, pos, m.start(), out, forbidden)
        if text.startswith(("\\\"", "\\#"), m.start()):
            _comment(out, text, m.start() + 2, m.end(), "\n")
        pos = m.end()
    _span(text, pos, e, out, forbidden)


def _span(text: str, a: int, b: int, out: list[ProseSpan], forbidden: str) -> None:
    """``text[a:b]`` trimmed, a span unless blank; in text, no edit may make a line of it
    open with a control character (:data:`OPENING` when the span opens a line itself)."""
    a, b = _trimmed(text, a, b)
    if forbidden == _TEXT_FORBIDDEN:
        if a == 0 or text[a - 1] == "\n":
            forbidden += OPENING + _CONTROL
        elif "\n" in text[a:b]:
            forbidden += LINE_OPENING + _CONTROL
    _add(out, a, b, "text", forbidden, text)
