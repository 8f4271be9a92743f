"""repair --diff: a unified diff that git apply and patch -p1 accept (and turn into exactly
what --write writes), and the terminal preview a person reads (markers, code points, RTL,
wrapping between graphemes, trimmed context)."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from textfix import repair
from textfix.diff import CONTEXT, MARKER, RTL_NOTE, inline_view, rows, split_view, words_diff
from textfix.formats import unified_diff
from textfix.model import Edit, Repair
from textfix.terminal import continues

TEXTFIX = [sys.executable, "-m", "textfix.cli"]
FAR = "".join(f"{n}번째 줄은 깨끗합니다.\n" for n in range(12))

#: name -> bytes: every shape of file a patch must get right
FILES = {
    "crlf.txt": "첫 줄\r\n¹®ÀÚ ±úÁü\r\n끝\r\n".encode(),
    "no-newline.txt": "첫 줄\nㅎㅏㄴㄱㅡㄹ".encode(),
    "bom.txt": b"\xef\xbb\xbf" + "ㅎㅏㄴㄱㅡㄹ 첫 줄\n둘\n".encode(),
    "cp949.txt": ("제목\r\n한글 ㅎㅏㄴㄱㅡㄹ 문서\r\n" + FAR + "끝 줄 ㅎㅏㄴ").encode("cp949"),
    "utf16.txt": b"\xff\xfe" + "한글 ㅎㅏㄴㄱㅡㄹ\r\n둘째\r\n".encode("utf-16-le"),
    "two hunks.txt": ("¹®ÀÚ ±úÁü\n" + FAR + "한\u200b글\n" + FAR + "ㅎㅏㄴㄱㅡㄹ\n").encode(),
    "nfd.txt": unicodedata.normalize("NFD", "파일 이름\n").encode(),
}


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed")
        pytest.skip(f"{tool} is not installed")


def run(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*TEXTFIX, *args], capture_output=True, timeout=120, cwd=cwd, env=env)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_diff_off_a_terminal_is_a_patch_git_apply_and_patch_accept(tmp_path):
    need("git")
    need("patch")
    repo = tmp_path / "repo"
    repo.mkdir()
    for name, data in FILES.items():
        (repo / name).write_bytes(data)
    git(repo, "init", "-q", ".")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "damaged")
    out = run("repair", "--diff", *FILES, cwd=repo)
    assert out.returncode == 0, out.stderr
    patch = out.stdout
    assert patch.startswith(b"--- a/") and b"\n+++ b/" in patch and b"\x1b" not in patch
    assert b"--- a/two hunks.txt\t\n" in patch and patch.count(b"\n@@ ") >= len(FILES) + 1
    assert b"\\ No newline at end of file" in patch
    written = tmp_path / "written"
    shutil.copytree(repo, written, ignore=shutil.ignore_patterns(".git"))
    assert subprocess.run([*TEXTFIX, "repair", "--write", "-q", *FILES], cwd=written).returncode == 0
    expected = {name: (written / name).read_bytes() for name in FILES}
    assert all(expected[name] != FILES[name] for name in FILES)
    assert expected["cp949.txt"].decode("cp949").startswith("제목\r\n한글 한글 문서\r\n")

    (tmp_path / "p.diff").write_bytes(patch)
    subprocess.run(["git", "apply", str(tmp_path / "p.diff")], cwd=repo, check=True, capture_output=True)
    assert {name: (repo / name).read_bytes() for name in FILES} == expected
    git(repo, "checkout", "-q", "--", ".")
    subprocess.run(["patch", "-p1", "-s", "-i", str(tmp_path / "p.diff")], cwd=repo, check=True)
    assert {name: (repo / name).read_bytes() for name in FILES} == expected


def _patched(tmp_path: Path, original: bytes, patch: bytes) -> bytes:
    work = tmp_path / "w"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    (work / "f.txt").write_bytes(original)
    (tmp_path / "p.diff").write_bytes(patch)
    subprocess.run(["patch", "-p1", "-s", "-i", str(tmp_path / "p.diff")], cwd=work, check=True,
                   capture_output=True)
    return (work / "f.txt").read_bytes()


_lines = st.lists(st.sampled_from(["가나", "a b", "", "\r", "끝"]), min_size=0, max_size=14).map("\n".join)


@settings(max_examples=30, deadline=None)
@given(text=_lines, data=st.data())
def test_any_edits_make_a_patch_that_patch_applies(tmp_path_factory, text, data):
    """Edits anywhere (line breaks removed or added, insertions at the ends) give a patch
    that turns the original bytes into the edited ones."""
    need("patch")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits, pos = [], 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= pos:
            edits.append(Edit(a, b, data.draw(st.sampled_from(["", "X", "\n", "Y\nZ", "\r\n"]))))
            pos = b + 1
    new = "".join(text[e0.end if i else 0:e1.start] + e1.replacement
                  for i, (e0, e1) in enumerate(zip([Edit(0, 0, ""), *edits], edits, strict=False)))
    new += text[edits[-1].end:] if edits else text
    r = Repair(text, new, [], edits)
    if not r.changed:
        return
    tmp = tmp_path_factory.mktemp("p")
    for encoding, bom in (("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp949", b"")):
        patch = unified_diff(r, "f.txt", encoding, bom)
        assert _patched(tmp, bom + text.encode(encoding), patch) == bom + new.encode(encoding)


def test_the_word_diff_stays_as_view_words(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(FILES["crlf.txt"])
    out = run("repair", "--diff", "--view", "words", str(f))
    text = out.stdout.decode()
    assert text == f"{f}:2: [-¹®ÀÚ ±úÁü-]{{+문자 깨짐+}}  (TF102)\n"
    assert run("repair", "--diff", "--view", "inline", "--color", "never", str(f)).stdout.decode() == text


def _tty_run(*args: str) -> str:
    """Run the command with a pseudo-terminal as stdout (as a person would)."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([*TEXTFIX, *args], stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_color_never_on_a_terminal_shows_the_unified_diff_escaped(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("첫 줄\n¹®ÀÚ ±úÁü\x1b[31m\n", encoding="utf-8")
    screen = _tty_run("repair", "--diff", "--color", "never", str(f))
    assert "--- a/" in screen and "@@ -1,2 +1,2 @@" in screen
    assert "-¹®ÀÚ ±úÁü⟨U+001B⟩[31m" in screen and "+문자 깨짐⟨U+001B⟩[31m" in screen
    assert "\x1b" not in screen
    coloured = _tty_run("repair", "--diff", str(f))  # a colour terminal: the inline view
    assert "\x1b[" in coloured and "TF102" in coloured and "@@" not in coloured


def _render(renderable, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, force_terminal=False, color_system=None, file=open(os.devnull, "w"))
    if isinstance(renderable, list):
        for r in renderable:
            console.print(r, soft_wrap=True)
    else:
        console.print(renderable)
    return console.export_text().splitlines()


def test_the_80_column_inline_view_never_splits_a_grapheme_or_a_rule_code():
    nfd = unicodedata.normalize("NFD", "한국어 문장이 분해되어 저장되었습니다 " * 6)
    text = "첫 줄\n" + nfd + "\n" + "가나다라마바사 " * 12 + "¹®ÀÚ ±úÁü Å×½ºÆ® " * 4 + "끝\n"
    r = repair(text)
    assert {"TF102", "TF201"} <= {c for e in r.edits for c in e.codes}
    lines = inline_view(r, "a/very/long/path/to/a/file/named/page.txt", width=80)
    plain = [t.plain for t in lines]
    assert len(plain) > 4
    for line in plain:
        assert cell_len(line) <= 80, line
        assert not line or not continues("가", line[0]), line  # no line starts inside a grapheme
    for line in plain:
        for code in re.findall(r"TF\d*", line):
            assert len(code) == 5, line
    assert "TF102" in "".join(plain) and "TF201" in "".join(plain)


def test_a_change_that_looks_the_same_shows_its_code_points():
    text = unicodedata.normalize("NFD", "파일") + " 이름\n"
    out = words_diff(repair(text))
    assert "파 U+1111 U+1161 → U+D30C" in out and "일 U+110B U+1175 U+11AF → U+C77C" in out
    assert "U+" not in words_diff(repair("ㅎㅏㄴㄱㅡㄹ\n"))  # a visible change needs no code points


def test_an_insertion_shows_a_marker_on_the_before_side():
    page = "‘서울 한강 AI’ 구상. 서울 한강 AI’ 인프라"
    r = repair(page)
    assert r.text != page
    (row,) = rows(r)
    assert MARKER in row.before.plain and MARKER not in row.after.plain
    assert row.before.plain.replace(MARKER, "") == page
    screen = "\n".join(_render(split_view(r), 100))
    assert MARKER in screen


def test_right_to_left_rows_say_the_terminal_may_not_apply_bidi():
    r = repair(".םלוע 123 םולש\n")
    (row,) = rows(r)
    assert row.rtl and RTL_NOTE in row.all_notes
    assert RTL_NOTE in words_diff(r) and "your terminal may not apply bidi" in "\n".join(_render(split_view(r), 120))
    assert not rows(repair("ㅎㅏㄴㄱㅡㄹ\n"))[0].rtl


def test_long_paragraphs_are_trimmed_to_the_change():
    head, tail = "앞의 문장은 길고 깨끗합니다. " * 10, " 뒤의 문장도 길고 깨끗합니다." * 10
    r = repair(head + "ㅎㅏㄴㄱㅡㄹ" + tail + "\n")
    (row,) = rows(r)
    plain = row.plain
    assert plain.startswith("…") and plain.endswith("…")
    assert "[-ㅎㅏㄴㄱㅡㄹ-]{+한글+}" in plain
    kept = plain.split("[-")[0][1:], plain.split("+}")[1][:-1]
    assert all(CONTEXT - 8 <= len(k) <= CONTEXT + 8 for k in kept), kept
    assert rows(r, trim=False)[0].plain == (head + "[-ㅎㅏㄴㄱㅡㄹ-]{+한글+}" + tail)


def test_invisible_and_control_characters_are_badges_in_every_view():
    r = repair("안\u200b녕 \x1b[2J ㅎㅏㄴㄱㅡㄹ\n")
    for out in (words_diff(r), "\n".join(_render(inline_view(r, width=80))), "\n".join(_render(split_view(r)))):
        assert "\x1b" not in out and "\u200b" not in out and "⟨U+200B⟩" in out and "⟨U+001B⟩" in out
