import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import korean_paragraph

import textfix


@pytest.mark.parametrize(("damaged", "intended"), [
    (unicodedata.normalize("NFD", "한글 파일.txt"), "한글 파일.txt"),
    ("ㅎㅏㄴㄱㅡㄹ", "한글"),
    ("ㅇㅏㄴㄴㅕㅇㅎㅏㅅㅔㅇㅛ", "안녕하세요"),
    ("ㄷㅏㄹㄱㅗㅏ", "달과"),  # final consonant and compound vowel
    ("ㅇㅣㄺㄷㅏ", "읽다"),  # compound final
    ("ﾾￂﾤﾡￚﾩ", "한글"),  # halfwidth jamo
    ("ㅤㅂㅞㄺ", "뷁"),  # KS X 1001 filler sequence
    ("날아라 ㅤㅆㅠㅤㅤㅆㅠㅤ쓩~ ㅤㄴㅢㅇ큼!", "날아라 쓔쓔쓩~ 닁큼!"),
    ("안\u200b녕", "안녕"),
    ("안녕\u3164하세요", "안녕하세요"),
    ("한\ufeff글", "한글"),
    ("서울\u202e한강\u202c AI", "서울한강 AI"),
    ("abc \u2067def ghi\u2069", "abc def ghi"),  # a right-to-left isolate shows "ghi def"
])
def test_normalization_repairs(damaged, intended):
    assert textfix.repair(damaged).text == intended


@pytest.mark.parametrize("clean", [
    "ㅋㅋㅋㅋ", "ㅠㅠ", "ㄱㄴㄷ 순서", "ㅏㅑㅓㅕ", "시장ㆍ군수ㆍ구청장", "① ② ③", "｢법률｣ 제1조",
    "“인용” ‘따옴’", "줄\r\n바꿈\r\n", "&amp; &lt;", "豈 更 車", "Å Ω K", "㈜한강 ㉠항",
    "👩\u200d💻 개발자", "שלום\u200f עולם", "مرحبا\u200f 123", "\u1100\u119e\u11ab",  # old Hangul (araea)
    "\u115f\u1161", "AI를 통해 AI시대의", "%1 복제하기", "ㄱ+ㅏ=가",
])
def test_clean_text_is_left_alone(clean):
    assert textfix.repair(clean).text == clean


def test_bidi_controls_in_rtl_text_are_flagged_not_removed():
    text = "שלום \u202eabc\u202c עולם"
    r = textfix.repair(text)
    assert r.text == text
    flags = [f for f in r.findings if f.kind == "bidi-control"]
    assert [text[f.start:f.end] for f in flags] == ["\u202e", "\u202c"]
    assert all(not f.applied and f.confidence >= 0.5 for f in flags)


@settings(max_examples=60, deadline=None)
@given(korean_paragraph())
def test_nfd_round_trip(x):
    assert textfix.repair(unicodedata.normalize("NFD", x)).text == x


@settings(max_examples=60, deadline=None)
@given(korean_paragraph(), st.data())
def test_invisibles_inside_words_are_removed(x, data):
    positions = [i for i in range(1, len(x)) if "\uac00" <= x[i - 1] <= "\ud7a3"
                 and "\uac00" <= x[i] <= "\ud7a3"]
    if not positions:
        return
    i = data.draw(st.sampled_from(positions))
    ch = data.draw(st.sampled_from(["\u200b", "\u3164", "\ufeff", "\u200c", "\ufeff\u200b"]))
    r = textfix.repair(x[:i] + ch + x[i:])
    assert r.text == x
    (f,) = [f for f in r.findings if f.kind == "invisible-in-word"]  # (a bare number may be flagged)
    assert (f.start, f.end) == (i, i + len(ch))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=[chr(c) for c in range(0xAC00, 0xD7A4)], min_size=2, max_size=6))
def test_spelled_out_jamo_compose_back(word):
    # a keyboard reading is ambiguous where a final could start the next syllable
    # (ㄷㅏㄹㅇㅏ: 달아 or 다라?) - the automaton always moves it, like a keyboard does
    from textfix.korean.jamo import compose_keyboard, spell_out

    spelled = spell_out(word)
    composed, leftovers = compose_keyboard(spelled)
    assert leftovers == 0
    assert spell_out(composed) == spelled
    assert textfix.repair(f"말 {spelled} 끝").text == f"말 {composed} 끝"


@given(st.text(alphabet="0123456789:/.-", min_size=1, max_size=8),
       st.sampled_from(["قرّب", "תקריב", "تكبير"]))
@settings(deadline=None)
def test_an_override_around_digits_in_right_to_left_text_is_a_weak_flag_and_around_letters_a_loud_one(signs, word):
    from textfix.stages.normalize import BIDI_RTL_OVERRIDE, BIDI_RTL_OVERRIDE_NO_LETTERS

    quiet = f"{word} \u202e{signs}\u202c"
    found = [f for f in textfix.detect(quiet) if f.code == "TF206"]
    assert found and all(f.confidence == BIDI_RTL_OVERRIDE_NO_LETTERS < 0.5 for f in found)
    assert textfix.repair(quiet).text == quiet
    loud = f"{word} \u202e{signs}exe\u202c"
    assert {f.confidence for f in textfix.detect(loud) if f.code == "TF206"} == {BIDI_RTL_OVERRIDE}


def test_the_invisible_character_message_says_whether_it_was_inside_the_word_or_beside_it():
    [inside] = textfix.detect("모\u200b드를 선택합니다.")
    [beside] = textfix.detect("모드를 \u200b\u200b선택합니다.")
    assert "inside a Hangul word" in inside.message and "beside a Hangul word" in beside.message
    assert textfix.repair("모드를 \u200b\u200b선택합니다.").text == "모드를 선택합니다."


NORMALIZE_PIECES = st.sampled_from([*"가한글 \n\t.ㅎㅏㄴㄱㅡㄹ\u3164\u115f\u1160\u200b\u200c\ufeff\u202e\u202c\uffa0ﾾￂ😀a",
                                    "\u1112\u1161\u11ab", "한\u11a8", "ㅤㅂㅞㄺ", "שלום",
                                    "한글", "ㅎㅏㄴㄱㅡㄹ"])  # (a word and its jamo: TF202's example)


@given(st.lists(NORMALIZE_PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_rules_read_only_the_lines_with_a_trigger_and_find_what_they_find_in_the_whole_text(text):
    # normalize.run hands each rule the lines holding a trigger character, in place: the
    # findings are those of the rules asked of the whole text
    from textfix.context import Context
    from textfix.stages import normalize

    def key(ds):
        return sorted((d.code, d.start, d.end, d.confidence, tuple(d.edits)) for d in ds)

    ctx = Context(textfix.Config())
    whole = [d for rule in (normalize._filler_sequences, normalize._nfd, normalize._halfwidth,
                            normalize._spelled_jamo, normalize._invisibles) for d in rule(text, 0, len(text))]
    if normalize._BIDI_RE.search(text):
        whole += normalize._bidi_controls(text, False)
    expected = [] if text.isascii() or not normalize.TRIGGER_RE.search(text) else whole
    assert key(normalize.run(text, ctx)) == key(expected)


def test_bidi_controls_in_a_bare_date_format_are_kept():
    # right-to-left catalogues wrap times in isolates on purpose (GLib's Persian): a line of
    # strftime codes and signs is a template, its controls flagged, not removed
    for clean in ("\u2066%OH:%OM:%OS\u2069", "\u2066%OI:%OM:%OS\u2069 %p", "\u2069%Oy/%Om/%Od\u2069"):
        r = textfix.repair(clean)
        assert r.text == clean and not any(f.applied for f in r.findings)
    assert textfix.repair("abc\u2067def\u2069 %H").text == "abcdef %H"  # letters: not a template


@pytest.mark.parametrize("clean", [
    "\u202aWeblate\u202c", "\u2066GitHub\u2069 저장소", "\u2068%(name)s 님\u2069", "\u202aFile > Open\u202c 메뉴",
    "LRI \u2066a (b) c\u2069 and FSI \u2068x y\u2069",
])
def test_left_to_right_embeddings_and_isolates_in_text_with_no_right_to_left_letter_are_kept(clean):
    # what a right-to-left catalogue writes around a Latin run: nothing to spoof in a
    # left-to-right display, the run's order in a right-to-left one
    from textfix.stages.normalize import BIDI_LTR_KEPT

    r = textfix.repair(clean)
    assert r.text == clean
    assert {f.confidence for f in r.findings if f.code == "TF206"} == {BIDI_LTR_KEPT}


def test_a_line_that_a_bidi_control_reorders_loses_every_control():
    for damaged, intended in (("\u202aabc\u202c \u202edef\u202c", "abc def"),
                              ("\u2066ab\u2069 \u202ecd ef\u202c", "ab cd ef"),
                              ("서울 \u2067한강 AI\u2069 구상", "서울 한강 AI 구상")):
        assert textfix.repair(damaged).text == intended
    # (a line is judged on its own: the next line's left-to-right isolate stays)
    assert textfix.repair("\u202eabc\u202c\n\u2066def\u2069").text == "abc\n\u2066def\u2069"


def test_jamo_spelled_out_beside_the_word_composed_is_an_example():
    # a jamo library's description: the word and its jamo, one after the other
    from textfix.stages.normalize import JAMO_EXAMPLE_CONFIDENCE

    doc = 'split_syllables("안녕하세요")의 결과:\n\n    ㅇㅏㄴㄴㅕㅇㅎㅏㅅㅔㅇㅛ\n'
    r = textfix.repair(doc)
    assert r.text == doc
    assert [f.confidence for f in r.findings if f.code == "TF202"] == [JAMO_EXAMPLE_CONFIDENCE]
    assert textfix.repair("ㅇㅏㄴㄴㅕㅇㅎㅏㅅㅔㅇㅛ, 반갑습니다").text == "안녕하세요, 반갑습니다"


def test_a_table_of_decompositions_is_kept():
    # a red-team run on texlive's Korean packages: xindy's sort rules map each syllable to its
    # decomposition on purpose, and TF201 composed all 11,172 of them (a line that writes the
    # syllable composed too is a table, not damage)
    rules = "".join(f'(merge-rule "{s}" "{unicodedata.normalize("NFD", s)}~b")\n' for s in "가각힣")
    r = textfix.repair(rules)
    assert r.text == rules
    assert [f.code for f in r.findings] == ["TF201"] * 3 and not any(f.applied for f in r.findings)
    # decomposed text alone is still composed, line by line
    assert textfix.repair(rules + unicodedata.normalize("NFD", "한글 문서")).text == rules + "한글 문서"


_PIECE = st.tuples(st.sampled_from("가각나한글힣"), st.booleans())  # (syllable, written decomposed)


@given(st.lists(st.lists(_PIECE, max_size=6), min_size=1, max_size=4))
@settings(max_examples=200, deadline=None)
def test_a_decomposed_syllable_is_composed_unless_its_line_writes_it_composed(lines):
    def nfd(s: str) -> str:
        return unicodedata.normalize("NFD", s)

    text = "\n".join(" ".join(nfd(s) if decomposed else s for s, decomposed in line) for line in lines)
    expected = []
    for line in lines:
        composed = {s for s, decomposed in line if not decomposed}
        expected.append(" ".join(nfd(s) if decomposed and s in composed else s for s, decomposed in line))
    assert textfix.repair(text).text == "\n".join(expected)
