"""textfix.stream: big plain text repaired window by window, as it would be whole, in flat
memory."""

import io
import json
from pathlib import Path

import textfix
from textfix.stream import paragraphs, repair_stream

ROOT = Path(__file__).resolve().parent.parent


def stream(text, **kw):
    out = io.StringIO()
    summary = repair_stream(io.StringIO(text), out, **kw)
    return out.getvalue(), summary


def corpus_files() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_broken" / "seeds").glob("*.txt"))]
    cases = [json.loads(x) for p in sorted((ROOT / "corpus_broken").glob("cases*.jsonl"))
             for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts.append("\n\n".join(c["broken"] for c in cases[::7]))
    return texts


def test_paragraphs_give_the_text_back():
    for text in ("", "a", "a\n\nb", "a\n\n\n\nb\n", "a\r\n\r\nb\r\n", "\n\na\n \nb\n\n"):
        for size in (1, 2, 3, 100):
            chunks = [text[i:i + size] for i in range(0, len(text), size)]
            assert "".join(paragraphs(chunks)) == text


def test_one_window_is_the_whole_file_repair():
    for text in corpus_files():
        got, s = stream(text)
        assert got == textfix.repair(text).text
        assert s.windows == 1


def test_windows_repair_as_the_whole_text_where_no_evidence_crosses_them():
    # every case stands on its own: windows of any size give each case its whole-text repair
    cases = [json.loads(x) for p in sorted((ROOT / "corpus_broken").glob("cases*.jsonl"))
             for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    picked = [c["broken"] for c in cases[::25] if "\n\n" not in c["broken"] and not c.get("reference")]
    text = "\n\n".join(picked)
    whole = textfix.repair(text).text
    got, s = stream(text, window=2000, overlap=500)
    assert s.windows > 10
    differ = [i for i, (a, b) in enumerate(zip(got.split("\n\n"), whole.split("\n\n"), strict=True)) if a != b]
    # what may differ: text whose evidence is in another window (documented in textfix.stream)
    assert len(differ) <= len(picked) // 100, differ


def test_findings_are_in_stream_offsets_and_line_endings_stay():
    text = "첫 문단\r\n\r\n" + "¹®ÀÚ ±úÁü\r\n" * 3 + "\r\n끝 ㅎㅏㄴㄱㅡㄹ\r\n"
    found = []
    got, s = stream(text, window=10, overlap=5, findings=found.append)
    assert got == textfix.repair(text).text and s.windows >= 3
    whole = textfix.repair(text).findings
    assert [(f.code, f.start, f.end) for f in found] == [(f.code, f.start, f.end) for f in whole]
    assert s.findings == len(whole) and s.applied == len(whole)


def test_ignore_file_holds_for_the_whole_stream():
    text = "¹®ÀÚ ±úÁü\n\n" * 5 + "¹®ÀÚ ±úÁü\ntextfix: ignore-file\n"
    got, s = stream(text, window=12, overlap=0)
    assert got == text and s.directives == ["textfix: ignore-file"]
    # a reader that cannot seek: from the window where it stands on
    got, _ = stream_unseekable(text, window=12, overlap=0)
    assert got == "문자 깨짐\n\n" * 5 + "¹®ÀÚ ±úÁü\ntextfix: ignore-file\n"


def stream_unseekable(text, **kw):
    out = []
    summary = repair_stream(iter([text[i:i + 7] for i in range(0, len(text), 7)]), out.append, **kw)
    return "".join(out), summary


def test_an_edit_over_a_window_edge_is_made_once():
    # a paragraph longer than a window stays whole: the windows never cut inside one
    text = ("ㅎㅏㄴㄱㅡㄹ " * 50).strip() + "\n\n" + "ㅎㅏㄴㄱㅡㄹ"
    got, s = stream(text, window=8, overlap=8)
    assert got == textfix.repair(text).text and s.windows == 2


def test_memory_is_that_of_a_window():
    import tracemalloc

    piece = "깨끗한 한국어 문단입니다. 이어지는 문장도 깨끗합니다.\n\n"

    def chunks(n):
        for _ in range(n):
            yield piece * 50

    peaks = []
    for n in (20, 80):
        tracemalloc.start()
        repair_stream(chunks(n), lambda s: None, window=20_000, overlap=2_000)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.5  # four times the text, about the same peak


# ------------------------------------------------------------ the command streams big files

BIG_PARAGRAPH = "서울시는 오늘 새로운 계획을 발표했다.\r\n¹®ÀÚ ±úÁü Å×½ºÆ® 문장입니다.\r\n\r\n"
CLEAN_PARAGRAPH = "깨끗한 문단입니다. 아무것도 바꾸지 않습니다.\r\n\r\n"


def _big(copies: int) -> str:
    # more than two of the stream's 1 MB windows, damage in each
    return (BIG_PARAGRAPH + CLEAN_PARAGRAPH * 20) * copies


def _streamed(monkeypatch):
    """The command streams every plain-text file from 1 kB on, and says which it streamed."""
    from textfix import run

    monkeypatch.setattr(run, "STREAM_BYTES", 1000)
    seen = []
    real = run._process_streamed

    def spy(source, job, st):
        out = real(source, job, st)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(run, "_process_streamed", spy)
    return seen


def test_repair_write_streams_a_big_file_to_the_bytes_the_whole_repair_writes(tmp_path, monkeypatch):
    from textfix.cli import main

    data = b"\xef\xbb\xbf" + _big(2500).encode("utf-8")
    from textfix import run

    assert 3_000_000 < len(data) < run.STREAM_BYTES  # three windows; read whole by default
    streamed_path, whole_path = tmp_path / "big.txt", tmp_path / "whole.txt"
    streamed_path.write_bytes(data)
    whole_path.write_bytes(data)
    streamed_path.chmod(0o640)
    assert main(["repair", "--write", str(whole_path)]) == 0  # read whole (under STREAM_BYTES)
    seen = _streamed(monkeypatch)
    assert main(["repair", "--write", str(streamed_path)]) == 0
    assert seen == [True]
    out = streamed_path.read_bytes()
    assert out == whole_path.read_bytes() != data
    assert out.startswith(b"\xef\xbb\xbf") and out.count(b"\r\n") == data.count(b"\r\n")
    repaired = out.decode("utf-8-sig")
    assert "¹®ÀÚ" not in repaired and repaired.count("문자 깨짐 테스트") == 2500
    assert streamed_path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("big.txt", "whole.txt")] == []  # no temp left


def test_repair_check_streams_and_writes_nothing(tmp_path, monkeypatch):
    from textfix.cli import main

    damaged, clean = tmp_path / "damaged.txt", tmp_path / "clean.txt"
    damaged.write_bytes(_big(100).encode("utf-8"))
    clean.write_bytes((CLEAN_PARAGRAPH * 2000).encode("utf-8"))
    before = damaged.read_bytes()
    seen = _streamed(monkeypatch)
    assert main(["repair", "--check", str(damaged)]) == 1
    assert main(["repair", "--check", str(clean)]) == 0
    assert main(["repair", "--write", str(clean)]) == 0
    assert seen == [True, True, True]
    assert damaged.read_bytes() == before
    assert clean.read_bytes() == (CLEAN_PARAGRAPH * 2000).encode("utf-8")


def test_big_files_the_stream_cannot_take_are_read_whole(tmp_path, monkeypatch):
    from textfix.cli import main

    legacy = tmp_path / "legacy.txt"  # CP949: only the whole text decides it
    legacy.write_bytes(("한국어 문서입니다. ㅎㅏㄴㄱㅡㄹ\n\n" * 200).encode("cp949"))
    code = tmp_path / "module.py"  # code: its syntax decides what is prose
    code.write_text('x = "ㅎㅏㄴㄱㅡㄹ"\n' * 200, encoding="utf-8")
    seen = _streamed(monkeypatch)
    assert main(["repair", "--write", str(legacy), str(code)]) == 0
    assert sorted(seen) == [False, False]
    assert legacy.read_bytes().decode("cp949") == "한국어 문서입니다. 한글\n\n" * 200


def test_a_big_file_that_stops_decoding_halfway_is_an_error_and_left_alone(tmp_path, monkeypatch):
    from textfix.cli import main

    path = tmp_path / "mixed.txt"
    data = _big(50).encode("utf-8") + "\n한글".encode("cp949")
    path.write_bytes(data)
    _streamed(monkeypatch)
    assert main(["repair", "--write", "--encoding", "utf-8", str(path)]) == 2
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["mixed.txt"]
