"""The code languages the generic scanner (:mod:`textfix.syntax.scanner`) reads, as data:
how a string literal reads (:class:`_Str`) and, for each language, its comment markers,
quotes, string prefixes, heredocs and other quirks (:class:`_Lang`, :data:`_LANGS`).
"""

from __future__ import annotations

from typing import NamedTuple


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
    # hunspell's dictionaries and affix files: data (words, flags, conversion tables; the
    # Korean dictionary works on decomposed Hangul) but for their comments
    "hunspell": _Lang("hunspell", line=("#",), block=None, sq=None, dq=None, comment_guard="word"),
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
