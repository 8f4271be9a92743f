"""Visual-order Hebrew and Arabic (rule TF302): detection on short strings, the verified
search with placeholders, tags and Latin runs kept whole, shaped Arabic, the legacy
display, and clean text left alone (issue 12)."""

import itertools
import json
from pathlib import Path

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.bidi import reorder, rtl_paragraph, visual_to_logical
from textfix.damage import rtl as damage
from textfix.stages import rtl

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "corpus_broken" / "cases-rtl.jsonl"

HEBREW = ["שמור", "מחק", "הוסף", "קובץ", "משתמש", "סיסמה", "הגדרות", "לא", "ניתן", "את", "של", "עם",
          "חדש", "שם", "הודעה", "אנא", "בחר", "תאריך", "שגיאה", "נמצא", "לחץ", "כאן", "ערך", "שדה"]
ARABIC = ["حفظ", "حذف", "إضافة", "ملف", "المستخدم", "كلمة", "المرور", "لا", "يمكن", "في", "من", "على",
          "جديد", "اسم", "رسالة", "الرجاء", "اختر", "تاريخ", "خطأ", "الحقل", "القيمة", "هذا", "إلى", "تم"]
ATOMS = ["%(name)s", "%s", "{0}", "{name}", "%d", "Django", "URL", "42", "<b>x</b>"]


@st.composite
def rtl_string(draw, words):
    """A catalogue-like string: words of one script, at most two placeholders or Latin words
    (never two side by side: their order is undecidable), sentence punctuation at the end."""
    parts = draw(st.lists(st.sampled_from(words), min_size=3, max_size=9))
    for atom in draw(st.lists(st.sampled_from(ATOMS), max_size=2)):
        k = draw(st.integers(1, len(parts)))
        if not (_is_ltr(parts[k - 1]) or (k < len(parts) and _is_ltr(parts[k]))):
            parts.insert(k, atom)
    return " ".join(parts) + draw(st.sampled_from([".", ":", "", "?"]))


def _is_ltr(word: str) -> bool:
    return word.isascii()


# ------------------------------------------------------------------------ the search


@settings(max_examples=120, deadline=None)
@given(st.one_of(rtl_string(HEBREW), rtl_string(ARABIC)))
def test_the_search_undoes_python_bidi_with_placeholders_kept_whole(x):
    visual = get_display(x, base_dir="R")
    assert visual_to_logical(visual, True) == x


@settings(max_examples=60, deadline=None)
@given(rtl_string(ARABIC))
def test_shaped_arabic_comes_back_unshaped_and_logical(x):
    found = damage.shaped_visual_order(x)
    assert found is not None
    assert visual_to_logical(found[0], True) == x


@settings(max_examples=40, deadline=None)
@given(st.one_of(rtl_string(HEBREW), rtl_string(ARABIC)))
def test_the_legacy_display_with_mirrored_brackets_is_undone(x):
    found = damage.visual_order_legacy(x)
    if found is None:
        return
    assert visual_to_logical(found[0], True) == x


def test_the_issue_examples():
    assert visual_to_logical("s)version(% ةرادصإلا يف s)name(%", True) == "%(name)s في الإصدارة %(version)s"
    legacy = damage.visual_order_legacy("אנא תקנו את force_str() כאן")
    if damage.legacy_display() is not None:  # python-bidi still ships bidi.algorithm
        assert legacy is not None and visual_to_logical(legacy[0], True) == "אנא תקנו את force_str() כאן"
    assert visual_to_logical("ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ", True) == "السلام عليكم"


def test_a_reordering_says_whether_it_verified():
    assert reorder("s)name(% ןאכ", True).verified
    # no logical string displays as this (an LRM between letters of a right-to-left run)
    assert reorder("א\u200eב abc", True) is not None


def test_rtl_paragraph_counts_letters_outside_placeholders():
    assert rtl_paragraph("s)verbose_name_plural(% ואצמנ אל")
    assert rtl_paragraph("Django תליהק")
    assert not rtl_paragraph("Please see the documentation for עולם")


# ---------------------------------------------------------------------- detection


def test_word_evidence_reads_words_both_ways():
    assert rtl.word_llr("רומש", "he") > 3 > -3 > rtl.word_llr("שמור", "he")
    assert rtl.word_llr("ظفح", "ar") > 3 > -3 > rtl.word_llr("حفظ", "ar")
    assert abs(rtl.word_llr("ונ", "he")) < 6  # two letters say little


def test_signs_of_visual_order():
    assert rtl.visual_evidence("s)name(% יפל").signs >= rtl.MIRRORED_WEIGHT
    assert rtl.visual_evidence("}0{ ךותב").signs >= rtl.MIRRORED_WEIGHT
    assert rtl.joining("ﻢﻜﻴﻠﻋ") > 0 > rtl.joining("ﻋﻠﻴﻜﻢ")
    assert rtl.visual_evidence("%(name)s לפי").signs <= 0


def test_geresh_gershayim_and_points_where_only_visual_order_puts_them():
    # the visual pattern of each pair is the mirror of the logical one
    for logical in ("דצמ׳", "אוג'", 'דוא"ל', "حالياً", "بَيْتٌ"):
        visual = get_display(logical, base_dir="R")
        assert rtl.orthography(visual) >= rtl.ORTHOGRAPHY_WEIGHT > 0 > rtl.orthography(logical), logical
    assert rtl.orthography('ת"א') == rtl.orthography("'שלום'") == 0  # nothing to tell
    # no Arabic word opens with a doubled, vowelless or nunated letter; reversed, one does
    for logical in ("منوّع", "عدّل", "شكرًا"):
        assert rtl.orthography(get_display(logical, base_dir="R")) > 0 == rtl.orthography(logical), logical


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HEBREW + ARABIC + ["׳", "'", '"', "״", "\u05b7", "\u064b", "\u0651",
                                                   "\u0652", "\u0670", " ", "ً"]), max_size=12).map("".join))
def test_the_orthography_fast_path_changes_no_score(line):
    # a line without a geresh, gershayim or mark scores 0 without its patterns being read;
    # with one, as the patterns say
    full = rtl.ORTHOGRAPHY_WEIGHT * (
        sum(len(v.findall(line)) - len(lg.findall(line)) for v, lg in rtl._ORTHOGRAPHY)
        + sum(len(v.findall(line)) for v in rtl._VISUAL_ONLY))
    assert rtl.orthography(line) == full
    assert rtl.orthography(get_display(line, base_dir="R")) == rtl.ORTHOGRAPHY_WEIGHT * (
        sum(len(v.findall(get_display(line, base_dir="R"))) - len(lg.findall(get_display(line, base_dir="R")))
            for v, lg in rtl._ORTHOGRAPHY)
        + sum(len(v.findall(get_display(line, base_dir="R"))) for v in rtl._VISUAL_ONLY))


def test_pieces_of_a_word_cut_by_a_geresh_are_not_read_as_words():
    assert rtl.rtl_words("רוצ׳ה ג'ורג' שלום", whole=True)["he"] == ["שלום"]
    assert rtl.rtl_words("רוצ׳ה", whole=False)["he"] == ["רוצ", "ה"]


def test_a_weakly_visual_line_is_suggested_not_missed():
    # a word read a little better reversed, and no more: a weak suggestion, never applied
    line = next(w for w in ("ודרוא", "וגלט", "קלסל", "תיריא", "תירטט", "ןאכ")
                if rtl.WEAK_SCORE <= rtl.visual_evidence(w).score < rtl.SUSPECT_SCORE)
    found = [f for f in textfix.detect(line) if f.code == "TF302"]
    assert found and all(f.confidence == rtl.WEAK_CONFIDENCE for f in found)
    assert textfix.repair(line).text == line


def test_a_reorder_whose_brackets_do_not_pair_up_is_never_applied():
    from textfix.bidi import _bracket_errors

    for c in _cases()[::3]:
        if c["kind"] != "clean":
            r = textfix.repair(c["broken"])
            if any(f.code == "TF302" and f.applied for f in r.findings):
                assert _bracket_errors(r.text, False) < max(1, _bracket_errors(c["broken"], False)), c["id"]


@pytest.mark.parametrize("logical", [
    "לא ניתן למחוק את הקובץ", "שמור שינויים", "%(name)s נמחק בהצלחה.", "בחר {0} קבצים",
    "لا يمكن حذف الملف", "حفظ التغييرات", "تم حذف %(name)s بنجاح.", "اسم المستخدم",
])
def test_short_visual_strings_are_repaired(logical):
    visual = get_display(logical, base_dir="R")
    r = textfix.repair(visual)
    assert r.text == logical
    assert [f.code for f in r.findings if f.applied] == ["TF302"]
    assert textfix.repair(logical).text == logical


def test_an_undecided_but_suspicious_line_is_flagged_below_half():
    # one word whose reversal is a less common word: suspicious, not decided
    found = [f for f in textfix.detect("הנשה") if f.code == "TF302"]
    assert found and all(f.confidence < 0.5 for f in found)
    assert textfix.repair("הנשה").text == "הנשה"


def test_a_document_decides_its_short_lines():
    lines = ["תואצות", ".הרוק המ תוארל ידכ ןאכ ץחל", ".ןתינ אל הז ץבוק תא קוחמל", "תורדגה"]
    r = textfix.repair("\n".join(lines))
    assert r.text.split("\n") == ["תוצאות", "לחץ כאן כדי לראות מה קורה.", "למחוק את קובץ זה לא ניתן.", "הגדרות"]


@settings(max_examples=80, deadline=None)
@given(st.one_of(rtl_string(HEBREW), rtl_string(ARABIC)))
def test_logical_text_is_never_changed_or_flagged_at_half(x):
    r = textfix.repair(x)
    assert r.text == x
    assert not [f for f in r.findings if f.code == "TF302" and f.confidence >= 0.5]


# --------------------------------------------------------------------- the corpus


def _cases() -> list[dict]:
    return [json.loads(line) for line in CASES.open(encoding="utf-8")]


def test_clean_catalogue_strings_stay_as_they_are():
    for c in _cases():
        if c["kind"] == "clean":
            r = textfix.repair(c["broken"])
            assert r.text == c["gold"], c["id"]
            assert not [f for f in r.findings if f.code == "TF302" and f.confidence >= 0.5], c["id"]


#: Floors a little under the rates measured on the whole corpus (both splits).  One-word
#: strings: 62.8% until 2026-12-06, 51.1% since a lone word applies only at
#: APPLY_SCORE_ONE_WORD (4 of 17,512 clean one-word lines were reordered before; the others
#: are suggestions now, never silent).
FLOORS = {"visual-rtl-long": 0.97, "visual-rtl-placeholders": 0.95, "visual-rtl-shaped": 0.95,
          "visual-rtl-legacy": 0.93, "visual-rtl-short": 0.93, "visual-rtl-word": 0.49}


def test_corpus_rates_do_not_fall():
    hits: dict[str, list[bool]] = {}
    silent = 0
    for c in _cases():
        if c["kind"] in FLOORS:
            r = textfix.repair(c["broken"])
            hits.setdefault(c["kind"], []).append(r.text == c["gold"])
            silent += r.text != c["gold"] and not any(f.code == "TF302" for f in r.findings)
    for kind, floor in FLOORS.items():
        assert sum(hits[kind]) / len(hits[kind]) >= floor, kind
    assert silent / sum(map(len, hits.values())) < 0.03


def test_the_word_list_names_its_sources_and_not_the_corpus():
    data = rtl._word_data()
    names = {s["package"].split("==")[0] for s in data["sources"]}
    assert names and all(s["licence"] for s in data["sources"])
    assert "django" not in names
    assert len(data["he"]) > 5000 and len(data["ar"]) > 5000
    assert all(len(t) == rtl.RAW_CLIP + 1 for t in itertools.chain.from_iterable(
        c.values() for c in data["calibration"].values()))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["he", "ar"]), st.text(alphabet="שלוםעולםךםןףץהו" "السلامعليكمةىو", min_size=1, max_size=12))
def test_the_interpolated_table_reads_every_letter_as_the_counts_do(script, word):
    # the character model reads the longest gram it holds from a table worked out once; the
    # orders above it back off as the counts say: the very same floats as reading each order
    # from the counts (a changed score could move a line across a threshold)
    lex = rtl.lexicon(script)
    s = rtl._START * (rtl.ORDER - 1) + word + rtl._END
    for i in range(rtl.ORDER - 1, len(s)):
        assert lex._gram_logp(s, i) == lex._gram_logp_counted(s, i)


def test_a_lone_word_whose_reversal_is_commoner_is_only_a_suggestion():
    # مزح ("a joke", a clean fresh-tune string) reversed is حزم, a commoner word: one word is
    # all the evidence, and it reads visual (8.3, over APPLY_SCORE); alone it stays as it
    # is, flagged with the reorder as a suggestion
    word = "مزح"
    e = rtl.visual_evidence(word)
    assert e.words == 1 and rtl.APPLY_SCORE <= e.score < rtl.APPLY_SCORE_ONE_WORD
    r = textfix.repair(word)
    assert r.text == word
    assert [(f.code, f.applied) for f in r.findings] == [("TF302", False)]
    assert r.findings[0].confidence < 0.5 and r.findings[0].edits
    # among lines stored in visual order, the others lend it their weight: reordered
    visual = [line[::-1] for line in ("السلام عليكم ورحمة الله", "هذا نص عربي طويل بعض الشيء")]
    r = textfix.repair("\n".join([word, *visual]))
    assert r.text.split("\n")[0] == word[::-1]


def test_a_typed_ligature_is_kept_and_shaped_text_comes_back_unshaped():
    # a Thunar string (fresh-tune) writes the lam-alef ligature ﻻ among plain letters, as
    # some Arabic keyboards give it: reordered, it keeps it (before, it came back as لا,
    # the text changed beyond its order); text shaped throughout (PDF extraction) comes back
    # in base letters
    logical = "ﻻ يوجد اي تطبيق محدد"
    assert textfix.repair(" ".join(w[::-1] for w in reversed(logical.split()))).text == logical
    shaped = "ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ"  # السلام عليكم, shaped and displayed
    assert textfix.repair(shaped).text == "السلام عليكم"


@given(st.lists(st.sampled_from(["שלום", "םולש", "עולם", "السلام", "ﺍﻟﺴﻼﻡ", "שָׁלוֹם", "حالياً", "ג׳ורג׳",
                                 " ", "\n", ".", "%(n)s", "s)n(%", "{0}", "<b>", "$1", "(", ")", "abc", "'",
                                 "\ufb1d", "\ufb2a"]),
                max_size=14).map("".join))
@settings(max_examples=300, deadline=None)
def test_a_lines_evidence_is_the_same_when_the_signs_its_text_lacks_are_not_looked_for(text):
    # rtl.run asks Signs.of(text) once and each line skips what the text lacks (presentation
    # forms, marks, mirrored placeholders...): the evidence is what looking for all gives
    present = rtl.Signs.of(text)
    for line in text.split("\n"):
        assert rtl.visual_evidence(line, present) == rtl.visual_evidence(line, rtl.ALL_SIGNS)


@given(st.lists(st.sampled_from(["שלום", "םולש", "עולם", "السلام", "ﺍﻟﺴﻼﻡ", "שָׁלוֹם", "حالياً", "ًايلاح", "ג׳ורג׳",
                                 "׳מצד", "דוא\"ל", "ﻢﻜﻴﻠﻋ", "א", " ", "\n", "\r", ".", "؟", "%(n)s", "s)n(%",
                                 "{0}", "}0{", ")", "(", "abc", "'", "\u05f3", "\u200c", "\ufb1d", "\ufb2a"]),
                max_size=16).map("".join))
@settings(max_examples=400, deadline=None)
def test_lines_read_together_give_each_line_its_own_evidence(text):
    # rtl.run reads a text's right-to-left lines together (one scan for the words of all,
    # one per sign); each line's evidence must be what reading it alone gives, to the float
    lines = text.split("\n")
    for present in (rtl.Signs.of(text), rtl.ALL_SIGNS):
        for frequent in (False, True):
            assert rtl.lines_evidence(lines, present, frequent) == [
                rtl.visual_evidence(line, rtl.ALL_SIGNS, frequent) for line in lines]


@given(st.lists(st.sampled_from(["שלום", "םולש", "עולם", "םלוע", "السلام", "مالسلا", "ﺍﻟﺴﻼﻡ", "حالياً", "ًايلاح",
                                 "׳מצד", "דצמ׳", "ל״אוד", "عّونم", "זה", "הז", " ", "\n", "\r", ".", "؟", "!",
                                 "%(n)s", "s)n(%", "{0}", "}0{", ")", "(", ")abc(", "<b>", "abc", "'", "\u05f3",
                                 "\ufb1d\ufb1d", "אוקספורד", "דרופסקוא", "غالاباغوس", "قرص مرن"]),
                max_size=20).map("".join))
@settings(max_examples=500, deadline=None)
def test_no_line_scores_above_the_texts_bound(text):
    # rtl.run reads no line when the text's bound is below the scores that flag or reorder:
    # sound only if every line's score (its own and the other lines' weight) stays under it,
    # with wordfreq's lists speaking or not (and whether they were read before or not)
    present = rtl.Signs.of(text)
    for frequent in (False, True):
        bound = rtl.score_bound(text, present, frequent=frequent)
        assert all(score <= bound for _, _, _, score in rtl.line_scores(text, present, frequent))


def test_clean_text_is_not_read_line_by_line_but_visual_text_is():
    # the bound of most clean right-to-left text is 0: nothing to read; visual text's is not
    clean = "שלום עולם\nזה טקסט רגיל בעברית"
    visual = "\n".join(line[::-1] for line in clean.split("\n"))
    assert rtl.score_bound(clean, rtl.Signs.of(clean)) < rtl.WEAK_SCORE
    assert rtl.score_bound(visual, rtl.Signs.of(visual)) >= rtl.APPLY_SCORE
    assert textfix.repair(visual).text == clean


def test_the_stored_listed_words_that_read_better_reversed_are_what_the_lexicon_says():
    # score_bound passes by unread every listed word outside this stored list: sound only if
    # the list is exactly the listed words whose word_llr is above 0
    data = rtl._word_data()
    for script in ("he", "ar"):
        assert data["reads_better_reversed"][script] == rtl.listed_reading_better_reversed(data, script)
        assert all(rtl.word_llr(w, script) > 0 for w in data["reads_better_reversed"][script])


_LISTED = [w for s in ("he", "ar") for w in [*list(rtl.lexicon(s).counts)[:300:3],
                                             *rtl._word_data()["reads_better_reversed"][s]]]


@given(st.lists(st.one_of(st.sampled_from(_LISTED), st.sampled_from(_LISTED).map(lambda w: w[::-1]),
                          st.sampled_from([" ", "\n", ".", "abc", "שלום", "مالسلا"])), max_size=20).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_the_bound_is_the_same_as_reading_every_word(text):
    # score_bound skips listed words known not to read better reversed: the bound must be
    # the one reading every word gives, to the float
    present = rtl.Signs.of(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rtl, "_listed_not_reversed", lambda script: frozenset())
        every = rtl.score_bound(text, present)
    assert rtl.score_bound(text, present) == every


_HEBREW_LETTERS = "אבגדהוזחטיכךלמםנןסעפףצץקרשת"
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآ"


@given(st.one_of(st.text(alphabet=_HEBREW_LETTERS, min_size=1, max_size=12).map(lambda w: (w, "he")),
                 st.text(alphabet=_ARABIC_LETTERS, min_size=1, max_size=12).map(lambda w: (w, "ar")),
                 st.sampled_from(_LISTED).map(lambda w: (w, "he" if w < "\u0600" else "ar")),
                 st.sampled_from(_LISTED).map(lambda w: (w[::-1], "he" if w < "\u0600" else "ar"))))
@settings(max_examples=1000, deadline=None)
def test_a_words_visual_gain_is_its_evidence_above_zero(case):
    # visual_gain stops reading a reversal once it reads worse than the word: it must give
    # exactly what the whole reading gives, where that is above 0, and 0 elsewhere
    word, script = case
    assert rtl.visual_gain(word, script) == max(0.0, rtl.word_llr(word, script))


_HE_WORDS = ["המרה", "מפענח", "שמע", "הפעלה", "מחדש", "הגדרות", "הקובץ", "נשמר", "בהצלחה", "לא", "ניתן"]


@given(st.lists(st.sampled_from(_HE_WORDS), min_size=2, max_size=5), st.sampled_from(["TCP", "PSNR", "H264", "MHz"]),
       st.sampled_from(["4212", "7", "0.0", "2025"]), st.lists(st.sampled_from(_HE_WORDS), min_size=2, max_size=5),
       st.booleans())
@settings(max_examples=150, deadline=None)
def test_a_reorder_that_more_than_one_logical_order_displays_as_is_only_suggested(before, latin, number, after,
                                                                                   number_first):
    # a number and a Latin word between right-to-left words display the same in either
    # order: which one the line was is not decided, so the reorder is never applied
    middle = f"{number} {latin}" if number_first else f"{latin} {number}"
    logical = f"{' '.join(before)} {middle} {' '.join(after)}"
    visual = get_display(logical, base_dir="R")
    found = reorder(visual, True)
    result = textfix.repair(visual)
    if found is not None and found.choices > 1:
        assert result.text == visual
        assert all(f.confidence < 0.5 for f in result.findings if f.code == "TF302")


# ------------------------------------------------------------- word frequencies (wordfreq)


@pytest.mark.parametrize(("visual", "logical"), [("תודש", "שדות"), ("םילדומ", "מודלים"), ("תינמרא", "ארמנית")])
def test_a_one_word_string_whose_reversal_is_a_commoner_word_is_reordered_with_wordfreq(visual, logical):
    from conftest import require_wordfreq

    require_wordfreq()
    r = textfix.repair(visual)
    [found] = [f for f in r.findings if f.code == "TF302"]
    assert r.text == logical and found.applied and "wordfreq" in found.message
    # the shipped lists alone leave it a suggestion; the text-only path agrees with repair()
    assert textfix.repair(visual, word_lists="builtin").text == visual
    assert textfix.Repairer().fix(visual) == logical
    assert textfix.Repairer(word_lists="builtin").fix(visual) == visual


@pytest.mark.parametrize("name", ["תאזה", "הסרג", "هانب", "زوجي", "החלצה"])
def test_names_and_short_words_whose_reversal_is_a_word_are_not_reordered_by_frequency(name):
    # Taza (its reversal is הזאת), a four-letter word whose reversal is only somewhat
    # commoner (גרסה: not by FREQUENT_MARGIN_FOUR_LETTERS), a script's name, a word whose
    # reversal is a word as common (يجوز), a rarer word whose reversal is a common one
    # (rescue; הצלחה, success)
    from conftest import require_wordfreq

    require_wordfreq()
    assert textfix.repair(name).text == name
    assert rtl.reads_visual_by_frequency(name) is False


@given(st.lists(st.sampled_from(HEBREW + ARABIC), min_size=1, max_size=3))
@settings(max_examples=60, deadline=None)
def test_strings_of_common_words_are_never_reordered_by_frequency(words):
    from conftest import require_wordfreq

    require_wordfreq()
    logical = " ".join(words)
    assert rtl.reads_visual_by_frequency(logical) is not True
    assert textfix.repair(logical).text == logical


@pytest.mark.parametrize("line", ["قرص مرن", "ق_رص مرن"])
def test_a_line_of_words_commoner_as_written_is_not_reordered_whatever_the_model_reads(line):
    # Debian's Arabic GTK catalogue (a red-team run): floppy disk, reordered at 0.9 because
    # the character model reads مرن (flexible) better reversed; wordfreq knows it as written
    from conftest import require_wordfreq

    require_wordfreq()
    assert rtl.reads_logical_by_frequency(line)
    r = textfix.repair(line)
    assert r.text == line and not any(f.applied for f in r.findings if f.code == "TF302")
    assert textfix.Repairer().fix(line) == line
    assert textfix.repair(line, word_lists="builtin").text != line  # (the model alone reorders it)


@given(st.lists(st.sampled_from(HEBREW + ARABIC), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_visual_lines_never_read_logical_by_frequency(words):
    # a line put in visual order (each word reversed) never has every word commoner as
    # written: the veto never stops a visual line of common words
    from conftest import require_wordfreq

    require_wordfreq()
    visual = " ".join(w[::-1] for w in reversed(words))
    assert not rtl.reads_logical_by_frequency(visual)


@pytest.mark.parametrize(("name", "script"), [("אוקספורד", "he"), ("קוריאה", "he"), ("غالاباغوس", "ar")])
def test_a_name_wordfreq_knows_as_written_is_no_evidence_of_visual_order(name, script):
    # the character model reads some names better reversed (Oxford, Korea, Galapagos): with
    # wordfreq's lists they give no evidence of visual order (and the bound passes them by
    # unread once the lists are read: the speed of a Hebrew or Arabic document never seen)
    from conftest import require_wordfreq

    require_wordfreq()
    assert rtl.word_llr(name, script) > 0
    assert rtl.written_as_is(name, script) and rtl.evidence_llr(name, script, True) == 0.0
    assert rtl.evidence_llr(name, script, False) == rtl.word_llr(name, script)
    reversed_name = name[::-1]
    assert not rtl.written_as_is(reversed_name, script)
    assert rtl.evidence_llr(reversed_name, script, True) == rtl.word_llr(reversed_name, script)


def test_names_read_better_reversed_are_not_flagged_with_wordfreq():
    from conftest import require_wordfreq

    require_wordfreq()
    line = "غالاباغوس مكسيكو"  # Galapagos, Mexico
    assert not [f for f in textfix.detect(line, min_confidence=0.0) if f.code == "TF302"]
    assert [f for f in textfix.detect(line, min_confidence=0.0, word_lists="builtin") if f.code == "TF302"]


@pytest.mark.parametrize("word", ["هجو", "تأدب", "قاطن", "ترازو", "امامت"])
def test_a_lone_word_that_is_a_word_as_written_is_only_a_suggestion(word):
    # PyPI's Arabic and Persian NLP packages (a red-team run): entries of word lists repaired
    # one by one were reordered at 0.9 (satire -> face, هجو -> وجه; Persian scales -> ministry,
    # ترازو -> وزارت): a one-word line whose word wordfreq lists as written, in Arabic or in
    # Persian or Urdu, is a word in its own right, whatever its reversal reads
    from conftest import require_wordfreq

    require_wordfreq()
    assert rtl.listed_as_written(word, "ar")
    r = textfix.repair(word)
    assert r.text == word and not any(f.applied for f in r.findings)
    assert textfix.Repairer().fix(word) == word


def test_a_lone_visual_word_in_a_visual_document_is_still_reordered():
    # the veto is for a line that stands alone: in a text of visual lines, the others lend it
    # their weight (مزح, a joke, is a word as written; among visual lines it is reordered)
    from conftest import require_wordfreq

    require_wordfreq()
    visual = [line[::-1] for line in ("السلام عليكم ورحمة الله", "هذا نص عربي طويل بعض الشيء")]
    word = "مزح"
    assert textfix.repair("\n".join([word, *visual])).text.split("\n")[0] == word[::-1]


def test_a_tab_separated_row_keeps_its_columns():
    # hazm's Persian word list (word, count, tag): a row reordered whole moved the tag first
    line = "امامت\t638244\tN"
    r = textfix.repair(line)
    assert r.text == line
    assert rtl._moves_cells(line, "N\t638244\tتماما") and not rtl._moves_cells("تارم\t0", "مرات\t0")
    row = "ةبعللا\t12"  # a visual cell in a row: its reorder keeps the columns
    assert not rtl._moves_cells(row, "اللعبة\t12")


def test_a_vowel_before_a_long_alef_says_logical_order():
    # mishkal's vowelled words (a red-team run): هُلَاكُو (Hulagu) came back وُكاَلُه, a fatha
    # after an alef, which logical Arabic never writes (the vowel of the consonant before a
    # long alef stands before it, لَا)
    word = "هُلَاكُو"
    assert rtl.orthography(word) < 0 < rtl.orthography(word[::-1])
    assert textfix.repair(word).text == word
    assert textfix.repair(word, word_lists="builtin").text == word


@pytest.mark.parametrize("label", ["تاللا(_S)", "باغلا(_N)"])
def test_a_label_with_its_mnemonic_in_logical_order_is_not_reordered(label):
    # Debian's Uyghur GTK catalogues (a red-team run): one-word labels whose reversal is a
    # commoner Arabic word came back with their mnemonic turned, (_S) -> (S_); a mnemonic
    # written after the label is logical order's
    r = textfix.repair(label)
    assert r.text == label and not any(f.applied for f in r.findings)
    assert rtl._LOGICAL_MNEMONIC_RE.search(label) and not rtl._LOGICAL_MNEMONIC_RE.search(label[::-1])


def test_the_word_lists_option_is_validated_and_read_from_the_project():
    with pytest.raises(ValueError, match="word_lists"):
        textfix.Config(word_lists="wordfreq")
    from textfix.config import _CONFIG_KEYS, SCHEMA

    assert SCHEMA["word-lists"] == ("auto", "builtin") and "word-lists" in _CONFIG_KEYS


def test_persian_words_are_not_read_against_the_arabic_list():
    assert rtl.reads_visual_by_frequency("یکنا کی") is False


def test_the_compact_word_lists_travel_to_other_processes_by_name_not_by_hashes():
    import pickle
    import subprocess
    import sys

    from conftest import require_wordfreq

    require_wordfreq()
    lists = rtl.word_frequencies("he")
    assert pickle.loads(pickle.dumps(lists)) is lists  # this process: the same list
    # another process (its own hash salt) reads the list again and finds the same words
    code = ("import pickle, sys; lists = pickle.loads(sys.stdin.buffer.read()); "
            "print(lists.zipf('שדות') > 3, 'תודש' in lists)")
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(lists), capture_output=True,
                         check=True, env={"PYTHONHASHSEED": "random"})
    assert out.stdout.decode().split() == ["True", "False"]
    with pytest.raises(TypeError, match="another process"):
        pickle.dumps(rtl.WordFrequencies([["של"]]))


@pytest.mark.parametrize("line", ["یکنا کی", "ٹیلیفون نمبر", "کوردی ئەو", "דער ייִדישער װאָרט"])
def test_languages_the_lists_do_not_speak_for_are_not_read_against_them(line):
    # Persian, Urdu and Kurdish letters past U+064A, Yiddish ligatures and rafe
    assert rtl.reads_visual_by_frequency(line) is False
    assert rtl.reads_visual_by_frequency(line[::-1]) is False


def test_a_wordfreq_that_cannot_be_read_gives_no_opinion_and_no_crash(monkeypatch):
    import wordfreq
    from conftest import require_wordfreq

    require_wordfreq()

    def broken(path):
        raise OSError("truncated list")

    monkeypatch.setattr(wordfreq, "read_cBpack", broken)
    rtl.word_frequencies.cache_clear()
    rtl._frequency_verdict.cache_clear()
    try:
        assert rtl.reads_visual_by_frequency("םילדומ תודש") is False
        assert textfix.repair("םילדומ").text == "םילדומ"  # the shipped lists alone: a suggestion
    finally:
        monkeypatch.undo()
        rtl.word_frequencies.cache_clear()
        rtl._frequency_verdict.cache_clear()
    assert rtl.reads_visual_by_frequency("םילדומ תודש") is True


@pytest.mark.parametrize("clean", [
    "كايمان تاقىم ئاراللىرى",  # Uyghur: alef maksura inside words, ئا at a word's start
    "يا ئوق ئورنى",  # Uyghur: ئو
    "ئامادەی دەکات",  # Sorani Kurdish: ە, ی
    "زه ښه یم",  # Pashto: ښ, ی
])
def test_lines_of_languages_the_lexicons_do_not_speak_for_are_never_reordered_by_default(clean):
    # the lexicons are Hebrew's and Arabic's: read by them, these clean lines look visual
    # (a red-team run on /usr/share/locale: Uyghur 602 of 4,759 strings reordered)
    r = textfix.repair(clean)
    assert r.text == clean and textfix.Repairer().fix(clean) == clean
    assert all(not f.applied for f in r.findings)


@given(st.lists(st.sampled_from(["ئاراللىرى", "تاقىم", "دەکات", "ښه", "پیام", "گروه", "ۇيغۇر"]), min_size=1, max_size=4)
       .map(" ".join))
@settings(max_examples=100, deadline=None)
def test_no_reversal_of_such_a_line_is_applied_either(line):
    # visual or not, a line with such a letter is at most suggested
    visual = " ".join(w[::-1] for w in reversed(line.split(" ")))
    for text in (line, visual):
        assert all(not f.applied for f in textfix.repair(text).findings if f.code == "TF302")


_FOREIGN_LINES = ["ئاراللىرى", "تاقىم", "دەکات", "ښه", "پیام", "گروه", "ۇيغۇر", "ئێران", "ڕووسیا", "هەولێر"]
# names of plain Arabic letters, as a Sorani or Uyghur list holds them (بووتان, Bhutan;
# باربادوس): read by the Arabic lexicon, many look visual
_PLAIN_LINES = ["بووتان", "لاوس", "عومان", "توونس", "باربادوس", "يامايكا", "موناكو", "مالتا", "قارا تاغ"]


@given(st.lists(st.sampled_from(_FOREIGN_LINES), min_size=2, max_size=8),
       st.lists(st.sampled_from(_PLAIN_LINES), min_size=1, max_size=8), st.randoms())
@settings(max_examples=100, deadline=None)
def test_a_text_mostly_in_another_language_has_none_of_its_lines_reordered(foreign, plain, rnd):
    # CLDR's territory names in Sorani and Uyghur: lines of plain Arabic letters among
    # them were reordered, carried by the document's score; a text whose right-to-left
    # lines mostly hold letters of other languages is in another language, all of it
    lines = foreign + plain[:len(foreign)]
    rnd.shuffle(lines)
    text = "\n".join(lines)
    assert textfix.repair(text).text == text


def test_arabic_loanword_letters_do_not_make_a_line_another_language():
    # veh (ڤ, for v) stands in the tune splits' Arabic 213 times: its visual lines are reordered
    visual = " ".join(w[::-1] for w in reversed("شاهد الڤيديو الجديد الآن".split(" ")))
    assert not rtl._OTHER_LANGUAGES_RE.search(visual)
