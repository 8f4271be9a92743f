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


def compose_keyboard(jamo: str) -> tuple[str, int]:
    """Compose a string of compatibility jamo as typed; return (text, leftover jamo count).

    Leftover jamo are letters that could not join a syllable (``ㅋㅋ`` has two).
    """
    out: list[str] = []
    leftovers = 0
    lead = vowel = tail = ""

    def flush() -> None:
        nonlocal lead, vowel, tail, leftovers
        if lead and vowel:
            out.append(syllable(lead, vowel, tail))
        else:
            for j in (lead, vowel):
                if j:
                    out.append(j)
                    leftovers += 1
        lead = vowel = tail = ""

    for ch in jamo:
        if is_consonant(ch):
            if lead and vowel and not tail and ch in FINALS:
                tail = ch
            elif tail and (tail, ch) in COMPOUND_FINALS:
                tail = COMPOUND_FINALS[(tail, ch)]
            else:
                flush()
                if ch in INITIALS:
                    lead = ch
                else:  # a compound final typed alone cannot start a syllable
                    out.append(ch)
                    leftovers += 1
        elif is_vowel(ch):
            if lead and not vowel:
                vowel = ch
            elif lead and vowel and not tail and (vowel, ch) in COMPOUND_VOWELS:
                vowel = COMPOUND_VOWELS[(vowel, ch)]
            elif tail:
                # the final consonant moves to the next syllable: 달+ㅏ -> 다라
                keep, move = SPLIT_FINALS.get(tail, ("", tail))
                if move not in INITIALS:
                    flush()
                    out.append(ch)
                    leftovers += 1
                    continue
                tail = keep
                flush()
                lead, vowel = move, ch
            else:
                flush()
                out.append(ch)
                leftovers += 1
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out), leftovers


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
