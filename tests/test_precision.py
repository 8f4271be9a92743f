"""Open-world precision: clean text stays as it is, wrong fixes are not applied, and
suppression comments work as linters' do."""

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SYLLABLES, korean_sentence

import textfix

# ---------------------------------------------------------------- suppression comments


def test_ignore_comment_suppresses_every_rule_on_its_line_only():
    text = "¾È³çÇÏ¼¼¿ä  # textfix: ignore\n¾È³çÇÏ¼¼¿ä\n"
    r = textfix.repair(text)
    assert r.text == "¾È³çÇÏ¼¼¿ä  # textfix: ignore\n안녕하세요\n"
    assert all(f.start > text.index("\n") for f in r.findings)


def test_ignore_comment_with_codes_suppresses_only_those():
    assert textfix.repair("¾È³çÇÏ¼¼¿ä  # textfix: ignore[TF102]").changed is False
    assert textfix.repair("¾È³çÇÏ¼¼¿ä  # textfix: ignore[mojibake-cp949]").changed is False
    assert textfix.repair("¾È³çÇÏ¼¼¿ä  # textfix: ignore[TF1]").changed is False
    assert textfix.repair("¾È³çÇÏ¼¼¿ä  # textfix: ignore[TF2, TF301]").text.startswith("안녕하세요")


def test_ignore_file_suppresses_the_whole_text():
    text = "¾È³çÇÏ¼¼¿ä\nㅎㅏㄴㄱㅡㄹ\n<!-- textfix: ignore-file -->\n"
    r = textfix.repair(text)
    assert not r.changed and not r.findings
    partial = textfix.repair(text.replace("ignore-file", "ignore-file[TF102]"))
    assert partial.text.startswith("¾È³çÇÏ¼¼¿ä\n한글\n")


# ---------------------------------------------------------------- mojibake


def test_cp949_and_utf8_mojibake_on_one_line_are_each_repaired_by_their_own_rule():
    r = textfix.repair("¾È³çÇÏ¼¼¿ä,cafÃ©")
    assert r.text == "안녕하세요,café"
    assert {f.code for f in r.applied} == {"TF101", "TF102"}


def test_latin_mojibake_glued_to_a_latin_word_never_becomes_hangul():
    for text in ("cafÃ© 안녕", "Ã©cole et cafÃ©", "naÃ¯ve"):
        out = textfix.repair(text).text
        assert not any("\uac00" <= c <= "\ud7a3" for c in out.replace("안녕", "")), out


@given(st.lists(st.one_of(st.text(alphabet=SYLLABLES, min_size=1, max_size=6),
                          st.text(alphabet="§·°±¹²³´¶¸º»¼½¾×÷¡¿", min_size=1, max_size=4),
                          st.sampled_from(["13", "22의3", "제4조", "(정의)", ", "])),
                min_size=2, max_size=12))
@settings(max_examples=300)
def test_latin1_symbols_among_hangul_are_text_not_cp949(parts):
    """Short runs of Latin-1 symbols in a Korean line are real text (``§13·§22의3``)."""
    text = "이 법은 " + " ".join(parts) + " 따른다."
    assert textfix.repair(text, fix_layout=False, fix_dropped=False).text == text


# ---------------------------------------------------------------- bidi marks


def test_bidi_marks_are_kept():
    for text in ("\u200e%(name)s\u200e", "Total:\u200f 5", "abc\u200edef"):
        r = textfix.repair(text)
        assert r.text == text
        assert all(f.confidence < 0.5 for f in r.findings)


def test_bidi_controls_in_a_right_to_left_document_are_kept_on_lines_without_rtl_letters():
    text = "שלום עולם\n\u202bTotal: 10\u202c\n"
    r = textfix.repair(text)
    assert r.text == text
    assert [f.code for f in r.findings] == ["TF206", "TF206"]


def test_an_override_in_text_with_no_rtl_script_is_removed():
    r = textfix.repair("안녕 \u202e세상\u202c 끝")
    assert r.text == "안녕 세상 끝"


# ---------------------------------------------------------------- dropped text


def test_a_longer_twin_line_is_not_evidence_without_damage():
    text = "제1항은 \"적용 조문\"에 해당하는 경우를 말한다.\n제2항은 \"미적용 조문\"에 해당하는 경우를 말한다.\n"
    assert textfix.repair(text).text == text


def test_a_recurring_phrase_is_evidence_for_an_opening_quote_only_when_it_recurs_quoted():
    """A lone closing quote; the phrase before it recurs, but never closed by that quote."""
    first = "그 밖에 필요한 사항은 대통령령으로 정하는 적용 조문에 따라 처리하고 이 조항은 따로 정한다’ 고 한다."
    second = "그 밖에 필요한 사항은 대통령령으로 정하는 미적용 조문에 따라 처리하고 이 조항은 따로 정한다 고 한다."
    r = textfix.repair(first + "\n" + second + "\n")
    assert r.text.split("\n")[0] == first
    assert [f.code for f in r.findings] == ["TF404"]


def test_a_phrase_that_recurs_quoted_gets_its_opening_quote_back():
    first = "이번 행사는 서울 한강 AI’ 구상의 하나로 열린다."
    second = "시는 지난해에도 서울 한강 AI’ 구상을 발표했다."
    r = textfix.repair(first + "\n" + second)
    assert r.text == "이번 행사는 ‘서울 한강 AI’ 구상의 하나로 열린다.\n시는 지난해에도 ‘서울 한강 AI’ 구상을 발표했다."


# ---------------------------------------------------------------- patterns from the open-world benchmark


def _loud(text: str, **kw) -> list:
    """Findings at 0.5 or above, or applied: what a clean-text check counts against textfix."""
    return [f for f in textfix.detect(text, **kw) if f.applied or f.confidence >= 0.5]


def test_lines_that_start_with_a_full_stop_in_other_languages_are_not_reversed_runs():
    for line in (".TH LS 1 \"March 2024\" \"GNU coreutils\"", '.\\" Copyright notice follows here', ".. note:: see the section below",
                 "?                  このヘルプを表示する", "! EXPR      EXPR が偽なら真", "...   >>> value = obj.Attribute"):
        assert _loud(line, scorer="builtin") == [], line


@given(korean_sentence(), st.sampled_from(["...", "…", "... "]))
@settings(max_examples=60, deadline=None)
def test_a_korean_line_opening_with_an_ellipsis_keeps_it_there(sentence, mark):
    # a catalogue string that continues another ("...but this definition is similar", in a
    # package's Korean catalogue nobody here had read) or speech taken up again: moving the
    # ellipsis to the end is the only change a reversal of such a line makes, no evidence
    line = mark + sentence[:-1]  # no stop at its end, as the catalogue string had none
    assert textfix.repair(line).text == line


def test_utf8_read_as_cp949_is_repaired_whole_or_not_at_all():
    for gold in ("모두 무시(_K) 복사 취소(_U)", "AMD 롤백 보호"):  # runs with ⑤ and ㅻ inside
        broken = gold.encode("utf-8").decode("cp949")
        assert textfix.repair(broken).text == gold
    gloss = "계약강제:계약强制:"  # Hangul with its Hanja gloss, a dictionary line
    assert textfix.repair(gloss.encode("utf-8").decode("cp949")).text == gloss


def test_utf8_read_as_cp949_with_lost_bytes_is_flagged_not_half_converted():
    broken = "계약강제".encode().decode("cp949") + " " + "계약强制".encode().decode("cp949")
    damaged = broken.replace("\uf979", "\u51c9")  # NFC afterwards: a compatibility ideograph's bytes are gone
    assert damaged != broken
    r = textfix.repair(damaged)
    assert r.text == damaged
    assert r.findings and all(f.code == "TF103" and f.is_flag for f in r.findings)


def test_a_short_rtl_string_is_not_reordered_on_punctuation_alone():
    for text in ("؟ ملفات", "? קבצים", "! שגיאה"):
        assert textfix.repair(text).text == text


def test_embeddings_translators_put_in_rtl_strings_are_not_loud():
    text = "ניתן להתחבר אל: \u202adav://%s\u202c"
    assert _loud(text) == []


def test_a_lone_straight_quote_is_not_enough_to_restore_text_from_a_similar_line():
    a = "このコマンドとほぼ同じであるが、新しいウィンドウに対するデフォルト設定を変える。初期値は `on' である。"
    b = "あのコマンドとほぼ同じであるが、新しいウィンドウに対するデフォルトの設定を変える。初期値は `off' である。"
    assert textfix.repair(a + "\n" + b + "\n").text == a + "\n" + b + "\n"


def test_part_of_cp949_mojibake_is_not_read_as_a_lone_greek_letter():
    # ``Ï¼`` is also the UTF-8 of ϼ: among CP949 mojibake next to real Hangul it is not one
    text = "(예: ``¾È³çÇÏ¼¼¿ä``는 ``안녕하세요``)"
    assert textfix.repair(text).text == text


# ---------------------------------------------------------------- placeholders are atoms


def test_clean_rtl_lines_with_placeholders_are_left_alone():
    for text in ("%(name)s הוא שם המשתמש", "%(name)s في الإصدارة %(version)s", "{0} קבצים הועתקו",
                 "<b>שלום</b> עולם", "https://example.com/a/b שלום עולם"):
        assert textfix.repair(text).text == text


def test_a_placeholder_in_visual_order_text_is_never_reordered_inside():
    # a renderer that isolates placeholders shows them whole; the words around are reversed
    for visual, logical in ((".תואצות %(count)s ואצמנ", "נמצאו %(count)s תוצאות."),
                            (".םיצבק {0} וקחמנ", "נמחקו {0} קבצים.")):
        r = textfix.repair(visual)
        assert r.text == logical
