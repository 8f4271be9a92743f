"""What the stages share about Korean: character classes, statistics, jamo tables."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def is_syllable(ch: str) -> bool:
    """A precomposed Hangul syllable (U+AC00..U+D7A3).

    >>> is_syllable("한"), is_syllable("ㅎ")
    (True, False)
    """
    return "\uac00" <= ch <= "\ud7a3"


def is_hanja(ch: str) -> bool:
    """A CJK ideograph as used for Hanja."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=1)
def stats() -> dict:
    """The compact statistics built by ``scripts/build_stats.py``."""
    data = resources.files("textfix.data").joinpath("hangul_stats.json").read_text("utf-8")
    return json.loads(data)


@lru_cache(maxsize=1)
def common_syllables() -> frozenset[str]:
    """The most frequent Hangul syllables of the shipped statistics."""
    from textfix.korean.lexicon import syllables

    return frozenset(stats()["syllables"]) | frozenset(syllables())


def korean_plausibility(text: str) -> float:
    """Share of the Hangul syllables in ``text`` that are common ones (0 when none).

    >>> korean_plausibility("안녕하세요") > 0.7
    True
    >>> korean_plausibility("abc")
    0.0
    """
    syl = [c for c in text if is_syllable(c)]
    if not syl:
        return 0.0
    common = common_syllables()
    return sum(c in common for c in syl) / len(syl)
