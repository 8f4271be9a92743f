"""``textfix repair --field`` and ``detect --field``: record files from the command line."""

import gzip
import json
import os
import subprocess
import sys

import pytest

from textfix.cli import main

BROKEN = "¹®ÀÚ ±úÁü Å×½ºÆ®"
FIXED = "문자 깨짐 테스트"
LINES = [
    '{"id":1,"text":"' + BROKEN + '","n":1.50,"title":"ㅎㅏㄴㄱㅡㄹ"}',
    '{"id":2,"text":"clean 깨끗한 문장","n":2E+1}',
    '{"id":3,"text":null}',
]


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_bytes(("\n".join(LINES) + "\n").encode())
    return path


def test_repair_prints_the_records_with_only_the_fields_changed(records, capsysbinary):
    assert main(["repair", "--field", "text", str(records)]) == 0
    out = capsysbinary.readouterr().out.decode().splitlines()
    assert out[0] == LINES[0].replace(BROKEN, FIXED)
    assert out[1:] == LINES[1:]


def test_several_fields_an_output_file_and_a_findings_field(records, tmp_path):
    out = tmp_path / "out.jsonl.gz"
    assert main(["repair", "--field", "text", "--field", "title", "-o", str(out),
                 "--findings-field", "fixes", str(records)]) == 0
    rows = [json.loads(line) for line in gzip.decompress(out.read_bytes()).decode().splitlines()]
    assert rows[0]["text"] == FIXED and rows[0]["title"] == "한글"
    assert {f["rule"] for f in rows[0]["fixes"]} == {"TF102", "TF202"}
    assert rows[1]["fixes"] == [] and rows[2]["text"] is None
    assert records.read_text(encoding="utf-8").splitlines() == LINES  # the input is untouched


def test_write_in_place_and_check(records, capsys):
    assert main(["repair", "--field", "text", "--check", str(records)]) == 1
    assert "data.jsonl:1: record 1 field 'text'" in capsys.readouterr().err
    assert main(["repair", "--field", "text", "--write", "-j", "2", str(records)]) == 0
    assert records.read_text(encoding="utf-8").splitlines()[0] == LINES[0].replace(BROKEN, FIXED)
    assert main(["repair", "--field", "text", "--check", str(records)]) == 0


def test_check_and_detect_in_ci_formats(records, capsysbinary):
    assert main(["repair", "--field", "text", "--check", "--output-format", "json", str(records)]) == 1
    rows = json.loads(capsysbinary.readouterr().out)
    assert [(r["record"], r["field"], r["line"], r["code"]) for r in rows] == [(1, "text", 1, "TF102")]
    assert main(["detect", "--field", "title", "--output-format", "github", str(records)]) == 1
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith("::") and "line=1" in out and "TF202" in out
    assert "::record 1 field 'title': " in out  # (an annotation names the record and field)
    assert main(["detect", "--field", "title", "--output-format", "sarif", str(records)]) == 1
    sarif = json.loads(capsysbinary.readouterr().out)
    assert sarif["runs"][0]["results"][0]["message"]["text"].startswith("record 1 field 'title': ")


def test_unreadable_records_are_kept_and_named_with_exit_2(tmp_path, capsysbinary):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "ok"}\nnot json\n')
    assert main(["repair", "--field", "text", str(path)]) == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b'{"text": "ok"}\nnot json\n'
    assert b"1 record could not be read" in captured.err and b"line 2" in captured.err


@pytest.mark.parametrize(("argv", "message"), [
    (["repair", "--field", "text", "data.txt"], "give --record-format"),
    (["repair", "--field", "text", "--diff", "data.jsonl"], "--diff shows files"),
    (["detect", "--field", "text", "--findings-field", "f", "data.jsonl"], "unrecognized arguments"),
    (["repair", "-o", "x.jsonl", "data.jsonl"], "go with --field"),
    (["repair", "--field", "text", "--field", "text", "data.jsonl"], "named twice"),
    (["repair", "--field", "text", "--findings-field", "text", "data.jsonl"], "also a field to repair"),
    (["repair", "--field", "text", "-o", "data.jsonl", "data.jsonl"], "the input itself"),
])
def test_misuse_is_a_named_error(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.txt").write_text("x", encoding="utf-8")
    (tmp_path / "data.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_standard_input_is_a_json_lines_stream(records):
    done = subprocess.run([sys.executable, "-m", "textfix", "repair", "--field", "text", "-"],
                          input=records.read_bytes(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[0] == LINES[0].replace(BROKEN, FIXED)


def test_standard_input_compressed_or_parquet_is_read(records, tmp_path):
    # gzip on standard input is told by its magic bytes; Parquet (read from its end) is
    # copied to a temporary file first: a pipe cannot seek
    done = subprocess.run([sys.executable, "-m", "textfix", "repair", "--field", "text", "-"],
                          input=gzip.compress(records.read_bytes()), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[0] == LINES[0].replace(BROKEN, FIXED)
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "p.parquet"
    pq.write_table(pa.table({"text": [BROKEN, "clean"]}), src)
    done = subprocess.run([sys.executable, "-m", "textfix", "repair", "--field", "text", "--record-format",
                           "parquet", "-"], input=src.read_bytes(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["text"] for x in done.stdout.decode().splitlines()] == [FIXED, "clean"]


def test_files_it_cannot_read_are_named_and_the_run_goes_on(tmp_path, capsys):
    good = tmp_path / "a.jsonl"
    good.write_bytes(('{"text": "' + BROKEN + '"}\n').encode())
    empty = tmp_path / "b.parquet"
    empty.write_bytes(b"")
    cut = tmp_path / "c.jsonl.gz"
    whole = gzip.compress(good.read_bytes() * 500)
    cut.write_bytes(whole[:len(whole) // 2])
    last = tmp_path / "d.jsonl"
    last.write_bytes(good.read_bytes())
    assert main(["repair", "--check", "--field", "text", str(good), str(empty), str(cut), str(last)]) == 2
    err = capsys.readouterr().err
    assert "b.parquet: cannot read it as Parquet" in err
    assert "c.jsonl.gz: the compressed data is damaged" in err
    assert "d.jsonl: 1 record, 1 would be repaired" in err


def test_a_field_no_record_holds_is_a_named_error(records, capsys):
    assert main(["repair", "--check", "--field", "txet", str(records)]) == 2
    assert "no record has a text field named 'txet'" in capsys.readouterr().err


def test_write_takes_the_flags_of_repair_write(records, capsys):
    records.chmod(0o444)
    assert main(["repair", "--write", "--field", "text", str(records)]) == 2
    assert "read-only" in capsys.readouterr().err and BROKEN in records.read_text(encoding="utf-8")
    assert main(["repair", "--write", "--write-readonly", "--field", "text", str(records)]) == 0
    assert FIXED in records.read_text(encoding="utf-8")


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    # `textfix repair --field text big.jsonl | head -1`: no error for the closed pipe
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"text": "clean text, nothing to repair"}\n' * 50000)
    proc = subprocess.Popen([sys.executable, "-m", "textfix", "repair", "--field", "text", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and b"Broken pipe" not in err, err


def test_encoding_reads_and_writes_a_csv_in_its_code_page(tmp_path, capsysbinary):
    path = tmp_path / "a.csv"
    path.write_bytes("id,text\n1,문자 ㅎㅏㄴㄱㅡㄹ\n".encode("cp949"))
    assert main(["repair", "--field", "text", "--encoding", "cp949", str(path)]) == 0
    assert capsysbinary.readouterr().out == "id,text\n1,문자 한글\n".encode("cp949")
    other = tmp_path / "x.jsonl"
    other.write_text('{"text": "x"}\n', encoding="utf-8")
    try:
        code = main(["repair", "--field", "text", "--encoding", "cp949", str(other)])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2 and b"jsonl is UTF-8" in capsysbinary.readouterr().err
