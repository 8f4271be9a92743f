"""Where the prose is in a source file: "code is code".

textfix must never edit identifiers, keys or syntax.  In a file recognised as code (by its
extension, special name or shebang: :func:`syntax_for_path`) only comments, docstrings,
string literals, and in markup the text, are prose; :func:`prose_spans` finds them, each
with the characters an edit must never insert there (they would end the span or change
what it means).

>>> syntax_for_path("src/app.py"), syntax_for_path("notes.txt"), syntax_for_path("run", "#!/bin/bash")
('python', None, 'shell')
>>> src = 'greet(f"안녕 {name}!", b"raw")  # 인사\\n'
>>> [src[s.start:s.end] for s in prose_spans(src, "python")]
['안녕 ', '!', '인사']
>>> src = '{"title": "Hello", "n": 1}'
>>> [(src[s.start:s.end], s.kind, s.forbidden) for s in prose_spans(src, "json")]
[('Hello', 'string', '"\\\\\\n\\r')]

Spans hold contents only: no quotes, prefixes or comment markers (a comment's surrounding
blanks and repeated marker characters such as ``///`` or ``/**`` are left out too), and a
blank stretch is never a span.  Every scanner is one left-to-right pass (regular
expressions only find the next interesting character, or match patterns without nested
ambiguous repetition), so the work is linear in the input, and none raises on malformed
input: an unterminated string or comment ends where the language would end it (end of line
or of text).  Python uses the standard :mod:`tokenize` and falls back on the generic
scanner when it fails.

What is never prose: identifiers and keys (JSON object keys, YAML and TOML keys, INI
keys, PO ``msgid``), bytes literals, character literals, replacement fields of
f-strings / template literals / interpolated strings (``{x}``, ``${x}``, ``$x``,
``#{x}``, ``\\(x)``) and any string inside them, regular-expression literals (JS), tool
directives in comments (``# type: ignore``, ``// eslint-disable``, shebangs, coding
lines: :data:`DIRECTIVE_RE`), doctest examples in Python docstrings, code blocks, code
spans, URLs and tags in markup, the content of ``<script>`` (except its own comments and
strings) and ``<style>``.

Known limits (conservative where possible: code is never taken for prose on purpose):

- Python: when :mod:`tokenize` fails (unterminated string, bad indentation) the fallback
  scanner reports every literal as ``"string"`` (no docstrings).  A docstring written as
  a parenthesised or ``;``-separated statement is reported as a ``"string"``.
- C-like: a ``/`` is a regex literal in JS/TS only after an operator, ``(``, ``,`` or a
  keyword such as ``return`` (so ``a++ / b /c`` is misread, harmlessly: the rest of the
  line is skipped); JSX text between tags is code, and an apostrophe in it may hide the
  strings after it on that line.  PHP files are scanned as PHP throughout (HTML outside
  ``<?php ?>`` is not prose).  Swift raw-string interpolation ``\\#(x)`` is read as
  prose; Scala interpolators longer than 8 letters are read as plain strings.  C
  ``#include "file.h"``, import paths and string keys (``d["key"]``) are string
  literals, hence prose.
- Shell-like: a ``'`` or ``"`` misread (``case`` patterns such as ``a)``, Perl regexes
  ``s/'/x/``, ``q()``/``qq{}``, Ruby ``%q()``/``%w()``/regex literals, R raw strings)
  can shift the strings of the rest of the line (Makefile) or file (shell: quotes span
  lines).  Heredoc bodies are prose with their expansions cut out, found by simple
  patterns (a ``${x}`` nested in a ``$(...)`` is cut at the first ``)``).
- YAML: multi-line plain scalars are prose on their first line only; values in flow
  collections (``[a, b]``, ``{k: v}``) and complex keys (``? k``) are not prose.  A
  plain scalar's forbidden set includes the quotes because one inserted at its start
  would make it a quoted scalar.
- TOML: table headers are skipped to their first ``]``.  INI values keep their inline
  ``; comment`` (dialects disagree on it).
- JSON: ``.ipynb`` notebooks have their own syntax: only the ``source`` of markdown and
  raw cells is prose (code cells and outputs are not scanned for comments).
- HTML: text inside ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<var>`` and template
  expressions (``{{ x }}``, ``{% x %}``) is not prose; JS in ``<script>`` without a type
  or with a JavaScript/module type is scanned, other script types are skipped.
- Markdown: link reference definitions are not prose; a backslash-escaped backtick still
  counts for code spans; HTML blocks are prose apart from their tags.  reStructuredText:
  every backtick construct (roles, interpreted text, hyperlink references) is skipped,
  and directive lines (``.. name:: args``) with them.
"""

from __future__ import annotations

import os
import re
import tokenize
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple


class ProseSpan(NamedTuple):
    """``text[start:end]`` is prose of this ``kind`` ("comment", "docstring", "string" or
    "text"); an edit must never insert a character of ``forbidden`` into it.

    >>> ProseSpan(4, 9, "comment", "\\n")
    ProseSpan(start=4, end=9, kind='comment', forbidden='\\n')
    """

    start: int
    end: int
    kind: str
    forbidden: str


# ---------------------------------------------------------------------------------------
# Which syntax a file has

#: Extension (lowercase, with the dot) -> syntax.
EXTENSIONS: dict[str, str] = {
    ".py": "python", ".pyi": "python", ".pyw": "python",
    ".c": "c", ".h": "c",
    ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".c++": "cpp", ".hpp": "cpp", ".hh": "cpp",
    ".hxx": "cpp", ".ino": "cpp",
    ".java": "java",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".go": "go", ".rs": "rust", ".swift": "swift", ".kt": "kotlin", ".kts": "kotlin",
    ".cs": "csharp", ".scala": "scala", ".sc": "scala", ".dart": "dart", ".php": "php",
    ".css": "css", ".scss": "scss", ".less": "scss",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".ksh": "shell",
    ".rb": "ruby", ".rake": "ruby", ".gemspec": "ruby",
    ".pl": "perl", ".pm": "perl",
    ".r": "r",
    ".mk": "makefile", ".mak": "makefile",
    ".dockerfile": "dockerfile",
    ".yml": "yaml", ".yaml": "yaml",
    ".toml": "toml",
    ".ini": "ini", ".cfg": "ini", ".properties": "properties",
    ".ps1": "powershell", ".psm1": "powershell", ".psd1": "powershell",
    ".sql": "sql", ".lua": "lua",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".vue": "html", ".svelte": "html",
    ".xml": "xml", ".svg": "xml", ".xsl": "xml", ".xslt": "xml", ".xlf": "xml", ".xliff": "xml",
    ".resx": "xml",
    ".json": "json", ".jsonl": "json", ".ndjson": "json", ".geojson": "json", ".ipynb": "ipynb",
    ".po": "po", ".pot": "po",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".rst": "rst",
}
#: Whole file names (a name matches exactly, or as ``Name.suffix`` like ``Dockerfile.dev``).
FILENAMES: dict[str, str] = {
    "makefile": "makefile", "gnumakefile": "makefile", "dockerfile": "dockerfile",
    "containerfile": "dockerfile", "rakefile": "ruby", "gemfile": "ruby", "pipfile": "toml",
    ".bashrc": "shell", ".bash_profile": "shell", ".zshrc": "shell", ".profile": "shell",
    ".editorconfig": "ini", ".gitconfig": "ini",
}
#: Extensions that are prose or plain text: never code, whatever the first line says.
PROSE_EXTENSIONS = frozenset({".txt", ".csv", ".tsv", ".srt", ".vtt", ".text", ".log"})
#: Interpreter (from a shebang, version digits removed) -> syntax.
INTERPRETERS: dict[str, str] = {
    "python": "python", "pypy": "python", "sh": "shell", "bash": "shell", "zsh": "shell",
    "dash": "shell", "ksh": "shell", "ash": "shell", "ruby": "ruby", "perl": "perl",
    "node": "javascript", "nodejs": "javascript", "deno": "typescript", "bun": "javascript",
    "lua": "lua", "rscript": "r", "pwsh": "powershell", "php": "php", "make": "makefile",
}

SYNTAXES: tuple[str, ...] = (
    "python", "c", "cpp", "java", "javascript", "typescript", "go", "rust", "swift", "kotlin",
    "csharp", "scala", "dart", "php", "css", "scss", "shell", "ruby", "perl", "r", "makefile",
    "dockerfile", "powershell", "sql", "lua", "yaml", "toml", "ini", "properties", "html",
    "xml", "json", "ipynb", "po", "markdown", "rst",
)


#: Syntaxes of prose and data documents (Markdown, reStructuredText, gettext catalogues,
#: JSON): not code.  Their prose spans get every rule, as plain text does; the code in them
#: (code blocks, keys, ``msgid``) is never touched.  Every other syntax is code.
DOCUMENT_SYNTAXES = frozenset({"markdown", "rst", "po", "json"})


def syntax_for_path(path: str | os.PathLike, head: str = "") -> str | None:
    """The syntax of a file from its name, or from the shebang in ``head`` (its first line)
    when the name says nothing; ``None`` for prose and plain text.

    >>> syntax_for_path("a/b.tsx"), syntax_for_path("Makefile"), syntax_for_path("x.csv")
    ('typescript', 'makefile', None)
    >>> syntax_for_path("bin/tool", "#!/usr/bin/env python3.11"), syntax_for_path("x.unknown")
    ('python', None)
    """
    name = os.path.basename(os.fspath(path))
    lower = name.lower()
    if lower in FILENAMES:
        return FILENAMES[lower]
    stem, dot, ext = lower.rpartition(".")
    if dot and stem in FILENAMES and FILENAMES[stem] == "dockerfile":
        return "dockerfile"
    ext = "." + ext if dot and stem else ""
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if ext in PROSE_EXTENSIONS:
        return None
    return _shebang(head)


def _shebang(head: str) -> str | None:
    line = head.split("\n", 1)[0].strip()
    if not line.startswith("#!"):
        return None
    words = line[2:].split()
    if not words:
        return None
    prog = words[0].rsplit("/", 1)[-1]
    if prog == "env":
        rest = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        if not rest:
            return None
        prog = rest[0].rsplit("/", 1)[-1]
    m = re.match(r"[a-z]+", prog.lower())
    return INTERPRETERS.get(m.group()) if m else None


# ---------------------------------------------------------------------------------------
# Shared helpers

#: Comments that are instructions to a tool, not prose (matched at the comment's start).
DIRECTIVE_RE = re.compile(
    r"!/|-\*-|(?:type|fmt|pylint|mypy|isort|ruff|pyright|coding|encoding|vim?|rubocop"
    r"|frozen_string_literal|swiftlint|tslint|jshint|@formatter)\s*[:=]"
    r"|(?:noqa|pragma|nosec|eslint|prettier-ignore|istanbul|c8 |NOLINT|nolint|clang-format"
    r"|shellcheck|ktlint|noinspection|@ts-|@flow|@jsx|<reference|#?region\b|#?endregion\b"
    r"|go:|\+build|global |jscs:|\$Id)"
)
_WS = " \t\r\n\f\v"
_BREAK = ("", " ", "\t", "\r", "\n")  # what may follow a keyword or an indicator


def _add(out: list[ProseSpan], a: int, b: int, kind: str, forbidden: str, text: str) -> None:
    """Add ``text[a:b]`` unless it is empty or blank."""
    if b > a and not text[a:b].isspace():
        out.append(ProseSpan(a, b, kind, forbidden))


def _trimmed(text: str, a: int, b: int, strip: str = "") -> tuple[int, int]:
    while a < b and text[a] in strip:
        a += 1
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    return a, b


def _comment(out: list[ProseSpan], text: str, a: int, b: int, forbidden: str, strip: str = "") -> None:
    """A comment's content ``text[a:b]``: extra marker characters (``///``, ``/**``) and
    surrounding blanks dropped; tool directives skipped."""
    a, b = _trimmed(text, a, b, strip)
    if b > a and not DIRECTIVE_RE.match(text, a, min(b, a + 40)):
        out.append(ProseSpan(a, b, "comment", forbidden))


def _finish(spans: list[ProseSpan]) -> list[ProseSpan]:
    """Sorted, and never overlapping (a later span that would overlap is dropped)."""
    spans.sort()
    result: list[ProseSpan] = []
    end = -1
    for s in spans:
        if s.start >= end and s.end > s.start:
            result.append(s)
            end = s.end
    return result


def _line_end(text: str, i: int) -> int:
    k = text.find("\n", i)
    return len(text) if k < 0 else k


# ---------------------------------------------------------------------------------------
# The generic code scanner (C-like, shell-like, SQL, Lua; Python's fallback)


class _Str(NamedTuple):
    """How a kind of string literal reads."""

    prose: bool = True
    escape: str = "\\"  # the escape character ("" for none)
    multiline: bool = False
    interp: str = ""  # "", "${" (JS), "$" (Kotlin), "sh", "php", "#{" (Ruby), "{" (f"", $""), "\\(" (Swift)
    doubled: bool = False  # a doubled quote is a literal quote (SQL, PowerShell, C# verbatim)


class _Lang(NamedTuple):
    name: str
    line: tuple[str, ...] = ("//",)  # line comment markers
    block: tuple[str, str] | None = ("/*", "*/")
    nested: bool = False  # block comments nest
    dq: _Str | None = _Str()
    sq: _Str | None = _Str()
    bt: _Str | None = None  # backtick strings
    bt_skip: bool = False  # backticks quote an identifier or a command: skipped
    triple: str = ""  # quote characters that open a triple-quoted string
    triple_spec: _Str = _Str(multiline=True)
    char_quote: bool = False  # ' opens a character literal (never prose)
    prefixes: str = ""  # string prefix family: python, rust, cpp, csharp, scala, dart, swift
    regex: bool = False  # JS regex literals
    heredoc: str = ""  # shell, ruby, perl, php, powershell
    line_blocks: str = ""  # ruby (=begin/=end) or perl (POD)
    comment_guard: str = ""  # word (shell: a comment starts a word), or chars that may not precede one


_NOTES = _Str(multiline=True)
_ML_INTERP = _Str(multiline=True, interp="$")
_LANGS: dict[str, _Lang] = {
    "c": _Lang("c", char_quote=True, prefixes="cpp"),
    "cpp": _Lang("cpp", char_quote=True, prefixes="cpp"),
    "java": _Lang("java", char_quote=True, triple='"'),
    "javascript": _Lang("javascript", bt=_Str(multiline=True, interp="${"), regex=True),
    "go": _Lang("go", char_quote=True, bt=_Str(escape="", multiline=True)),
    "rust": _Lang("rust", nested=True, char_quote=True, prefixes="rust", dq=_NOTES),
    "swift": _Lang("swift", nested=True, sq=None, dq=_Str(interp="\\("), bt_skip=True, triple='"',
                   triple_spec=_Str(multiline=True, interp="\\("), prefixes="swift"),
    "kotlin": _Lang("kotlin", nested=True, char_quote=True, dq=_Str(interp="$"), bt_skip=True,
                    triple='"', triple_spec=_Str(escape="", multiline=True, interp="$")),
    "csharp": _Lang("csharp", char_quote=True, prefixes="csharp", triple='"',
                    triple_spec=_Str(escape="", multiline=True)),
    "scala": _Lang("scala", nested=True, char_quote=True, prefixes="scala", bt_skip=True, triple='"',
                   triple_spec=_Str(escape="", multiline=True)),
    "dart": _Lang("dart", nested=True, dq=_Str(interp="$"), sq=_Str(interp="$"), triple="\"'",
                  triple_spec=_ML_INTERP, prefixes="dart"),
    "php": _Lang("php", line=("//", "#"), sq=_NOTES, dq=_Str(multiline=True, interp="php"), bt_skip=True,
                 heredoc="php", comment_guard="php"),
    "css": _Lang("css", line=()),
    "scss": _Lang("scss", comment_guard=":"),
    "shell": _Lang("shell", line=("#",), block=None, sq=_Str(escape="", multiline=True),
                   dq=_Str(multiline=True, interp="sh"), heredoc="shell", comment_guard="word"),
    "makefile": _Lang("makefile", line=("#",), block=None, sq=_Str(escape=""), dq=_Str(interp="sh"),
                      comment_guard="\\"),
    "ruby": _Lang("ruby", line=("#",), block=None, sq=_NOTES, dq=_Str(multiline=True, interp="#{"),
                  bt_skip=True, heredoc="ruby", line_blocks="ruby", comment_guard="?$"),
    "perl": _Lang("perl", line=("#",), block=None, sq=_NOTES, dq=_ML_INTERP, heredoc="perl",
                  line_blocks="perl", comment_guard="$"),
    "r": _Lang("r", line=("#",), block=None, sq=_NOTES, dq=_NOTES, bt_skip=True),
    "powershell": _Lang("powershell", line=("#",), block=("<#", "#>"),
                        sq=_Str(escape="", multiline=True, doubled=True),
                        dq=_Str(escape="`", multiline=True, interp="sh"), heredoc="powershell",
                        comment_guard="word"),
    "sql": _Lang("sql", line=("--",), sq=_Str(multiline=True, doubled=True),
                 dq=_Str(prose=False, escape="", multiline=True, doubled=True),
                 bt=_Str(prose=False, escape="")),
    "lua": _Lang("lua", line=("--",), block=None),
    "python": _Lang("python", line=("#",), block=None, triple="\"'", prefixes="python"),
}
_LANGS["typescript"] = _LANGS["javascript"]._replace(name="typescript")
_LANGS["dockerfile"] = _LANGS["shell"]._replace(name="dockerfile")
_PYTHON = _LANGS["python"]

#: JS keywords after which a ``/`` starts a regex literal, not a division.
_REGEX_KEYWORDS = frozenset({"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                             "void", "throw", "instanceof", "yield", "await"})
_REGEX_AFTER = "(,=:[!&|?{};~+-*%<>^"
_JS_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\]?)*/?")
_CHAR_LIT = re.compile(r"'(?:\\[^\n]{1,10}?|[^\\'\n])'")
_SQ_LINE = re.compile(r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'?")
_BT_LINE = re.compile(r"`[^`\n]*`?")
_CHAR_PREFIXES = ("L", "u", "U", "u8")
_GO_TAG = re.compile(r'`(?:[\w-]+:"[^"`\n]*"[ \t]*)+`')
_CPP_RAW = re.compile(r'"([^()\\\s"]{0,16})\(')
_LUA_LONG = re.compile(r"\[(=*)\[")
_SQL_DOLLAR = re.compile(r"\$(?:[A-Za-z_]\w*)?\$")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SH_SPECIAL = "@*#?$!-0123456789"
#: Heredoc openers: group 1 = flags, 2/3 = quoted delimiter, 4 = bare delimiter.
_HEREDOC = {
    "shell": re.compile(r"<<(-?)[ \t]*(?:'([^'\n]+)'|\"([^\"\n]+)\"|\\?([A-Za-z_][\w.-]*))"),
    "ruby": re.compile(r"<<([~-]?)(?:'([^'\n]+)'|\"([^\"\n]+)\"|([A-Z_][A-Za-z0-9_]*))"),
    "perl": re.compile(r"<<(~?)(?:'([^'\n]+)'|\"([^\"\n]+)\"|([A-Z_][A-Za-z0-9_]*))"),
    "php": re.compile(r"<<<()[ \t]*(?:'([^'\n]+)'|\"([^\"\n]+)\"|([A-Za-z_]\w*))"),
    "powershell": re.compile(r"@()(?:(')|(\"))[ \t]*(?=\r?\n)"),
}
#: What an unquoted heredoc expands (cut out of its prose).
_HEREDOC_EXPANSION = {
    "shell": re.compile(r"\$(?:\{[^}\n]*\}?|\([^)\n]*\)?|[A-Za-z_]\w*|[@*#?$!0-9-])|`[^`\n]*`?|\\."),
    "powershell": re.compile(r"\$(?:\{[^}\n]*\}?|\([^)\n]*\)?|[A-Za-z_][\w:]*)|`."),
    "ruby": re.compile(r"#\{[^}\n]*\}?|#[@$]\w+|\\."),
    "perl": re.compile(r"[$@](?:\{[^}\n]*\}?|[A-Za-z_]\w*(?:->)?)|\\."),
    "php": re.compile(r"\{\$[^}\n]*\}?|\$\{[^}\n]*\}?|\$[A-Za-z_]\w*(?:->[A-Za-z_]\w*|\[[^\]\n]*\])?|\\."),
}
_HEREDOC_FORBIDDEN = {"shell": "\n$`\\", "powershell": "\n$`", "ruby": "\n#\\", "perl": "\n$@\\",
                      "php": "\n${\\"}


class _Frame:
    """A string whose interpolation field is being scanned as code."""

    __slots__ = ("close", "closer", "depth", "opener", "spec")

    def __init__(self, close: str, spec: _Str, opener: str, closer: str) -> None:
        self.close, self.spec, self.opener, self.closer, self.depth = close, spec, opener, closer, 0


@cache
def _interest(lang: _Lang) -> re.Pattern[str]:
    """The characters at which the code scanner of ``lang`` has something to decide."""
    chars = set("\n\\{}()")
    chars.update(marker[0] for marker in lang.line)
    if lang.block:
        chars.add(lang.block[0][0])
    chars.update(q for spec, q in ((lang.dq, '"'), (lang.sq, "'")) if spec is not None)
    if lang.char_quote:
        chars.add("'")
    if lang.bt is not None or lang.bt_skip:
        chars.add("`")
    chars.update(lang.triple)
    extra = {"sql": "$", "lua": "[", "powershell": "@"}.get(lang.name, "")
    chars.update(extra)
    if lang.regex:
        chars.add("/")
    if lang.heredoc in ("shell", "ruby", "perl", "php"):
        chars.add("<")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


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


def _regex_allowed(text: str, j: int) -> bool:
    """Whether the ``/`` at ``j`` starts a JS regex literal (not a division)."""
    k = j - 1
    while k >= 0 and text[k] in _WS:
        k -= 1
    if k < 0 or text[k] in _REGEX_AFTER:
        return True
    if text[k].isalpha():
        w = k
        while w > 0 and (text[w - 1].isalnum() or text[w - 1] in "_$"):
            w -= 1
        return text[w:k + 1] in _REGEX_KEYWORDS
    return False


def _comment_ok(text: str, j: int, lang: _Lang) -> bool:
    guard = lang.comment_guard
    if not guard or j == 0:
        return True
    prev = text[j - 1]
    if guard == "word":
        return prev in _WS or prev in ";&|()"
    if guard == "php":
        return text[j] != "#" or text[j + 1:j + 2] != "["
    return prev not in guard


@lru_cache(maxsize=256)
def _terminator(delim: str) -> re.Pattern[str]:
    return re.compile(r"^[ \t]*" + re.escape(delim) + r"(?![\w])", re.M)


_RUBY_END = re.compile(r"^=end\b[^\n]*", re.M)
_POD_END = re.compile(r"^=cut\b[^\n]*", re.M)


class _Scanner:
    """One left-to-right pass over code: comments and strings (C-like, shell-like, SQL, Lua,
    and Python's fallback)."""

    def __init__(self, text: str, lang: _Lang) -> None:
        self.text, self.lang, self.n = text, lang, len(text)
        self.out: list[ProseSpan] = []
        self.stack: list[_Frame] = []  # strings whose interpolation field is being scanned
        self.pending: list[tuple[str, bool]] = []  # heredocs (delimiter, quoted) opened on this line
        self.handlers = {'"': self.string, "'": self.quote, "`": self.backtick, "/": self.slash,
                         "<": self.heredoc, "@": self.heredoc, "$": self.dollar, "[": self.bracket}

    def run(self) -> list[ProseSpan]:
        text, n = self.text, self.n
        interest = _interest(self.lang)
        i = self.line_block(0)
        if text.startswith("#!"):  # a shebang
            i = _line_end(text, 0)
        while i < n:
            m = interest.search(text, i)
            if m is None:
                break
            i = self.step(m.start())
        return self.out

    def step(self, j: int) -> int:
        """Handle the interesting character at ``j``; return where to go on."""
        c = self.text[j]
        if c == "\n":
            return self.newline(j)
        if c == "\\":
            return j + 2
        if c in "{}()":
            return self.field_bracket(j, c) if self.stack else j + 1
        end = self.comment(j)
        if end:
            return end
        handler = self.handlers.get(c)
        return handler(j) if handler else j + 1

    def newline(self, j: int) -> int:
        stack = self.stack
        while stack and not stack[-1].spec.multiline:
            stack.pop()
        i = j + 1
        if self.pending:
            i = self.heredoc_bodies(i)
        return self.line_block(i)

    def field_bracket(self, j: int, c: str) -> int:
        top = self.stack[-1]
        if c == top.opener:
            top.depth += 1
        elif c == top.closer:
            if top.depth:
                top.depth -= 1
            else:
                self.stack.pop()
                return _body(self.text, j + 1, top.close, top.spec, self.out, self.stack)
        return j + 1

    def comment(self, j: int) -> int:
        """The end of the comment starting at ``j`` (its prose added), or 0 for none."""
        text, lang = self.text, self.lang
        emit = not self.stack
        marker = next((mk for mk in lang.line if text.startswith(mk, j)), None)
        if marker is not None and emit and _comment_ok(text, j, lang):
            lm = _LUA_LONG.match(text, j + 2) if lang.name == "lua" else None
            if lm:
                return self.long_bracket(lm, "comment")
            end = _line_end(text, j)
            _comment(self.out, text, j + len(marker), end, "\n\r", strip=marker[0])
            return end
        if lang.block and text.startswith(lang.block[0], j):
            return self.block_comment(j, emit)
        return 0

    def block_comment(self, j: int, emit: bool) -> int:
        text, n = self.text, self.n
        assert self.lang.block is not None
        op, cl = self.lang.block
        start = j + len(op)
        end = n
        if self.lang.nested:
            depth = 1
            for m in _nest_re(op, cl).finditer(text, start):
                depth += 1 if m.group() == op else -1
                if depth == 0:
                    end = m.start()
                    break
        else:
            k = text.find(cl, start)
            end = n if k < 0 else k
        if emit:
            _comment(self.out, text, start, end, cl, strip="*!" if op == "/*" else "")
        return min(n, end + len(cl))

    def string(self, j: int) -> int:
        text, lang, c = self.text, self.lang, self.text[j]
        if j and text[j - 1] == "$" and lang.name in ("ruby", "perl"):
            return j + 1  # the globals $' and $"
        opened = _open_string(text, j, c, lang)
        if opened is None:
            return j + 1
        spec, close, start = opened
        if c == "'" and j and text[j - 1] == "$" and lang.name in ("shell", "dockerfile"):
            spec = spec._replace(escape="\\")  # $'...' (ANSI-C quoting)
        return _body(text, start, close, spec, self.out, self.stack)

    def quote(self, j: int) -> int:
        return self.char_literal(j) if self.lang.char_quote else self.string(j)

    def char_literal(self, j: int) -> int:
        """Skip a character literal (or a lifetime, symbol or digit separator) at ``j``."""
        text, name = self.text, self.lang.name
        if name in ("c", "cpp") and j and text[j - 1].isalnum() and _prefix(text, j) not in _CHAR_PREFIXES:
            return j + 1  # 1'000'000
        m = _CHAR_LIT.match(text, j)
        if m:
            return m.end()
        if name in ("rust", "scala"):
            return j + 1  # 'a lifetime, 'symbol
        return _SQ_LINE.match(text, j).end()

    def backtick(self, j: int) -> int:
        if self.lang.bt is None:
            return _BT_LINE.match(self.text, j).end()  # an identifier or a command
        if self.lang.name == "go":
            tm = _GO_TAG.match(self.text, j)
            if tm:  # a struct tag: keys
                return tm.end()
        return self.string(j)

    def slash(self, j: int) -> int:
        if self.lang.regex and _regex_allowed(self.text, j):
            return _JS_REGEX.match(self.text, j).end()
        return j + 1

    def heredoc(self, j: int) -> int:
        text, kind = self.text, self.lang.heredoc
        if not kind or (text[j] == "@") != (kind == "powershell"):
            return j + 1
        if text.startswith("<<<", j) and kind != "php":
            return j + 3
        hm = _HEREDOC[kind].match(text, j)
        if hm is None:
            return j + 1
        if kind == "powershell":
            self.pending.append((("'" if hm.group(2) else '"') + "@", bool(hm.group(2))))
        else:
            self.pending.append((hm.group(2) or hm.group(3) or hm.group(4), hm.group(4) is None))
        return hm.end()

    def heredoc_bodies(self, i: int) -> int:
        """Skip the bodies of the heredocs opened on the line that ended at ``i``; add their prose."""
        text, n, out = self.text, self.n, self.out
        kind = self.lang.heredoc
        forbidden = _HEREDOC_FORBIDDEN[kind]
        for delim, quoted in self.pending:
            term = _terminator(delim).search(text, i)
            end = n if term is None else term.start()
            a = i
            if not quoted:
                for m in _HEREDOC_EXPANSION[kind].finditer(text, i, end):
                    _add(out, a, m.start(), "string", forbidden, text)
                    a = m.end()
            _add(out, *_trimmed(text, a, end), "string", forbidden, text)
            i = n if term is None else term.end()
        self.pending.clear()
        return i

    def line_block(self, i: int) -> int:
        """At a line start: skip a Ruby ``=begin``/``=end`` or Perl POD block, adding it as a comment."""
        text, kind = self.text, self.lang.line_blocks
        if kind == "ruby" and text.startswith("=begin", i) and text[i + 6:i + 7] in _BREAK:
            m = _RUBY_END.search(text, i)
            start = _line_end(text, i)
        elif kind == "perl" and text[i:i + 1] == "=" and text[i + 1:i + 2].isalpha():
            m = _POD_END.search(text, i)
            start = i
        else:
            return i
        end = self.n if m is None else m.start()
        if not self.stack:
            _comment(self.out, text, start, end, "\n")
        return self.n if m is None else m.end()

    def dollar(self, j: int) -> int:
        """SQL dollar quoting ($$ ... $$, $tag$ ... $tag$): a function body, code."""
        dm = _SQL_DOLLAR.match(self.text, j) if self.lang.name == "sql" else None
        if dm is None:
            return j + 1
        k = self.text.find(dm.group(), dm.end())
        return self.n if k < 0 else k + len(dm.group())

    def bracket(self, j: int) -> int:
        lm = _LUA_LONG.match(self.text, j) if self.lang.name == "lua" else None
        return self.long_bracket(lm, "string") if lm else j + 1

    def long_bracket(self, lm: re.Match[str], kind: str) -> int:
        """A Lua long string ``[[...]]`` or, after ``--``, long comment (``=`` levels allowed)."""
        text = self.text
        close = "]" + lm.group(1) + "]"
        k = text.find(close, lm.end())
        end = self.n if k < 0 else k
        if not self.stack:
            if kind == "comment":
                _comment(self.out, text, lm.end(), end, "]")
            else:
                _add(self.out, lm.end() + (1 if text.startswith("\n", lm.end()) else 0), end, kind, "]", text)
        return self.n if k < 0 else k + len(close)


def _scan_code(text: str, lang: _Lang) -> list[ProseSpan]:
    """Comments and strings of ``text`` in a C-like, shell-like, SQL or Lua language."""
    return _Scanner(text, lang).run()


@cache
def _nest_re(op: str, cl: str) -> re.Pattern[str]:
    return re.compile(re.escape(op) + "|" + re.escape(cl))


# ---------------------------------------------------------------------------------------
# Python


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


# ---------------------------------------------------------------------------------------
# Data and configuration: JSON, YAML, TOML, INI, PO

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


# ---------------------------------------------------------------------------------------
# Markup: HTML/XML, Markdown, reStructuredText

#: Attributes whose values people read (``title``, ``alt``...): prose in HTML.
HUMAN_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description",
                              "aria-placeholder", "aria-roledescription", "aria-valuetext", "label",
                              "summary", "abbr"})
#: XML adds the local names Android and others use for visible text.
XML_HUMAN_ATTRIBUTES = HUMAN_ATTRIBUTES | {"text", "hint", "contentdescription", "description"}
#: ``<meta name=... content=...>``: the names whose content is prose.
META_PROSE = frozenset({"description", "keywords", "author", "og:title", "og:description",
                        "og:site_name", "og:image:alt", "twitter:title", "twitter:description",
                        "twitter:image:alt", "application-name", "apple-mobile-web-app-title"})
#: Elements whose text is code, not prose (HTML).
CODE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp", "var", "tt"})
_TAG_NAME = re.compile(r"[A-Za-z][\w:.-]*")
_ATTR_NAME = re.compile(r"[^\s=>/\"']+")
_UNQUOTED = re.compile(r"[^\s>]*")
_TEMPLATE_EXPR = re.compile(r"\{\{[^}\n]*\}?\}?|\{%[^%\n]*(?:%\})?|\{#[^#\n]*(?:#\})?")
_JS_TYPES = ("", "module", "text/javascript", "application/javascript", "text/babel", "jsx")


def _html(text: str, xml: bool = False) -> list[ProseSpan]:
    """HTML/XML: text nodes, comments and human-readable attribute values."""
    out: list[ProseSpan] = []
    code_depth = 0  # inside <code>, <pre>...
    run = 0  # start of the current text run
    i = 0
    while True:
        j = text.find("<", i)
        if j < 0:
            break
        nxt = text[j + 1:j + 2]
        name_m = _TAG_NAME.match(text, j + 1)
        if name_m is None and (not nxt or nxt not in "/!?"):
            i = j + 1  # a "<" in the text
            continue
        if code_depth == 0:
            _html_text(text, run, j, xml, out)
        if name_m is not None:
            i, delta = _html_open_tag(text, name_m, xml, out)
        elif nxt == "/":
            m = _TAG_NAME.match(text, j + 2)
            delta = -1 if m and not xml and m.group().lower() in CODE_ELEMENTS else 0
            k = text.find(">", j)
            i = len(text) if k < 0 else k + 1
        else:
            i, delta = _html_markup(text, j, code_depth == 0, out), 0
        code_depth = max(0, code_depth + delta)
        run = i
    if code_depth == 0:
        _html_text(text, run, len(text), xml, out)
    return out


def _html_markup(text: str, j: int, prose: bool, out: list[ProseSpan]) -> int:
    """A comment, CDATA section, doctype or processing instruction at ``j``: where it ends."""
    n = len(text)
    for op, cl, kind in (("<!--", "-->", "comment"), ("<![CDATA[", "]]>", "text")):
        if text.startswith(op, j):
            k = text.find(cl, j + len(op))
            end = n if k < 0 else k
            if kind == "comment":
                _comment(out, text, j + len(op), end, "->")
            elif prose:
                _add(out, *_trimmed(text, j + len(op), end), "text", "]", text)
            return min(n, end + len(cl))
    k = text.find(">", j)
    return n if k < 0 else k + 1


def _html_open_tag(text: str, name_m: re.Match[str], xml: bool, out: list[ProseSpan]) -> tuple[int, int]:
    """An opening tag: its human-readable attribute values; (where the text after it starts,
    +1 when it opens a code element)."""
    name = name_m.group().lower()
    i, self_closing, attrs = _html_attributes(text, name_m.end())
    human = XML_HUMAN_ATTRIBUTES if xml else HUMAN_ATTRIBUTES
    meta_ok = name == "meta" and any(
        a in ("name", "property", "itemprop") and text[s:t].strip().lower() in META_PROSE
        for a, s, t, _q in attrs)
    for attr, s, t, q in attrs:
        local = attr.rsplit(":", 1)[-1] if xml else attr
        if local in human or (meta_ok and attr == "content"):
            _add(out, s, t, "string", (q or " >") + "&", text)
    if xml or self_closing:
        return i, 0
    if name in ("script", "style"):
        end_m = _close_tag(name).search(text, i)
        end = len(text) if end_m is None else end_m.start()
        kind = next((text[s:t].strip().lower() for a, s, t, _q in attrs if a == "type"), "")
        if name == "script" and kind in _JS_TYPES:
            out.extend(s._replace(start=s.start + i, end=s.end + i)
                       for s in _scan_code(text[i:end], _LANGS["javascript"]))
        return end, 0
    return i, 1 if name in CODE_ELEMENTS else 0


@cache
def _close_tag(name: str) -> re.Pattern[str]:
    return re.compile("</" + name + r"\b", re.I)


def _html_attributes(text: str, p: int) -> tuple[int, bool, list[tuple[str, int, int, str]]]:
    """Attributes from ``p`` to the end of the tag: (after the tag, self-closing, [(name,
    value start, value end, quote)])."""
    n = len(text)
    attrs: list[tuple[str, int, int, str]] = []
    while p < n:
        while p < n and text[p] in _WS:
            p += 1
        if p >= n:
            break
        if text[p] == ">":
            return p + 1, False, attrs
        if text.startswith("/>", p):
            return p + 2, True, attrs
        m = _ATTR_NAME.match(text, p)
        if m is None:
            p += 1
            continue
        name = m.group().lower()
        p = m.end()
        while p < n and text[p] in _WS:
            p += 1
        if p < n and text[p] == "=":
            p += 1
            while p < n and text[p] in _WS:
                p += 1
            if p < n and text[p] in "\"'":
                q = text[p]
                k = text.find(q, p + 1)
                end = n if k < 0 else k
                attrs.append((name, p + 1, end, q))
                p = min(n, end + 1)
            else:
                um = _UNQUOTED.match(text, p)
                attrs.append((name, p, um.end(), ""))
                p = um.end()
    return n, False, attrs


def _html_text(text: str, a: int, b: int, xml: bool, out: list[ProseSpan]) -> None:
    if xml:
        _add(out, *_trimmed(text, a, b), "text", "<&", text)
        return
    for m in _TEMPLATE_EXPR.finditer(text, a, b):
        _add(out, *_trimmed(text, a, m.start()), "text", "<&{}", text)
        a = m.end()
    _add(out, *_trimmed(text, a, b), "text", "<&{}", text)


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


# ---------------------------------------------------------------------------------------
# The entry point


def prose_spans(text: str, syntax: str) -> list[ProseSpan]:
    """The prose of ``text`` read as ``syntax`` (one of :data:`SYNTAXES`), in order and
    never overlapping; ``ValueError`` for an unknown syntax.

    >>> src = 'int n = 3; // 세 개\\nputs("hello, world");'
    >>> [(src[s.start:s.end], s.kind) for s in prose_spans(src, "c")]
    [('세 개', 'comment'), ('hello, world', 'string')]
    >>> src = 'msgid "Open"\\nmsgstr "열기"\\n'
    >>> [src[s.start:s.end] for s in prose_spans(src, "po")]
    ['열기']
    >>> src = "Run `pip install x` now.\\n\\n```sh\\nrm -rf /\\n```\\n"
    >>> [src[s.start:s.end] for s in prose_spans(src, "markdown")]
    ['Run', 'now.']
    """
    if syntax == "python":
        spans = _python(text)
    elif syntax in _LANGS:
        spans = _scan_code(text, _LANGS[syntax])
    elif syntax == "json":
        spans = _json(text)
    elif syntax == "ipynb":
        spans = _json(text, notebook=True)
    elif syntax == "yaml":
        spans = _yaml(text)
    elif syntax == "toml":
        spans = _toml(text)
    elif syntax in ("ini", "properties"):
        spans = _ini(text, properties=syntax == "properties")
    elif syntax == "po":
        spans = _po(text)
    elif syntax in ("html", "xml"):
        spans = _html(text, xml=syntax == "xml")
    elif syntax == "markdown":
        spans = _markdown(text)
    elif syntax == "rst":
        spans = _rst(text)
    else:
        raise ValueError(f"unknown syntax {syntax!r}; known: {', '.join(SYNTAXES)}")
    return _finish(spans)
