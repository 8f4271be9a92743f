"""Patterns rewritten for speed match exactly what their specifications match.

A pattern that opens with a look-behind is tried at every position of the text; one that
opens with a character class is scanned for it, several times faster.  The stages ask the
rewritten patterns (the look-behind moved after the first character it guards); each is
held here to its specification, on text made of the characters both care about."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import scoring
from textfix.script import HANGUL
from textfix.stages import codepages, encoding, layout, rtl
from textfix.stages.dropped import counters, flags, quotes

PIECES = [*"가나한글년명 \t\n.,!?:;/_%+’'‘#$-&()[]{}<>sdrifxaZAB0123456789”」』\"", "OECD", "1,000", "%(n)s", "s)n(%"]

#: Mojibake's characters: C1 controls, Latin-1, cp1252 and cp437 high characters.
ENCODING_PIECES = [*(chr(c) for c in range(0x80, 0x100)), *"€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ─│┌═║░▒▓█ΓΘαß√∞≈≤",
                   "\ufffd", " ", "A", "z", "@", "~", "가", "\n"]

#: Hebrew and Arabic letters, geresh and gershayim (both spellings), points and harakat.
RTL_PIECES = [*"אבגדהוש׳״'\"اعنمو ", "\u0651", "\u064b", "\u0652", "\u05b7", "\u0670", "\u065f", "a1_.\n"]

PAIRS = {
    "counters._BARE_RE": (counters._BARE_RE, counters._BARE_SPEC),
    "counters._LATIN_RE": (counters._LATIN_RE, counters._LATIN_SPEC),
    "flags._NUMBER_WORD_RE": (flags._NUMBER_WORD_RE, flags._NUMBER_WORD_SPEC),
    # (asked only whether it matches: it matches from the quote, its specification from the
    # opener before it, so the same quotes end their matches)
    "quotes._CLOSER_OPENS_RE": (quotes._CLOSER_OPENS_RE, quotes._CLOSER_OPENS_SPEC, "ends"),
    "layout._START_RE": (layout._START_RE, layout._START_SPEC),
    "scoring._PUNCT_GLUED": (scoring._PUNCT_GLUED, re.compile(f"(?<![0-9A-Za-z.])[.!?](?=[{HANGUL}])")),
    "scoring._PLACEHOLDER_BACKWARDS": (scoring._PLACEHOLDER_BACKWARDS,
                                       re.compile("(?<![%\\w])[sdrif](?:\\)\\w+\\()?%(?![\\w(])")),
    "rtl._REVERSED_PAIR_RE": (rtl._REVERSED_PAIR_RE,
                              re.compile("(?<![\\w%)\\]])\\)[^()%{}<>\\[\\]\\n]{0,40}\\((?![\\w%(])")),
    # (rtl.orthography counts their matches: a match opens at the sign now, the same count)
    **{f"rtl._ORTHOGRAPHY[{i}][{j}]": (rtl._ORTHOGRAPHY[i][j], re.compile(spec), "count", RTL_PIECES)
       for (i, j), spec in {
           (0, 0): f"(?<![\\w\u05f3'])[\u05f3'](?=[{rtl._LETTER_HE}])",
           (0, 1): f"(?<=[{rtl._LETTER_HE}])[\u05f3'](?![\\w\u05f3'])",
           (1, 0): f"(?<![\\w\"\u05f4])[{rtl._LETTER_HE}][\"\u05f4][{rtl._LETTER_HE}]{{2,}}(?![\\w\"\u05f4])",
           (2, 0): f"(?<![\\w{rtl._MARK_CLASS}])[{rtl._MARK_CLASS}]"}.items()},
    "rtl._VISUAL_ONLY[0]": (rtl._VISUAL_ONLY[0], re.compile(
        "(?<![\\w\u064b-\u065f\u0670])[\u0620-\u064a\u0671-\u06d3][\u064b-\u064d\u0651\u0652]"),
        "count", RTL_PIECES),
    "encoding.SUSPECT_RE": (encoding.SUSPECT_RE, encoding.SUSPECT_SPEC, "", ENCODING_PIECES),
    "codepages.SUSPECT_RE": (codepages.SUSPECT_RE, codepages.SUSPECT_SPEC, "", ENCODING_PIECES),
}


def _matches(pattern: re.Pattern[str], text: str, ends: str = "") -> list:
    if ends == "count":
        return [len(pattern.findall(text))]
    if ends:
        return [m.end() for m in pattern.finditer(text)]
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", list(PAIRS))
@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_the_rewritten_pattern_matches_what_its_specification_matches(name, data):
    fast, spec, *how = PAIRS[name]
    ends = how[0] if how else ""
    pieces = how[1] if len(how) > 1 else PIECES
    text = data.draw(st.lists(st.sampled_from(pieces), max_size=40).map("".join))
    assert _matches(fast, text, ends) == _matches(spec, text, ends)


def test_the_rewritten_patterns_do_match():
    # (a pattern that never matched would pass the test above on text it never matches)
    samples = {"counters._BARE_RE": "작가 30 명", "counters._LATIN_RE": "OECD올해", "flags._NUMBER_WORD_RE": "30가",
               "quotes._CLOSER_OPENS_RE": "그는 ’서울’을",
               "layout._START_RE": "말했다 .다니", "scoring._PUNCT_GLUED": "했다.서울",
               "scoring._PLACEHOLDER_BACKWARDS": "값 s)name(% 이다", "rtl._REVERSED_PAIR_RE": "שלום )abc( עולם",
               "encoding.SUSPECT_RE": "í•œê¸€", "codepages.SUSPECT_RE": "ƒeƒXƒg",
               "rtl._ORTHOGRAPHY[0][0]": "׳מצד", "rtl._ORTHOGRAPHY[0][1]": "דצמ׳",
               "rtl._ORTHOGRAPHY[1][0]": "ל״אוד", "rtl._ORTHOGRAPHY[2][0]": "ًايلاح", "rtl._VISUAL_ONLY[0]": "عّونم"}
    for name, text in samples.items():
        assert _matches(PAIRS[name][0], text) not in ([], [0]), name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"가a \n", "\U0001F600", "\ud800", "\udc00", "\ud83d", "\ude00"]), max_size=20))
def test_the_surrogate_check_finds_what_the_surrogate_class_finds(text):
    # (asked of UTF-16's encoder instead of a scan of the class)
    from textfix.script import has_surrogate

    assert has_surrogate(text) == (re.search("[\ud800-\udfff]", text) is not None)


@given(st.text(alphabet="ab\n\r가", max_size=30))
def test_the_line_starts_are_the_offsets_split_lines_gives(text):
    # (the dropped-text stage keeps a text's lines and their offsets in two lists)
    from textfix.lines import line_starts, split_lines

    assert list(zip(line_starts(text.split("\n")), text.split("\n"), strict=True)) == split_lines(text)
