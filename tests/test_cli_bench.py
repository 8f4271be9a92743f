"""textfix bench for users (progress on stderr, a corpus folder from anywhere, a clear
message without one), textfix rules CODE, and -v on the language model."""

import io
import json
import subprocess
import sys
from pathlib import Path

from textfix.bench import Progress

ROOT = Path(__file__).resolve().parent.parent
TEXTFIX = [sys.executable, "-m", "textfix.cli"]


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*TEXTFIX, *args], capture_output=True, timeout=300, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    lines = (ROOT / "corpus_broken" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    kinds: dict[str, int] = {}
    keep = []
    for line in lines:
        kind = json.loads(line)["kind"]
        if kinds.get(kind, 0) < 3:
            kinds[kind] = kinds.get(kind, 0) + 1
            keep.append(line)
    (folder / "cases.jsonl").write_text("\n".join(keep) + "\n", encoding="utf-8")
    return folder


def test_bench_without_a_corpus_says_how_to_get_one(tmp_path):
    out = run("bench", cwd=tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "no benchmark corpus in corpus_broken" in err and "git clone" in err
    assert "scripts/build_corpus.py" in err and "downloads nothing" in err
    assert run("bench", str(tmp_path / "nowhere"), cwd=tmp_path).returncode == 2


def test_bench_takes_a_corpus_folder_from_anywhere_and_shows_progress(tmp_path):
    corpus = small_corpus(tmp_path / "my corpus")
    out = run("bench", str(corpus), "--megabytes", "0", "--split", "all", "--scorer", "builtin", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "damage kind" in out.stdout.decode() and "clean texts unchanged" in out.stdout.decode()
    err = out.stderr.decode()
    n = len((corpus / "cases.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"bench: accuracy {n}/{n} cases (" in err and "cases/s)" in err
    quiet = run("bench", str(corpus), "--megabytes", "0", "--split", "all", "--scorer", "builtin", "-q",
                "--json", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""
    assert "accuracy" in json.loads(quiet.stdout)


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_in_a_log():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty = Terminal()
    with Progress(stream=tty).task("accuracy", 5, "cases") as step:
        for _ in range(5):
            step()
    assert "bench: accuracy" in tty.getvalue() and "cases/s" in tty.getvalue()
    log = io.StringIO()
    with Progress(stream=log).task("accuracy", 3, "cases") as step:
        for _ in range(3):
            step()
    assert log.getvalue().startswith("bench: accuracy 3/3 cases (") and log.getvalue().count("\n") == 1
    silent = io.StringIO()
    with Progress(quiet=True, stream=silent).task("accuracy", 3, "cases") as step:
        step()
    assert silent.getvalue() == ""


def test_rules_code_prints_the_documentation_with_an_example():
    out = run("rules", "TF301")
    text = out.stdout.decode()
    assert out.returncode == 0
    assert text.startswith("TF301 reversed-runs [guess]")
    for part in ("What: ", "Why: ", "Example:\n    '", "\n    -> '", "Never: ", "Confidence: ",
                 "Switch it off: --ignore TF301"):
        assert part in text, part
    assert run("rules", "visual-rtl").stdout.decode().startswith("TF302 visual-rtl")
    assert len(run("rules").stdout.decode().splitlines()) >= 20
    bad = run("rules", "TF999")
    assert bad.returncode == 2 and b"TF999" in bad.stderr


def test_verbose_says_whether_the_language_model_was_loaded(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("깨끗한 글입니다.\n", encoding="utf-8")
    out = run("repair", "--check", "-v", "--scorer", "builtin", str(f))
    assert "the Korean language model (kiwi) was not loaded" in out.stderr.decode()
    out = run("detect", "-v", "-j", "2", str(f), str(f))
    assert "each worker process loads the Korean language model only when" in out.stderr.decode()
