"""The command on folders: discovery, skipping, workers, safe writes under faults, and the
preview as a real terminal shows it."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textfix.cli import main

DAMAGED = "첫 줄\n¹®ÀÚ ±úÁü Å×½ºÆ®\n"


def tmux(session: str) -> list[str]:
    """tmux on a server of the session's own (``-L``): no race with a server another test
    is shutting down, and ``kill-server`` ends nobody else's sessions."""
    return ["tmux", "-L", session]
REPAIRED = "첫 줄\n문자 깨짐 테스트\n"


def tree(root: Path) -> None:
    files = {
        "a.txt": DAMAGED, "b.md": DAMAGED, "clean.txt": "깨끗한 글\n", ".hidden.txt": DAMAGED,
        "sub/c.txt": DAMAGED, "ignored/d.txt": DAMAGED, "sub/e.log": DAMAGED,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "bin.dat").write_bytes(b"\x00\x01\x02binary")
    (root / ".gitignore").write_text("ignored/\n*.log\n")


def test_folders_recurse_and_skip_hidden_ignored_and_binary_files(tmp_path, capsys):
    tree(tmp_path)
    assert main(["repair", "--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "3 files would be repaired, 1 unchanged, 1 skipped" in err
    assert main(["repair", "--write", str(tmp_path)]) == 0
    for name in ("a.txt", "b.md", "sub/c.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == REPAIRED
    for name in (".hidden.txt", "ignored/d.txt", "sub/e.log"):
        assert (tmp_path / name).read_text(encoding="utf-8") == DAMAGED
    assert (tmp_path / "bin.dat").read_bytes() == b"\x00\x01\x02binary"


def test_include_and_exclude_globs(tmp_path, capsys):
    tree(tmp_path)
    assert main(["repair", "--write", "--include", "*.txt", "--exclude", "sub/*", str(tmp_path)]) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == REPAIRED
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == DAMAGED
    assert (tmp_path / "sub/c.txt").read_text(encoding="utf-8") == DAMAGED


def test_gitignore_can_be_switched_off(tmp_path):
    tree(tmp_path)
    assert main(["repair", "--write", "--no-gitignore", str(tmp_path)]) == 0
    assert (tmp_path / "ignored/d.txt").read_text(encoding="utf-8") == REPAIRED


def test_pyproject_include(tmp_path, monkeypatch):
    tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\ninclude = ["*.md"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["repair", "--write", "."]) == 0
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == REPAIRED
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DAMAGED


def test_worker_processes_give_the_same_result_in_the_same_order(tmp_path):
    for k in range(12):
        (tmp_path / f"f{k:02d}.txt").write_text(DAMAGED if k % 2 else "깨끗한 글\n", encoding="utf-8")
    one = subprocess.run([sys.executable, "-m", "textfix.cli", "detect", "--json", str(tmp_path)],
                         capture_output=True, timeout=120)
    many = subprocess.run([sys.executable, "-m", "textfix.cli", "detect", "--json", "-j", "3", str(tmp_path)],
                          capture_output=True, timeout=120)
    assert one.stdout == many.stdout and one.stdout.count(b"\n") == 6


def test_explicit_binary_file_is_an_error_but_the_run_goes_on(tmp_path, capsys):
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01")
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    assert main(["repair", "--write", str(tmp_path / "bin.dat"), str(tmp_path / "a.txt")]) == 2
    assert "binary" in capsys.readouterr().err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == REPAIRED


def test_a_file_changed_during_the_run_is_not_overwritten(tmp_path, monkeypatch):
    from textfix import run

    f = tmp_path / "a.txt"
    f.write_text(DAMAGED, encoding="utf-8")
    real = run.repair

    def slow(text, **kw):
        f.write_text(DAMAGED + "새 줄\n", encoding="utf-8")  # someone edits the file meanwhile
        os.utime(f, ns=(1, 1))
        return real(text, **kw)

    monkeypatch.setattr(run, "repair", slow)
    assert main(["repair", "--write", str(f)]) == 2
    assert f.read_text(encoding="utf-8") == DAMAGED + "새 줄\n"


def test_detect_explain_says_why(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(DAMAGED, encoding="utf-8")
    assert main(["detect", "--explain", "--color", "never", str(f)]) == 1
    out = capsys.readouterr().out
    assert "why: CP949/EUC-KR bytes" in out and "rule:" in out and "fix: applied, safe" in out


def test_pre_commit_hooks_name_real_commands(tmp_path):
    text = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    entries = [line.split("entry:", 1)[1].split() for line in text.splitlines() if "entry:" in line]
    assert len(entries) == 2
    clean = tmp_path / "clean.txt"
    clean.write_text("깨끗한 글\n", encoding="utf-8")
    damaged = tmp_path / "damaged.txt"
    for entry in entries:
        assert entry[0] == "textfix"
        assert main([*entry[1:], str(clean)]) == 0  # pre-commit passes file names
        damaged.write_text(DAMAGED, encoding="utf-8")
        code = main([*entry[1:], str(damaged)])
        if "--check" in entry:
            assert code == 1 and damaged.read_text(encoding="utf-8") == DAMAGED
        else:
            assert code == 0 and damaged.read_text(encoding="utf-8") == REPAIRED


def test_kill_while_writing_leaves_the_old_or_the_new_file(tmp_path):
    big = tmp_path / "big.txt"
    old = ("¹®ÀÚ ±úÁü Å×½ºÆ® " * 40 + "\n") * 6000
    new_expected = None
    for attempt in range(6):
        big.write_text(old, encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "textfix.cli", "repair", "--write", "--quiet", str(big)])
        time.sleep(0.3 + 0.35 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = big.read_text(encoding="utf-8")
        if data != old:
            if new_expected is None:
                subprocess.run([sys.executable, "-m", "textfix.cli", "repair", "--write", "--quiet", str(big)])
                new_expected = big.read_text(encoding="utf-8")
                big.write_text(data, encoding="utf-8")
            assert data == new_expected
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.txt"]
    assert all(name.endswith(".textfix") for name in leftovers)  # temporary files only


def test_preview_in_a_real_terminal_keeps_wide_characters_aligned(tmp_path):
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    f = tmp_path / "page.txt"
    f.write_text("제목 줄\n박 의원은 서울 한강 AI’ 구상을 밝혔다. ‘서울 한강 AI’는 크다.\n안\u200b녕 ㅎㅏㄴㄱㅡㄹ\n",
                 encoding="utf-8")
    session = f"textfix-test-{os.getpid()}"
    cmd = f"{sys.executable} -m textfix.cli repair --diff --color always --view split {f}; sleep 5"
    env_cmd = [*tmux(session), "new-session", "-d", "-s", session, "-x", "120", "-y", "30", cmd]
    subprocess.run(env_cmd, check=True)
    try:
        screen = ""
        for _ in range(50):
            time.sleep(0.2)
            screen = subprocess.run([*tmux(session), "capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
            if "TF205" in screen:
                break
    finally:
        subprocess.run([*tmux(session), "kill-server"], capture_output=True)
    assert "TF403" in screen and "TF205" in screen and "⟨U+200B⟩" in screen
    from rich.cells import cell_len

    border_rows = [line.rstrip() for line in screen.splitlines() if line.startswith(("│", "┌", "├", "└"))]
    assert border_rows
    widths = {cell_len(line) for line in border_rows}
    assert len(widths) == 1, widths  # every table row ends in the same terminal column
    assert "\u200b" not in screen


def test_the_inline_view_fits_an_80_column_terminal_without_its_wrapping(tmp_path):
    """The command cuts its own lines (between graphemes, never inside a rule code): the
    terminal never has to wrap one, so its rows are the command's lines."""
    import re
    import unicodedata

    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    f = tmp_path / "page.txt"
    f.write_text("제목 줄\n" + unicodedata.normalize("NFD", "분해된 한글 문장이 길게 이어집니다 " * 5) + "\n"
                 + "가나다라 " * 10 + "ㅎㅏㄴㄱㅡㄹ 끝 " + "마바사 " * 10 + "\n", encoding="utf-8")
    session = f"textfix-inline-{os.getpid()}"
    cmd = f"{sys.executable} -m textfix.cli repair --diff --color always --view inline {f}; sleep 5"
    subprocess.run([*tmux(session), "new-session", "-d", "-s", session, "-x", "80", "-y", "40", cmd], check=True)
    try:
        screen = joined = ""
        for _ in range(50):
            time.sleep(0.2)
            screen = subprocess.run([*tmux(session), "capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
            if "would be repaired" in screen:
                joined = subprocess.run([*tmux(session), "capture-pane", "-p", "-J", "-t", session],
                                        capture_output=True, text=True).stdout
                break
    finally:
        subprocess.run([*tmux(session), "kill-server"], capture_output=True)
    assert "TF201" in screen and "TF202" in screen
    rows = [row.rstrip() for row in screen.rstrip("\n").splitlines()]
    assert [row.rstrip() for row in joined.rstrip("\n").splitlines()] == rows  # no row wrapped by the terminal
    assert len(rows) > 6
    assert all(len(code) == 5 for code in re.findall(r"TF\d*", screen))
