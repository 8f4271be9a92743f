"""Properties every stage must keep, on generated text."""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import english_sentence, korean_document, korean_paragraph

import textfix


def zwsp_inside_first_word(s: str) -> str:
    """A zero-width space between the first two adjacent Hangul syllables."""
    return re.sub("([가-힣])([가-힣])", "\\1\u200b\\2", s, count=1)


damage = st.sampled_from([
    lambda s: s.encode("cp949").decode("latin-1"),
    lambda s: s.encode("utf-8").decode("latin-1"),
    lambda s: unicodedata.normalize("NFD", s),
    zwsp_inside_first_word,
])


@settings(max_examples=80, deadline=None)
@given(korean_document())
def test_clean_korean_is_unchanged_and_has_no_confident_finding(doc):
    r = textfix.repair(doc)
    assert r.text == doc
    assert all(f.confidence < 0.5 for f in r.findings)


@settings(max_examples=80, deadline=None)
@given(st.lists(english_sentence(), min_size=1, max_size=5).map(" ".join))
def test_clean_english_is_unchanged(text):
    assert textfix.repair(text).text == text


@settings(max_examples=80, deadline=None)
@given(korean_document(), damage)
def test_repair_is_idempotent_and_spans_lie_inside_the_input(doc, hurt):
    damaged = "\n".join(hurt(line) for line in doc.split("\n"))
    r = textfix.repair(damaged)
    assert textfix.repair(r.text).text == r.text
    for f in r.findings:
        assert 0 <= f.start <= f.end <= len(damaged)
        for e in f.edits:
            assert f.start <= e.start <= e.end <= f.end
    # nothing changes outside the spans of applied findings
    covered = sorted((f.start, f.end) for f in r.findings if f.applied)
    for e in r.edits:
        pos = e.start
        for a, b in covered:
            if a <= pos <= b:
                pos = max(pos, b)
        assert pos >= e.end, (e, covered)


@settings(max_examples=80, deadline=None)
@given(korean_paragraph(), damage)
def test_lossless_damage_is_undone_and_covered_by_findings(x, hurt):
    damaged = hurt(x)
    r = textfix.repair(damaged)
    assert r.text == x
    if damaged != x:
        changed = [i for i in range(len(damaged)) if i >= len(x) or damaged[i] != x[i]]
        first = changed[0] if changed else len(damaged)
        assert any(f.applied and f.start <= first <= f.end for f in r.findings)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_and_is_idempotent(text):
    r = textfix.repair(text)
    assert textfix.repair(r.text).text == r.text
