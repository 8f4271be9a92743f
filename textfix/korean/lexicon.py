"""Closed classes of Korean: particles (josa) and endings that cannot open a phrase.

In logical text these attach to the word before them; a run that *opens* with one of
them after a space or a comma is a sign that runs were reordered or lost.
"""

from __future__ import annotations

#: Particles and endings that never stand alone as a word.
STRONG = frozenset({
    "은", "는", "을", "를", "의", "에", "에서", "에게", "께서", "으로", "로", "와", "과", "이랑",
    "이라고", "라고", "이라며", "라며", "이라는", "라는", "이라면", "이라면서", "라면서", "이었다",
    "였다", "이다", "이며", "이고", "이란", "에도", "에는", "으로는", "로는", "까지", "부터",
    "보다", "처럼", "만큼", "조차", "마저", "입니다", "이에요", "예요",
})
#: Also ordinary words (이 "this", 가 "edge", 도 "province"): weaker evidence.
WEAK = frozenset({"이", "가", "도", "만", "고", "며", "인", "랑"})

#: Quotative endings: in logical text they follow a closing quote (것"이라며 "서울).
QUOTATIVE = frozenset({"이라며", "라며", "이라고", "라고", "이라는", "라는", "이라면서", "라면서"})

#: Particles seen opening a phrase after a comma when their word was dropped ("얻으며, 를").
ORPHAN_PARTICLES = ("을", "를", "은", "는", "의", "에서", "으로", "이라고", "라고", "이라며", "라며")

#: Syllables that end a sentence before its final punctuation (했다. 합니다. 까?)
SENTENCE_FINAL = frozenset("다요죠까오라네군나자냐음함됨임")


def particle_weight(word: str) -> float:
    """How surely ``word`` is a particle or ending that cannot open a phrase.

    >>> particle_weight("를"), particle_weight("이"), particle_weight("이번")
    (1.0, 0.5, 0.0)
    """
    if word in STRONG:
        return 1.0
    if word in WEAK:
        return 0.5
    return 0.0


def syllables() -> str:
    """Every syllable of the closed classes (common by construction)."""
    return "".join(sorted({c for w in STRONG | WEAK | QUOTATIVE for c in w}))
