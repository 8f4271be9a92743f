"""Hypothesis strategies for clean Korean, English and mixed text."""

from __future__ import annotations

from hypothesis import strategies as st

from textfix.korean import stats
from textfix.korean.lexicon import particle_weight

SYLLABLES = stats()["syllables"][:600]
PARTICLES = ["은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로", "로", "와", "과", "도", "만",
             "이라고", "라고", "이라며", "에게", "까지"]
ENDINGS = ["했다", "한다", "이다", "합니다", "됩니다", "밝혔다", "강조했다", "있다"]
LATIN = ["AI", "IT", "Python", "GPU", "K-pop", "WeGO", "OECD", "API", "Seoul"]

# content words of two to five syllables, and a few real one-syllable words
# (random syllables that happen to spell a particle, such as 이고, are not content words)
syllable_word = st.one_of(st.text(alphabet=SYLLABLES, min_size=2, max_size=5)
                          .filter(lambda w: particle_weight(w) == 0),
                          st.sampled_from(["새", "첫", "그", "더", "잘", "또"]))
word_with_particle = st.builds(lambda w, p: w + p, syllable_word, st.sampled_from(PARTICLES))
latin_word = st.sampled_from(LATIN)
number = st.integers(min_value=1, max_value=2030).map(str)

korean_word = st.one_of(syllable_word, word_with_particle, latin_word, number,
                        st.builds(lambda a, b: a + b, latin_word, st.sampled_from(PARTICLES)))


@st.composite
def korean_sentence(draw) -> str:
    # sentences open with a content word (a bare number or particle first is ambiguous)
    words = [draw(st.text(alphabet=SYLLABLES, min_size=2, max_size=5)
                  .filter(lambda w: particle_weight(w) == 0))]
    words += draw(st.lists(korean_word, min_size=1, max_size=9))
    words.append(draw(syllable_word) + draw(st.sampled_from(ENDINGS)))
    return " ".join(words) + draw(st.sampled_from([".", ".", "?", "!"]))


@st.composite
def korean_paragraph(draw, min_sentences: int = 1, max_sentences: int = 4) -> str:
    return " ".join(draw(st.lists(korean_sentence(), min_size=min_sentences, max_size=max_sentences)))


@st.composite
def korean_document(draw) -> str:
    return "\n".join(draw(st.lists(korean_paragraph(), min_size=1, max_size=5)))


english_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)


@st.composite
def english_sentence(draw) -> str:
    words = draw(st.lists(english_word, min_size=2, max_size=12))
    return " ".join(words).capitalize() + draw(st.sampled_from([".", "?", "!", "..."]))
