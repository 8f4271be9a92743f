"""Flags for what a scraper drops around numbers and Latin words: ``TF412 dropped-counter``
(a number that lost its counter: ``65 이상 어르신``, ``2027 이후``, ``52 2천여 명``,
``전년(44)보다``) and ``TF413 dropped-particle`` (Latin capitals that lost their particle and
the space after it: ``OECD올해``).

Clean text holds the same shapes (``버전 3 이상``, ``0 값``, ``LG화학``), so these are flags
below 0.5, graded by class: each class's confidence is its precision measured on the tune
split of ``corpus_broken/cases-dropped.jsonl`` mixed with the clean Korean corpora (the
anchors and the open-world tune split's Korean, 2.8 MB; ``scripts/build_corpus_dropped.py
--measure``), capped at :data:`FLAG_CAP`.  With a language model, in the classes rare in
clean text, the counter or particle it reads best is offered as a suggestion (a guess, never
applied by default).

Each is one regular-expression scan; the language model reads a bounded window per
candidate, within the repair's reading budget.

>>> [(d.code, d.confidence) for d in counter_flags("65 이상 어르신, 52 2천여 명이 왔다")]
[('TF412', 0.45), ('TF412', 0.45)]
>>> [(d.code, d.confidence) for d in particle_flags("OECD올해 전망, LG화학")]
[('TF413', 0.45), ('TF413', 0.06)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textfix.korean.lexicon import (
    AFTER_COUNT,
    COUNTERS,
    LATIN_PARTICLES,
    NOUN_ENDINGS,
    NUMBER_WORDS,
    QUOTATIVE,
    STRONG,
    SUGGESTED_COUNTERS,
)
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import HANGUL

#: Flags stay below 0.5, the line clean-text checks draw (these fix nothing by default).
FLAG_CAP = 0.45
#: TF412 per class: its precision as the module says (tune: before a bound word of counting
#: 39 found / 4 clean, before a number 8 / 0, before another word 14 / 40, glued to a particle
#: 39 / 135), capped at :data:`FLAG_CAP`.
COUNTER_CONFIDENCE = {"bound": 0.45, "numbers": 0.45, "word": 0.26, "glued": 0.22}
#: TF413 per class: before a predicate (``OECD올해``, ``URL입력하세요``: a Latin noun runs into
#: a verb or adverb only when its particle was lost) and before a noun (``LG화학`` is a name)
#: (tune: predicate 18 found / 1 clean, noun 13 / 192).
PARTICLE_CONFIDENCE = {"predicate": 0.45, "noun": 0.06}
#: The classes a language model is asked about: those rare in clean text (a few places in
#: 2.8 MB).  The model reads about 20 KB/s, and the other classes stand in clean Korean every
#: few kilobytes.  Where it reads the best insertion :data:`SUGGEST_GAIN` nats per character
#: better, it is suggested, at the class's confidence (measured: its precision times how often
#: the suggestion is the one dropped, bound 0.94 x 0.52, numbers 1.0 x 1.0, predicate
#: 0.93 x 0.5, each at or above the cap).
LM_CLASSES = frozenset({"bound", "numbers", "predicate"})
SUGGEST_GAIN = 0.15
#: Syllables a word of particles and endings has at most (longer runs are not read as one:
#: this also keeps the matching of such words linear).
MAX_ENDING_CHAIN = 8
#: Characters of context the language model reads on each side of a gap.
LM_LEFT, LM_RIGHT = 25, 15

_NUMBER = "[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
#: A whole number (not a decimal, not inside a word or a code) and what follows it: a space
#: and a Korean word or a number with its counter, a glued Korean word, or a closing bracket
#: and a glued Korean word.
_NOT_BEFORE_A_COUNT = f"0-9A-Za-z{HANGUL}.,:/_%+’'‘#$-"
_AFTER_A_COUNT = (f"(?![.,]?[0-9])(?:(?P<space> )(?P<next>[0-9]+[{HANGUL}]+|[{HANGUL}]+)"
                  f"|(?P<glued>[{HANGUL}]+)|(?<=[0-9])\\)(?P<after>[{HANGUL}]+))")
_BARE_SPEC = re.compile(f"(?<![{_NOT_BEFORE_A_COUNT}])(?P<num>{_NUMBER}){_AFTER_A_COUNT}")
#: ... as it is asked: the same matches, the look-behind after the first digit (a pattern that
#: opens with a look-behind is tried at every position; one that opens with a character class
#: is scanned for it).
_BARE_RE = re.compile(f"(?P<num>[0-9](?<![{_NOT_BEFORE_A_COUNT}][0-9])"
                      f"(?:[0-9]{{0,2}}(?:,[0-9]{{3}})+|[0-9]*)){_AFTER_A_COUNT}")
_ENDINGS = "|".join(sorted(NOUN_ENDINGS | STRONG | QUOTATIVE, key=len, reverse=True))
_COUNTER_ALT = "|".join(sorted(COUNTERS, key=len, reverse=True))
#: A word made of particles and endings only (이, 으로, 로도, 입니다).
ENDING_CHAIN_RE = re.compile(f"(?:들)?(?:{_ENDINGS})+")
#: A counter, with its number words and particles (명이, 천여, 바이트로): a spaced counter.
_COUNTER_WORD_RE = re.compile(f"[{NUMBER_WORDS}]*(?:{_COUNTER_ALT})(?:{_ENDINGS})*")
_COUNTER_START_RE = re.compile(f"[{NUMBER_WORDS}]*(?:{_COUNTER_ALT})")
_LONG_BOUND = tuple(sorted(b for b in AFTER_COUNT if len(b) > 1))
_BOUND_RE = re.compile(f"(?:{'|'.join(sorted(AFTER_COUNT, key=len, reverse=True))})(?:{_ENDINGS})*")
#: What before a number makes it a name, a version or part of a date, not a count:
#: a Latin word (Python 3, S&P 500), a fraction (3분의 1), a version word, a number and a dot.
_NOT_A_COUNT_RE = re.compile(f"(?:[A-Za-z][A-Za-z0-9&+#._-]*|분의|(?<![{HANGUL}])(?:버전|판|제)"
                             "|[0-9][.·/-]) ?$")
#: Numbers this long without separators are codes and dates (030270, 20000101), not counts.
MAX_COUNT_DIGITS = 4

#: Latin capitals (an acronym: OECD, EPUB3, K-POP) glued to a Korean word.
_NOT_BEFORE_AN_ACRONYM = f"A-Za-z0-9&.{HANGUL}-"
_GLUED_WORD = f"(?P<word>[{HANGUL}]+)"
_LATIN_SPEC = re.compile(f"(?<![{_NOT_BEFORE_AN_ACRONYM}])(?P<latin>[A-Z][A-Z0-9&-]*[A-Z0-9]){_GLUED_WORD}")
_LATIN_RE = re.compile(f"(?P<latin>[A-Z](?<![{_NOT_BEFORE_AN_ACRONYM}].)[A-Z0-9&-]*[A-Z0-9]){_GLUED_WORD}")
#: A verb or adjective (a syllable of 하다/되다 after the first, or a word that only
#: follows a particle: 같은, 통해, 위한 ...): a noun cannot compound with it.
_PREDICATE_RE = re.compile("^(?:같|있|없|통해|통한|위해|위한|대해|대한|따라|따른)"
                           "|^.+[하한할함합해했되된될됨됩돼됐]")


def is_ending_chain(word: str) -> bool:
    """Whether ``word`` is made of particles and endings only (이, 으로, 로도, 입니다).

    >>> is_ending_chain("로도"), is_ending_chain("올해"), is_ending_chain("이나" * 40)
    (True, False, False)
    """
    return len(word) <= MAX_ENDING_CHAIN and ENDING_CHAIN_RE.fullmatch(word) is not None


def _counted(word: str) -> bool:
    """Whether ``word`` (after a number) is a counter with its particles (명이, 일부터, 바이트로;
    not 부터, a particle that starts like the counter 부).

    >>> _counted("일부터"), _counted("부터"), _counted("개국에서는"), _counted("이상")
    (True, False, True, False)
    """
    if len(word) > MAX_ENDING_CHAIN:
        return _COUNTER_START_RE.match(word) is not None
    return _COUNTER_WORD_RE.fullmatch(word) is not None


def _is_count(text: str, start: int, number: str) -> bool:
    """Whether the number at ``start`` may count something (see :data:`_NOT_A_COUNT_RE`)."""
    if number == "0" or ("," not in number and len(number) > MAX_COUNT_DIGITS):
        return False
    return _NOT_A_COUNT_RE.search(text, max(0, start - 16), start) is None


def _counter_class(text: str, m: re.Match[str]) -> str | None:
    """The class of a bare number (:data:`COUNTER_CONFIDENCE`), or None when nothing
    says its counter was dropped."""
    if m.group("space"):
        word = m.group("next")
        if word[0].isdigit():
            return "numbers"
        if any(word.startswith(b) for b in _LONG_BOUND):
            return "bound"  # 65 이상, 3 만에
        if _counted(word):
            return None  # a spaced counter: 30 명이
        if len(word) <= MAX_ENDING_CHAIN and _BOUND_RE.fullmatch(word):
            return "bound"  # 3 전, 2 후에
        return "word"
    if m.group("glued"):
        word = m.group("glued")
        if _counted(word):
            return None  # 5일, 27일부터, 3명이
        return "glued" if is_ending_chain(word) else None
    opened = m.start() - 1  # 전년(44)보다: a particle after the bracket
    if opened >= 1 and text[opened] == "(" and re.match(f"[{HANGUL}]", text[opened - 1]) \
            and is_ending_chain(m.group("after")):
        return "glued"
    return None


def _best_insertion(lm, text: str, gap: int, skip: int, options: Callable[[], Iterable[str]],
                    count: int) -> tuple[float, str] | None:
    """The option that reads best inserted at ``gap`` (replacing ``skip`` characters), and
    how much it gains over the text as it is (nats per character); None past the budget
    (``count`` options at most are read; they are made only when the budget affords them)."""
    left, right = text[max(0, gap - LM_LEFT):gap], text[gap:gap + LM_RIGHT]
    if not lm.affords((count + 1) * (len(left) + len(right) + 4)):
        return None
    base = lm.per_char(left + right)
    best = max(((lm.per_char(left + o + right[skip:]), o) for o in options()), default=None)
    return None if best is None else (best[0] - base, best[1])


@dataclass(frozen=True)
class Candidate:
    """A place where a counter or a particle may have been dropped: the span to flag, its
    class, the gap, and (with a language model) the best insertion and its gain."""

    start: int
    end: int
    kind: str
    gap: int
    skip: int = 0
    gain: float | None = None
    insert: str = ""


def _model(lm):
    """The model behind ``lm`` (a model, or a function returning one or None)."""
    return lm() if callable(lm) else lm


def counter_candidates(text: str, lm=None, spaced_only: bool = False) -> list[Candidate]:
    """Bare numbers where a counter was probably dropped, classed (see
    :data:`COUNTER_CONFIDENCE`); with a language model, the counter it reads best.
    ``spaced_only``: only the numbers followed by a space (the others are never of the
    :data:`SPACED_KINDS`)."""
    out = []
    for m in _BARE_RE.finditer(text):
        if spaced_only and not m.group("space"):
            continue
        number = m.group("num")
        if not _is_count(text, m.start(), number):
            continue
        kind = _counter_class(text, m)
        if kind is None:
            continue
        gap = m.end("num")
        # 30 이 -> 30명이: a particle after the space takes the counter's place
        skip = 1 if kind == "word" and is_ending_chain(m.group("next")) else 0
        found = None
        if kind in LM_CLASSES:
            lm = _model(lm)
            found = _best_insertion(lm, text, gap, skip, lambda: SUGGESTED_COUNTERS,
                                    len(SUGGESTED_COUNTERS)) if lm else None
        end = m.end() if kind != "word" else gap + 2
        gain, insert = found or (None, "")
        out.append(Candidate(m.start(), end, kind, gap, skip, gain, insert))
    return out


def particle_candidates(text: str, lm=None) -> list[Candidate]:
    """Latin capitals glued to a Korean word that is not their particle, classed (see
    :data:`PARTICLE_CONFIDENCE`); with a language model, the particle it reads best."""
    out = []
    for m in _LATIN_RE.finditer(text):
        word = m.group("word")
        if is_ending_chain(word):
            continue  # its particle is there: OECD는, URL로도
        kind = "predicate" if _PREDICATE_RE.match(word) else "noun"
        latin, gap = m.group("latin"), m.start("word")
        found = None
        if kind in LM_CLASSES:
            lm = _model(lm)
            if lm:
                found = _best_insertion(lm, text, gap, 0, partial(_particles_after, lm, latin),
                                        len(_PARTICLE_TAGS))
        gain, insert = found or (None, "")
        out.append(Candidate(m.start(), gap + 1, kind, gap, 0, gain, insert))
    return out


def _detection(code: str, c: Candidate, message: str, confidence: float) -> Detection:
    """The finding for a candidate: a flag, or a suggestion where the language model reads
    the insertion clearly better."""
    if c.gain is None or c.gain < SUGGEST_GAIN:
        return RULES[code].detect(c.start, c.end, message, confidence)
    return RULES[code].detect(c.start, c.end,
                              f"{message}; the language model reads {c.insert.strip()!r} best here",
                              confidence, (Edit(c.gap, c.gap + c.skip, c.insert),))


#: The classes :func:`_counter_class` gives only to a number followed by one space...
SPACED_KINDS = frozenset({"bound", "numbers"})
#: ... so a text without a digit, a space and a digit or syllable has none of them.
SPACED_COUNT_RE = re.compile(f"[0-9] [0-9{HANGUL}]")


def counter_flags(text: str, lm=None, floor: float = 0.0) -> list[Detection]:
    """TF412: numbers whose counter was probably dropped; with a language model (``lm``: a
    model, or a function that returns one or None, called on first need), the counter it
    reads best is suggested.  ``floor``: only the classes flagged at least this sure."""
    kinds = {kind for kind, confidence in COUNTER_CONFIDENCE.items() if confidence >= floor}
    if not kinds or (kinds <= SPACED_KINDS and SPACED_COUNT_RE.search(text) is None):
        return []
    return [_detection("TF412", c, f"the number {text[c.start:c.gap].lstrip('(')} stands without a "
                       "counter: a counter (년, 명, 개 ...) was probably dropped", COUNTER_CONFIDENCE[c.kind])
            for c in counter_candidates(text, lm, spaced_only=kinds <= SPACED_KINDS) if c.kind in kinds]


def particle_flags(text: str, lm=None, floor: float = 0.0) -> list[Detection]:
    """TF413: Latin capitals glued to a Korean word that is not their particle (OECD올해);
    with a language model, the particle it reads best is suggested.  ``floor``: only the
    classes flagged at least this sure."""
    kinds = {kind for kind, confidence in PARTICLE_CONFIDENCE.items() if confidence >= floor}
    if not kinds:
        return []
    return [_detection("TF413", c, f"{text[c.start:c.gap]!r} runs into the next word: a particle "
                       "(은, 를, 의 ...) and a space were probably dropped", PARTICLE_CONFIDENCE[c.kind])
            for c in particle_candidates(text, lm) if c.kind in kinds]


#: The part-of-speech tag of each particle offered after a Latin word (the model picks
#: the allomorph: OECD + 은 -> OECD는); the rest are adverbial (JKB).
_TAGS = {"이": "JKS", "가": "JKS", "을": "JKO", "를": "JKO", "의": "JKG", "와": "JC", "과": "JC",
         "은": "JX", "는": "JX", "도": "JX", "만": "JX"}
_PARTICLE_TAGS = tuple((p, _TAGS.get(p, "JKB")) for p in LATIN_PARTICLES)


def _particles_after(lm, latin: str) -> list[str]:
    """The particles (each in the form the model attaches, with a space) after ``latin``."""
    options = {lm.attach(latin, p)[len(latin):] + " " for p in _PARTICLE_TAGS}
    return sorted(o for o in options if o.strip())
