import unicodedata

import ftfy
import ftfy.bad_codecs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SYLLABLES, english_sentence, korean_document, korean_paragraph

import textfix
from textfix.stages import encoding


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


def _implausible_as_written_out(line: str, edit, offset: int) -> bool:
    # _implausible_repair's test written out letter by letter: the script of every letter of
    # the replacement not seen in the rest of the line, and the longest run of one of them
    from textfix.stages.encoding import MIN_NEW_SCRIPT_LETTERS, TWO_BYTE_PAIR, _is_letter, _script, _words

    if any(unicodedata.category(c) == "Cn" for c in edit.replacement):
        return True
    start, end = edit.start - offset, edit.end - offset
    rest = line[:start] + line[end:]
    seen = {_script(c) for word in _words(rest) for c in word}
    new = [_script(c) if _is_letter(c) and _script(c) not in seen else "" for c in edit.replacement]
    if not any(new):
        return False
    longest = run = 0
    for a, b in zip(["", *new], new, strict=False):
        run = run + 1 if b and b == a else 1 if b else 0
        longest = max(longest, run)
    if longest >= MIN_NEW_SCRIPT_LETTERS:
        return False
    glued = any(c.isascii() and c.isalpha() for c in (line[start - 1:start], line[end:end + 1]) if c)
    return not glued and end - start <= TWO_BYTE_PAIR * len(edit.replacement)


_PIECES = ["가", "한국", "ס", "של", "γ", "д", "é", "a", "1", " ", "¡", "×", "\u0378", "\u05b0", "日"]


@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6),
       st.lists(st.sampled_from(_PIECES), max_size=8), st.integers(0, 3))
@settings(max_examples=400, deadline=None)
def test_the_new_script_test_reads_as_written_out(left, old, right, offset):
    # _implausible_repair stops reading at the first run long enough: the same answers as
    # reading every letter
    from textfix.model import Edit
    from textfix.stages.encoding import _implausible_repair

    line = "".join(left) + "".join(old) + "".join(right)
    start = offset + len("".join(left))
    for replacement in ("".join(old), "".join(reversed(old)), "".join(old)[:1]):
        edit = Edit(start, start + len("".join(old)), replacement)
        assert _implausible_repair(line, edit, offset) == _implausible_as_written_out(line, edit, offset)


# Hanja of KS X 1001 (CP949 writes them) beside Hangul: the dictionary lines, terms and
# names whose CP949 bytes hold byte pairs that are UTF-8 too (``Ã¶`` in 철)
_KS_HANJA = [c for c in map(chr, range(0x4E00, 0x9FA6)) if len(c.encode("cp949", "ignore")) == 2][::7]
_HANJA_WORD = st.text(alphabet=_KS_HANJA, min_size=1, max_size=4)
_TERM_LINE = st.lists(st.tuples(st.text(alphabet=SYLLABLES + "철륜촉옥", min_size=1, max_size=6), _HANJA_WORD),
                      min_size=1, max_size=3).map(
    lambda pairs: " ".join(f"{word}:{hanja}:" for word, hanja in pairs))


@given(_TERM_LINE, st.sampled_from(["latin-1", "sloppy-windows-1252"]))
@settings(max_examples=300, deadline=None)
def test_ftfy_never_repairs_a_byte_pair_of_cp949_mojibake(line, codec):
    # a CP949 line whose bytes happen to hold a UTF-8 sequence (Ã¶ is 철's bytes and ö's):
    # ftfy repairs the pair and leaves the rest; that partial repair is never applied
    broken = line.encode("cp949").decode(codec)
    result = textfix.repair(broken)
    assert not [f for f in result.findings if f.code == "TF101" and f.applied], result.findings


_WORLD_WORDS = ["café", "naïve", "Ærø", "straße", "δίκτυο", "дом", "שלום", "مرحبا", "日本語", "中文", "한국어", "—", "€5",
                "“quoted”", "’", "°C", "±2", "½", "©", "™", "…"]


@given(st.lists(st.sampled_from([*_WORLD_WORDS, "a", "the", "1", "-"]), min_size=1, max_size=10),
       st.integers(1, 2))
@settings(max_examples=300, deadline=None)
def test_utf8_mojibake_that_ftfy_restores_is_never_taken_for_a_partial_repair(words, times):
    from textfix.damage import utf8_as_cp1252
    from textfix.stages.encoding import _partial_repair

    text = " ".join(words)
    broken = utf8_as_cp1252(text, times)[0]
    if ftfy.fix_encoding(broken) == text:
        assert not _partial_repair(broken, text)


# Hangul syllables of KS X 1001 whose CP949 bytes are 2-byte UTF-8 too (lead 0xC4-0xC8, trail
# 0xA1-0xBF: 캡 is 0xC4 0xB8, ĸ in UTF-8)
_UTF8_TOO = [c for c in map(chr, range(0xAC00, 0xD7A4))
             if len(b := c.encode("cp949", "ignore")) == 2 and 0xC4 <= b[0] <= 0xC8 and 0xA1 <= b[1] <= 0xBF]


@given(st.lists(st.sampled_from(_UTF8_TOO + list("가나다라마처수버스")), min_size=1, max_size=4).map("".join),
       st.sampled_from(["", " ID", " %s", "(&C)"]), st.sampled_from(["latin-1", "sloppy-windows-1252"]))
@settings(max_examples=300, deadline=None)
def test_short_cp949_mojibake_that_is_utf8_by_chance_is_never_repaired_as_latin_letters(word, tail, codec):
    # 캡처 read as Latin-1 is Ä¸Ã³, which ftfy reads as the UTF-8 of ĸó: letters standing
    # apart from any Latin word, where CP949 reads Korean: flagged, never repaired so
    line = (word + tail).encode("cp949").decode(codec)
    for f in textfix.repair(line).findings:
        if f.code == "TF101" and f.applied:
            assert not any("\u0100" <= c <= "\u02af" for c in f.after or ""), (line, f)


@pytest.mark.parametrize("table", [
    "".join(map(chr, range(0x80, 0xA0))),  # the Big List of Naughty Strings' row of C1 controls
    '"\\t\\u000b\\f \x85\xa0\u1680\u2000\u2001\u3000",',  # a list of whitespace holding NEL
    "\x80\x81\x82 ABC",
])
def test_c1_controls_among_invisible_characters_are_a_table_not_windows_punctuation(table):
    assert textfix.repair(table).text == table


def test_c1_controls_in_text_are_still_read_as_cp1252():
    assert textfix.repair("그는 \x93좋다\x94고 했다\x85").text == "그는 “좋다”고 했다…"
    assert textfix.repair("대회는 1990\x962000년에 열렸다").text == "대회는 1990–2000년에 열렸다"
    assert textfix.repair("그\xa0\x97 말").text == "그\xa0— 말"  # two invisible characters: no table


@pytest.mark.parametrize("line", [
    "이 옵션이 기본ꮀ\x92입니다.",  # 값 lost: a closing quote that closes nothing, inside a word
    "선택한 필드에 포\x95¨할 장 제목",  # 함 lost: a bullet inside a word
    "中文\x93字符",  # an opening quote no closing one follows
])
def test_c1_controls_inside_a_word_of_another_script_are_lost_bytes_not_windows_signs(line):
    # a red-team run on LibreOffice's Korean catalogue: ftfy read the controls as ’ and •,
    # which hid the loss; now they are left, and flagged as lost text (TF104)
    r = textfix.repair(line)
    assert r.text == line
    lost = [f for f in r.findings if f.code == "TF104"]
    assert len(lost) == 1 and line[lost[0].start] in "\x91\x92\x93\x94\x95" and not lost[0].applied


@given(st.text(alphabet="가나다라마 \x91\x92\x93\x94\x95abc.", max_size=30))
@settings(max_examples=200, deadline=None)
def test_c1_controls_are_either_read_as_cp1252_or_flagged(line):
    # every C1 quote or bullet of a line is read as cp1252's sign, or the line is left and
    # each one that stands inside a Hangul word unpaired is flagged
    r = textfix.repair(line)
    if r.text == line and any(c in line for c in "\x91\x92\x93\x94\x95"):
        flagged = {f.start for f in r.findings if f.code == "TF104"}
        assert flagged == set(encoding._c1_lost(line)), (line, r.findings)
