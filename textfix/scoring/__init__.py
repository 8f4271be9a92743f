"""Plausibility scorers: how much a text reads like damaged rather than written text.

The built-in scorer needs no extra install: it counts joins that written Korean (and
most left-to-right text) does not make, such as a particle opening a phrase after a
comma, sentence punctuation at the start or glued to the next word, brackets and curly
quotes closing before they open.  Lower is better; both orders of a span are scored the
same way, so only the difference matters.

>>> penalty("서울시는 AI 구상을 발표했다.") < penalty(".구상을 발표했다AI 서울시는")
True
"""

from __future__ import annotations

import re

from textfix.korean.lexicon import SENTENCE_FINAL, particle_weight

_SENT = ".!?"
_CLOSERS = {")": "(", "]": "[", "}": "{", "”": "“", "’": "‘", "」": "「", "』": "『", ">": "<"}
_OPENERS = set(_CLOSERS.values())
_BRACKETS = re.compile("[()\\[\\]{}“”‘’「」『』<>]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_GLUED_PARTICLE = re.compile("(?:^|[ \t,;:.!?(\\[“‘「『<])([\uac00-\ud7a3]{1,4})(?=[ \t,.!?;:\"'”’)]|$)")
_DOTFILE = re.compile("\\.[a-z]")  # .aff, .txt: a file name, not a sentence end
_PUNCT_GLUED = re.compile("(?<![0-9A-Za-z.])[.!?](?=[\uac00-\ud7a3])")
_HANGUL_THEN_LATIN = re.compile("[\uac00-\ud7a3][A-Za-z]")
_HANGUL_THEN_LOWER = re.compile("[\uac00-\ud7a3][a-z]")
_PLACEHOLDER_BACKWARDS = re.compile("(?<![%\\w])[sdrif](?:\\)\\w+\\()?%(?![\\w(])")
_NUMBER_LAST = re.compile("[.:][ \t]+[0-9]{1,3}$")


def _bracket_errors(text: str) -> float:
    stack: list[str] = []
    errors = 0.0
    for m in _BRACKETS.finditer(text):
        ch, i = m.group(), m.start()
        if ch in _OPENERS:
            stack.append(ch)
            continue
        if ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            continue  # an apostrophe: don’t
        if stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
        else:
            errors += 1.5
    return errors + 0.5 * len(stack)


def penalty(text: str) -> float:
    """Count of implausible joins in ``text`` (weighted); 0 for ordinary written text."""
    t = text.strip()
    if not t:
        return 0.0
    score = 0.0
    if (t[0] in _SENT + ",;:" or t[0] in _CLOSERS) and not _DOTFILE.match(t):
        score += 3.0
    for m in _GLUED_PARTICLE.finditer(t):
        score += 2.0 * particle_weight(m.group(1))
    score += 2.0 * len(_PUNCT_GLUED.findall(t))
    score += 0.5 * len(_HANGUL_THEN_LATIN.findall(t))
    score += 1.0 * len(_HANGUL_THEN_LOWER.findall(t))  # 하십시오latex: rare in written text
    score += 1.5 * len(_PLACEHOLDER_BACKWARDS.findall(t))  # r%, s)name(%
    if _NUMBER_LAST.search(t):
        score += 2.0  # "… 심사. 15": a list number that moved to the end
    score += _bracket_errors(t)
    last = t.rstrip("\"'”’)」』]>")
    if last and last[-1] in _SENT:
        before = last[:-1].rstrip()
        if before and _HANGUL.match(before[-1]) and before[-1] not in SENTENCE_FINAL:
            score += 1.5  # a full stop after a syllable that does not end sentences
    elif last and not (_HANGUL.match(last[-1]) and last[-1] in SENTENCE_FINAL):
        score += 1.0  # no sentence end at the end
    return score


def language_model(name: str):
    """The language-model scorer for ``Config.scorer``, or None for the built-in rules only.

    ``"auto"`` uses kiwi when ``textfix[korean]`` is installed; ``"kiwi"`` requires it.
    """
    if name == "builtin":
        return None
    from textfix.scoring import kiwi

    if kiwi.available():
        return kiwi.KiwiScorer()
    if name == "kiwi":
        msg = "scorer='kiwi' needs kiwipiepy: pip install 'textfix[korean]'"
        raise ImportError(msg)
    return None
