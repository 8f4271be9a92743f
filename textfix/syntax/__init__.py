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

Known limits (conservative where possible: code is never taken for prose on purpose) are
listed with each family's scanner:

- :mod:`textfix.syntax.scanner`: the generic code scanner (C-like, shell-like, SQL, Lua),
  with :mod:`~textfix.syntax.languages` (the languages as data) and
  :mod:`~textfix.syntax.strings` (string literals and their interpolation fields);
- :mod:`textfix.syntax.python`: Python, through :mod:`tokenize`;
- :mod:`textfix.syntax.data`: JSON, notebooks and gettext PO;
- :mod:`textfix.syntax.config`: YAML, TOML, INI and ``.properties``;
- :mod:`textfix.syntax.markup`: HTML and XML;
- :mod:`textfix.syntax.documents`: Markdown and reStructuredText;
- :mod:`textfix.syntax.roff`: manual pages and other roff documents.

This module holds the public API: which syntax a file has (:func:`syntax_for_path` and its
tables) and :func:`prose_spans`, which dispatches to them; :mod:`textfix.syntax.base` holds
what they share.
"""

from __future__ import annotations

import os
import re

from textfix.syntax.base import DIRECTIVE_RE, ProseSpan, _finish
from textfix.syntax.config import _ini, _toml, _yaml
from textfix.syntax.data import _json, _po
from textfix.syntax.documents import RST_CODE_DIRECTIVES, _markdown, _pkg_info, _rst
from textfix.syntax.languages import _LANGS
from textfix.syntax.markup import CODE_ELEMENTS, HUMAN_ATTRIBUTES, META_PROSE, XML_HUMAN_ATTRIBUTES, _html
from textfix.syntax.python import _python
from textfix.syntax.roff import _roff
from textfix.syntax.scanner import _scan_code

__all__ = [
    "CODE_ELEMENTS", "DIRECTIVE_RE", "DOCUMENT_SYNTAXES", "EXTENSIONS", "FILENAMES", "HUMAN_ATTRIBUTES",
    "INTERPRETERS", "META_PROSE", "PROSE_EXTENSIONS", "RST_CODE_DIRECTIVES", "SYNTAXES",
    "XML_HUMAN_ATTRIBUTES", "ProseSpan", "prose_spans", "syntax_for_path",
]


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
    ".aff": "hunspell", ".dic": "hunspell",
    ".ps1": "powershell", ".psm1": "powershell", ".psd1": "powershell",
    ".sql": "sql", ".lua": "lua",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".vue": "html", ".svelte": "html",
    ".xml": "xml", ".svg": "xml", ".xsl": "xml", ".xslt": "xml", ".xlf": "xml", ".xliff": "xml",
    ".resx": "xml",
    ".json": "json", ".jsonl": "json", ".ndjson": "json", ".geojson": "json", ".ipynb": "ipynb",
    ".po": "po", ".pot": "po",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".rst": "rst",
    ".man": "roff", ".mdoc": "roff", ".roff": "roff", ".tr": "roff", ".ms": "roff", ".me": "roff",
    # languages read with the lexer of a close relative (their comments and strings as it
    # reads them; under the default code policy, report, a code file is never edited):
    # a red-team run found identifiers of .pyx and .vim files "restored" as prose
    ".pyx": "python", ".pxd": "python", ".pxi": "python", ".jl": "python",
    ".proto": "c", ".zig": "c",
    ".sol": "javascript", ".gradle": "javascript", ".groovy": "javascript", ".json5": "javascript",
    # a source map is generated: its sourcesContent holds the sources, as strings (a
    # red-team run found them read as plain prose, 15,000 flags in 42 files)
    ".map": "javascript",
    ".sass": "scss",
    ".ex": "ruby", ".exs": "ruby",
    ".hs": "lua",
    ".cmake": "shell", ".tf": "shell", ".hcl": "shell", ".graphql": "shell", ".gql": "shell",
    ".conf": "shell", ".vim": "shell", ".el": "shell", ".bat": "shell", ".cmd": "shell",
    ".jinja": "html", ".jinja2": "html", ".j2": "html", ".erb": "html", ".ejs": "html",
    ".hbs": "html", ".mustache": "html", ".njk": "html", ".twig": "html",
}
#: Whole file names (a name matches exactly, or as ``Name.suffix`` like ``Dockerfile.dev``).
FILENAMES: dict[str, str] = {
    "makefile": "makefile", "gnumakefile": "makefile", "dockerfile": "dockerfile",
    "containerfile": "dockerfile", "rakefile": "ruby", "gemfile": "ruby", "pipfile": "toml",
    ".bashrc": "shell", ".bash_profile": "shell", ".zshrc": "shell", ".profile": "shell",
    ".editorconfig": "ini", ".gitconfig": "ini", "cmakelists.txt": "shell", ".vimrc": "shell",
    # a Python package's core metadata (sdists, wheels, .egg-info): headers, then the
    # README as its description
    "pkg-info": "pkg-info", "metadata": "pkg-info",
}
#: A manual page's extension: its section, a digit, and a suffix (``ls.1``, ``Foo::Bar.3pm``,
#: ``openssl-req.1ssl``).
_MAN_SECTION_RE = re.compile(r"\.[1-9][a-z]{0,5}")
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
    "xml", "json", "ipynb", "po", "markdown", "rst", "pkg-info", "roff", "hunspell",
)


#: Syntaxes of prose and data documents (Markdown, reStructuredText, gettext catalogues,
#: JSON, packages' core metadata, manual pages): not code.  Their prose spans get every rule, as plain
#: text does; the code in them (code blocks, keys, ``msgid``) is never touched.  Every other syntax is code.
DOCUMENT_SYNTAXES = frozenset({"markdown", "rst", "po", "json", "pkg-info", "roff"})


def syntax_for_path(path: str | os.PathLike, head: str = "") -> str | None:
    """The syntax of a file from its name, or from the shebang in ``head`` (its first line)
    when the name says nothing; ``None`` for prose and plain text.

    >>> syntax_for_path("a/b.tsx"), syntax_for_path("Makefile"), syntax_for_path("x.csv")
    ('typescript', 'makefile', None)
    >>> syntax_for_path("bin/tool", "#!/usr/bin/env python3.11"), syntax_for_path("x.unknown")
    ('python', None)
    >>> syntax_for_path("man/ls.1", '.\\" Copyright'), syntax_for_path("log/syslog.1", "Dec  7 10:41 up")
    ('roff', None)
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
    if _MAN_SECTION_RE.fullmatch(ext) and head.startswith((".", "'")):
        return "roff"  # a manual page opens with a request (a rotated log ``syslog.1`` is text)
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
    elif syntax == "pkg-info":
        spans = _pkg_info(text)
    elif syntax == "roff":
        spans = _roff(text)
    else:
        raise ValueError(f"unknown syntax {syntax!r}; known: {', '.join(SYNTAXES)}")
    return _finish(spans)
