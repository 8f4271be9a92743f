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
    "encoding.SUSPECT_RE": (encoding.SUSPECT_RE, encoding.SUSPECT_SPEC, "", ENCODING_PIECES),
    "codepages.SUSPECT_RE": (codepages.SUSPECT_RE, codepages.SUSPECT_SPEC, "", ENCODING_PIECES),
}


def _matches(pattern: re.Pattern[str], text: str, ends: bool = False) -> list:
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
    assert _matches(fast, text, bool(ends)) == _matches(spec, text, bool(ends))


def test_the_rewritten_patterns_do_match():
    # (a pattern that never matched would pass the test above on text it never matches)
    samples = {"counters._BARE_RE": "작가 30 명", "counters._LATIN_RE": "OECD올해", "flags._NUMBER_WORD_RE": "30가",
               "quotes._CLOSER_OPENS_RE": "그는 ’서울’을",
               "layout._START_RE": "말했다 .다니", "scoring._PUNCT_GLUED": "했다.서울",
               "scoring._PLACEHOLDER_BACKWARDS": "값 s)name(% 이다", "rtl._REVERSED_PAIR_RE": "שלום )abc( עולם",
               "encoding.SUSPECT_RE": "í•œê¸€", "codepages.SUSPECT_RE": "ƒeƒXƒg"}
    for name, text in samples.items():
        assert _matches(PAIRS[name][0], text), name


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
