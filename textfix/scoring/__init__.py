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

from textfix.korean.lexicon import SENTENCE_FINAL, STRONG, WEAK, particle_weight
from textfix.script import HANGUL, HANGUL_RE
from textfix.work import WorkBudget

_SENT = ".!?"
_CLOSERS = {")": "(", "]": "[", "}": "{", "”": "“", "’": "‘", "」": "「", "』": "『", ">": "<"}
_OPENERS = set(_CLOSERS.values())
_BRACKETS = re.compile("[()\\[\\]{}“”‘’「」『』<>]")
_HANGUL = HANGUL_RE
#: A word of one to four syllables that opens a phrase (after a space, punctuation or an
#: opener) and ends there: a particle there costs :data:`PARTICLE_OPENS_PHRASE`.
_PHRASE_WORD = ("(?:^|[ \t,;:.!?(\\[“‘「『<])(", ")(?=[ \t,.!?;:\"'”’)]|$)")
_GLUED_PARTICLE = re.compile(f"{_PHRASE_WORD[0]}[{HANGUL}]{{1,4}}{_PHRASE_WORD[1]}")
#: ... the same, asked only of the words that are particles (the others weigh nothing): the
#: scan stops at particles, not at every short word.
_GLUED_PARTICLE_WORD = re.compile(
    _PHRASE_WORD[0] + "|".join(sorted((w for w in STRONG | WEAK if len(w) <= 4), key=lambda w: (-len(w), w)))
    + _PHRASE_WORD[1])
# (opens with a class, not a repeat of one: see textfix.lines)
_CLOSER_GLUED_START = re.compile("[.!?,;:)\\]}”’」』>][.!?,;:)\\]}”’」』>]*[^\\s.!?,;:)\\]}”’」』>]")
_DOTFILE = re.compile("\\.[a-z]")  # .aff, .txt: a file name, not a sentence end
_PUNCT_GLUED = re.compile(f"[.!?](?<![0-9A-Za-z.].)(?=[{HANGUL}])")  # not after 3, a or .
_HANGUL_THEN_LATIN = re.compile(f"[{HANGUL}][A-Za-z]")
_HANGUL_THEN_LOWER = re.compile(f"[{HANGUL}][a-z]")
_PLACEHOLDER_BACKWARDS = re.compile("[sdrif](?<![%\\w].)(?:\\)\\w+\\()?%(?![\\w(])")  # not after a word
_NUMBER_LAST = re.compile("[.:][ \t]+[0-9]{1,3}$")
_LATIN_LETTER = re.compile("[A-Za-z]")


#: What each implausible join costs (in "points"; TF301 reverses a span when reversing
#: gains at least :data:`textfix.stages.layout.MIN_DELTA` of them).  Lower is better.
#: The span starts with sentence punctuation or a closing bracket glued to the next word,
#: as reversal leaves it (".이라고 …"; "!, ~  논리" in a help table is not).
STARTS_WITH_CLOSER = 3.0
#: A particle opens a phrase after a space or punctuation, per unit of particle weight.
PARTICLE_OPENS_PHRASE = 2.0
#: Sentence punctuation glued to the next syllable: "발표했다.서울".
PUNCT_GLUED_TO_HANGUL = 2.0
#: A syllable glued to a Latin letter ("AI서울" is common, so cheap)...
HANGUL_THEN_LATIN = 0.5
#: ...and to a lowercase one on top ("하십시오latex" is rare in written text).
HANGUL_THEN_LOWER = 1.0
#: A placeholder written backwards: "s)name(%", "r%".
PLACEHOLDER_BACKWARDS = 1.5
#: A list number that moved to the end: "… 심사. 15".
NUMBER_LAST = 2.0
#: A bracket or curly quote that closes what never opened...
BRACKET_CLOSES_UNOPENED = 1.5
#: ...and one left open at the end.
BRACKET_LEFT_OPEN = 0.5
#: A full stop after a syllable that does not end sentences ("서울." rather than "했다.").
STOP_AFTER_NON_FINAL = 1.5
#: No sentence end at the end of the span.
NO_SENTENCE_END = 1.0


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
            errors += BRACKET_CLOSES_UNOPENED
    return errors + BRACKET_LEFT_OPEN * len(stack)


def penalty(text: str) -> float:
    """Implausible joins in ``text``, weighted (the constants above); 0 for ordinary
    written text."""
    t = text.strip()
    if not t:
        return 0.0
    score = 0.0
    if _CLOSER_GLUED_START.match(t) and not _DOTFILE.match(t):
        score += STARTS_WITH_CLOSER
    for m in _GLUED_PARTICLE_WORD.finditer(t):
        score += PARTICLE_OPENS_PHRASE * particle_weight(m.group(1))
    # (each join below is looked for only where the one character it needs is there)
    if "." in t or "!" in t or "?" in t:
        score += PUNCT_GLUED_TO_HANGUL * len(_PUNCT_GLUED.findall(t))
    if _LATIN_LETTER.search(t):
        score += HANGUL_THEN_LATIN * len(_HANGUL_THEN_LATIN.findall(t))
        score += HANGUL_THEN_LOWER * len(_HANGUL_THEN_LOWER.findall(t))
    if "%" in t:
        score += PLACEHOLDER_BACKWARDS * len(_PLACEHOLDER_BACKWARDS.findall(t))
    if t[-1].isdigit() and _NUMBER_LAST.search(t):
        score += NUMBER_LAST
    score += _bracket_errors(t)
    last = t.rstrip("\"'”’)」』]>")
    if last and last[-1] in _SENT:
        before = last[:-1].rstrip()
        if before and _HANGUL.match(before[-1]) and before[-1] not in SENTENCE_FINAL:
            score += STOP_AFTER_NON_FINAL
    elif last and not (_HANGUL.match(last[-1]) and last[-1] in SENTENCE_FINAL):
        score += NO_SENTENCE_END
    return score


class BudgetedModel:
    """A language model that reads at most a budget of characters per repair: the model
    is the slowest thing textfix runs, so past the budget the built-in rules decide alone."""

    def __init__(self, model, budget: WorkBudget) -> None:
        self.model, self.budget = model, budget

    def affords(self, chars: int) -> bool:
        """Take ``chars`` of reading from the budget; False when it is spent, or when the
        model cannot load (a broken install: the built-in rules decide alone)."""
        ready = getattr(self.model, "ready", None)
        return self.budget.spend(chars) and (ready is None or ready())

    def per_char(self, text: str) -> float:
        return self.model.per_char(text)

    def preference(self, current: str, candidate: str) -> float:
        return self.model.preference(current, candidate)

    def attach(self, word: str, particle: tuple[str, str]) -> str:
        return self.model.attach(word, particle)


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
