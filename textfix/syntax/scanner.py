"""The generic code scanner: one left-to-right pass over C-like (C, C++, Java, JS/TS, Go,
Rust, Swift, Kotlin, C#, Scala, Dart, PHP, CSS/SCSS), shell-like (shell, Dockerfile,
Makefile, Ruby, Perl, R, PowerShell), SQL and Lua code, and Python when :mod:`tokenize`
fails.  It finds comments (line, block, nested, Ruby ``=begin``, Perl POD, Lua long
comments), strings (through :mod:`textfix.syntax.strings`) and heredoc bodies, and skips
character literals, regex literals, struct tags and SQL dollar-quoted bodies.

Known limits:

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
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from textfix.syntax.base import _BREAK, _WS, ProseSpan, _add, _comment, _line_end, _trimmed
from textfix.syntax.languages import _Lang
from textfix.syntax.strings import _body, _Frame, _open_string, _prefix

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
_LUA_LONG = re.compile(r"\[(=*)\[")
_SQL_DOLLAR = re.compile(r"\$(?:[A-Za-z_]\w*)?\$")
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
