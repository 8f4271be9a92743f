"""Configuration: resolved once from the project root of the paths, validated, with the
ruff-style keys (per-file-ignores, exclude, extend-exclude, code); and the shape of the
command (write-back modes, the report, typed errors, help for every flag)."""

import argparse
from pathlib import Path

import pytest

from textfix import io as tio
from textfix.cli import main, make_parser
from textfix.config import ConfigError, load_pyproject
from textfix.files import find_project_root
from textfix.report import Report, UsageError, WriteBack

DAMAGED = "첫 줄\n¹®ÀÚ ±úÁü Å×½ºÆ®\n"
REPAIRED = "첫 줄\n문자 깨짐 테스트\n"


def write(path: Path, text: str = DAMAGED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def project(root: Path, table: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[tool.textfix]\n" + table, encoding="utf-8")
    return root


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "message"), [
    ('min-confidense = 0.8\n', "has no key 'min-confidense' (did you mean 'min-confidence'?)"),
    ('min_confidence = 0.8\n', "did you mean 'min-confidence'?"),
    ('colour = "never"\n', "has no key 'colour'"),
    ('min-confidence = "high"\n', "min-confidence must be a number, got 'high'"),
    ('min-confidence = 2\n', "min-confidence must lie in 0..1"),
    ('ignore = "TF202"\n', "ignore must be a list of rule codes, code prefixes or kinds"),
    ('select = ["TF999"]\n', "select: 'TF999' matches no rule code, code prefix or kind"),
    ('ignore = ["mojibak"]\n', "'mojibak' matches no rule code, code prefix or kind (did you mean 'mojibake'?)"),
    ('preset = "black"\n', "preset must be one of 'default', 'ftfy'"),
    ('code = "rewrite"\n', "code must be one of 'report', 'fix'"),
    ('exclude = "tests"\n', "exclude must be a list of strings"),
    ('per-file-ignores = ["TF101"]\n', "per-file-ignores must be a table"),
    ('per-file-ignores = { "tests/*" = "TF101" }\n', "per-file-ignores 'tests/*' must be a list"),
    ('per-file-ignores = { "tests/*" = ["TF9"] }\n', "'TF9' matches no rule"),
    ('normalize = "yes"\n', "normalize must be true or false"),
    ('min-confidence = \n', "not valid TOML"),
])
def test_a_bad_table_is_an_error_naming_the_key_and_the_file(tmp_path, capsys, table, message):
    root = project(tmp_path, table)
    f = write(root / "a.txt")
    assert main(["repair", "--check", str(f)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert str(root / "pyproject.toml") in err
    assert f.read_text(encoding="utf-8") == DAMAGED


def test_load_pyproject_validates_too(tmp_path):
    project(tmp_path, 'ignore = "TF202"\n')
    with pytest.raises(ConfigError, match="ignore must be a list"):
        load_pyproject(tmp_path)
    project(tmp_path, 'ignore = ["TF202"]\nmin-confidence = 0.7\ninclude = ["*.md"]\n')
    assert load_pyproject(tmp_path) == {"ignore": frozenset({"TF202"}), "min_confidence": 0.7}


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
@pytest.mark.parametrize("name", ["TF999", "TF5", "mojibakes"])
def test_select_and_ignore_of_no_rule_are_usage_errors(tmp_path, capsys, flag, name):
    f = write(tmp_path / "a.txt")
    assert main(["repair", "--check", flag, f"TF1,{name}", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{flag}: {name!r} matches no rule code, code prefix or kind" in err and "textfix rules" in err


@pytest.mark.parametrize("name", ["TF102", "TF1", "mojibake-cp949", "TF"])
def test_select_takes_codes_prefixes_and_kinds(tmp_path, name):
    f = write(tmp_path / "a.txt")
    assert main(["repair", "--check", "--select", name, str(f)]) == 1


def test_rules_documents_one_rule(capsys):
    assert main(["rules", "TF102"]) == 0
    assert "TF102 mojibake-cp949" in capsys.readouterr().out
    assert main(["rules", "TF999"]) == 2


# --- the project root ----------------------------------------------------------------------------


def test_config_comes_from_the_project_root_of_the_paths_not_the_working_folder(tmp_path, monkeypatch):
    inside = project(tmp_path / "proj", 'ignore = ["mojibake-cp949"]\n')
    f = write(inside / "docs" / "a.txt")
    elsewhere = project(tmp_path / "elsewhere", 'select = ["TF102"]\n')
    monkeypatch.chdir(elsewhere)
    assert main(["repair", "--check", str(f)]) == 0  # proj's ignore applies
    monkeypatch.chdir(inside / "docs")
    other = write(elsewhere / "b.txt")
    assert main(["repair", "--check", str(other)]) == 1  # elsewhere's config, not proj's


def test_the_project_root_is_marked_by_git_hg_or_pyproject(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub" / "pkg").mkdir(parents=True)
    (tmp_path / "repo" / "sub" / "pyproject.toml").write_text("")
    assert find_project_root([str(tmp_path / "repo" / "sub" / "pkg")]) == (
        (tmp_path / "repo" / "sub").resolve(), "pyproject.toml")
    assert find_project_root([str(tmp_path / "repo" / "sub"), str(tmp_path / "repo")]) == (
        (tmp_path / "repo").resolve(), ".git")


def test_the_configuration_is_read_once_per_run(tmp_path, monkeypatch):
    from textfix import plan as planning

    project(tmp_path, 'ignore = ["TF206"]\n')
    for k in range(5):
        write(tmp_path / f"d{k}" / "a.txt")
    calls = []
    real = planning.load_settings
    monkeypatch.setattr(planning, "load_settings", lambda root: calls.append(root) or real(root))
    assert main(["repair", "--check", str(tmp_path)]) == 1
    assert len(calls) == 1


# --- per-file-ignores, exclude, extend-exclude, force-exclude -----------------------------------------


def test_per_file_ignores_are_globs_relative_to_the_project_root(tmp_path, monkeypatch):
    root = project(tmp_path, 'per-file-ignores = { "tests/*" = ["TF102"], "*.md" = ["mojibake-cp949"] }\n')
    t = write(root / "tests" / "data" / "a.txt")
    md = write(root / "docs" / "b.md")
    plain = write(root / "docs" / "c.txt")
    monkeypatch.chdir(root / "docs")  # globs are relative to the root, not the working folder
    assert main(["repair", "--write", "-q", str(root)]) == 0
    assert t.read_text(encoding="utf-8") == DAMAGED
    assert md.read_text(encoding="utf-8") == DAMAGED
    assert plain.read_text(encoding="utf-8") == REPAIRED


def test_exclude_and_extend_exclude_apply_to_the_walk_not_to_named_files(tmp_path, capsys):
    root = project(tmp_path, 'exclude = ["build"]\nextend-exclude = ["*.gen.txt", "docs/old/*"]\n')
    skipped = [write(root / "build" / "a.txt"), write(root / "x.gen.txt"), write(root / "docs" / "old" / "o.txt")]
    kept = write(root / "docs" / "new.txt")
    assert main(["repair", "--check", str(root)]) == 1
    assert "1 file would be repaired" in capsys.readouterr().err
    assert main(["repair", "--check", str(skipped[1])]) == 1  # named: read anyway (as ruff does)
    assert main(["repair", "--check", "--force-exclude", str(skipped[1]), str(kept)]) == 1
    assert "1 file would be repaired" in capsys.readouterr().err.splitlines()[-1]
    assert main(["repair", "--check", "--force-exclude", str(skipped[1])]) == 0


def test_cli_exclude_adds_to_the_configuration(tmp_path, capsys):
    root = project(tmp_path, 'exclude = ["a.txt"]\n')
    write(root / "a.txt")
    write(root / "b.txt")
    write(root / "c.txt")
    assert main(["repair", "--check", "--exclude", "b.txt", str(root)]) == 1
    assert "1 file would be repaired" in capsys.readouterr().err


def test_gitignore_above_the_folder_walked_is_respected(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n")
    write(tmp_path / "docs" / "generated" / "a.txt")
    write(tmp_path / "docs" / "b.txt")
    assert main(["repair", "--check", str(tmp_path / "docs")]) == 1
    assert "1 file would be repaired" in capsys.readouterr().err


# --- the shape of the command ------------------------------------------------------------------


def test_write_back_modes():
    assert WriteBack.from_flags(check=False, diff=False, write=False) is WriteBack.PRINT
    assert WriteBack.from_flags(check=True, diff=False, write=False) is WriteBack.CHECK
    assert WriteBack.from_flags(check=False, diff=True, write=False) is WriteBack.DIFF
    assert WriteBack.from_flags(check=False, diff=False, write=True) is WriteBack.WRITE
    for check, diff in ((True, False), (False, True), (True, True)):
        with pytest.raises(UsageError):
            WriteBack.from_flags(check=check, diff=diff, write=True)


def test_the_report_counts_names_errors_and_decides_the_exit_code(capsys):
    r = Report()
    r.done("a", changed=True)
    r.skip("b", "binary")
    assert r.return_code == 0
    r.failed("c\x1b[2J", "cannot read: Permission denied")
    assert r.return_code == 2
    r.print_errors()
    assert capsys.readouterr().err == "textfix: error: c⟨U+001B⟩[2J: cannot read: Permission denied\n"
    assert r.summary("repaired") == "1 file repaired, 0 unchanged, 1 skipped (binary, undecodable or special), 1 error"
    assert Report(check=True, changed=1).return_code == 1


def test_input_errors_are_typed(tmp_path):
    (tmp_path / "bin").write_bytes(b"\x00\x01")
    (tmp_path / "latin").write_bytes(b"caf\xe9 \xff\xfe")
    with pytest.raises(tio.BinaryFile) as e:
        tio.read_file(tmp_path / "bin")
    assert e.value.skippable and e.value.path == str(tmp_path / "bin")
    with pytest.raises(tio.Undecodable):
        tio.read_file(tmp_path / "latin")
    with pytest.raises(tio.NotRegularFile):
        tio.read_file(tmp_path)
    with pytest.raises(tio.Unreadable) as e:
        tio.read_file(tmp_path / "missing")
    assert not e.value.skippable and e.value.reason == "cannot read: No such file or directory"
    with pytest.raises(tio.Unencodable):
        tio.Decoded("", "latin-1").encode("한글", "x")


def _actions(parser: argparse.ArgumentParser, prefix: str = "textfix"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{prefix} {name}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield prefix, action


def test_every_flag_has_a_help_line():
    missing = [f"{cmd} {'/'.join(a.option_strings) or a.dest}" for cmd, a in _actions(make_parser())
               if not a.help and a.dest != "command"]
    assert missing == []


def test_every_flag_is_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    flags = {o for _, a in _actions(make_parser()) for o in a.option_strings if o.startswith("--")}
    assert sorted(f for f in flags if f not in section) == []
