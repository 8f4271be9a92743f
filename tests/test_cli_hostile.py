"""The command against hostile input: unreadable folders, links out of the tree, special
files, hostile file names, unencodable repairs, signals, metadata, temporary files, worker
limits, and the paths that used to end in tracebacks."""

import codecs
import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from textfix import io as tio
from textfix.cli import main

DAMAGED = "첫 줄\n¹®ÀÚ ±úÁü Å×½ºÆ®\n"
REPAIRED = "첫 줄\n문자 깨짐 테스트\n"
TEXTFIX = [sys.executable, "-m", "textfix.cli"]


def run_cli(*args: str, stdin: bytes = b"", cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([*TEXTFIX, *args], input=stdin, capture_output=True, timeout=timeout, cwd=cwd,
                          env=env)


def write(path: Path, text: str = DAMAGED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- unreadable folders ---------------------------------------------------------------------


def test_an_unreadable_subfolder_is_an_error_named_at_the_end(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a.txt", "깨끗한 글\n")
    write(tmp_path / "locked" / "b.txt")
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["repair", "--check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"textfix: error: {tmp_path / 'locked'}: cannot read folder: Permission denied" in err
    assert "1 error" in err.splitlines()[-1]


def test_an_unreadable_subfolder_as_an_unprivileged_user(tmp_path):
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is not installed")
    base = Path(tempfile.mkdtemp(prefix="textfix-priv-"))
    try:
        os.chmod(base, 0o755)
        write(base / "a.txt", "깨끗한 글\n")
        write(base / "locked" / "b.txt")
        os.chmod(base / "locked", 0o000)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *TEXTFIX,
               "repair", "--check", str(base)]
        out = subprocess.run(cmd, capture_output=True, timeout=120, cwd=base)
        if b"No module named" in out.stderr or out.returncode not in (0, 1, 2):
            pytest.skip(f"cannot run textfix as another user here: {out.stderr[-200:]!r}")
        if os.access(base / "locked", os.R_OK) and os.geteuid() != 0:
            pytest.skip("chmod 000 does not stop reads here")
        assert out.returncode == 2, out.stderr
        assert b"locked: cannot read folder: Permission denied" in out.stderr
    finally:
        os.chmod(base / "locked", 0o755)
        shutil.rmtree(base)


# --- links and special files ----------------------------------------------------------------


def test_links_found_in_a_walk_are_not_followed_out_of_the_tree(tmp_path, capsys):
    outside = write(tmp_path / "outside" / "secret.txt")
    tree = tmp_path / "tree"
    write(tree / "a.txt")
    (tree / "link.txt").symlink_to(outside)
    (tree / "inside.txt").symlink_to(tree / "a.txt")  # in the tree: the same file, once
    (tree / "dirlink").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert main(["repair", "--write", "-v", str(tree)]) == 0
    err = capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == DAMAGED
    assert (tree / "a.txt").read_text(encoding="utf-8") == REPAIRED
    assert "link.txt: symbolic link out of the folder; not followed" in err
    assert "1 file repaired" in err
    # a link the user names is followed, and edited at its target
    assert main(["repair", "--write", str(tree / "link.txt")]) == 0
    assert outside.read_text(encoding="utf-8") == REPAIRED and (tree / "link.txt").is_symlink()


def test_a_fifo_in_a_folder_is_skipped_not_read(tmp_path):
    write(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe")
    out = run_cli("repair", "--check", "-v", str(tmp_path), timeout=60)
    assert out.returncode == 1
    assert b"pipe: not a regular file" in out.stderr


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_named_fifo_or_device_is_an_error_named_and_the_run_goes_on(tmp_path, special):
    if special == "fifo":
        special = str(tmp_path / "fifo")
        os.mkfifo(special)
    elif not os.path.exists(special):
        pytest.skip("no /dev/zero")
    good = write(tmp_path / "a.txt")
    out = run_cli("repair", "--write", special, str(good), timeout=60)
    assert out.returncode == 2
    assert f"textfix: error: {special}: is a".encode() in out.stderr
    assert good.read_text(encoding="utf-8") == REPAIRED


def test_a_file_named_dash_found_in_a_walk_is_a_file_not_stdin(tmp_path):
    write(tmp_path / "-")
    out = run_cli("repair", "--check", ".", cwd=tmp_path, stdin=b"")
    assert out.returncode == 1
    assert b"1 file would be repaired" in out.stderr
    out = run_cli("repair", "-", cwd=tmp_path, stdin="¹®ÀÚ".encode())
    assert out.stdout.decode() == "문자"  # only the argument - is standard input


# --- file names reach the terminal escaped ----------------------------------------------------

HOSTILE = "evil\x1b[2J\x1b]0;pwned\x07\u202etxt.exe\u200b"


def _assert_escaped(data: bytes) -> None:
    text = re.sub("\x1b\\[[0-9;]*m", "", data.decode("utf-8", "replace"))  # our own colours only
    for ch in ("\x1b", "\x07", "\u202e", "\u200b"):
        assert ch not in text, repr(text)


def test_hostile_file_names_are_escaped_everywhere(tmp_path):
    f = write(tmp_path / f"{HOSTILE}.txt")
    binary = tmp_path / f"{HOSTILE}.bin"
    binary.write_bytes(b"\x00\x01")
    os.mkfifo(tmp_path / f"{HOSTILE}.fifo")
    runs = [
        run_cli("repair", "--check", "-v", str(tmp_path)),
        run_cli("repair", "--diff", "--color", "never", str(tmp_path)),
        run_cli("repair", "--diff", "--color", "always", str(f)),
        run_cli("detect", "--color", "never", str(tmp_path)),
        run_cli("detect", "--color", "always", "--explain", str(tmp_path)),
        run_cli("repair", "--check", str(binary)),  # an error message
        run_cli("repair", "--check", str(tmp_path / "missing" / f"{HOSTILE}.txt")),
        run_cli("detect", "--json", str(tmp_path)),
    ]
    for out in runs:
        _assert_escaped(out.stdout)
        _assert_escaped(out.stderr)
    assert "⟨U+001B⟩[2J".encode() in runs[0].stderr and "⟨U+202E⟩".encode() in runs[3].stdout
    assert "⟨U+001B⟩".encode() in runs[5].stderr and "⟨U+001B⟩".encode() in runs[6].stderr
    import json

    assert {json.loads(line)["path"] for line in runs[7].stdout.splitlines()} == {str(f)}  # exact, escaped


def test_undecodable_file_names_are_escaped_too(tmp_path):
    name = os.fsencode(tmp_path) + b"/bad\xff\x1bname.txt"
    with open(name, "wb") as fh:
        fh.write(DAMAGED.encode())
    out = run_cli("detect", "--color", "never", str(tmp_path))
    assert out.returncode == 1
    _assert_escaped(out.stdout)
    assert "⟨U+DCFF⟩⟨U+001B⟩name.txt".encode() in out.stdout
    out = run_cli("detect", "--json", str(tmp_path))
    import json

    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert os.fsencode(row["path"]) == name  # JSON keeps the exact name, escaped as JSON


# --- encodings ----------------------------------------------------------------------------------


def test_a_repair_the_encoding_cannot_hold_is_reported_and_the_run_goes_on(tmp_path, capsys):
    korean = tmp_path / "korean.txt"
    korean.write_bytes("¹®ÀÚ ±úÁü Å×½ºÆ®\n".encode("latin-1"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("cafÃ© crÃ¨me\n".encode("latin-1"))
    assert main(["repair", "--write", "--encoding", "latin-1", str(korean), str(latin)]) == 2
    err = capsys.readouterr().err
    assert f"textfix: error: {korean}: the repair needs characters latin-1 cannot encode" in err
    assert korean.read_bytes() == "¹®ÀÚ ±úÁü Å×½ºÆ®\n".encode("latin-1")  # left as it was
    assert latin.read_bytes() == "café crème\n".encode("latin-1")


def test_utf32_with_bom_is_read_as_utf32(tmp_path):
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")):
        f = tmp_path / f"{codec}.txt"
        f.write_bytes(bom + DAMAGED.encode(codec))
        assert tio.read_file(f).encoding == codec
        assert main(["repair", "--write", "-q", str(f)]) == 0
        assert f.read_bytes() == bom + REPAIRED.encode(codec)


def test_the_filter_prints_in_the_files_encoding_whether_named_or_piped(tmp_path):
    f = tmp_path / "cp.txt"
    f.write_bytes("한글 ㅎㅏㄴㄱㅡㄹ\n".encode("cp949"))
    named = run_cli("repair", str(f))
    piped = run_cli("repair", "-", stdin=f.read_bytes())
    assert named.returncode == piped.returncode == 0
    assert named.stdout == piped.stdout == "한글 한글\n".encode("cp949")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(codecs.BOM_UTF16_LE + DAMAGED.encode("utf-16-le"))
    assert run_cli("repair", str(bom)).stdout == codecs.BOM_UTF16_LE + REPAIRED.encode("utf-16-le")


# --- signals, workers -------------------------------------------------------------------------


def _big_tree(root: Path, files: int = 24, lines: int = 2500) -> None:
    text = ("¹®ÀÚ ±úÁü Å×½ºÆ® ㅎㅏㄴㄱㅡㄹ " * 12 + "\n") * lines
    for k in range(files):
        write(root / f"f{k:02d}.txt", text)


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _temps(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.endswith(tio.TEMP_SUFFIX)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_die_with_their_parent(tmp_path):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("needs 2 CPUs for 2 workers")
    _big_tree(tmp_path)
    proc = subprocess.Popen([*TEXTFIX, "repair", "--write", "-q", "-j", "2", str(tmp_path)],
                            stderr=subprocess.PIPE)
    workers: list[int] = []
    for _ in range(100):
        time.sleep(0.1)
        workers = [c for c in _children(proc.pid) if _alive(c)]
        if len(workers) >= 2:
            break
    assert workers, "no worker processes seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived their parent"
    time.sleep(0.3)
    assert _temps(tmp_path) == []  # the workers removed their temporary files on the way out


@pytest.mark.parametrize(("sig", "code", "jobs"), [
    (signal.SIGTERM, 143, "1"), (signal.SIGINT, 130, "1"), (signal.SIGTERM, 143, "2"),
])
def test_sigterm_and_sigint_end_the_run_cleanly(tmp_path, sig, code, jobs):
    _big_tree(tmp_path)
    # as from a terminal: a background job of a non-interactive shell (CI) inherits SIGINT
    # ignored, and a run that was told to ignore it rightly does
    proc = subprocess.Popen([*TEXTFIX, "repair", "--write", "-q", "-j", jobs, str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2.0)
    assert proc.poll() is None, "the run ended before the signal; make the tree bigger"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert b"Traceback" not in err
    assert b"interrupted" in err
    assert _temps(tmp_path) == []
    for f in tmp_path.iterdir():  # every file is the old or the new text, whole
        text = f.read_text(encoding="utf-8")
        assert text.startswith(("¹®ÀÚ", "문자 깨짐")) and text.endswith("\n")


def test_jobs_are_capped_at_the_cpus(tmp_path, capsys):
    for k in range(3):
        write(tmp_path / f"f{k}.txt")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    out = run_cli("detect", "--json", "-v", "-j", "200", str(tmp_path))
    assert out.returncode == 1 and out.stdout.count(b"\n") == 3
    assert f"-j 200 capped at {cpus}".encode() in out.stderr


def test_workers_do_not_load_the_korean_model_up_front(tmp_path):
    write(tmp_path / "a.txt", "깨끗한 글\n")
    code = (
        "import sys, textfix.cli\n"
        "from textfix.config import Config\n"
        "from textfix.files import Source\n"
        "from textfix.plan import Job\n"
        "from textfix.run import process\n"
        f"r = process(Source({str(tmp_path / 'a.txt')!r}), Job(Config()))\n"
        "assert r.repair is not None and not r.repair.changed\n"
        "print(sorted(m for m in sys.modules if m.startswith('kiwipiepy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == b"[]"


def test_negative_jobs_is_a_usage_error(tmp_path):
    assert main(["repair", "--check", "-j", "-1", str(write(tmp_path / "a.txt"))]) == 2


# --- writes: metadata, hard links, read-only files, temporary files --------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_write_keeps_the_owner_and_xattrs(tmp_path):
    f = write(tmp_path / "a.txt")
    os.chown(f, 4321, 4322)
    try:
        os.setxattr(f, "user.textfix", b"kept")
        xattr = True
    except (OSError, AttributeError):
        xattr = False
    assert main(["repair", "--write", "-q", str(f)]) == 0
    st = f.stat()
    assert f.read_text(encoding="utf-8") == REPAIRED
    assert (st.st_uid, st.st_gid) == (4321, 4322)
    if xattr:
        assert os.getxattr(f, "user.textfix") == b"kept"


def test_hard_links_are_refused_unless_asked(tmp_path, capsys):
    f = write(tmp_path / "a.txt")
    os.link(f, tmp_path / "b.txt")
    assert main(["repair", "--write", str(f)]) == 2
    assert "a.txt: has 2 hard links" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == DAMAGED
    assert main(["repair", "--write", "--break-hardlinks", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == REPAIRED
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DAMAGED  # the other name keeps its text


def test_read_only_files_are_refused_unless_asked(tmp_path, capsys):
    f = write(tmp_path / "a.txt")
    os.chmod(f, 0o444)
    assert main(["repair", "--write", str(f)]) == 2
    assert "a.txt: is read-only" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == DAMAGED
    assert main(["repair", "--write", "--write-readonly", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == REPAIRED
    assert stat.S_IMODE(f.stat().st_mode) == 0o444


def test_a_failed_write_names_its_file_and_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    f = write(tmp_path / "a.txt")
    good = write(tmp_path / "b.txt")

    def replace(src, dst):
        if str(dst).endswith("a.txt"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real(src, dst)

    real = os.replace
    monkeypatch.setattr(os, "replace", replace)
    assert main(["repair", "--write", str(f), str(good)]) == 2
    assert f"textfix: error: {f}: cannot write: Read-only file system" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == DAMAGED
    assert good.read_text(encoding="utf-8") == REPAIRED
    assert _temps(tmp_path) == []


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.txt.{dead.pid}-0123abcd.textfix"
    stale.write_text("half")
    live = tmp_path / f".a.txt.{os.getppid()}-0123abcd.textfix"
    live.write_text("being written")
    other = tmp_path / ".notes.textfix"
    other.write_text("not ours")
    f = write(tmp_path / "a.txt")
    out = run_cli("repair", "--write", str(f))
    assert out.returncode == 0
    assert not stale.exists() and live.exists() and other.exists()


def test_a_file_name_of_255_bytes_can_be_written(tmp_path):
    name = "가" * 83 + "ab.txt"  # 249 + 6 = 255 bytes
    assert len(name.encode()) == 255
    f = write(tmp_path / name)
    assert main(["repair", "--write", "-q", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == REPAIRED
    assert len(tio.temp_name(name).encode()) <= 255
    assert re.fullmatch(r"\.textfix-[0-9a-f]{16}\.\d+-[0-9a-f]{8}\.textfix", tio.temp_name(name))


# --- what used to end in a traceback -------------------------------------------------------------


def test_a_path_component_over_255_bytes_is_a_clear_error(tmp_path):
    out = run_cli("repair", "--check", str(tmp_path / ("x" * 300)), str(tmp_path / ("y" * 300) / "a.txt"))
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr
    assert b"file name too long" in out.stderr


def test_a_deleted_working_folder_is_a_clear_error(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    f = write(tmp_path / "a.txt")
    script = f'cd "{gone}" && rmdir "{gone}" && exec "$@"'
    out = subprocess.run(["sh", "-c", script, "sh", *TEXTFIX, "repair", "--check", "a.txt"],
                         capture_output=True, timeout=120)
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    assert b"the working folder no longer exists" in out.stderr
    gone.mkdir()
    out = subprocess.run(["sh", "-c", script, "sh", *TEXTFIX, "repair", "--check", str(f)],
                         capture_output=True, timeout=120)
    assert out.returncode == 1, out.stderr  # absolute paths need no working folder


@pytest.mark.parametrize(("content", "message"), [
    (b'{"kind": "clean", "broken": "", "gold": "", "expect": "unchanged"}\n{not json\n',
     b"cases.jsonl:2: not JSON"),
    (b'{"kind": "mojibake"}\n', b"cases.jsonl:1: missing"),
    (b'[1, 2]\n', b"cases.jsonl:1: not a JSON object"),
    (b'\xff\xfe\n', b"cases.jsonl: not UTF-8"),
])
def test_a_malformed_benchmark_file_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "cases.jsonl").write_bytes(content)
    out = run_cli("bench", "--megabytes", "0", str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert b"Traceback" not in out.stderr
    assert message in out.stderr


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_write_with_check_or_diff_is_a_usage_error_and_writes_nothing(tmp_path, flag, capsys):
    f = write(tmp_path / "a.txt")
    assert main(["repair", "--write", flag, str(f)]) == 2
    assert "writes nothing" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == DAMAGED


def test_nonsense_terminal_widths_fall_back(tmp_path):
    f = write(tmp_path / "a.txt")
    for columns in ("0", "-5", "abc"):
        env = {**os.environ, "COLUMNS": columns}
        for view in ("inline", "split"):
            out = run_cli("repair", "--diff", "--color", "always", "--view", view, str(f), env=env)
            assert out.returncode == 0
            assert "문자 깨짐 테스트" in out.stdout.decode(), (columns, view)


def test_an_unknown_encoding_is_a_usage_error(tmp_path, capsys):
    assert main(["repair", "--check", "--encoding", "nonsense-8", str(write(tmp_path / "a.txt"))]) == 2
    assert "unknown encoding 'nonsense-8'" in capsys.readouterr().err
