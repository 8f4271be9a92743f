import pytest

import textfix
from textfix import Config


def test_bytes_raise_a_type_error_that_says_how_to_decode():
    with pytest.raises(TypeError, match="decode"):
        textfix.repair(b"abc")
    with pytest.raises(TypeError, match="decode"):
        textfix.detect(b"abc")


def test_non_text_raises():
    with pytest.raises(TypeError):
        textfix.repair(123)  # type: ignore[arg-type]


def test_repair_result_fields():
    r = textfix.repair("¹®ÀÚ ±úÁü Å×½ºÆ®")
    assert r.text == "문자 깨짐 테스트"
    assert r.changed
    (f,) = r.findings
    assert f.code == "TF102" and f.kind == "mojibake-cp949" and f.applied
    assert (f.start, f.end) == (0, len(r.original))
    assert 0 < f.confidence <= 1
    assert f.before == "¹®ÀÚ ±úÁü Å×½ºÆ®" and f.after == "문자 깨짐 테스트"
    line = r.explain()
    assert "TF102" in line and "문자 깨짐 테스트" in line and "1:1" in line


def test_detect_returns_the_same_findings_as_repair():
    text = "좋은 ㅎㅏㄴㄱㅡㄹ 문장"
    assert textfix.detect(text) == textfix.repair(text).findings
    assert textfix.detect(text)[0].code == "TF202"


def test_findings_point_into_the_input_after_earlier_edits():
    text = "寃쎄린 abc ㅎㅏㄴㄱㅡㄹ"
    r = textfix.repair(text)
    assert r.text == "경기 abc 한글"
    jamo = next(f for f in r.findings if f.code == "TF202")
    assert text[jamo.start:jamo.end] == "ㅎㅏㄴㄱㅡㄹ"


def test_rules_switch_off_by_code_prefix_and_kind():
    text = "¹®ÀÚ ±úÁü ㅎㅏㄴㄱㅡㄹ"
    assert textfix.repair(text, ignore={"TF102"}).text == "¹®ÀÚ ±úÁü 한글"
    assert textfix.repair(text, ignore={"hangul-jamo-spelled"}).text == "문자 깨짐 ㅎㅏㄴㄱㅡㄹ"
    assert textfix.repair(text, ignore={"TF2"}).text == "문자 깨짐 ㅎㅏㄴㄱㅡㄹ"
    assert textfix.repair(text, select={"TF2"}).text == "¹®ÀÚ ±úÁü 한글"
    assert textfix.repair(text, fix_encoding=False).text == "¹®ÀÚ ±úÁü 한글"


def test_config_is_immutable_and_checks_its_overrides():
    c = Config()
    from dataclasses import FrozenInstanceError

    with pytest.raises(FrozenInstanceError):
        c.min_confidence = 0.1  # type: ignore[misc]
    with pytest.raises(TypeError, match="unknown"):
        textfix.repair("x", no_such_option=True)
    with pytest.raises(ValueError):
        Config(min_confidence=2)
    with pytest.raises(ValueError):
        Config(preset="nope")


def test_ftfy_preset_adds_ftfy_normalizations():
    text = "“quoted” ﬁne ＡＢＣ"
    assert textfix.repair(text).text == text
    assert textfix.repair(text, preset="ftfy").text == '"quoted" fine ABC'
    assert textfix.repair_like_ftfy(text) == '"quoted" fine ABC'


def test_flags_are_reported_but_not_applied():
    r = textfix.repair("안녕 占쏙옙占쏙옙 하세요")
    assert not r.changed
    (f,) = r.findings
    assert f.kind == "lost-text" and not f.applied and f.is_flag


def test_pyproject_table_feeds_the_config(tmp_path):
    from textfix.config import load_pyproject

    (tmp_path / "pyproject.toml").write_text(
        '[tool.textfix]\nmin-confidence = 0.7\nignore = ["TF101"]\ninclude = ["*.txt"]\n')
    (tmp_path / "sub").mkdir()
    over = load_pyproject(tmp_path / "sub")
    assert over == {"min_confidence": 0.7, "ignore": frozenset({"TF101"})}
    assert Config().replace(**over).min_confidence == 0.7
