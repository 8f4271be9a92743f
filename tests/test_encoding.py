import ftfy.bad_codecs  # noqa: F401
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import english_sentence, korean_document, korean_paragraph

import textfix


@pytest.mark.parametrize(("damaged", "intended"), [
    ("¾È³çÇÏ¼¼¿ä", "안녕하세요"),
    ("¼Ò¸®¿¤ - »ç¶ûÇÏ´Â ÀÚ¿©", "소리엘 - 사랑하는 자여"),
    ("¹®ÀÚ ±úÁü Å×½ºÆ®", "문자 깨짐 테스트"),
    ("ÇÑ±Û", "한글"),
    ("寃쎄린 ?⑹???", "경기 ?⑹???"),
    ("í•œêµ\xadì–´", "한국어"),
    ("Ã­Â•ÂœÃªÂ¸Â€", "한글"),  # UTF-8 read as Latin-1 twice
])
def test_known_korean_mojibake(damaged, intended):
    assert textfix.repair(damaged).text == intended


@pytest.mark.parametrize("clean", [
    "Brontë", "Ã…lesund", "À Ébène, l’été où ÇÀ", "Größe Übermaß Ärger", "°C ±5 µm",
    "ÀÉÈÊ ÔÛÎ", "Ça va? «Très bien» — merci…", "AÇÃO É ÓTIMA", "ÅÄÖ åäö ÆØÅ", "¿Qué?¡Sí!",
    "Señor Muñoz Ñandú", "© ® ™ ¼ ½ ¾ ±", "똠방각하 펲시콜라 뷁 쓔쓔쓩", "大韓民國은 民主共和國이다",
    "韓國語 한국어", "¶ § ª º ·",
])
def test_latin_and_rare_korean_text_is_never_turned_into_something_else(clean):
    assert textfix.repair(clean).text == clean


def test_mixed_document_only_damaged_lines_change():
    lines = ["깨끗한 첫 줄입니다.", "¹®ÀÚ ±úÁü Å×½ºÆ®", "Brontë stays.", "í•œêµ\xadì–´ 줄"]
    r = textfix.repair("\n".join(lines))
    assert r.text.split("\n") == ["깨끗한 첫 줄입니다.", "문자 깨짐 테스트", "Brontë stays.", "한국어 줄"]
    assert {f.code for f in r.findings} == {"TF101", "TF102"}


def test_crlf_and_entities_survive_encoding_repair():
    text = "¹®ÀÚ ±úÁü\r\n&amp; 그대로\r\n"
    assert textfix.repair(text).text == "문자 깨짐\r\n&amp; 그대로\r\n"


@settings(max_examples=60, deadline=None)
@given(korean_paragraph(), st.sampled_from(["latin-1", "sloppy-windows-1252"]))
def test_cp949_read_as_latin_is_restored(x, codec):
    damaged = x.encode("cp949").decode(codec)
    r = textfix.repair(damaged)
    if r.text == damaged:  # rare: two code pages read it equally well (GBK 必备按, CP949 극구객)
        assert [f.code for f in r.findings] == ["TF105"] and not r.findings[0].applied
        assert "CP949/EUC-KR reads" in r.findings[0].message
        return
    assert r.text == x


@settings(max_examples=60, deadline=None)
@given(korean_paragraph(), st.sampled_from(["latin-1", "sloppy-windows-1252"]), st.integers(1, 2))
def test_utf8_read_as_latin_is_restored_also_doubly(x, codec, times):
    damaged = x
    for _ in range(times):
        damaged = damaged.encode("utf-8").decode(codec)
    assert textfix.repair(damaged).text == x


@settings(max_examples=40, deadline=None)
@given(korean_document(), st.data())
def test_only_the_damaged_lines_of_a_mixed_document_change(doc, data):
    lines = doc.split("\n")
    k = data.draw(st.integers(0, len(lines) - 1))
    damaged = list(lines)
    damaged[k] = lines[k].encode("cp949").decode("latin-1")
    r = textfix.repair("\n".join(damaged))
    assert r.text == doc
    assert all(f.start >= sum(len(s) + 1 for s in damaged[:k]) for f in r.findings
               if f.kind != "dropped-counter")  # (a bare number before a word is flagged anywhere)


@settings(max_examples=60, deadline=None)
@given(english_sentence())
def test_english_is_never_decoded_as_korean(x):
    assert textfix.repair(x).text == x
