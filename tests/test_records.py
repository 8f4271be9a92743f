"""textfix.records: fields of JSON Lines, CSV/TSV and Parquet repaired record by record,
everything else kept (byte for byte in the text formats), in order, in flat memory."""

import csv
import gzip
import io
import json
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
import textfix.records as tr
from textfix.records.jsonl import object_spans

BROKEN = "¹®ÀÚ ±úÁü Å×½ºÆ®"
FIXED = "문자 깨짐 테스트"

LINES = [
    '{"id":1,"text":"¹®ÀÚ ±úÁü Å×½ºÆ®","n":1.50,"e":"caf\\u00e9 \\/ok", "big": 1E+400}',
    '{ "text" : "\\u00b9\\u00ae\\u00c0\\u00da \\u00b1\\u00fa\\u00c1\\u00fc" , "id" : 2 }',
    "",
    '{"id":3,"text":null,"title":"ㅎㅏㄴㄱㅡㄹ"}',
    "not json at all",
    '{"id":4,"text":"ㅎㅏㄴㄱㅡㄹ","meta":{"text":"¹®ÀÚ"},"list":[1, 2 ,3]}\r',
    '{"id":5,"text":"clean 깨끗한 문장","한국어 키":"값"}',
    '  {"id":6,"text":"dup","text":"¹®ÀÚ ±úÁü"}  ',
]


def write_jsonl(path, lines=LINES):
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def test_jsonl_changes_only_the_repaired_values(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl")
    out = tmp_path / "out.jsonl"
    s = tr.process(src, ["text"], output=out)
    got = out.read_bytes().decode("utf-8").split("\n")
    assert got[0] == LINES[0].replace(BROKEN, FIXED)  # 1.50, 1E+400, \u00e9 and \/ as they were
    # a value written with \u escapes is written with them again
    assert got[1] == '{ "text" : "\\ubb38\\uc790 \\uae68\\uc9d0" , "id" : 2 }'
    assert got[2:5] == LINES[2:5]  # blank line, null field, a line that is not JSON: untouched
    assert got[5] == LINES[5].replace("ㅎㅏㄴㄱㅡㄹ", "한글")  # CRLF kept; nested "text" untouched
    assert got[6] == LINES[6]
    assert got[7] == '  {"id":6,"text":"dup","text":"문자 깨짐"}  '  # the last of a repeated key, as json.loads
    assert got[8] == ""
    assert (s.records, s.changed_records, s.changed_fields, s.missing) == (7, 4, 4, 1)
    assert s.errors == [(5, s.errors[0][1])] and "JSON object" in s.errors[0][1]


def test_jsonl_several_fields_and_a_findings_field(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [LINES[3], LINES[6], '{}', '{"title":"x","f":[]}'])
    out = io.BytesIO()
    tr.process(src, ["text", "title"], output=out, findings_field="f")
    rows = [json.loads(x) for x in out.getvalue().decode().splitlines()]
    assert rows[0]["title"] == "한글" and rows[0]["text"] is None
    [found] = rows[0]["f"]
    assert set(found) == {"field", "rule", "kind", "start", "end", "confidence", "message", "applied"}
    assert (found["field"], found["rule"], found["start"], found["end"], found["applied"]) == \
        ("title", "TF202", 0, 6, True)
    assert out.getvalue().decode().splitlines()[1] == LINES[6][:-1] + ',"f":[]}'  # the line's own style
    assert rows[2] == {"f": []} and rows[3] == {"title": "x", "f": []}  # an existing key is replaced


def test_findings_offsets_are_code_points_of_the_value(tmp_path):
    value = "앞 ㅎㅏㄴㄱㅡㄹ 뒤 " + BROKEN
    src = write_jsonl(tmp_path / "a.jsonl", [json.dumps({"t": value}, ensure_ascii=False)])
    out = io.BytesIO()
    tr.process(src, ["t"], output=out, findings_field="f")
    for f in json.loads(out.getvalue())["f"]:
        assert textfix.repair(value).original[f["start"]:f["end"]] in (BROKEN, "ㅎㅏㄴㄱㅡㄹ")


record_values = st.text(alphabet=st.sampled_from(list("ab 가나\"\\/\t,é¹®ÀÚㅎㅏㄴ\u0301\u202e\ud800")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["text", "x", "y"]),
                                st.one_of(record_values, st.integers(), st.none()), max_size=3),
                min_size=1, max_size=5),
       st.booleans())
def test_jsonl_property_only_the_field_changes(tmp_path_factory, records, ascii_style):
    # (UTF-8 cannot hold a lone surrogate: such a record is written with escapes)
    lines = [json.dumps(r, ensure_ascii=ascii_style or any("\ud800" in v for v in r.values()
                                                          if isinstance(v, str))) for r in records]
    path = tmp_path_factory.mktemp("p") / "p.jsonl"
    write_jsonl(path, lines)
    out = io.BytesIO()
    tr.process(path, ["text"], output=out)
    got = out.getvalue().decode("utf-8", "surrogatepass").split("\n")[:-1]
    assert len(got) == len(lines)
    for before, after in zip(lines, got, strict=True):
        old, new = json.loads(before), json.loads(after)
        expect = dict(old)
        if isinstance(old.get("text"), str):
            expect["text"] = textfix.repair(old["text"]).text
        assert new == expect
        if expect == old:
            assert after == before  # an unchanged record keeps its bytes


def test_object_spans_rejects_what_is_not_one_object():
    for bad in ('[1, 2]', '{"a": 1} x', '{"a" 1}', '{"a": 1,}', '"s"'):
        with pytest.raises(ValueError):
            object_spans(bad)


def test_gzip_in_and_out_and_in_place(tmp_path):
    src = tmp_path / "a.jsonl.gz"
    with gzip.open(src, "wb") as fh:
        fh.write(("\n".join(LINES) + "\n").encode())
    out = tmp_path / "b.jsonl.gz"
    tr.process(src, ["text"], output=out)
    text = gzip.decompress(out.read_bytes()).decode()
    assert FIXED in text and BROKEN not in text.split("\n")[0]
    os.chmod(src, 0o640)
    s = tr.process(src, ["text"], write=True)
    assert gzip.decompress(src.read_bytes()).decode() == text and s.changed
    assert stat.S_IMODE(src.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".textfix")] == []


def test_a_failed_run_leaves_the_input_and_no_temporary_file(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl")
    before = src.read_bytes()

    def stop(progress):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        tr.process(src, ["text"], write=True, progress=stop)
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def test_check_and_detect_report_record_line_and_field(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl")
    seen = []
    s = tr.process(src, ["text", "title"], mode="check", report=seen.append)
    assert [(r.record, r.line, r.field, r.repaired) for r in seen] == [
        (1, 1, "text", FIXED), (2, 2, "text", "문자 깨짐"), (3, 4, "title", "한글"),
        (5, 6, "text", "한글"), (7, 8, "text", "문자 깨짐")]
    assert s.changed and s.bytes_written == 0
    seen.clear()
    tr.process(src, ["text"], mode="detect", report=seen.append)
    assert all(r.findings for r in seen) and {r.findings[0].code for r in seen} >= {"TF102", "TF202"}
    with pytest.raises(ValueError):
        tr.process(src, ["text"], mode="check", output=io.BytesIO())
    with pytest.raises(ValueError):
        tr.process(src, ["text"])  # repair needs somewhere to write


def make_rows(n):
    texts = [BROKEN, "clean 문장, with a comma", 'quote "inside" here', "multi\nline ㅎㅏㄴㄱㅡㄹ", "",
             "trailing space ", "¹®ÀÚ ±úÁü\r\nCRLF inside"]
    return [["id", "text", "note"]] + [[str(i), texts[i % len(texts)], f"n{i},x"] for i in range(n)]


@pytest.mark.parametrize(("name", "dialect"), [("a.csv", "excel"), ("a.tsv", "excel-tab")])
def test_csv_and_tsv_keep_every_other_byte(tmp_path, name, dialect):
    src = tmp_path / name
    rows = make_rows(30)
    with open(src, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, dialect=dialect).writerows(rows)
    out = tmp_path / ("out-" + name)
    s = tr.process(src, ["text"], output=out, findings_field="findings", chunk_bytes=64)
    got = list(csv.reader(open(out, newline="", encoding="utf-8"), dialect=dialect))
    assert got[0] == ["id", "text", "note", "findings"]
    for before, after in zip(rows[1:], got[1:], strict=True):
        assert after[0] == before[0] and after[2] == before[2]
        assert after[1] == textfix.repair(before[1]).text
        assert json.loads(after[3]) == [{"field": "text", **r} for r in map(
            textfix.repairer.finding_record, textfix.repair(before[1]).findings)]
    assert s.records == 30 and s.changed_records > 0
    # without a findings field, unchanged records keep their bytes exactly
    plain = tmp_path / ("plain-" + name)
    tr.process(src, ["text"], output=plain)
    src_lines, out_lines = src.read_bytes().split(b"\r\n"), plain.read_bytes().split(b"\r\n")
    assert len(src_lines) == len(out_lines)
    same = [a == b for a, b in zip(src_lines, out_lines, strict=True)]
    assert same.count(False) == sum(BROKEN in ln.decode() or "ㅎㅏㄴ" in ln.decode() or "±úÁü" in ln.decode()
                                    for ln in src_lines)


def test_csv_keeps_quoting_bom_and_reports_unknown_columns(tmp_path):
    src = tmp_path / "q.csv"
    src.write_bytes('\ufeffid,text\n1,"¹®ÀÚ ±úÁü"\n2,¹®ÀÚ ±úÁü\n3,"a ""q"" ¹®ÀÚ ±úÁü"\n'.encode())
    out = tmp_path / "o.csv"
    tr.process(src, ["text"], output=out)
    assert out.read_bytes().decode() == '\ufeffid,text\n1,"문자 깨짐"\n2,문자 깨짐\n3,"a ""q"" 문자 깨짐"\n'
    with pytest.raises(tr.RecordsError, match="no column named 'body'"):
        tr.process(src, ["body"], output=out)


def test_cp949_csv(tmp_path):
    src = tmp_path / "k.csv"
    src.write_bytes("번호,내용\n1,ㅎㅏㄴㄱㅡㄹ 문서\n".encode("cp949"))
    out = tmp_path / "o.csv"
    tr.process(src, ["내용"], output=out, encoding="cp949")
    assert out.read_bytes().decode("cp949") == "번호,내용\n1,한글 문서\n"


def big_jsonl(path, n):
    texts = [BROKEN, "깨끗한 한국어 문장입니다.", "clean English text", "ㅎㅏㄴㄱㅡㄹ", "×©×œ×•×"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")


def test_jobs_keep_the_order_and_the_output(tmp_path):
    src = tmp_path / "big.jsonl"
    big_jsonl(src, 3000)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    seen: list[tr.Progress] = []
    s1 = tr.process(src, ["text"], output=one, chunk_bytes=4096)
    s2 = tr.process(src, ["text"], output=two, chunk_bytes=4096, jobs=2, progress=seen.append)
    assert one.read_bytes() == two.read_bytes()
    assert (s1.records, s1.changed_records) == (s2.records, s2.changed_records) == (3000, 1800)
    assert [json.loads(x)["id"] for x in two.read_text().splitlines()] == list(range(3000))
    assert len(seen) > 10 and seen[-1].bytes_done == seen[-1].bytes_total == src.stat().st_size
    assert [p.records for p in seen] == sorted(p.records for p in seen)


def test_workers_get_smaller_chunks_by_default(tmp_path, monkeypatch):
    # with workers the chunks are PARALLEL_CHUNK_BYTES (the last ones end close together),
    # alone CHUNK_BYTES; a chunk_bytes given wins either way
    from textfix.records import jsonl

    src = tmp_path / "big.jsonl"
    big_jsonl(src, 200)
    asked: list[int] = []
    chunks = jsonl.chunks
    monkeypatch.setattr(jsonl, "chunks", lambda stream, size: asked.append(size) or chunks(stream, size))
    for jobs, size in ((1, None), (2, None), (2, 4096)):
        tr.process(src, ["text"], mode="check", jobs=jobs, chunk_bytes=size)
    assert asked == [tr.CHUNK_BYTES, tr.PARALLEL_CHUNK_BYTES, 4096]
    assert tr.PARALLEL_CHUNK_BYTES < tr.CHUNK_BYTES


@given(st.lists(st.integers(1, 5000), min_size=1, max_size=60), st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_workers_hold_a_bounded_number_of_chunks_and_bytes(sizes, jobs):
    # ordered output waits for the oldest chunk: whenever a chunk is handed out, those
    # handed out and not yet written are fewer than IN_FLIGHT_PER_JOB a worker, and either
    # one a worker or at most IN_FLIGHT_BYTES (a file of records each longer than a chunk
    # holds no more); the order is kept
    from concurrent.futures import Future

    from textfix.records import core

    cap = 10_000
    items = [(b"x" * n, i) for i, n in enumerate(sizes)]
    seen: list[int] = []
    submitted = [0]
    states: list[tuple[int, int]] = []

    class Pool:
        def submit(self, fn, work, item):
            held = items[len(seen):submitted[0]]
            states.append((len(held), sum(len(d) for d, _ in held)))
            submitted[0] += 1
            done: Future = Future()
            done.set_result(work(None, *item))
            return done

    workers = core.Workers(core.Job(textfix.Repairer(), ("text",)), 1)
    workers.jobs, workers.pool = jobs, Pool()
    old = core.IN_FLIGHT_BYTES
    core.IN_FLIGHT_BYTES = cap
    try:
        for got in workers.map(lambda _job, _data, i: i, items):
            seen.append(got)
    finally:
        core.IN_FLIGHT_BYTES = old
    assert seen == list(range(len(sizes)))
    assert all(count < jobs * core.IN_FLIGHT_PER_JOB for count, _ in states)
    assert all(count <= jobs or held <= cap for count, held in states)


def test_parquet_row_groups_and_columns(tmp_path):
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2, 3, 4, 5], "text": [BROKEN, None, "clean", "ㅎㅏㄴㄱㅡㄹ", BROKEN],
                      "score": [0.5, 1.5, 2.5, 3.5, 4.5]})
    table = table.replace_schema_metadata({"origin": "test"})
    src = tmp_path / "a.parquet"
    pq.write_table(table, src, row_group_size=2, compression="zstd")
    out = tmp_path / "o.parquet"
    s = tr.process(src, ["text"], output=out, findings_field="fixes", jobs=2)
    result = pq.ParquetFile(out)
    assert result.metadata.num_row_groups == 3
    assert result.metadata.row_group(0).column(0).compression == "ZSTD"
    assert result.schema_arrow.metadata[b"origin"] == b"test"
    got = result.read()
    assert got.column("id").to_pylist() == [1, 2, 3, 4, 5]
    assert got.column("score").to_pylist() == [0.5, 1.5, 2.5, 3.5, 4.5]
    assert got.column("text").to_pylist() == [FIXED, None, "clean", "한글", FIXED]
    assert [len(f) for f in got.column("fixes").to_pylist()] == [1, 0, 0, 1, 1]
    assert (s.records, s.changed_records, s.missing) == (5, 3, 1)
    stream = io.BytesIO()
    tr.process(src, ["text"], output=stream)
    assert [json.loads(x)["text"] for x in stream.getvalue().decode().splitlines()] == \
        [FIXED, None, "clean", "한글", FIXED]
    seen = []
    tr.process(src, ["text"], mode="check", report=seen.append)
    assert [(r.record, r.field) for r in seen] == [(1, "text"), (4, "text"), (5, "text")]


@pytest.mark.parametrize("index", ["int8", "int32"])
def test_parquet_dictionary_encoded_strings_are_repaired_and_stay_encoded(tmp_path, index):
    # pandas writes a category column as dictionary-encoded strings: it was refused
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import pyarrow.parquet as pq

    kind = pa.dictionary(getattr(pa, index)(), pa.string())
    values = [BROKEN, None, "clean", BROKEN, "ㅎㅏㄴㄱㅡㄹ"]
    src, out = tmp_path / "d.parquet", tmp_path / "o.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3, 4, 5], "text": pa.array(values, type=kind)}), src)
    s = tr.process(src, ["text"], output=out)
    got = pq.read_table(out)
    assert got.schema.field("text").type == kind
    assert got.column("text").to_pylist() == [FIXED, None, "clean", FIXED, "한글"]
    assert (s.records, s.changed_records, s.missing) == (5, 3, 1)


def test_line_separators_in_written_values_are_escaped(tmp_path):
    # JSON allows U+2028 raw, but Python's str.splitlines (and older JavaScript) would cut
    # the record there: written values and findings escape it
    sep = chr(0x2028)
    src = io.BytesIO(('{"id": 1, "text": "' + BROKEN + sep + BROKEN + '"}\n').encode())
    out = io.BytesIO()
    tr.process(src, ["text"], format="jsonl", output=out, findings_field="f")
    written = out.getvalue().decode()
    assert len(written.splitlines()) == 1 and sep not in written
    assert json.loads(written)["text"] == FIXED + sep + FIXED


def test_formats_from_names():
    assert tr.detect_format("x.ndjson") == ("jsonl", False)
    assert tr.detect_format("x.csv.gz") == ("csv", True)
    with pytest.raises(tr.RecordsError):
        tr.detect_format("x.txt")


# ----------------------------------------------------------- what a red-team run found


@given(st.lists(st.tuples(st.sampled_from(["", 'say ""hi""', 'a ""q""\nb', "x,y", "깨끗한 문장", "\n"]),
                          st.booleans()), min_size=1, max_size=12),
       st.integers(8, 90))
@settings(max_examples=150, deadline=None)
def test_csv_records_are_never_split_inside_quotes_whatever_the_chunk_size(fields, chunk):
    # a chunk that ends after a doubled quote and a newline inside a quoted field used to end
    # the record there (the engine backtracked to the doubled quote as the closing one)
    rows = "".join(f'{i},"{text}",{int(flag)}\n' for i, (text, flag) in enumerate(fields))
    data = ("id,text,n\n" + rows + f'{len(fields)},"{BROKEN}",0\n').encode()
    out = io.BytesIO()
    s = tr.process(io.BytesIO(data), ["text"], format="csv", output=out, chunk_bytes=chunk)
    assert s.records == len(fields) + 1 and not s.errors
    assert out.getvalue() == data.replace(BROKEN.encode(), FIXED.encode())


def test_a_quote_that_never_closes_is_one_unreadable_record_read_in_linear_memory(tmp_path):
    src = tmp_path / "stray.csv"
    src.write_bytes(b'id,text\n1,"oops\n' + b"".join(b"%d,%s\n" % (i, BROKEN.encode()) for i in range(2, 3000)))
    out = io.BytesIO()
    s = tr.process(src, ["text"], output=out, chunk_bytes=256)
    assert (s.records, s.changed_records) == (1, 0)
    assert s.errors == [(2, "a quoted field never closes; the record is kept as it is")]
    assert out.getvalue() == src.read_bytes()


def test_a_record_past_the_size_limit_is_a_named_error(tmp_path, monkeypatch):
    monkeypatch.setattr(tr, "MAX_RECORD_BYTES", 1000)
    src = tmp_path / "stray.csv"
    src.write_bytes(b'id,text\n1,ok\n2,"oops\n' + b"3,x\n" * 2000)
    with pytest.raises(tr.RecordsError, match="line 3: a record longer than"):
        tr.process(src, ["text"], mode="check", chunk_bytes=64)


def test_a_field_with_text_after_its_closing_quote_is_kept_and_named(tmp_path):
    # a TSV that does not quote ("x" she said) or a CSV field written wrong: not rewritten
    src = tmp_path / "a.tsv"
    data = f'id\ttext\n1\t"{BROKEN}" she said\n2\t{BROKEN}\n'.encode()
    src.write_bytes(data)
    out = io.BytesIO()
    s = tr.process(src, ["text"], output=out)
    assert out.getvalue() == data.replace(f"2\t{BROKEN}".encode(), f"2\t{FIXED}".encode())
    assert s.errors == [(2, "a quoted field has text after its closing quote; the record is kept as it is")]


def test_a_record_that_does_not_decode_is_kept_alone(tmp_path):
    src = tmp_path / "a.csv"
    src.write_bytes(f"id,text\n1,{BROKEN}\n".encode() + b"2,caf\xe9\n" + f"3,{BROKEN}\n".encode())
    out = io.BytesIO()
    s = tr.process(src, ["text"], output=out)
    assert out.getvalue() == src.read_bytes().replace(BROKEN.encode(), FIXED.encode())
    assert s.changed_records == 2 and [line for line, _ in s.errors] == [3]


@pytest.mark.parametrize(("fields", "findings", "message"), [
    (["text", "text"], None, "named twice"),
    (["text"], "text", "also a field to repair"),
])
def test_fields_that_would_write_one_place_twice_are_refused(tmp_path, fields, findings, message):
    src = tmp_path / "a.csv"
    src.write_bytes(f"id,text,n\n1,{BROKEN},5\n".encode())
    with pytest.raises(ValueError, match=message):
        tr.process(src, fields, output=io.BytesIO(), findings_field=findings)


def test_json_lines_values_nested_deep_or_numbers_past_python_are_read_or_named(tmp_path):
    src = tmp_path / "a.jsonl"
    deep = "[" * 5000 + "]" * 5000
    lines = [f'{{"n": {"9" * 5000}, "text": "{BROKEN}"}}', f'{{"d": {deep}, "text": "{BROKEN}"}}']
    src.write_bytes(("\n".join(lines) + "\n").encode())
    out = io.BytesIO()
    s = tr.process(src, ["text"], output=out)
    got = out.getvalue().decode().splitlines()
    assert got[0] == lines[0].replace(BROKEN, FIXED)  # the number's digits kept as written
    assert got[1] == lines[1] and s.errors == [(2, "a value is nested too deeply to read; the line is kept as it is")]


def test_json_lines_fields_no_record_holds_are_named(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl")
    s = tr.process(src, ["text", "txet"], mode="check")
    assert s.absent == ("txet",)


def test_damaged_compressed_data_is_a_records_error(tmp_path):
    src = tmp_path / "a.jsonl.gz"
    whole = gzip.compress(("\n".join(LINES) + "\n").encode() * 200)
    src.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(tr.RecordsError, match="compressed data is damaged"):
        tr.process(src, ["text"], mode="check")


def test_write_back_keeps_the_rules_of_repair_write(tmp_path):
    from textfix.io import WriteRefused

    src = write_jsonl(tmp_path / "a.jsonl")
    src.chmod(0o444)
    with pytest.raises(WriteRefused, match="read-only"):
        tr.process(src, ["text"], write=True)
    assert BROKEN in src.read_text(encoding="utf-8")
    tr.process(src, ["text"], write=True, write_readonly=True)
    assert BROKEN not in src.read_text(encoding="utf-8") and stat.S_IMODE(src.stat().st_mode) == 0o444


def test_outputs_that_would_lose_data_or_mislead_are_refused(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl")
    with pytest.raises(ValueError, match="the input itself"):
        tr.process(src, ["text"], output=src)
    with pytest.raises(ValueError, match="its name says parquet"):
        tr.process(src, ["text"], output=tmp_path / "b.parquet")


def test_parquet_read_out_as_json_lines_is_json(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime

    src = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": [BROKEN, "ok"], "x": [float("nan"), float("inf")],
                             "b": [b"\xff\x00", None], "t": [datetime.date(2026, 12, 7), None]}), src)
    out = io.BytesIO()
    tr.process(src, ["text"], output=out)

    def no_constants(name):
        raise ValueError(name)

    rows = [json.loads(line, parse_constant=no_constants) for line in out.getvalue().decode().splitlines()]
    assert rows == [{"text": FIXED, "x": None, "b": "/wA=", "t": "2026-12-07"},
                    {"text": "ok", "x": None, "b": None, "t": None}]


@given(st.lists(st.sampled_from(["clean", "broken", "blank", "blank-crlf", "quoted-blank"]), min_size=1, max_size=14),
       st.integers(8, 90), st.sampled_from(["check", "detect"]))
@settings(max_examples=120, deadline=None)
def test_csv_record_numbers_are_pythons_csv_rows_blank_lines_aside(kinds, chunk, mode):
    # a blank line is no record (csv.DictReader skips it): record numbers and counts are
    # the rows it reads, whatever the chunks, and the lines are the file's
    body = {"clean": "깨끗한 문장", "broken": BROKEN, "quoted-blank": '"\n"'}
    lines = []
    for i, kind in enumerate(kinds):
        lines.append({"blank": "\n", "blank-crlf": "\r\n"}.get(kind) or f"{i},{body[kind]}\n")
    data = "id,text\n" + "".join(lines)
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    seen = []
    s = tr.process(io.BytesIO(data.encode()), ["text"], format="csv", mode=mode, chunk_bytes=chunk,
                   report=seen.append)
    assert s.records == len(rows) and not s.errors
    expected = [n for n, row in enumerate(rows, 1) if row["text"] == BROKEN]
    assert [r.record for r in seen] == expected
    starts = [2 + data.split("\n")[1:].index(line.rstrip("\n")) for line in lines if BROKEN in line]
    assert [r.line for r in seen] == starts
