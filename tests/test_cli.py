import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from textfix.cli import main

DAMAGED = "첫 줄\r\n¹®ÀÚ ±úÁü Å×½ºÆ®\r\n끝\r\n"
REPAIRED = "첫 줄\r\n문자 깨짐 테스트\r\n끝\r\n"


def run_cli(*args: str, stdin: bytes = b"", cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textfix.cli", *args], input=stdin,
                          capture_output=True, timeout=120, cwd=cwd)


def test_repair_prints_the_repaired_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    out = run_cli("repair", str(f))
    assert out.returncode == 0
    assert out.stdout.decode() == REPAIRED


def test_stdin_filter_keeps_bytes_format():
    out = run_cli("repair", "-", stdin=DAMAGED.encode())
    assert out.returncode == 0 and out.stdout == REPAIRED.encode()


def test_check_exits_1_when_something_would_change_and_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    assert main(["repair", "--check", str(f)]) == 1
    assert f.read_bytes() == DAMAGED.encode()
    clean = tmp_path / "b.txt"
    clean.write_text("깨끗한 글\n", encoding="utf-8")
    assert main(["repair", "--check", str(clean)]) == 0


def test_diff_is_a_unified_diff_when_piped_and_the_word_diff_on_request(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    out = run_cli("repair", "--diff", "a.txt", cwd=tmp_path)
    assert out.returncode == 0
    assert out.stdout == ("--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n 첫 줄\r\n-¹®ÀÚ ±úÁü Å×½ºÆ®\r\n"
                          "+문자 깨짐 테스트\r\n 끝\r\n").encode()
    text = run_cli("repair", "--diff", "--view", "words", str(f)).stdout.decode()
    assert "[-¹®ÀÚ ±úÁü Å×½ºÆ®-]{+문자 깨짐 테스트+}  (TF102)" in text
    assert "U+000D" not in text
    assert f"{f}:2:" in text
    assert f.read_bytes() == DAMAGED.encode()


def test_diff_in_colour_never_passes_file_text_as_markup_or_escapes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("[bold]x[/bold] :smile: \x1b[31m ㅎㅏㄴㄱㅡㄹ\u3164\n", encoding="utf-8")
    out = run_cli("repair", "--diff", "--color", "always", str(f))
    text = out.stdout.decode()
    assert "[bold]x[/bold]" in text and ":smile:" in text
    assert "⟨U+001B⟩" in text and "⟨U+3164⟩" in text
    plain = run_cli("repair", "--diff", "--view", "words", str(f)).stdout.decode()
    assert "⟨U+001B⟩[31m" in plain and "\x1b" not in plain  # shown, never obeyed


def test_write_repairs_in_place_keeping_encoding_bom_newlines_and_mode(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + DAMAGED.encode())
    os.chmod(f, 0o640)
    assert main(["repair", "--write", str(f)]) == 0
    assert f.read_bytes() == b"\xef\xbb\xbf" + REPAIRED.encode()
    assert stat.S_IMODE(f.stat().st_mode) == 0o640


def test_write_keeps_cp949_and_utf16(tmp_path):
    cp = tmp_path / "cp.txt"
    cp.write_bytes("한글 ㅎㅏㄴㄱㅡㄹ\n".encode("cp949"))
    assert main(["repair", "--write", str(cp)]) == 0
    assert cp.read_bytes() == "한글 한글\n".encode("cp949")
    u16 = tmp_path / "u16.txt"
    u16.write_bytes(b"\xfe\xff" + "한글 ㅎㅏㄴㄱㅡㄹ\r\n".encode("utf-16-be"))
    assert main(["repair", "--write", str(u16)]) == 0
    assert u16.read_bytes() == b"\xfe\xff" + "한글 한글\r\n".encode("utf-16-be")


def test_a_table_of_rare_syllables_in_euc_kr_is_read_as_euc_kr(tmp_path, capsysbinary):
    # a red-team run: freewnn's romanization tables (EUC-KR, 4,507 mostly rare syllables)
    # were refused as "not recognisably CP949/EUC-KR" (0.52 plausible)
    from textfix.korean import common_syllables, korean_plausibility

    rare = [c for c in bytes(b for lead in range(0xB0, 0xC9) for trail in range(0xA1, 0xFF)
                             for b in (lead, trail)).decode("euc-kr") if c not in common_syllables()]
    text = "".join(f"{rare[i]}\t{i}\n" for i in range(0, len(rare), 7))
    assert korean_plausibility(text) < 0.6
    table = tmp_path / "HANGUL.ROM"
    table.write_bytes(text.encode("euc-kr"))
    assert main(["repair", str(table)]) == 0
    assert capsysbinary.readouterr().out == text.encode("euc-kr")
    # Latin-1 text (its accented letters between ASCII ones) is still no EUC-KR
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Größe, Übersicht, café, déjà vu, naïve\n".encode("latin-1") * 30)
    assert main(["repair", str(latin)]) == 2


def test_unchanged_files_are_not_rewritten(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("깨끗한 글\n", encoding="utf-8")
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    assert main(["repair", "--write", str(f)]) == 0
    assert f.stat().st_mtime_ns == 1_000_000_000


def test_symlinks_are_edited_at_their_target(tmp_path):
    target = tmp_path / "t.txt"
    target.write_bytes(DAMAGED.encode())
    link = tmp_path / "l.txt"
    link.symlink_to(target)
    assert main(["repair", "--write", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_bytes() == REPAIRED.encode()


@pytest.mark.parametrize(("content", "message"), [
    (b"abc\x00\x01\x02", "binary"),
    (b"\xc3\x28 garbage \x80\x81 \xfe", "not UTF-8"),
])
def test_bad_input_exits_2_with_a_clear_message_and_is_left_untouched(tmp_path, content, message):
    f = tmp_path / "bad.bin"
    f.write_bytes(content)
    out = run_cli("repair", "--write", str(f))
    assert out.returncode == 2
    assert message in out.stderr.decode()
    assert f.read_bytes() == content


def test_missing_file_exits_2_and_the_run_goes_on(tmp_path):
    good = tmp_path / "a.txt"
    good.write_bytes(DAMAGED.encode())
    out = run_cli("repair", "--write", str(tmp_path / "missing.txt"), str(good))
    assert out.returncode == 2
    assert "missing.txt" in out.stderr.decode()
    assert good.read_bytes() == REPAIRED.encode()


def test_detect_lists_findings_and_exits_1(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    out = run_cli("detect", "--color", "never", str(f))
    assert out.returncode == 1
    assert f"{f}:2:1: TF102 mojibake-cp949" in out.stdout.decode()
    out = run_cli("detect", "--json", str(f))
    import json

    (row,) = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert row["code"] == "TF102" and row["line"] == 2 and row["replacement"] == "문자 깨짐 테스트"


def test_detect_on_clean_text_exits_0(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("깨끗한 글\n", encoding="utf-8")
    assert main(["detect", str(f)]) == 0


def test_ignore_flag_switches_a_rule_off(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    assert main(["repair", "--check", "--ignore", "TF102", str(f)]) == 0


def test_pyproject_config_is_read(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nignore = ["mojibake-cp949"]\n')
    f = tmp_path / "a.txt"
    f.write_bytes(DAMAGED.encode())
    monkeypatch.chdir(tmp_path)
    assert main(["repair", "--check", str(f)]) == 0


def test_seed_diff_runs_from_the_copy_in_the_repo():
    root = Path(__file__).resolve().parent.parent
    out = run_cli("repair", "--diff", str(root / "corpus_broken" / "seeds" / "003_da324db061911ce7.txt"))
    assert out.returncode == 0


def test_mixed_line_endings_survive_a_write(tmp_path):
    f = tmp_path / "mixed.txt"
    f.write_bytes("첫 줄\r\n¹®ÀÚ ±úÁü\n셋째 줄\r\n넷째\r".encode())
    assert main(["repair", "--write", "--quiet", str(f)]) == 0
    assert f.read_bytes() == "첫 줄\r\n문자 깨짐\n셋째 줄\r\n넷째\r".encode()
