"""Hangul jamo tables and composition the way a Korean (2-set) keyboard does it.

>>> compose_keyboard("ㅎㅏㄴㄱㅡㄹ")
('한글', 0)
>>> compose_keyboard("ㅋㅋ")
('ㅋㅋ', 2)
>>> compose_keyboard("ㄷㅏㄹㄱㅏ")
('달가', 0)
"""

from __future__ import annotations

# Compatibility jamo of the modern letters, in the index order of U+AC00 composition.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "\0ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

COMPOUND_VOWELS = {
    ("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ", ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ", ("ㅜ", "ㅣ"): "ㅟ", ("ㅡ", "ㅣ"): "ㅢ",
}
COMPOUND_FINALS = {
    ("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ", ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ", ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ", ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ", ("ㅂ", "ㅅ"): "ㅄ",
}
SPLIT_FINALS = {v: k for k, v in COMPOUND_FINALS.items()}


def syllable(initial: str, medial: str, final: str = "") -> str:
    """Compose one syllable from compatibility jamo.

    >>> syllable("ㅎ", "ㅏ", "ㄴ")
    '한'
    """
    li = INITIALS.index(initial)
    vi = MEDIALS.index(medial)
    ti = FINALS.index(final) if final else 0
    return chr(0xAC00 + (li * 21 + vi) * 28 + ti)


def is_consonant(ch: str) -> bool:
    return "ㄱ" <= ch <= "ㅎ"


def is_vowel(ch: str) -> bool:
    return "ㅏ" <= ch <= "ㅣ"


class _Keyboard:
    """A Hangul keyboard's automaton: the syllable being typed, and what was typed."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.leftovers = 0
        self.lead = self.vowel = self.tail = ""

    def stray(self, ch: str) -> None:
        """A jamo that cannot join a syllable."""
        self.out.append(ch)
        self.leftovers += 1

    def flush(self) -> None:
        if self.lead and self.vowel:
            self.out.append(syllable(self.lead, self.vowel, self.tail))
        else:
            for j in (self.lead, self.vowel):
                if j:
                    self.stray(j)
        self.lead = self.vowel = self.tail = ""

    def consonant(self, ch: str) -> None:
        if self.lead and self.vowel and not self.tail and ch in FINALS:
            self.tail = ch
        elif self.tail and (self.tail, ch) in COMPOUND_FINALS:
            self.tail = COMPOUND_FINALS[(self.tail, ch)]
        else:
            self.flush()
            if ch in INITIALS:
                self.lead = ch
            else:  # a compound final typed alone cannot start a syllable
                self.stray(ch)

    def vowel_key(self, ch: str) -> None:
        if self.lead and not self.vowel:
            self.vowel = ch
        elif self.lead and self.vowel and not self.tail and (self.vowel, ch) in COMPOUND_VOWELS:
            self.vowel = COMPOUND_VOWELS[(self.vowel, ch)]
        elif self.tail:
            # the final consonant moves to the next syllable: 달+ㅏ -> 다라
            keep, move = SPLIT_FINALS.get(self.tail, ("", self.tail))
            if move not in INITIALS:
                self.flush()
                self.stray(ch)
                return
            self.tail = keep
            self.flush()
            self.lead, self.vowel = move, ch
        else:
            self.flush()
            self.stray(ch)


def compose_keyboard(jamo: str) -> tuple[str, int]:
    """Compose a string of compatibility jamo as typed; return (text, leftover jamo count).

    Leftover jamo are letters that could not join a syllable (``ㅋㅋ`` has two).

    >>> compose_keyboard("ㅎㅏㄴㄱㅡㄹ"), compose_keyboard("ㅋㅋ")
    (('한글', 0), ('ㅋㅋ', 2))
    """
    keys = _Keyboard()
    for ch in jamo:
        if is_consonant(ch):
            keys.consonant(ch)
        elif is_vowel(ch):
            keys.vowel_key(ch)
        else:
            keys.flush()
            keys.out.append(ch)
    keys.flush()
    return "".join(keys.out), keys.leftovers


_SPLIT_VOWELS = {v: a + b for (a, b), v in COMPOUND_VOWELS.items()}


def spell_out(text: str) -> str:
    """Syllables spelled out as the compatibility jamo one types them (the inverse of
    :func:`compose_keyboard`); other characters stay.

    >>> spell_out("한글 읽다")
    'ㅎㅏㄴㄱㅡㄹ ㅇㅣㄹㄱㄷㅏ'
    """
    out = []
    for ch in text:
        n = ord(ch) - 0xAC00
        if not 0 <= n < 11172:
            out.append(ch)
            continue
        lead, vowel, tail = INITIALS[n // 588], MEDIALS[(n % 588) // 28], FINALS[n % 28]
        out.append(lead + _SPLIT_VOWELS.get(vowel, vowel))
        if tail != "\0":
            out.append("".join(SPLIT_FINALS.get(tail, (tail,))))
    return "".join(out)
