"""TextHistory keeps who wrote and who removed every character, over rounds of edits:
checked against a plain per-character model of the same bookkeeping."""

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.history import TextHistory
from textfix.model import Edit


@st.composite
def rounds_of_edits(draw):
    """An input text and rounds of non-overlapping edits (each round on the text the rounds
    before it left)."""
    text = draw(st.text(alphabet="abcdefg가나다", min_size=0, max_size=30))
    rounds, current = [], text
    for number in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        edits = [(Edit(a, b, draw(st.text(alphabet="xyz", max_size=3))), f"R{number}{i}")
                 for i, (a, b) in enumerate(pairs)]
        rounds.append(edits)
        pos, parts = 0, []
        for e, _ in edits:
            parts += [current[pos:e.start], e.replacement]
            pos = e.end
        current = "".join([*parts, current[pos:]])
    return text, rounds


def naive(text: str, rounds):
    """Each current character as (char, input offset or None, writer); each removed input
    offset's remover."""
    chars = [(c, i, None) for i, c in enumerate(text)]
    removed: dict[int, str] = {}
    for edits in rounds:
        out, pos = [], 0
        for e, code in sorted(edits, key=lambda p: (p[0].start, p[0].end)):
            out += chars[pos:e.start]
            for _, source, _ in chars[e.start:e.end]:
                if source is not None:
                    removed[source] = code
            out += [(c, None, code) for c in e.replacement]
            pos = e.end
        chars = out + chars[pos:]
    return chars, removed


@settings(max_examples=300, deadline=None)
@given(rounds_of_edits())
def test_history_records_writers_and_removers_as_a_per_character_model_does(case):
    text, rounds = case
    history = TextHistory(text)
    for edits in rounds:
        history.apply(edits)
    chars, removed = naive(text, rounds)
    assert history.text == "".join(c for c, _, _ in chars)
    if history._source is not None:
        writers = history._writers
        assert [s if s >= 0 else writers[-1 - s] for s in history._source] == \
            [source if source is not None else writer for _, source, writer in chars]
        assert {i: writers[r - 1] for i, r in enumerate(history._removed) if r} == removed
    # the hunks turn the input into the text
    out, pos = [], 0
    for e in history.hunks():
        out += [text[pos:e.start], e.replacement]
        pos = e.end
    assert "".join([*out, text[pos:]]) == history.text


@settings(max_examples=300, deadline=None)
@given(rounds_of_edits())
def test_a_history_that_keeps_no_offsets_gives_the_same_text(case):
    text, rounds = case
    tracked, untracked = TextHistory(text), TextHistory(text, tracked=False)
    for edits in rounds:
        assert tracked.apply(edits) == untracked.apply(edits)
        assert tracked.text == untracked.text


def test_fix_with_a_suppression_keeps_the_offsets_it_reads():
    # Repairer.fix keeps no offsets, unless a suppression comment needs them to place findings
    import textfix

    text = "ㅎㅏㄴㄱㅡㄹ 텍스트\n¹®ÀÚ ±úÁü Å×½ºÆ® # {}\nㅎㅏㄴㄱㅡㄹ"
    fixer = textfix.Repairer()
    assert fixer.fix(text.format("note")) == "한글 텍스트\n문자 깨짐 테스트 # note\n한글"
    ignored = text.format("textfix: ignore[TF102]")
    assert fixer.fix(ignored) == textfix.repair(ignored).text == "한글 텍스트\n" + ignored.split("\n")[1] + "\n한글"
