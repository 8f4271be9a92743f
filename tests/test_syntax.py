"""textfix.syntax: where the prose is in code ("code is code")."""

from __future__ import annotations

import bisect
import io
import os
import tokenize

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix.syntax import SYNTAXES, ProseSpan, prose_spans, syntax_for_path

KINDS = {"comment", "docstring", "string", "text"}


def texts(src: str, syntax: str) -> list[str]:
    return [src[s.start:s.end] for s in prose_spans(src, syntax)]


def kinds(src: str, syntax: str) -> list[tuple[str, str]]:
    return [(src[s.start:s.end], s.kind) for s in prose_spans(src, syntax)]


def assert_never_inside(src: str, syntax: str, *names: str) -> None:
    """No span covers any occurrence of these identifiers or keys."""
    joined = " | ".join(texts(src, syntax))
    for name in names:
        assert name not in joined, (name, joined)


# --- syntax_for_path ---------------------------------------------------------------------

@pytest.mark.parametrize(("path", "head", "expected"), [
    ("a/b.py", "", "python"), ("x.pyi", "", "python"), ("x.PY", "", "python"),
    ("x.c", "", "c"), ("x.hpp", "", "cpp"), ("X.java", "", "java"), ("app.mjs", "", "javascript"),
    ("c.tsx", "", "typescript"), ("m.go", "", "go"), ("lib.rs", "", "rust"), ("v.swift", "", "swift"),
    ("b.kts", "", "kotlin"), ("p.cs", "", "csharp"), ("s.scala", "", "scala"), ("d.dart", "", "dart"),
    ("i.php", "", "php"), ("s.css", "", "css"), ("s.scss", "", "scss"), ("run.sh", "", "shell"),
    ("x.zsh", "", "shell"), ("g.rb", "", "ruby"), ("t.pl", "", "perl"), ("a.R", "", "r"),
    ("Makefile", "", "makefile"), ("GNUmakefile", "", "makefile"), ("Dockerfile", "", "dockerfile"),
    ("Dockerfile.dev", "", "dockerfile"), ("ci.yml", "", "yaml"), ("pyproject.toml", "", "toml"),
    ("setup.cfg", "", "ini"), ("a.properties", "", "properties"), ("x.ps1", "", "powershell"),
    ("q.sql", "", "sql"), ("f.lua", "", "lua"), ("i.html", "", "html"), ("i.svg", "", "xml"),
    ("d.json", "", "json"), ("d.jsonl", "", "json"), ("n.ipynb", "", "ipynb"), ("ko.po", "", "po"),
    ("t.pot", "", "po"), ("README.md", "", "markdown"), ("doc.rst", "", "rst"),
    ("notes.txt", "#!/bin/sh", None), ("t.csv", "", None), ("t.tsv", "", None), ("s.srt", "", None),
    ("s.vtt", "", None), ("x.unknown", "", None), ("noext", "", None),
    ("tool", "#!/usr/bin/env python3", "python"), ("tool", "#!/bin/bash -e", "shell"),
    ("tool", "#!/usr/bin/env -S node --flag", "javascript"), ("tool", "#!/usr/bin/zsh\necho", "shell"),
    ("tool", "#!/usr/bin/ruby", "ruby"), ("tool.weird", "#!/usr/bin/perl -w", "perl"),
    ("tool", "# not a shebang", None),
])
def test_syntax_for_path(path: str, head: str, expected: str | None) -> None:
    assert syntax_for_path(path, head) == expected


def test_syntax_for_path_accepts_pathlike() -> None:
    from pathlib import Path
    assert syntax_for_path(Path("/tmp/x/y.rs")) == "rust"


def test_every_mapped_syntax_is_known() -> None:
    from textfix import syntax
    for table in (syntax.EXTENSIONS, syntax.FILENAMES, syntax.INTERPRETERS):
        assert set(table.values()) <= set(SYNTAXES)


def test_unknown_syntax_raises() -> None:
    with pytest.raises(ValueError, match="unknown syntax"):
        prose_spans("x", "cobol")


# --- Python ------------------------------------------------------------------------------

PY = '''"""Module doc."""
import os


def greet(name: str = "world") -> str:
    """Say hello.

    >>> greet("x")
    'hello x'

    Returns text."""
    label = f"안녕 {name!r:>{width}} {{lit}} 끝"  # 인사
    data = rb"bytes" + b'more'
    path = r"C:\\dir" + u'uni' + Rb"RAW" + BR"raw2"
    return label


class Thing:  "Class doc."
'''


def test_python_exact() -> None:
    assert kinds(PY, "python") == [
        ("Module doc.", "docstring"),
        ("world", "string"),
        ("Say hello.\n\n", "docstring"),
        ("\n    Returns text.", "docstring"),
        ("안녕 ", "string"),
        (" {{lit}} 끝", "string"),
        ("인사", "comment"),
        ("C:\\dir", "string"),
        ("uni", "string"),
        ("Class doc.", "docstring"),
    ]


def test_python_identifiers_fields_bytes_doctests_excluded() -> None:
    assert_never_inside(PY, "python", "import", "greet(", "label", "name!r", "width", "bytes", "more",
                        "RAW", "raw2", ">>>", "'hello x'", "Thing")


def test_python_forbidden() -> None:
    spans = {PY[s.start:s.end]: s for s in prose_spans(PY, "python")}
    assert set(spans["world"].forbidden) == {'"', "\\", "\n", "\r"}
    assert {"{", "}", '"', "\\", "\n"} <= set(spans["안녕 "].forbidden)
    assert set(spans["Module doc."].forbidden) == {'"', "\\"}
    assert set(spans["인사"].forbidden) == {"\n", "\r"}


def test_python_hash_in_string_and_directives() -> None:
    src = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = "a # not a comment"  # type: ignore\ny = 1  # real\n'
    assert kinds(src, "python") == [("a # not a comment", "string"), ("real", "comment")]


def test_python_docstring_positions() -> None:
    src = ('x = 1\n"""not a docstring"""\n'
           'async def f():\n    # c\n    """async doc"""\n    "second"\n'
           'def g(a=lambda: 1, *, b: dict[str, int] = {}) -> None:\n    """g doc"""\n')
    assert kinds(src, "python") == [("not a docstring", "string"), ("c", "comment"),
                                    ("async doc", "docstring"), ("second", "string"),
                                    ("g doc", "docstring")]


def test_python_fallback_on_malformed() -> None:
    # tokenize fails (unterminated triple quote; an unterminated single quote): no exception
    assert texts('x = "ok"  # fine\ns = """never closed\nmore', "python") == ["ok", "fine", "never closed\nmore"]
    assert texts("a = 'open\nb = \"two\"  # c\n", "python") == ["open", "two", "c"]
    assert texts("def f():\n  x = 'a'\n y = 'b'\n", "python") == ["a", "b"]  # bad dedent
    assert texts('f"{x[\'k\']} v"', "python") == [" v"]


# --- C-like ------------------------------------------------------------------------------

def test_c_and_cpp() -> None:
    src = ('#include <stdio.h>\nint main(void) { // 시작\n  char c = \'"\'; /* 블록 */\n'
           '  printf("hi, %s\\n", name); return n * 1\'000; }\n')
    assert kinds(src, "c") == [("시작", "comment"), ("블록", "comment"), ("hi, %s\\n", "string")]
    assert texts('auto r = R"x(raw "q" )x"; auto w = L"wide"; // c', "cpp") == ['raw "q" ', "wide", "c"]
    assert_never_inside(src, "c", "main", "printf", "name")


def test_javascript() -> None:
    src = ("// 주석\nconst msg = `안녕 ${user.name + `inner`} 끝`;\n"
           "const re = /ab\"c\\/\\/d/g; const url = 'http://x.y/z'; let q = a / b / 2;\n"
           "/** doc */ function f() { return /'/.test(s) ? \"yes\" : 'no'; }\n")
    assert texts(src, "javascript") == ["주석", "안녕 ", " 끝", "http://x.y/z", "doc", "yes", "no"]
    assert_never_inside(src, "javascript", "user.name", "inner", "ab\"c")
    span = next(s for s in prose_spans(src, "javascript") if src[s.start:s.end] == "안녕 ")
    assert {"`", "$", "\\"} <= set(span.forbidden)
    assert texts("let t: string = 'a' // c\n", "typescript") == ["a", "c"]


def test_go_rust_swift_kotlin_scala() -> None:
    go = 'type T struct {\n  Name string `json:"name"`\n}\nvar s = `raw\nline` // c\nr := \'"\'\n'
    assert texts(go, "go") == ["raw\nline", "c"]
    rust = ('fn f<\'a>(x: &\'a str) -> char { let s = r#"raw "q""#; let b = b"bytes"; '
            '/* outer /* inner */ still */ \'x\' } // end')
    assert texts(rust, "rust") == ['raw "q"', "outer /* inner */ still", "end"]
    swift = 'let s = "Hi \\(user.name)!" /* a /* b */ c */ let r = #"raw "q""#'
    assert texts(swift, "swift") == ["Hi ", "!", "a /* b */ c", 'raw "q"']
    kotlin = 'val s = "Hi $name and ${a.b} end"; val t = """multi\n$x line"""'
    assert texts(kotlin, "kotlin") == ["Hi ", " and ", " end", "multi\n", " line"]
    scala = 'val a = s"Hi $name!"; val b = "plain $x"; val c = \'c\''
    assert texts(scala, "scala") == ["Hi ", "!", "plain $x"]


def test_csharp_dart_php_java_css() -> None:
    cs = 'var s = $"Hi {name}!"; var v = @"C:\\path ""q"""; char c = \'a\'; // end'
    assert texts(cs, "csharp") == ["Hi ", "!", 'C:\\path ""q""', "end"]
    dart = "var s = 'Hi $name ${a.b}'; var r = r'raw $x';"
    assert texts(dart, "dart") == ["Hi ", "raw $x"]  # the blank between two fields is no prose
    php = "<?php\n# c1\n#[Attr]\n$s = \"Hi $name {$o->p} end\"; $t = 'it\\'s'; // c2\n"
    assert texts(php, "php") == ["c1", "Hi ", " end", "it\\'s", "c2"]
    java = 'String t = """\n    text block\n    """; char q = \'\\\'\';'
    assert texts(java, "java") == ["\n    text block\n    "]
    assert texts('a { content: "x"; background: url(http://a/b) } /* c */', "css") == ["x", "c"]
    assert texts("a { b: url(http://a/b); } // c", "scss") == ["c"]


# --- shell-like, SQL, Lua ---------------------------------------------------------------

def test_shell() -> None:
    src = ("#!/bin/bash\n# it's a comment\necho \"Hello $USER, $(date \"+%Y\") ok\" 'single $x' ${#arr} a#b\n"
           "cat <<EOF\nbody $HOME text\nEOF\ncat <<'X'\nraw $y\nX\necho done # tail\n")
    assert texts(src, "shell") == ["it's a comment", "Hello ", ", ", " ok", "single $x", "body ", "text",
                                   "raw $y", "tail"]
    assert_never_inside(src, "shell", "USER", "date", "HOME", "arr", "bash")


def test_ruby_perl_r_makefile_dockerfile_powershell() -> None:
    ruby = "=begin\nblock c\n=end\nputs \"a #{b} c\" # c\ns = <<~EOS\n  hi #{x}\nEOS\nv = $'\n"
    assert texts(ruby, "ruby") == ["block c", "a ", " c", "c", "  hi "]
    perl = "my $x = \"v $y\"; # c\nprint $#arr;\n=pod\n\nDoc\n\n=cut\nprint 'q';"
    assert texts(perl, "perl") == ["v ", "c", "=pod\n\nDoc", "q"]
    assert texts('x <- "a" # c\n`my var` <- 1', "r") == ["a", "c"]
    assert texts('NAME = x # c\nall:\n\techo "build $(X)"\n', "makefile") == ["c", "build "]
    assert texts('# c\nRUN echo "hi" && x\nLABEL d="v"\n', "dockerfile") == ["c", "hi", "v"]
    ps = '# c\n$s = "a $x b" <# block #>\n$h = @"\nhere $v\n"@\n'
    assert texts(ps, "powershell") == ["c", "a ", " b", "block", "here "]


def test_sql_lua() -> None:
    sql = "SELECT 'it''s' AS \"col\", `id` -- trailing\n/* block */ FROM t; $$ body 'x' $$"
    assert texts(sql, "sql") == ["it''s", "trailing", "block"]
    lua = "-- c\nlocal s = [[long\nstr]] --[==[ long comment ]==] x = 'a' .. \"b\""
    assert texts(lua, "lua") == ["c", "long\nstr", "long comment", "a", "b"]


# --- data and configuration --------------------------------------------------------------

def test_json_keys_excluded() -> None:
    src = '{"title": "Hello", "n": [1, "two", {"inner": "v"}], "o": {"k": "v2"}, "esc": "a\\"b"}'
    assert texts(src, "json") == ["Hello", "two", "v", "v2", 'a\\"b']
    assert_never_inside(src, "json", "title", "inner", "esc")
    assert all(set('"\\\n') <= set(s.forbidden) for s in prose_spans(src, "json"))
    assert texts('{"a": "x"}\n{"a": "y"}\n', "json") == ["x", "y"]  # JSON lines
    assert texts('{\n  // c\n  "k": "v" /* d */\n}', "json") == ["c", "v", "d"]


def test_ipynb_only_markdown_sources() -> None:
    src = ('{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# 제목\\n", "text"]},'
           ' {"cell_type": "code", "outputs": [], "source": ["x = 1  # c"]}], "metadata": {"name": "n"}}')
    assert texts(src, "ipynb") == ["# 제목\\n", "text"]


def test_yaml() -> None:
    src = ("# top\nkey: value here # c\nurl: http://x.y/#frag\nlist:\n  - item one\n  - 'it''s'\n"
           "  - name: nested\n\"qk\": \"qv\"\ndesc: |\n  block text\n  more\nnext: &a val\nalias: *a\n"
           "flow: [a, b]\ntagged: !!str 3\n")
    assert texts(src, "yaml") == ["top", "value here", "c", "http://x.y/#frag", "item one", "it''s", "nested",
                                  "qv", "block text", "more", "val", "3"]
    assert_never_inside(src, "yaml", "key", "list", "name", "qk", "desc", "alias", "flow", "tagged")


def test_toml() -> None:
    src = ('# c\ntitle = "T"\n"quoted key" = \'v\'\n[tbl."x"]\narr = ["a", \'b\']\n'
           'inline = { k = "v", "q" = \'w\' }\nml = """\nmulti"""\n')
    assert texts(src, "toml") == ["c", "T", "v", "a", "b", "v", "w", "\nmulti"]
    assert_never_inside(src, "toml", "title", "quoted key", "tbl", "inline", "k =")


def test_ini_properties() -> None:
    ini = "; c\n[sec]\nkey = value one\nk2: \"quoted\"\n  continued\n[core]\n\tname = v\n"
    assert texts(ini, "ini") == ["c", "value one", "quoted", "continued", "v"]
    props = "# c\nkey=value\nkey2 : v2 \\\n  cont\n! bang\nsp ace\n"
    assert texts(props, "properties") == ["c", "value", "v2", "cont", "bang", "ace"]


def test_po_msgid_excluded() -> None:
    src = ('# 번역자 주석\n#, fuzzy\n#: src/a.c:1\n#. extracted\nmsgid ""\nmsgstr "Content-Type: text/plain"\n\n'
           'msgctxt "menu"\nmsgid "Open"\nmsgstr ""\n"열기"\n\nmsgid "File"\nmsgid_plural "Files"\n'
           'msgstr[0] "파일"\n#~ msgid "Old"\n#~ msgstr "옛"\n')
    assert kinds(src, "po") == [("번역자 주석", "comment"), ("열기", "string"), ("파일", "string")]
    assert_never_inside(src, "po", "Open", "File", "menu", "fuzzy", "Content-Type", "옛")


# --- markup ------------------------------------------------------------------------------

def test_html() -> None:
    src = ('<!DOCTYPE html><html><head><meta name="description" content="Desc">'
           '<meta name="viewport" content="width=1"><title>T</title><style>p { color: red }</style>'
           '<script>// js c\nvar s = "js str";</script></head><body><p title="tt" class="c">Hello <b>world</b> '
           '{{ user }} <code>x()</code> a &lt; b</p><!-- com --><img alt="pic" src="a.png">'
           '<input placeholder=\'Type\' data-x="no"></body>')
    assert texts(src, "html") == ["Desc", "T", "js c", "js str", "tt", "Hello", "world", "a &lt; b", "com",
                                  "pic", "Type"]
    assert_never_inside(src, "html", "html", "viewport", "width", "color", "var s", "class", "user", "x()",
                        "a.png", "data-x")


def test_xml() -> None:
    src = '<?xml version="1.0"?><root><s name="k" android:text="vis">Body</s><![CDATA[cd]]><!-- c --></root>'
    assert texts(src, "xml") == ["vis", "Body", "cd", "c"]


def test_markdown_code_excluded() -> None:
    src = ("---\ntitle: FM\n---\n# Head\n\nText `code` and [link](http://x.y) <b>x</b> https://u.rl end.\n\n"
           "```py\nfenced()\n```\n\n    indented()\n\n~~~\ntilde()\n~~~\n\n- item\n\n    list continuation\n\n"
           "Last <!-- c --> para ``a ` b``.\n\n[ref]: http://r.example\n")
    assert texts(src, "markdown") == ["FM", "# Head", "Text", "and [link", "x", "end.", "- item",
                                      "list continuation", "Last", "c", "para", "."]
    assert_never_inside(src, "markdown", "fenced", "indented", "tilde", "code", "http", "title")


def test_rst() -> None:
    src = ("Title\n=====\n\nPara with ``lit`` and :func:`f` here::\n\n    literal()\n\nAfter.\n\n"
           ".. code-block:: python\n\n   x = 1\n\n.. note::\n\n   Noted.\n\n>>> 1 + 1\n2\n\n"
           ":param x: the x\n\nEnd https://x.y\n")
    assert texts(src, "rst") == ["Title", "Para with", "and", "here::", "After.", "Noted.", "the x", "End"]
    assert_never_inside(src, "rst", "lit", "func", "literal", "x = 1", ">>>", "===", "https")


def test_package_metadata_is_its_description_in_the_markup_it_names() -> None:
    # a red-team run found PKG-INFO read as plain prose: the jamo of a doctest's expected
    # output composed in an sdist's metadata
    assert syntax_for_path("jamotools-0.1.10/PKG-INFO") == syntax_for_path("x.dist-info/METADATA") == "pkg-info"
    head = "Metadata-Version: 2.1\nName: jamotools\nSummary: ㅎㅏㄴㄱㅡㄹ jamo\n"
    rst = head + "\nSplit ``ㅎㅏ`` like this::\n\n    ㅎㅏㄴㄱㅡㄹ\n\n.. code:: py\n\n    ㅎㅏㄴ\n\nDone.\n"
    assert texts(rst, "pkg-info") == ["Split", "like this::", "Done."]
    md = head.replace("jamo\n", "jamo\nDescription-Content-Type: text/markdown; charset=UTF-8\n")
    md += "\n# Usage\n\n```py\nsplit('ㅎㅏㄴ')\n```\n\nText `ㅎㅏ` end.\n"
    assert texts(md, "pkg-info") == ["# Usage", "Text", "end."]
    assert texts("not metadata, 그냥 글", "pkg-info") == ["not metadata, 그냥 글"]
    assert texts("Metadata-Version: 2.1\nName: x\n", "pkg-info") == []
    import textfix

    fixed = textfix.repair(rst.replace("Done.", "ㅎㅏㄴㄱㅡㄹ 끝."), syntax="pkg-info").text
    assert fixed == rst.replace("Done.", "한글 끝.")  # the description's prose only


def test_a_manual_page_is_roff_when_it_opens_with_a_request() -> None:
    # a red-team run over Debian's translated manual pages read them as plain text: every
    # comment request `.\"` a lone quote, every `\(co` an unpaired bracket (55,000 flags)
    assert syntax_for_path("man1/ls.1", '.\\" Copyright') == "roff"
    assert syntax_for_path("Foo::Bar.3pm", ".TH Foo::Bar 3pm") == "roff"
    assert syntax_for_path("openssl-req.1ssl", "'\\\" t") == "roff"
    assert syntax_for_path("x.man") == "roff"
    assert syntax_for_path("/var/log/syslog.1", "Dec  7 10:41:51 host kernel: up") is None
    assert texts("no request here, 그냥 글", "roff") == ["no request here, 그냥 글"]


ROFF_PAGE = (
    '.\\" 저작권 주석\n.TH LS 1 2024 "GNU" "사용자 명령"\n.SH "이름"\nls \\- 디렉터리 내용을\n'
    "나열합니다 (\\fB\\-l\\fP 참고).\n\n둘째 문단.\n.BR dir (1),\n.TP\n\\fB\\-a\\fR\n숨은 파일도\n"
    ".EX\n$ ls \\-a 예제\n.EE\n.TS\nallbox;\nl l.\n이름\t설명\n.TE\n.de XX\n정의 안의 글\n..\n"
    "끝 문장입니다. \\\" 행 주석\n"
)


def test_roff_prose_is_text_lines_between_escapes() -> None:
    assert kinds(ROFF_PAGE, "roff") == [
        ("저작권 주석", "comment"), ("이름", "text"), ("ls", "text"),
        ("디렉터리 내용을\n나열합니다 (", "text"), ("l", "text"), ("참고).", "text"), ("둘째 문단.", "text"),
        ("a", "text"), ("숨은 파일도", "text"), ("이름\t설명", "text"), ("끝 문장입니다.", "text"), ("행 주석", "comment")]
    # macro names and other macros' arguments, escapes, examples, table formats, definitions
    assert_never_inside(ROFF_PAGE, "roff", ".TH", "GNU", "dir", "\\-", "\\fB", "예제", "allbox", "l l.",
                        "정의 안의")


def test_roff_repairs_its_text_and_leaves_requests_and_escapes() -> None:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    import textfix

    def mojibake(s: str) -> str:
        return s.encode().decode("sloppy-windows-1252")

    broken = ROFF_PAGE.replace("나열합니다", mojibake("나열합니다"))
    broken = broken.replace(".BR dir (1),", f".BR {mojibake('목록')} (1),")  # a request's: code
    fixed = textfix.repair(broken, syntax="roff").text
    assert fixed == ROFF_PAGE.replace(".BR dir (1),", f".BR {mojibake('목록')} (1),")


def test_no_edit_makes_a_roff_text_line_a_request() -> None:
    from textfix.model import Applicability, Detection, Edit
    from textfix.pipeline import _breaks_literal
    from textfix.syntax.base import LINE_OPENING, OPENING

    def breaks(text: str, edit: Edit, mark: str) -> bool:
        d = Detection("TF301", "layout", edit.start, edit.end, "", 0.99, (edit,), Applicability.GUESS)
        return _breaks_literal(d, text, "\\\n" + mark + ".'")

    text = "다. 가나\n라마 바."
    assert breaks(text, Edit(0, 0, "."), OPENING)  # the span opens a line
    assert not breaks(text, Edit(0, 0, "."), LINE_OPENING)  # it opens inside one
    assert breaks(text, Edit(6, 9, ".라마"), LINE_OPENING)  # the second line
    assert not breaks(text, Edit(6, 8, ""), LINE_OPENING)  # the line opens with a space then
    assert breaks("가\n.나", Edit(2, 3, ""), LINE_OPENING) is False  # removing a stop is fine
    assert breaks("가\n\u200b.나", Edit(2, 3, ""), LINE_OPENING)  # a deletion that bares one is not
    assert not breaks(text, Edit(9, 10, "'"), LINE_OPENING)  # inside a line, an apostrophe is text


_ROFF_LINE = st.sampled_from([
    ".TH X 1", ".SH 이름", '.SH "설명"', ".BR ls (1),", ".TP", ".PP", '.\\" 주석', ".EX", ".EE", ".nf", ".fi",
    ".de YY", "..", ".TS", "l l.", ".TE", "", "\\fB\\-a\\fR", "숨은 \\(em 파일", "'\\\" t",
    ".BR " + "목록은".encode().decode("latin-1") + " (1),", ".IP " + "“인용”".encode().decode("latin-1")])
_ROFF_PROSE = st.sampled_from(["디렉터리 내용을 나열합니다.", "“인용”과 ‘따옴표’", "(괄호 안", "닫는)",
                               "mixed English 한국어 text", "다.하지만 이것은", "'따옴표"])


def _mojibake(s: str) -> str:
    return s.encode().decode("latin-1")


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.one_of(_ROFF_LINE, _ROFF_PROSE, _ROFF_PROSE.map(_mojibake)), max_size=25))
def test_roff_requests_and_escapes_survive_any_repair(lines: list[str]) -> None:
    import re

    import textfix

    src = ".TH X 1\n" + "\n".join(lines) + "\n"
    fixed = textfix.repair(src, syntax="roff").text
    escapes = re.compile(r"\\(?:\(..|[^(])")

    def skeleton(t: str) -> tuple[list[str], list[str]]:
        out = t.split("\n")
        return [line for line in out if line.startswith((".", "'"))], escapes.findall(t)

    assert skeleton(fixed) == skeleton(src)
    assert fixed.count("\n") == src.count("\n")


def test_a_hunspell_dictionary_is_data_but_for_its_comments() -> None:
    # hunspell's Korean dictionary works on decomposed Hangul (its affix rules
    # work on jamo): TF201 must never compose them (a red-team run, counts only)
    import unicodedata

    import textfix

    assert syntax_for_path("ko_KR.dic") == syntax_for_path("ko_KR.aff") == "hunspell"
    nfd = unicodedata.normalize("NFD", "가나다")
    dic = f"2\n{nfd}/10\n{unicodedata.normalize('NFD', '한글')}\n"
    aff = f"SET UTF-8\n# 한국어 {nfd} 사전\nICONV 1\nICONV 가 {unicodedata.normalize('NFD', '가')}\n"
    assert texts(dic, "hunspell") == []
    assert texts(aff, "hunspell") == [f"한국어 {nfd} 사전"]
    assert textfix.repair(dic, syntax="hunspell").text == dic
    assert textfix.repair(aff, syntax="hunspell").text == aff  # (a comment: reported, not applied)
    assert textfix.repair(aff, syntax="hunspell", code="fix").text == aff  # (fix: mojibake only)
    assert textfix.repair(dic).text != dic  # read as plain text, the words would be composed


def test_a_source_map_is_code_its_sources_strings() -> None:
    import textfix

    assert syntax_for_path("dist/index.js.map") == "javascript"
    src = '{"version":3,"sources":["a.ts"],"sourcesContent":["// ¹®ÀÚ\\nconst s = \'ㅎㅏㄴ\';"]}'
    r = textfix.repair(src, syntax=syntax_for_path("a.js.map"))
    assert r.text == src and not any(f.applied for f in r.findings)


# --- properties over random input --------------------------------------------------------

SNIPPETS = ['"', "'", "`", '"""', "'''", "\\", "\n", "\r\n", "#", "//", "/*", "*/", "--", "--[[", "]]", "<!--",
            "-->", "<", ">", "</script>", "<script>", "${", "$(", "{", "}", "(", ")", "[", "]", ":", ": ", "- ",
            "=", ",", "msgid ", "msgstr ", "```", "~~~", "    ", "::", "<<EOF\n", "EOF\n", "=begin\n", "=end",
            "r#\"", "\"#", "f\"", "b'", "@\"", "$\"", "R\"(", ")\"", "'a'", "/re/", "<a title=\"", "---\n",
            "한국어", "é", "\t", " ", "x", "key", "1"]
EXAMPLES = [PY, '{"a": "b", "c": [1, "d"]}', "# c\nk: v\n- 'x'\n", "<p title='t'>x</p><!-- c -->",
            "msgid \"a\"\nmsgstr \"b\"\n", "```\ncode\n```\ntext `c`\n", "echo \"$(x \"y\")\" # c\n"]


@st.composite
def spliced(draw) -> str:
    """Pieces of real examples, cut anywhere and glued in any order."""
    pieces = []
    for _ in range(draw(st.integers(1, 5))):
        src = draw(st.sampled_from(EXAMPLES))
        a = draw(st.integers(0, len(src)))
        b = draw(st.integers(a, len(src)))
        pieces.append(src[a:b])
    return "".join(pieces)


random_text = st.one_of(
    spliced(),
    st.text(max_size=200),
    st.lists(st.sampled_from(SNIPPETS), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=5)), max_size=40).map("".join),
)


def check_invariants(text: str, spans: list[ProseSpan]) -> None:
    end = 0
    for s in spans:
        assert isinstance(s, ProseSpan)
        assert 0 <= s.start < s.end <= len(text), s
        assert s.start >= end, (s, spans)
        assert s.kind in KINDS
        assert isinstance(s.forbidden, str)
        end = s.end


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=random_text)
def test_never_raises_and_spans_are_well_formed(text: str) -> None:
    for syntax in SYNTAXES:
        check_invariants(text, prose_spans(text, syntax))


# Python sources that compile, from templates: the spans are exactly the contents.
_SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                       blacklist_characters="\"'\\{}#\u0085\x0c"),
                min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.strip() != "")
_COMMENT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                          blacklist_characters="\u0085\x0c"),
                   min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s != "" and not s.startswith(("#", "!", "type:", "noqa", "pragma")))


_PARTS = st.fixed_dictionaries({
    "doc": _SAFE, "fdoc": _SAFE, "s1": _SAFE, "s2": _SAFE, "s3": _SAFE, "s4": _SAFE, "c1": _COMMENT,
    "c2": _COMMENT, "raw": _SAFE, "byt": st.text(alphabet="abc xyz", min_size=1, max_size=5)})


@settings(max_examples=150, deadline=None)
@given(p=_PARTS)
def test_python_spans_are_exactly_the_contents(p: dict[str, str]) -> None:
    src = (f'"""{p["doc"]}"""\n# {p["c1"]}\nimport os\n\n\ndef f(x, y="{p["s1"]}"):\n    """{p["fdoc"]}"""\n'
           f"    z = '{p['s2']}' + b'{p['byt']}'  # {p['c2']}\n"
           f"    return f\"{p['s3']}{{x}}{p['s4']}\" + r'{p['raw']}'\n")
    compile(src, "<template>", "exec")
    assert kinds(src, "python") == [(p["doc"], "docstring"), (p["c1"], "comment"), (p["s1"], "string"),
                                    (p["fdoc"], "docstring"), (p["s2"], "string"), (p["c2"], "comment"),
                                    (p["s3"], "string"), (p["s4"], "string"), (p["raw"], "string")]


# --- real sources ------------------------------------------------------------------------

def _python_files() -> list[str]:
    import _pytest
    import pygments
    import rich
    files = []
    for module in (rich, pygments, _pytest):
        root = os.path.dirname(module.__file__)
        for folder, _dirs, names in os.walk(root):
            files.extend(os.path.join(folder, n) for n in names if n.endswith(".py"))
    return sorted(files)


def test_real_sources_spans_only_cover_strings_and_comments() -> None:
    """Over rich, pygments and _pytest: every span lies inside a STRING or COMMENT token, so
    no NAME (identifier) is ever inside a span."""
    files = _python_files()
    assert len(files) > 300
    for path in files:
        with open(path, encoding="utf-8") as f:
            src = f.read()
        starts = [0]
        for line in io.StringIO(src).readlines():
            starts.append(starts[-1] + len(line))
        allowed = []
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type in (tokenize.STRING, tokenize.COMMENT):
                allowed.append((starts[tok.start[0] - 1] + tok.start[1], starts[tok.end[0] - 1] + tok.end[1]))
        for s in prose_spans(src, "python"):
            k = bisect.bisect_right(allowed, (s.start, len(src) + 1)) - 1
            assert k >= 0 and allowed[k][0] <= s.start and s.end <= allowed[k][1], (path, s)
