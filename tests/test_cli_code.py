"""The code policy on the command line: files whose syntax is known (extension or shebang)
are code; by default their findings are reported and nothing in them is rewritten; ``--code
fix`` (or ``code = "fix"``) repairs their comments and strings.  The pre-commit hooks take
prose and data files only."""

import re
import sys
from pathlib import Path

import pytest

from textfix.cli import main

COMMENT = "# ¹®ÀÚ ±úÁü Å×½ºÆ®\nx = 1\n"
DAMAGED = "첫 줄\n¹®ÀÚ ±úÁü Å×½ºÆ®\n"
REPAIRED = "첫 줄\n문자 깨짐 테스트\n"
ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_code_is_reported_not_rewritten_by_default(tmp_path, capsys):
    code = write(tmp_path / "tool.py", COMMENT)
    prose = write(tmp_path / "notes.txt", DAMAGED)
    assert main(["repair", "--write", "-v", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert code.read_text(encoding="utf-8") == COMMENT
    assert prose.read_text(encoding="utf-8") == REPAIRED
    assert f"left alone: {code} is python code; 1 finding in its comments and strings reported" in err
    assert "1 code file with findings reported, not repaired" in err


def test_check_does_not_fail_on_code_and_detect_shows_its_findings(tmp_path, capsys):
    code = write(tmp_path / "tool.py", COMMENT)
    assert main(["repair", "--check", str(code)]) == 0
    assert main(["detect", "--color", "never", "--explain", str(code)]) == 1
    out = capsys.readouterr().out
    assert f"{code}:1:3: TF102" in out
    assert "suggested, not applied (in python code; --code fix repairs comments and strings)" in out


@pytest.mark.parametrize("how", ["flag", "pyproject"])
def test_code_fix_opts_in_for_comments(tmp_path, how):
    code = write(tmp_path / "tool.py", COMMENT)
    if how == "flag":
        args = ["repair", "--write", "--code", "fix", str(code)]
    else:
        (tmp_path / "pyproject.toml").write_text('[tool.textfix]\ncode = "fix"\n')
        args = ["repair", "--write", str(code)]
    assert main(args) == 0
    assert code.read_text(encoding="utf-8") == "# 문자 깨짐 테스트\nx = 1\n"


def test_string_literals_in_code_are_data_and_never_rewritten(tmp_path, capsys):
    source = '"""¹®ÀÚ ±úÁü Å×½ºÆ®"""\nBROKEN = "¹®ÀÚ ±úÁü Å×½ºÆ®"  # ¹®ÀÚ ±úÁü Å×½ºÆ®\n'
    code = write(tmp_path / "fixtures.py", source)
    assert main(["repair", "--write", "--code", "fix", str(code)]) == 0
    assert code.read_text(encoding="utf-8") == (
        '"""문자 깨짐 테스트"""\nBROKEN = "¹®ÀÚ ±úÁü Å×½ºÆ®"  # 문자 깨짐 테스트\n')
    assert main(["detect", "--color", "never", str(code)]) == 1
    assert f"{code}:2:11: TF102" in capsys.readouterr().out


def test_syntax_is_decided_per_file_from_its_name_and_first_line(tmp_path, monkeypatch):
    script = write(tmp_path / "run", "#!/usr/bin/env python3\nx = '¹®ÀÚ ±úÁü Å×½ºÆ®'\n")
    assert main(["repair", "--write", "--code", "fix", str(script)]) == 0
    assert "¹®ÀÚ" in script.read_text(encoding="utf-8")  # a python string literal: kept
    prose = write(tmp_path / "run.txt", script.read_text(encoding="utf-8"))
    assert main(["repair", "--write", str(prose)]) == 0
    assert "문자 깨짐" in prose.read_text(encoding="utf-8")  # plain text: repaired
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": __import__("io").BytesIO(script.read_bytes())})())
    assert main(["repair", "--check", "-"]) == 0  # the shebang makes standard input python too


def test_documents_are_not_code_their_prose_is_repaired(tmp_path, capsys):
    md = write(tmp_path / "page.md", "# 제목\n\n¹®ÀÚ ±úÁü Å×½ºÆ®\n\n```\n¹®ÀÚ ±úÁü\n```\n")
    data = write(tmp_path / "data.json", '{"¹®ÀÚ": "¹®ÀÚ ±úÁü Å×½ºÆ®"}\n')
    assert main(["repair", "--write", "-v", str(tmp_path)]) == 0
    assert md.read_text(encoding="utf-8") == "# 제목\n\n문자 깨짐 테스트\n\n```\n¹®ÀÚ ±úÁü\n```\n"
    assert data.read_text(encoding="utf-8") == '{"¹®ÀÚ": "문자 깨짐 테스트"}\n'  # keys never
    assert "left alone" not in capsys.readouterr().err


def test_pre_commit_hooks_take_prose_and_data_files_only():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = text.split("\n- id: ")[1:]
    assert len(hooks) == 2
    for hook in hooks:
        assert "types_or: [text]" in hook and "\n  types:" not in hook
        pattern = re.search(r"files: (.+)", hook).group(1).strip()
        for name in ("a.txt", "docs/b.md", "c.rst", "ko.po", "x.pot", "s.srt", "s.vtt", "d.csv", "d.tsv",
                     "d.json", "d.jsonl"):
            assert re.search(pattern, name), name
        for name in ("a.py", "b.js", "c.c", "Makefile", "a.txt.py"):
            assert not re.search(pattern, name), name


@pytest.mark.parametrize(("name", "content"), [
    ("diff.vim", 'syn match diffOnly "^.*-ב קר אצמנ .*"\n'),  # Hebrew visual on purpose: GNU diff's output
    ("parser.pyx", "cdef class Parser:\n    def reset(self):\n        self._headers = []\n"),
    ("CMakeLists.txt", 'message(STATUS "םולש")\n'),
])
def test_code_of_languages_read_through_a_relative_is_not_rewritten(tmp_path, name, content):
    # (a red-team run found .vim and .pyx files read as prose: a visual line reordered,
    # identifiers "restored")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["repair", "--write", str(path)]) in (0, 1)
    assert path.read_text(encoding="utf-8") == content
