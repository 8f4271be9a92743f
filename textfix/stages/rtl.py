"""Stage 3, right-to-left part: Hebrew and Arabic lines stored in visual order (``TF302``).

The layout stage (:mod:`textfix.stages.layout`) calls :func:`run` on texts with
right-to-left letters; :mod:`textfix.bidi` holds the verified search that puts a line back
in logical order.  This module decides which lines are visual.

Evidence (:func:`visual_evidence`), in nats of log-odds for visual order:

- every Hebrew or Arabic-script word read both ways, by the frequency of each reading in
  clean catalogues (``data/rtl_words.json``, made by ``scripts/build_rtl_words.py``) and,
  for words not listed, by a character model built from the same list (which knows that
  ךםןףץ end words, that ال and ה open them, that ة and ى close them);
- presentation forms joined as only visual order joins them (a shaped initial form at a
  word's right end);
- placeholders and brackets as a display mirrors them (``s)name(%``, ``}0{``, ``)(``);
- geresh, gershayim and points where only one order puts them (``׳מצד``, ``ًايلاح``);
- sentence punctuation at the start of a line rather than its end.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from textfix.bidi import MIRRORED_PLACEHOLDER_RE, _bracket_errors, reorder, rtl_paragraphs, unshape
from textfix.lines import line_starts, lines_matching
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import PLACEHOLDER_RE
from textfix.script import RTL_RE as _RTL_RE

# ---------------------------------------------------------------------------- words

_HEBREW = "\u05d0-\u05ea\u05f0-\u05f2"
_ARABIC = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
_WORD_RES = {"he": re.compile(f"[{_HEBREW}]+"), "ar": re.compile(f"[{_ARABIC}]+")}
#: Points and marks (niqqud, cantillation, harakat), the tatweel and the zero-width (non-)joiner
#: (inside Persian words): not part of the spelling.
_MARKS_RE = re.compile("[\u200c\u200d\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640"
                       "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]")
# (opens with a class, not a repeat of one: see textfix.lines)
_PRESENTATION_RE = re.compile("[\ufb1d-\ufdff\ufe70-\ufefc][\ufb1d-\ufdff\ufe70-\ufefc]*")


_GERESH = "\u05f3'"


def _cut(plain: str, m: re.Match[str]) -> bool:
    """Whether the run of letters ``m`` is a piece of a word cut by a geresh: one touches it
    (``׳``) or stands between it and another letter (``ג'ורג'``), as in transliterations and
    abbreviations, which do not follow the spelling rules of whole words."""
    a, b = m.start(), m.end()
    before = plain[a - 1] if a else ""
    after = plain[b] if b < len(plain) else ""
    return ("\u05f3" in (before, after) or (before == "'" and a > 1 and plain[a - 2].isalpha())
            or (after == "'" and b + 1 < len(plain) and plain[b + 1].isalpha()))


def rtl_words(text: str, whole: bool = False, *, forms: bool = True,
              marks: bool = True) -> dict[str, list[str]]:
    """The Hebrew (``he``) and Arabic-script (``ar``) words of ``text`` as written: letters
    only, presentation forms unshaped, marks dropped; with ``whole``, not the pieces of a
    word cut by a geresh (:func:`_cut`).  ``forms``, ``marks``: False when the caller knows
    ``text`` holds no presentation form or no mark (each is then not looked for).

    >>> rtl_words("שָׁלוֹם, ﺍﻟﺴﻼﻡ abc")
    {'he': ['שלום'], 'ar': ['السلام']}
    >>> rtl_words("ג׳ורג׳ דצמ' 'שלום'", whole=True)["he"]
    ['דצמ', 'שלום']
    """
    plain = _PRESENTATION_RE.sub(_unshaped, text) if forms else text
    plain = _MARKS_RE.sub("", plain) if marks else plain
    if not whole or ("'" not in plain and "\u05f3" not in plain):  # no geresh: no word is cut
        return {script: pattern.findall(plain) for script, pattern in _WORD_RES.items()}
    return {script: [m.group() for m in pattern.finditer(plain) if not _cut(plain, m)]
            for script, pattern in _WORD_RES.items()}


#: The character model reads this many characters (the letter and four before it): on the tune
#: side, 4 put a clean line at 7.5 (the apply score is 8), 5 puts none above 6.8.
ORDER = 5
#: Absolute discount of the character model (interpolated Kneser-Ney style).
DISCOUNT = 0.75
#: Weight of the word list against the character model in a word's probability.
LIST_WEIGHT = 0.5
#: A word's two readings differ by at most this much (nats) before calibration: words of every
#: class reach it on clean text, so its table entry is a tail measured on many words.
RAW_CLIP = 20
#: Longer runs of letters are not read as words (the longest word of the lists has 16).
MAX_WORD = 30
_START, _END = "\x02", "\x03"
#: :meth:`Lexicon.reads_worse_reversed` stops once the reversal's log-probability is this far
#: under the word's: each gram's log-probability is at most 0 (a probability), give or take
#: a rounding far below this.
STOP_SLACK = 1e-9
#: Letter grams (a letter and its ORDER - 1 before) whose log-probability a lexicon remembers:
#: words share them, and reading them is most of the stage's time on clean text (about 10 MB
#: a lexicon at most).
MAX_REMEMBERED_GRAMS = 100_000


class Lexicon:
    """How likely a word of one script is: its frequency in the list, mixed with a character
    model of the list's words (each word once)."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.total = max(1, sum(counts.values()))
        grams: Counter[str] = Counter()
        for word in counts:
            s = _START * (ORDER - 1) + word + _END
            for i in range(ORDER - 1, len(s)):
                for k in range(ORDER):
                    grams[s[i - k:i + 1]] += 1
        self.grams = grams
        ctx: dict[str, list[int]] = {}
        for gram, n in grams.items():
            entry = ctx.setdefault(gram[:-1], [0, 0])
            entry[0] += n
            entry[1] += 1
        self.ctx = ctx
        self.base = 1.0 / (len({g for g in grams if len(g) == 1}) + 1)
        self._remembered: dict[str, float] = {}
        self._full: dict[str, float] | None = None
        #: Read the longest gram from :meth:`_interpolated`'s table (False: every order from
        #: the counts, for a caller that changes them word by word, as the build script does).
        self.tabled = True

    def forget(self) -> None:
        """Drop what was worked out from the counts (after they change)."""
        self._remembered, self._full = {}, None

    def _interpolated(self) -> dict[str, float]:
        """P(last letter | the letters before it) of every gram the counts hold, interpolated
        down the orders as :meth:`_gram_logp` does, with the same arithmetic (the same floats):
        a gram the counts hold has every shorter ending of it held too."""
        full: dict[str, float] = {}
        for gram in sorted(self.grams, key=len):
            entry = self.ctx[gram[:-1]]
            lower = full[gram[1:]] if len(gram) > 1 else self.base
            full[gram] = (max(self.grams[gram] - DISCOUNT, 0) + DISCOUNT * entry[1] * lower) / entry[0]
        return full

    def char_logp(self, word: str, stop_below: float = -math.inf) -> float:
        """log P(word) under the character model (the end of the word included); read only
        until the sum falls under ``stop_below`` (each gram can only lower it), whose sum so
        far is then returned."""
        s = _START * (ORDER - 1) + word + _END
        remembered = self._remembered
        grams = [s[i:i + ORDER] for i in range(len(s) - ORDER + 1)]
        total = 0.0
        for i, lp in enumerate(map(remembered.get, grams)):  # (added in order: the same float)
            if lp is None:
                lp = self._gram_logp(s, i + ORDER - 1)
                if len(remembered) < MAX_REMEMBERED_GRAMS:
                    remembered[grams[i]] = lp
            total += lp
            if total < stop_below:
                break
        return total

    def _gram_logp(self, s: str, i: int) -> float:
        """log P(s[i] | the ORDER - 1 characters before it), interpolated down the orders:
        the longest gram the counts hold is read from :meth:`_interpolated`, the orders
        above it (their context seen, their gram not) add their back-off weight.
        :meth:`_gram_logp_counted` reads every order from the counts (the same value)."""
        if not self.tabled:
            return self._gram_logp_counted(s, i)
        full = self._full
        if full is None:
            full = self._full = self._interpolated()
        p = self.base
        held = -1
        for k in range(ORDER - 1, -1, -1):
            found = full.get(s[i - k:i + 1])
            if found is not None:
                p, held = found, k
                break
        ctx = self.ctx
        for k in range(held + 1, ORDER):
            entry = ctx.get(s[i - k:i])
            if entry is None:
                break
            p = (DISCOUNT * entry[1] * p) / entry[0]
        return math.log(p)

    def _gram_logp_counted(self, s: str, i: int) -> float:
        """:meth:`_gram_logp`, every order read from the counts."""
        p = self.base
        for k in range(ORDER):
            entry = self.ctx.get(s[i - k:i])
            if entry is None:
                break
            seen = self.grams.get(s[i - k:i + 1], 0)
            p = (max(seen - DISCOUNT, 0) + DISCOUNT * entry[1] * p) / entry[0]
        return math.log(p)

    def logp(self, word: str) -> float:
        modelled = math.log(1 - LIST_WEIGHT) + self.char_logp(word)
        listed = self.counts.get(word, 0)
        if not listed:
            return modelled
        known = math.log(LIST_WEIGHT * listed / self.total)
        top = max(known, modelled)
        return top + math.log(math.exp(known - top) + math.exp(modelled - top))

    def reads_worse_reversed(self, word: str) -> bool:
        """Whether ``word`` reversed, not listed, reads worse than ``word`` as written (what
        :func:`raw_llr` would find below 0), found by reading the reversal only until its
        log-probability, which each letter can only lower, falls under the word's (by
        :data:`STOP_SLACK`): most words of logical text read far worse reversed within a
        letter or two (a final form first, an article last)."""
        reversal = word[::-1]
        if reversal in self.counts:
            return False  # (its listed weight is not bounded here: read it whole)
        floor = self.logp(word) - STOP_SLACK
        modelled = math.log(1 - LIST_WEIGHT)
        return modelled + self.char_logp(reversal, floor - modelled) < floor

    def word_class(self, word: str) -> str:
        """``short`` (two letters), ``known`` (it or its reversal is listed) or ``unknown``."""
        if len(word) <= 2:
            return "short"
        return "known" if word in self.counts or word[::-1] in self.counts else "unknown"


@functools.cache
def lexicon(script: str) -> Lexicon:
    """The lexicon of ``script`` (``he`` or ``ar``), read from ``data/rtl_words.json`` once."""
    return Lexicon(_word_data()[script])


@functools.cache
def _word_data() -> dict:
    return json.loads(resources.files("textfix.data").joinpath("rtl_words.json").read_text(encoding="utf-8"))


def raw_llr(word: str, script: str, lex: Lexicon | None = None) -> float:
    """How much better ``word`` reads reversed than as written, by the lexicon (nats, at
    most :data:`RAW_CLIP` either way)."""
    lex = lex or lexicon(script)
    return max(-RAW_CLIP, min(RAW_CLIP, lex.logp(word[::-1]) - lex.logp(word)))


def calibrate(raws: list[float]) -> list[float]:
    """The calibration table of one class of words from the raw scores of clean (logical)
    words of that class: at each whole score t >= 0, the log of how much likelier a score
    near t is in visual text than in logical text (by symmetry, visual text scores -x where
    logical text scores x); counts smoothed over neighbouring scores and by one word, and
    the table made to grow with t.

    >>> [round(v, 2) for v in calibrate([-5.0, -4.0, -3.0, 1.0])[:6]]
    [0.0, 0.0, 0.0, 1.39, 1.61, 1.61]
    """
    counts = Counter(max(-RAW_CLIP, min(RAW_CLIP, round(x))) for x in raws)

    def near(t: int) -> int:
        return counts[t - 1] + 2 * counts[t] + counts[t + 1]

    out = [0.0]
    for t in range(1, RAW_CLIP + 1):
        out.append(round(max(out[-1], math.log((near(-t) + 1) / (near(t) + 1))), 3))
    return out


def _calibrated(table: list[float], raw: float) -> float:
    x = abs(raw)
    i = min(int(x), RAW_CLIP - 1)
    v = table[i] + (table[i + 1] - table[i]) * (x - i)
    return v if raw >= 0 else -v


def listed_reading_better_reversed(data: dict, script: str) -> list[str]:
    """The listed words of ``script`` in ``data`` (the contents of ``rtl_words.json``) that
    read better reversed (:func:`word_llr` above 0 by that data's lexicon and calibration):
    the few listed words that can be evidence of visual order.  Stored in the file under
    ``reads_better_reversed`` (:func:`score_bound` passes every other listed word by
    unread); ``scripts/build_rtl_words.py`` writes it, a test holds it to this function."""
    lex = Lexicon(data[script])
    out = []
    for word in data[script]:
        if len(word) > MAX_WORD:
            continue
        table = data["calibration"][script][lex.word_class(word)]
        if _calibrated(table, raw_llr(word, script, lex)) > 0:
            out.append(word)
    return sorted(out)


@functools.cache
def _listed_not_reversed(script: str) -> frozenset[str]:
    """The listed words of ``script`` that never read better reversed (:func:`word_llr` at
    most 0): no evidence of visual order, known without reading them."""
    better = set(_word_data()["reads_better_reversed"][script])
    return frozenset(w for w in lexicon(script).counts if w not in better)


@functools.lru_cache(maxsize=65536)
def visual_gain(word: str, script: str) -> float:
    """:func:`word_llr` where it is above 0 (evidence of visual order), else 0; a word that
    reads worse reversed is known to give 0 from the first letters of its reversal
    (:meth:`Lexicon.reads_worse_reversed`), which is all :func:`score_bound` asks.

    >>> visual_gain("םולש", "he") == word_llr("םולש", "he"), visual_gain("שלום", "he")
    (True, 0.0)
    """
    if len(word) > MAX_WORD or lexicon(script).reads_worse_reversed(word):
        return 0.0
    return max(0.0, word_llr(word, script))


@functools.lru_cache(maxsize=65536)
def word_llr(word: str, script: str) -> float:
    """The evidence ``word`` gives for visual order (nats; > 0: it reads better reversed),
    calibrated on clean text by the word's class (see :func:`calibrate`).

    >>> word_llr("םולש", "he") > 3, word_llr("שלום", "he") < -3
    (True, True)
    """
    if len(word) > MAX_WORD:
        return 0.0  # not a word: a run of letters this long says nothing
    lex = lexicon(script)
    table = _word_data()["calibration"][script][lex.word_class(word)]
    return _calibrated(table, raw_llr(word, script, lex))


def evidence_llr(word: str, script: str, frequent: bool = False) -> float:
    """:func:`word_llr`, but none above 0 for a word wordfreq's lists know as written
    (:func:`written_as_is`, with ``frequent``): a name the character model reads better
    reversed (``אוקספורד``, ``קוריאה``, ``غالاباغوس``) is no evidence of visual order.

    >>> evidence_llr("מרן", "he") == word_llr("מרן", "he")
    True
    """
    llr = word_llr(word, script)
    return 0.0 if llr > 0 and frequent and written_as_is(word, script) else llr


@functools.lru_cache(maxsize=65536)
def written_as_is(word: str, script: str) -> bool:
    """Whether wordfreq's list of ``script`` knows ``word`` (three letters or more) as
    written, commoner so than reversed by :data:`LOGICAL_MARGIN`; False without wordfreq.

    >>> written_as_is("מרן", "he") in (False, True), written_as_is("םולש", "he")
    (True, False)
    """
    if len(word) < 3:
        return False
    frequencies = word_frequencies(script)
    return frequencies is not None and frequencies.zipf(word) - frequencies.zipf(word[::-1]) >= LOGICAL_MARGIN


# ------------------------------------------------------------------------- signs

_SENTENCE_END = frozenset(".!?:؟")
_SENTENCE_END_RE = re.compile(f"[{re.escape(''.join(sorted(_SENTENCE_END)))}]")
#: Placeholders as a display mirrors them (:data:`textfix.bidi.MIRRORED_PLACEHOLDER_RE`):
#: none occurs in the 20,578 clean lines with right-to-left letters of the open-world tune split.
_MIRRORED_RE = MIRRORED_PLACEHOLDER_RE
#: A bracket pair reversed around a phrase or nothing (``)اداّنك(``, ``force_str)(``): 8 of the
#: 20,578 clean lines above hold one (all in one package's address data, itself reversed).
_REVERSED_PAIR_RE = re.compile("\\)(?<![\\w%)\\]].)[^()%{}<>\\[\\]\\n]{0,40}\\((?![\\w%(])")
_FORMS = ("ISOLATED", "INITIAL", "MEDIAL", "FINAL")
#: Pairs of presentation forms valid in logical order: (joins on, joined) and (ends, starts).
_JOINS = frozenset({("INITIAL", "MEDIAL"), ("INITIAL", "FINAL"), ("MEDIAL", "MEDIAL"), ("MEDIAL", "FINAL"),
                    ("FINAL", "INITIAL"), ("FINAL", "ISOLATED"), ("ISOLATED", "INITIAL"),
                    ("ISOLATED", "ISOLATED")})
_ARABIC_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc][\ufb50-\ufdff\ufe70-\ufefc]*")
#: Weight of one pair of presentation forms valid only one way (nats).
JOIN_WEIGHT = 3.0
#: Weight of one placeholder shown mirrored (nats): never seen in clean text (above).
MIRRORED_WEIGHT = 8.0
#: Weight of a bracket pair reversed (rare in clean text, above).
REVERSED_PAIR_WEIGHT = 4.0
#: Weight of sentence punctuation opening (visual) or closing (logical) a right-to-left line.
PUNCT_WEIGHT = 1.5


def _form(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return next((f for f in _FORMS if f"{f} FORM" in name), "")


def joining(line: str) -> float:
    """Presentation forms joined as only visual order joins them (> 0) or only logical (< 0).

    >>> joining("ﻢﻜﻴﻠﻋ") > 0, joining("ﻋﻠﻴﻜﻢ") < 0
    (True, True)
    """
    score = 0.0
    for word in _ARABIC_FORMS_RE.finditer(line):
        forms = ["ISOLATED", *(_form(c) for c in word.group()), "ISOLATED"]
        for a, b in itertools.pairwise(forms):
            if a and b:
                score += JOIN_WEIGHT * (((b, a) in _JOINS) - ((a, b) in _JOINS))
    return score


_LETTER_HE = "\u05d0-\u05ea"
_MARK_CLASS = _MARKS_RE.pattern[1:-1].replace("\u200c\u200d", "").replace("\u0640", "")
#: Orthography that only one order writes, as (visual, logical) pairs of patterns, each the
#: mirror of the other:
#: a geresh (׳ or ') opening a Hebrew word (logical: closing it, ``דצמ׳``, ``ג׳ורג׳``);
#: gershayim (״ or ") after a word's first letter with two or more after it (logical: before
#: its last letter, ``דוא״ל``); a point or haraka opening a word (logical: closing it,
#: ``حالياً``).  In the 14,081 clean right-to-left lines of the tune side (corpus golds and
#: open-world strings) the visual patterns occur on no line, the logical ones on 37, 32 and 99.
#: And a fatha, damma or kasra after a bare alef (logical: before it, the vowel of the
#: consonant a long alef follows, ``لَا``): of the tune and fresh-tune splits' 1,782 Arabic
#: lines with marks, no logical line holds the visual pattern and 7 reversed ones do (PyPI's
#: Arabic NLP packages, a red-team run: vowelled words read as visual, ``هُلَاكُو``).
#: Each opens with its sign, the look-behinds after it (a pattern that opens with a look-behind
#: is tried at every position; tests/test_patterns.py holds each to its first form: as many
#: matches, which is all :func:`orthography` counts).
_ORTHOGRAPHY = (
    (re.compile(f"[\u05f3'](?<![\\w\u05f3'].)(?=[{_LETTER_HE}])"),
     re.compile(f"[\u05f3'](?<=[{_LETTER_HE}].)(?![\\w\u05f3'])")),
    (re.compile(f"[\"\u05f4](?<=[{_LETTER_HE}][\"\u05f4])(?<![\\w\"\u05f4]..)[{_LETTER_HE}]{{2,}}(?![\\w\"\u05f4])"),
     re.compile(f"(?<![\\w\"\u05f4])[{_LETTER_HE}]{{2,}}[\"\u05f4][{_LETTER_HE}](?![\\w\"\u05f4])")),
    (re.compile(f"[{_MARK_CLASS}](?<![\\w{_MARK_CLASS}].)"),
     re.compile(f"[{_MARK_CLASS}](?![\\w{_MARK_CLASS}])")),
    (re.compile("[\u064e-\u0650](?<=\u0627.)"), re.compile("[\u064e-\u0650](?=\u0627)")),
)
#: Orthography only visual order writes, with no mirror: a shadda, sukun or tanween on the
#: first letter of an Arabic word (no word opens with a doubled, vowelless or nunated
#: letter; reversed, the mark of the second letter lands there, ``عّونم``).  One of the
#: 14,081 clean lines above has one (a transliterated name); 24 of 201 visual one-word
#: strings of the tune side do.
_VISUAL_ONLY = (re.compile("[\u064b-\u064d\u0651\u0652](?<=[\u0620-\u064a\u0671-\u06d3].)"
                           "(?<![\\w\u064b-\u065f\u0670]..)"),)
#: What every pattern above holds: a geresh, gershayim or mark (each names one of them).
_ORTHOGRAPHY_SIGN_RE = re.compile(f"[\u05f3'\"\u05f4{_MARK_CLASS}]")
#: Weight of one such pattern (nats): about the log of how much more often the logical pattern
#: occurs on clean lines than the visual one (37 : 0, 32 : 0, 99 : 0, each count plus one).
ORTHOGRAPHY_WEIGHT = 3.5


def orthography(line: str) -> float:
    """Geresh, gershayim, points and Arabic marks where only visual order puts them (> 0), or
    only logical (< 0).

    >>> orthography("׳מצד") > 0 > orthography("דצמ׳"), orthography("ًايلاح") > 0 > orthography("حالياً")
    (True, True)
    >>> orthography("عّونم") > 0 == orthography("منوّع")
    True
    """
    if _ORTHOGRAPHY_SIGN_RE.search(line) is None:
        return 0.0  # the fast path: most lines hold no geresh, gershayim or mark
    return ORTHOGRAPHY_WEIGHT * (sum(len(v.findall(line)) - len(lg.findall(line)) for v, lg in _ORTHOGRAPHY)
                                 + sum(len(v.findall(line)) for v in _VISUAL_ONLY))


#: What every placeholder (:data:`textfix.script.PLACEHOLDER_RE`) opens with.
_PLACEHOLDER_OPENERS = frozenset("%{$<")


def _punctuation(line: str) -> float:
    """Sentence punctuation ends a logical line and starts a visual one."""
    placeholders = not _PLACEHOLDER_OPENERS.isdisjoint(line)
    stripped = (PLACEHOLDER_RE.sub("", line) if placeholders else line).strip()
    if not stripped:
        return 0.0
    starts = stripped[0] in _SENTENCE_END and not stripped.startswith(("...", "…"))
    ends = stripped[-1] in _SENTENCE_END
    return PUNCT_WEIGHT * (starts - ends)


class Evidence(NamedTuple):
    """What one line says about its order: ``score``, the log-odds of visual order over
    logical from its words and signs (> 0: visual); ``words``, how many right-to-left words
    of two letters or more it read; ``signs``, the part of the score from signs (joining,
    mirroring, punctuation).  (A named tuple: a line's evidence is made for every
    right-to-left line, and a frozen dataclass is three times as slow to make.)"""

    score: float
    words: int
    signs: float


@dataclass(frozen=True)
class Signs:
    """Which signs a text holds anywhere (asked once per text, so that a line of a text
    without them is not scanned for each): presentation forms, geresh or marks, mirrored
    placeholders, a closing bracket.  :data:`ALL_SIGNS` looks for every one."""

    forms: bool = True
    orthography: bool = True
    mirrored: bool = True
    brackets: bool = True
    #: presentation forms of any script (:func:`rtl_words` unshapes them), and marks it drops
    presentation: bool = True
    marks: bool = True

    @classmethod
    def of(cls, text: str) -> Signs:
        mirrored = _may_mirror(text) and _MIRRORED_RE.search(text) is not None
        presentation = _PRESENTATION_RE.search(text) is not None
        # (a presentation form may unshape to a letter and its point: ﬢ, שׁ)
        marks = presentation or _MARKS_RE.search(text) is not None
        return cls(_ARABIC_FORMS_RE.search(text) is not None, _ORTHOGRAPHY_SIGN_RE.search(text) is not None,
                   mirrored, ")" in text, presentation, marks)


ALL_SIGNS = Signs()


def _may_mirror(text: str) -> bool:
    """Whether ``text`` holds what every mirrored placeholder holds (one of ``(%``, ``)%``,
    ``s%``, ``d%``, or ``}`` with a ``{`` after it): a few substring searches, where the
    pattern itself is tried at every position."""
    if "(%" in text or ")%" in text or "s%" in text or "d%" in text:
        return True
    brace = text.find("}")
    return brace >= 0 and text.find("{", brace) >= 0


def visual_evidence(line: str, present: Signs = ALL_SIGNS, frequent: bool = False) -> Evidence:
    """What ``line`` says about its order (see :class:`Evidence`); ``present``: the signs its
    text holds (:meth:`Signs.of`), the others are not looked for; ``frequent``: wordfreq's
    lists speak too (:func:`evidence_llr`).

    >>> visual_evidence("םולש םלוע").score > 4, visual_evidence("שלום עולם").score < -4
    (True, True)
    """
    found = rtl_words(line, whole=True, forms=present.presentation, marks=present.marks)
    words = [(script, w) for script, ws in found.items() for w in ws if len(w) > 1]
    lexical = sum(evidence_llr(w, script, frequent) for script, w in words)
    signs = ((joining(line) if present.forms else 0.0) + (orthography(line) if present.orthography else 0.0)
             + (_mirrored(line) if present.mirrored else 0.0)
             + (_reversed_pairs(line) if present.brackets else 0.0))
    if words or signs:
        signs += _punctuation(line)  # punctuation alone ("؟ بايتات": an unknown count) says nothing
    return Evidence(lexical + signs, len(words), signs)


#: A word of two letters or more of either script, as :func:`rtl_words` finds them ...
_WORD_RE = re.compile(f"[{_HEBREW}][{_HEBREW}]+|[{_ARABIC}][{_ARABIC}]+")  # (opening classes: textfix.lines)
#: ... or the newline between two lines read together.
_WORD_OR_NEWLINE_RE = re.compile(f"{_WORD_RE.pattern}|\n")
#: Hebrew letters all lie below this, Arabic-script ones above.
_ARABIC_FROM = "\u0600"


def lines_evidence(lines: Sequence[str], present: Signs = ALL_SIGNS,
                   frequent: bool = False) -> list[Evidence]:
    """:func:`visual_evidence` of each of ``lines`` (none holding a newline), read together:
    one scan of their text finds the words of all of them, one scan per sign the lines that
    hold it, and only those are read for it.  (A right-to-left text is mostly short lines:
    reading them one by one cost more in calls than in reading.)

    >>> [e.score > 4 for e in lines_evidence(["םולש םלוע", "שלום עולם", ""])]
    [True, False, False]
    """
    if not lines:
        return []
    block = "\n".join(lines)
    plain = _PRESENTATION_RE.sub(_unshaped, block) if present.presentation else block
    plain = _MARKS_RE.sub("", plain) if present.marks else plain
    # each line's words: its Hebrew ones, then its Arabic ones (the order visual_evidence sums in)
    lexical: list[float] = []
    counts: list[int] = []
    he: list[float] = []
    ar: list[float] = []
    for word in _words(plain, _WORD_OR_NEWLINE_RE):
        if word == "\n":
            lexical.append(sum(he + ar))
            counts.append(len(he) + len(ar))
            he, ar = [], []
        elif word < _ARABIC_FROM:
            he.append(evidence_llr(word, "he", frequent))
        else:
            ar.append(evidence_llr(word, "ar", frequent))
    lexical.append(sum(he + ar))
    counts.append(len(he) + len(ar))
    signs = [0.0] * len(lines)
    starts = line_starts(lines)
    for wanted, pattern, weigh in ((present.forms, _ARABIC_FORMS_RE, joining),
                                   (present.orthography, _ORTHOGRAPHY_SIGN_RE, orthography),
                                   (present.mirrored, _MIRRORED_RE, _mirrored),
                                   (present.brackets, _REVERSED_PAIR_RE, _reversed_pairs)):
        if wanted:
            for i in _lines_holding(pattern, block, starts):  # (kind by kind, as visual_evidence adds them)
                signs[i] += weigh(lines[i])
    # sentence punctuation says something only beside words or signs, and only where a line has it
    punctuated = _lines_holding(_SENTENCE_END_RE, block, starts)
    out = []
    for i, (line, lex, n, sign) in enumerate(zip(lines, lexical, counts, signs, strict=True)):
        if (n or sign) and i in punctuated:
            sign += _punctuation(line)
        out.append(Evidence(lex + sign, n, sign))
    return out


def _lines_holding(pattern: re.Pattern[str], block: str, starts: list[int]) -> set[int]:
    """The lines of ``block`` (their offsets ``starts``) that hold a match of ``pattern``."""
    return {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(block)}


def _words(plain: str, pattern: re.Pattern[str]) -> Iterable[str]:
    """What ``pattern`` (words, and maybe newlines) finds in ``plain``, without the pieces of
    words a geresh cuts (:func:`_cut`, asked only beside one)."""
    if "'" not in plain and "\u05f3" not in plain:
        return pattern.findall(plain)
    geresh = {m.start() for m in _GERESH_RE.finditer(plain)}
    return (m.group() for m in pattern.finditer(plain)
            if not ((m.start() - 1 in geresh or m.end() in geresh) and m.group() != "\n" and _cut(plain, m)))


_GERESH_RE = re.compile(f"[{_GERESH}]")


def _unshaped(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group())


def _mirrored(line: str) -> float:
    return MIRRORED_WEIGHT * len(_MIRRORED_RE.findall(line))


def _reversed_pairs(line: str) -> float:
    return REVERSED_PAIR_WEIGHT * len(_REVERSED_PAIR_RE.findall(line))


#: A line's first character other than a space, when it is sentence punctuation or what a
#: placeholder opens with (:func:`_punctuation` strips placeholders before it looks).
_LINE_OPENER_RE = re.compile("^\\s*[.!?:؟%{$<]", re.MULTILINE)
#: What :func:`score_bound` adds for the floats it sums in another order than :func:`run`.
BOUND_SLACK = 1e-9


def score_bound(text: str, present: Signs, limit: float = math.inf, frequent: bool = False) -> float:
    """A score that no line of ``text`` reaches in :func:`run` (its own evidence plus the
    other lines' weight): the sum of every part of every line's evidence that can be
    positive (words that read better reversed, visual-only orthography, mirrored
    placeholders, reversed bracket pairs, lines opening with sentence punctuation), found
    by one scan of the whole text each; infinite when the text has presentation forms
    (their joining is not bounded here) or mirrored placeholders.  Most clean right-to-left
    text has no word that reads better reversed: its bound is 0, and no line needs reading
    on its own.  Once the sum reaches ``limit``, it is returned as it stands.  ``frequent``:
    wordfreq's lists speak too (:func:`evidence_llr`): a word they know as written is passed
    by unread.

    >>> score_bound("שלום עולם", Signs.of("שלום עולם")), score_bound("םולש םלוע", Signs.of("םולש םלוע")) > 8
    (1e-09, True)
    >>> score_bound("s)name(% יפל", Signs.of("s)name(% יפל"))
    inf
    """
    if present.forms or present.mirrored:
        return math.inf  # (a mirrored placeholder alone weighs MIRRORED_WEIGHT, as much as APPLY_SCORE)
    plain = _PRESENTATION_RE.sub(_unshaped, text) if present.presentation else text
    plain = _MARKS_RE.sub("", plain) if present.marks else plain
    bound = BOUND_SLACK
    plain_he, plain_ar = _listed_not_reversed("he"), _listed_not_reversed("ar")
    for word in _words(plain, _WORD_RE):
        if word in plain_he or word in plain_ar:
            continue  # listed, and it reads no better reversed
        script = "he" if word < _ARABIC_FROM else "ar"
        if frequent and script in _READ_FREQUENCIES and written_as_is(word, script):
            continue  # commoner as written: no evidence of visual order (asked first once read)
        gain = visual_gain(word, script)
        if gain > 0 and not (frequent and written_as_is(word, script)):
            bound += gain
            if bound >= limit:
                return bound
    if present.orthography:
        bound += ORTHOGRAPHY_WEIGHT * sum(len(visual.findall(text))
                                          for visual in (*(v for v, _ in _ORTHOGRAPHY), *_VISUAL_ONLY))
    if present.brackets:
        bound += REVERSED_PAIR_WEIGHT * len(_REVERSED_PAIR_RE.findall(text))
    for m in _LINE_OPENER_RE.finditer(text):
        first = m.end() - 1
        if text[first] in _SENTENCE_END:
            bound += PUNCT_WEIGHT
        else:  # a placeholder may stand before sentence punctuation
            start, end = text.rfind("\n", 0, first) + 1, text.find("\n", first)
            bound += max(0.0, _punctuation(text[start:end if end >= 0 else len(text)]))
    return bound


# --------------------------------------------------------------------------- the rule

#: The visual-order search displays candidates: this many characters per text, plus this
#: many per character of it, for the whole repair, keeps hostile input linear (about 0.3 s
#: per 100 KB at worst; real visual text needs far less).
RTL_SEARCH_BASE = 200_000
RTL_SEARCH_PER_CHAR = 2
#: A line's own score counts whole, the other lines' (each clipped to LINE_CLIP) at this weight
#: when they say visual and the line's own score is not negative (a visual line pasted among
#: logical ones is judged on its own, and so is a logical line among visual ones).
DOC_WEIGHT = 0.5
LINE_CLIP = 8.0
#: Score from which a line is repaired: above every clean line of the tune side (the
#: highest, a two-word name and a three-word place name, score 6.8; see
#: scripts/build_corpus_rtl.py --scores).
APPLY_SCORE = 8.0
#: ... and a line of one word with no sign besides it: one word read both ways is all the
#: evidence, and a real word whose reversal is a commoner one (زوجي, يجوز) reads visual.
#: Of the 17,512 clean one-word lines of the open-world and fresh sets (both splits), 4
#: reach 8 and none 9; the reversals of 20% of them (each a visual one-word string) do.
#: Below it, the reorder is a suggestion; in a visual document the other lines lend it
#: their weight (:data:`DOC_WEIGHT`).
APPLY_SCORE_ONE_WORD = 9.0
#: (lowest score, confidence) bands for the reorder: measured precision (see rules.py).
BANDS = ((14.0, 0.99), (10.0, 0.95), (APPLY_SCORE, 0.9))
#: A reorder the word frequencies decide (:func:`reads_visual_by_frequency`): the lowest
#: band's.
FREQUENT_CONFIDENCE = 0.9
#: Score from which a line is flagged as probably visual (below the apply threshold): 107 of
#: 13,862 clean lines of the tune side reach it, 180 of 201 visual one-word strings do.
SUSPECT_SCORE = 2.0
#: Confidence of such a flag, and of a line that looks visual but was not searched or has no
#: logical order that displays as it.
SUSPECT_CONFIDENCE = 0.4
#: Score from which a line whose words read at least a little better reversed is flagged
#: weakly, so that a visual string is not missed silently: 425 of the 13,862 clean lines
#: reach it, 188 of the 201 visual one-word strings do (a suggestion for a reader, no more).
WEAK_SCORE = 0.5
WEAK_CONFIDENCE = 0.2
VISUAL_UNSEARCHED = 0.45
#: Logical orders that display as the line, all as likely (:attr:`Reordering.choices`),
#: above which the reorder is only suggested (at :data:`SUSPECT_CONFIDENCE`): the order of
#: a number and a Latin word, or of two placeholders, between right-to-left words is then
#: not decided (``TCP 4212`` or ``4212 TCP``).  Strings put into visual order with
#: python-bidi (open-world fresh-tune split, 7,786 Hebrew and Arabic): one order 7,680
#: right / 5 wrong, two 73 / 11, three or more 8 / 9; tune split 7,866 / 0 against 17 / 4.
MAX_DISPLAY_TIES = 1


# ------------------------------------------------------------ word frequencies (wordfreq)

#: A second opinion on a line the evidence above finds probably visual but not surely so
#: (a score from :data:`SUSPECT_SCORE` to the apply score): wordfreq's "large" lists of
#: Hebrew and Arabic (textfix[rtl], optional; CC BY-SA data from Wikipedia, subtitles, books
#: and the web, about 600,000 words each), which know the words the catalogues behind
#: ``rtl_words.json`` never wrote.  The line is reordered when every one of its words reads
#: as a commoner word reversed, by these margins on the Zipf scale (log10 of uses per
#: billion words): names whose reversal is a word by chance are what the margins keep out
#: (``תאזה``, Taza, reversed is ``הזאת``; ``هانب``, a script's name), and a word of four
#: letters is one more often than a longer one.  Open-world tune and fresh-tune splits
#: (33,845 Hebrew and Arabic strings, each put in visual order by python-bidi too): 0 clean
#: strings reordered (at margin 2.0: 3, all names of iso-codes and CLDR), 1,497 visual ones
#: more reordered (one-word strings 28.8% -> 47.4%, two words 83.2% -> 87.6%).  The held-out
#: splits then showed one real word reordered (``החלצה``): a long word listed as written
#: now keeps its line as it is (tune: 1,242 of the 1,370 one-word promotions kept).
FREQUENT_MARGIN = 2.5
FREQUENT_MARGIN_FOUR_LETTERS = 4.0
#: And the other way: a line whose every word of three letters or more is listed as written,
#: commoner so than reversed by this margin (and no word commoner reversed) is written in
#: logical order, whatever the character model reads: its reorder is only suggested
#: (Debian's Arabic GTK catalogue: ``قرص مرن``, floppy disk, scored 8.0 on ``مرن``, flexible,
#: reversed ``نرم``; a red-team run).
LOGICAL_MARGIN = 1.0
#: Words shorter than this say only which way they lean (their reversal must be commoner,
#: by any margin): short words are read both ways too often (``של``/``לש``, ``نم``/``من``).
FREQUENT_MIN_LETTERS = 4
#: Letters of the languages other than Arabic and Hebrew written in their scripts, which
#: wordfreq's Arabic and Hebrew lists do not speak for: the Arabic script's letters past
#: U+064A (Persian, Urdu, Kurdish, Pashto, Uyghur, Sindhi: پ گ ی ٹ ے ە ێ ڕ ټ ۇ; Arabic
#: writes none but in Quranic text, and veh and qaf with three dots, ڤ ڨ, for v and g in
#: loanwords: 213 times in the tune splits' Arabic), and Yiddish's ligatures (װ ױ ײ ײַ).
#: So is alef maksura inside a word (Uyghur's vowel i: تاقىم), which Arabic writes only at a
#: word's end (and a visual line at its start), and a word opening with yeh with hamza
#: before a vowel letter (ئا ئو ئى: Uyghur's vowel-initial words), which no Arabic word
#: ends with (a visual line would open a word with it).
#: Nor do the shipped lexicons, Hebrew's and Arabic's: a line holding such a letter is never
#: reordered by default, only suggested.  Clean catalogue strings of /usr/share/locale read
#: as visual otherwise (a red-team run): Uyghur 602 of 4,759, Pashto 20 of 1,288, Sorani 2,
#: Yiddish 1, all but 16 Uyghur ones holding such a letter; corpus_broken's right-to-left
#: cases hold none.
_OTHER_LANGUAGES_RE = re.compile("[\u066e-\u06a3\u06a5-\u06a7\u06a9-\u06ff\u0750-\u077f\u08a0-\u08ff"
                                  "\u05f0-\u05f2\ufb1f]"
                                  "|(?<=[\u0621-\u064a])\u0649(?=[\u0621-\u064a])"
                                  "|(?<![\u0621-\u064a])\u0626[\u0627\u0648\u0649]")
#: A text at least this share of whose right-to-left lines (two or more) hold such letters
#: is in another language, every line of it: none is reordered by default (CLDR's lists of
#: names in Sorani and Uyghur: 95% and 97% of their lines; the tune split's Hebrew and
#: Arabic texts of several lines: none).
OTHER_LANGUAGE_SHARE = 0.5


def _in_other_language(other: list[bool]) -> bool:
    """Whether the right-to-left lines of one text are in a language the shipped lexicons
    do not speak for, ``other`` saying for each whether it holds letters of
    :data:`_OTHER_LANGUAGES_RE`: two or more lines, :data:`OTHER_LANGUAGE_SHARE` of them.

    >>> _in_other_language([False, True, True]), _in_other_language([True])
    (True, False)
    """
    return len(other) >= 2 and sum(other) >= OTHER_LANGUAGE_SHARE * len(other)


#: Zipf scale: log10 of the frequency plus 9 (uses per billion words).
_ZIPF_OFFSET = 9


class WordFrequencies:
    """One of wordfreq's lists, compact: each word's hash (this process's, cut to
    :data:`_HASH_BITS` bits) and its frequency in centibels, packed in one sorted array of
    64-bit numbers (5 MB for 600,000 words, where a dict of them takes 90).  A word whose
    cut hash is a listed word's (about one in 10**10) reads as listed.

    >>> freq = WordFrequencies([["של"], [], ["שדות"]])
    >>> freq.zipf("של"), freq.zipf("שדות"), "תודש" in freq
    (9.0, 8.98, False)
    """

    def __init__(self, buckets: Sequence[Sequence[str]], script: str = "") -> None:
        from array import array

        self.script = script
        mask = (1 << _HASH_BITS) - 1
        self._packed = array("q", sorted(((hash(word) & mask) << _CENTIBEL_BITS) | min(cb, _CENTIBEL_MAX)
                                         for cb, bucket in enumerate(buckets) for word in bucket))

    def __reduce__(self) -> tuple:
        # the hashes are this process's (Python salts str hashes per process): another
        # process reads wordfreq's list again
        if not self.script:
            msg = "a WordFrequencies made from a list of its own cannot be sent to another process"
            raise TypeError(msg)
        return word_frequencies, (self.script,)

    def _centibels(self, word: str) -> int | None:
        key = (hash(word) & ((1 << _HASH_BITS) - 1)) << _CENTIBEL_BITS
        i = bisect.bisect_left(self._packed, key)
        if i < len(self._packed) and self._packed[i] >> _CENTIBEL_BITS == key >> _CENTIBEL_BITS:
            return self._packed[i] & _CENTIBEL_MAX
        return None

    def __contains__(self, word: str) -> bool:
        return self._centibels(word) is not None

    def zipf(self, word: str) -> float:
        """The word's frequency on the Zipf scale (log10 of uses per billion words; a
        bucket of wordfreq's lists is a centibel), 0 for a word not listed."""
        cb = self._centibels(word)
        return _ZIPF_OFFSET - cb / 100 if cb is not None else 0.0


#: :class:`WordFrequencies` packs a word's hash in this many bits and its bucket (wordfreq's
#: lists have about 900, one a centibel) in the rest of 63.
_HASH_BITS, _CENTIBEL_BITS = 52, 11
_CENTIBEL_MAX = (1 << _CENTIBEL_BITS) - 1


@functools.cache
def has_word_frequencies() -> bool:
    """Whether wordfreq is installed (looked up, not imported)."""
    import importlib.util

    return importlib.util.find_spec("wordfreq") is not None


#: The scripts whose wordfreq list this process has read (by :meth:`Repairer.setup`, or for a
#: word that needed it): :func:`score_bound` asks it before the character model only then,
#: so that a short run on a few right-to-left words never waits for the lists (0.5 s each).
_READ_FREQUENCIES: set[str] = set()


@functools.cache
def word_frequencies(script: str) -> WordFrequencies | None:
    """wordfreq's "large" list of ``script`` (``he``, ``ar``), or None without wordfreq;
    read on first need (its file read once, not kept: wordfreq's own cache would hold it)."""
    found = _read_list("large", script, script)
    if found is not None:
        _READ_FREQUENCIES.add(script)
    return found


def _read_list(size: str, language: str, script: str = "") -> WordFrequencies | None:
    """wordfreq's ``size`` list of ``language`` (``script``: the script it is sent to other
    processes as), None without wordfreq or an install that cannot be read (no second
    opinion then: the shipped lists decide alone)."""
    if not has_word_frequencies():
        return None
    try:
        import wordfreq

        return WordFrequencies(wordfreq.read_cBpack(wordfreq.available_languages(size)[language]), script)
    except (ImportError, OSError, KeyError, ValueError, TypeError):
        return None


#: wordfreq's lists of the other languages written in a script (Persian and Urdu for the
#: Arabic script): a word listed there is a word as written, whatever Arabic reads.
SIBLING_LANGUAGES = {"ar": ("fa", "ur"), "he": ()}


@functools.cache
def _sibling_frequencies(language: str) -> WordFrequencies | None:
    """wordfreq's list of ``language`` (one of :data:`SIBLING_LANGUAGES`), None without it."""
    return _read_list("small", language)


def listed_as_written(word: str, script: str) -> bool:
    """Whether wordfreq lists ``word`` as written, in its script's list or a sibling
    language's (:data:`SIBLING_LANGUAGES`): a word in its own right, however rare.

    >>> listed_as_written("שלום", "he") in (True, not has_word_frequencies())
    True
    """
    frequencies = word_frequencies(script)
    if frequencies is not None and word in frequencies:
        return True
    return any(f is not None and word in f for f in map(_sibling_frequencies, SIBLING_LANGUAGES[script]))


def reads_visual_by_frequency(line: str, present: Signs = ALL_SIGNS) -> bool | None:
    """Whether every right-to-left word of ``line`` reads as a commoner word reversed
    (:data:`FREQUENT_MARGIN`), one of them at least :data:`FREQUENT_MIN_LETTERS` long, and
    no such word is listed as written (a word in its own right, however rare: ``החלצה``,
    rescue, is ``הצלחה``, success, reversed); None when wordfreq is not installed.
    ``present``: :meth:`Signs.of` the text the line is of.

    >>> reads_visual_by_frequency("םילדומ תודש") in (True, None)
    True
    >>> reads_visual_by_frequency("עברית גרסה") in (False, None)
    True
    """
    if _OTHER_LANGUAGES_RE.search(line):
        return False
    if not has_word_frequencies():
        return None
    long_enough = False
    for script, found in rtl_words(line, whole=True, forms=present.presentation, marks=present.marks).items():
        for word in found:
            verdict = _frequency_verdict(word, script)
            if verdict is None:
                return False
            long_enough = long_enough or verdict
    return long_enough


def reads_logical_by_frequency(line: str, present: Signs = ALL_SIGNS) -> bool:
    """Whether wordfreq's lists say ``line`` is in logical order (:data:`LOGICAL_MARGIN`):
    False without wordfreq, and for a line with no word of three letters or more.

    >>> reads_logical_by_frequency("قرص مرن") in (True, not has_word_frequencies())
    True
    >>> reads_logical_by_frequency("نرم صرق")
    False
    """
    if not has_word_frequencies():
        return False
    found = False
    for script, words in rtl_words(line, whole=True, forms=present.presentation, marks=present.marks).items():
        frequencies = word_frequencies(script)
        if frequencies is None:
            return False
        for word in words:
            if len(word) >= 3:
                if not written_as_is(word, script):
                    return False
                found = True
            elif frequencies.zipf(word[::-1]) > frequencies.zipf(word):
                return False
    return found


@functools.lru_cache(maxsize=65536)
def _frequency_verdict(word: str, script: str) -> bool | None:
    """What ``word`` says in :func:`reads_visual_by_frequency`: None against visual order,
    True for it, False leaning to it (a short word whose reversal is commoner)."""
    frequencies = word_frequencies(script)
    if frequencies is None:
        return None  # (wordfreq found but not readable: no opinion for visual order)
    reversal = frequencies.zipf(word[::-1])
    if len(word) < FREQUENT_MIN_LETTERS:
        return False if reversal > frequencies.zipf(word) else None
    if word in frequencies:
        return None  # written so somewhere: a word in its own right (החלצה, הצלחה)
    four = len(word) == FREQUENT_MIN_LETTERS
    return True if reversal >= (FREQUENT_MARGIN_FOUR_LETTERS if four else FREQUENT_MARGIN) else None


_BASE_LETTER_RE = re.compile(f"[{_ARABIC}]")


def _shaped(line: str) -> bool:
    """Whether ``line`` is shaped text (as PDF extraction leaves it): presentation forms
    for at least as many of its letters as are written plain.  A line of plain letters
    with a ligature the writer typed (``ﻻ``, which some Arabic keyboards give) is not:
    reordered, it keeps it (unshaped, the text would change beyond its order).

    >>> _shaped("ﻡﻼﺴﻟﺍ"), _shaped("ددحم قيبطت يا دجوي ﻻ")
    (True, False)
    """
    forms = sum(map(len, _ARABIC_FORMS_RE.findall(line)))  # (the forms unshape reads)
    return forms > 0 and forms >= len(_BASE_LETTER_RE.findall(line))


def _moves_cells(line: str, fixed: str) -> bool:
    """Whether a reorder of ``line`` (``fixed``) moves text from one tab-separated cell to
    another: a row of data keeps its columns (hazm's Persian word list, ``word\\tcount\\ttag``,
    came back ``tag\\tcount\\tdrow``; a red-team run), whatever order a cell's text is in.

    >>> _moves_cells("تارم\\t0\\tN", "N\\t0\\tمرات"), _moves_cells("تارم\\t0", "مرات\\t0")
    (True, False)
    """
    if "\t" not in line:
        return False
    cells, moved = line.split("\t"), fixed.split("\t")
    return len(cells) != len(moved) or any(sorted(a) != sorted(b) for a, b in zip(cells, moved, strict=True))


#: A GTK mnemonic as logical order writes it, after the label (``ملف(_F)``, ``تاللا(_S)``); a
#: visual line shows it mirrored first (``)F_(فلم``).  Debian's Uyghur GTK catalogues (a
#: red-team run): labels of one word read as a commoner Arabic word reversed, reordered with
#: their mnemonic turned to ``(S_)``.
_LOGICAL_MNEMONIC_RE = re.compile("\\(_[A-Za-z0-9]\\)")


def _applies(line: str, e: Evidence, score: float, present: Signs, frequent: bool,
             foreign: bool) -> tuple[bool, bool, str]:
    """Whether a line's reorder applies by default, whether by the word frequencies
    (:func:`reads_visual_by_frequency`), and what the frequencies say against it (a line of
    words commoner as written, :func:`reads_logical_by_frequency`; a line of one word that is
    a word as written, :func:`listed_as_written`, with no other line lending it weight): then
    it is only suggested."""
    one_word = e.words == 1 and not e.signs
    applies = score >= (APPLY_SCORE_ONE_WORD if one_word else APPLY_SCORE)
    by_frequency = (not applies and frequent and score >= SUSPECT_SCORE
                    and bool(reads_visual_by_frequency(line, present)))
    applies = (applies or by_frequency) and not foreign
    if applies and "(_" in line and _LOGICAL_MNEMONIC_RE.search(line):
        return False, by_frequency, "; but its mnemonic, (_X), is written in logical order: suggested only"
    if not applies or not frequent:
        return applies, by_frequency, ""
    if not by_frequency and reads_logical_by_frequency(line, present):
        return False, by_frequency, ("; but every word of it is a commoner word as written (wordfreq): "
                                     "suggested only")
    if one_word and score <= e.score and any(listed_as_written(w, script) for script, ws in rtl_words(
            line, whole=True, forms=present.presentation, marks=present.marks).items() for w in ws):
        return False, by_frequency, "; but its one word is a word as written (wordfreq): suggested only"
    return True, by_frequency, ""


def _confidence(score: float) -> float:
    return next((c for low, c in BANDS if score >= low), SUSPECT_CONFIDENCE)


def line_scores(text: str, present: Signs, frequent: bool = False) -> list[tuple[int, str, Evidence, float]]:
    """(offset, line, evidence, score) of each right-to-left line of ``text`` (``present``:
    :meth:`Signs.of` it): the score is the line's evidence, plus, when that does not speak
    against visual order, :data:`DOC_WEIGHT` of the other lines' (each clipped to
    :data:`LINE_CLIP`); a line whose own words say logical order stays as it is, whatever
    the rest says.

    >>> [round(score) for _, _, _, score in line_scores("abc\\nשלום עולם", ALL_SIGNS)]
    [-20]
    """
    matching = lines_matching(text, _RTL_RE)
    paragraphs = rtl_paragraphs(text, matching)
    lines = [pos_line for pos_line, para in zip(matching, paragraphs, strict=True) if para]
    if not lines:
        return []
    evidence = lines_evidence([line for _, line in lines], present, frequent)
    # a line in a language the lexicons do not speak for (_OTHER_LANGUAGES_RE) is no
    # evidence for the others: its words read "better reversed" only because they are not
    # Hebrew or Arabic (a Sorani or Uyghur list of names read as visual line by line)
    clipped = [0.0 if _OTHER_LANGUAGES_RE.search(line) else max(-LINE_CLIP, min(LINE_CLIP, e.score))
               for (_, line), e in zip(lines, evidence, strict=True)]
    doc = sum(clipped)
    return [(pos, line, e, e.score + (DOC_WEIGHT * max(0.0, doc - own) if e.score >= 0 else 0.0))
            for (pos, line), e, own in zip(lines, evidence, clipped, strict=True)]


def run(text: str, ctx) -> list[Detection]:
    """``TF302 visual-rtl``: Hebrew or Arabic lines stored in visual order.

    Each right-to-left line is scored by :func:`visual_evidence`; the other lines of the
    text add half their (clipped) score when it is for visual order.  A line at
    :data:`APPLY_SCORE` or more (a line of one word and nothing else:
    :data:`APPLY_SCORE_ONE_WORD`) is reordered by the verified search; one between
    :data:`SUSPECT_SCORE` and it is flagged with the reorder as a suggestion below the
    default threshold, as is a line no logical order displays as; one between
    :data:`WEAK_SCORE` and that, with a weaker suggestion.  A text whose
    :func:`score_bound` is under the lowest score that would be reported (with
    ``text_only``, reordered) is not read line by line.
    """
    present = Signs.of(text)
    # below WEAK_SCORE no line is flagged; below APPLY_SCORE none is reordered, which is all
    # that matters when only the text is wanted and a flag's suggestion is never applied
    # (Repairer.fix wants the text, not the findings that leave it as it is)
    only_text = ctx.config.text_only and SUSPECT_CONFIDENCE < ctx.config.min_confidence
    frequent = ctx.config.word_lists == "auto" and has_word_frequencies()
    if only_text and frequent:
        # a line under the apply score is reordered only when the word frequencies say so
        bound = score_bound(text, present, APPLY_SCORE, frequent)
        if bound < SUSPECT_SCORE or (bound < APPLY_SCORE and not any(
                reads_visual_by_frequency(line, present) for _, line in lines_matching(text, _RTL_RE))):
            return []
    elif score_bound(text, present, limit := APPLY_SCORE if only_text else WEAK_SCORE, frequent) < limit:
        return []
    budget = ctx.budget("visual-rtl-search", RTL_SEARCH_BASE + RTL_SEARCH_PER_CHAR * len(text))
    out = []
    scored = line_scores(text, present, frequent)
    other = [_OTHER_LANGUAGES_RE.search(line) is not None for _, line, _, _ in scored]
    foreign = _in_other_language(other)
    for (pos, line, e, score), other_language in zip(scored, other, strict=True):
        if score < WEAK_SCORE:
            continue
        low = SUSPECT_CONFIDENCE if score >= SUSPECT_SCORE else WEAK_CONFIDENCE
        applies, by_frequency, against = _applies(line, e, score, present, frequent,
                                                  foreign or other_language)
        if not applies and only_text:
            continue  # its reorder could only be suggested, and no suggestion is wanted
        body = line.rstrip("\r")
        found = reorder(body, True, budget)  # shown right-to-left
        why = f"visual-order score {score:.1f} (line {e.score:.1f}, {e.words} words)"
        if found is None:
            out.append(RULES["TF302"].detect(pos, pos + len(body),
                f"right-to-left text looks stored in visual order ({why}); not reordered: the text's "
                "search budget is spent", VISUAL_UNSEARCHED if score >= SUSPECT_SCORE else low))
            continue
        fixed = unshape(found.text) if _shaped(body) else found.text
        if fixed == body:
            continue
        conf = (FREQUENT_CONFIDENCE if by_frequency else _confidence(score)) if applies else low
        note = "reordered to logical order"
        if by_frequency:
            why += "; every word of it is a commoner word reversed (wordfreq)"
        why += against
        if applies and _moves_cells(body, fixed):
            conf = low
            why += "; but it would move the cells of a tab-separated row: suggested only"
        if not found.verified:
            conf, note = min(conf, SUSPECT_CONFIDENCE), "no logical order displays as it; python-bidi's guess"
        elif found.choices > MAX_DISPLAY_TIES:
            conf, note = min(conf, SUSPECT_CONFIDENCE), (
                f"{found.choices} logical orders display as it, as likely; one of them suggested")
        elif _bracket_errors(fixed, unclosed=False) >= max(1, _bracket_errors(body, unclosed=False)):
            # the order found leaves brackets or tags closed before they open, or written back
            # to front, as often as the line had them: which display made the line is not
            # decided, a reader must look (an opener never closed is common in real text)
            conf, note = min(conf, SUSPECT_CONFIDENCE), "reordered, but its brackets or tags do not pair up"
        out.append(RULES["TF302"].detect(pos, pos + len(body),
            f"right-to-left text stored in visual order ({why}); {note}",
            conf, (Edit(pos, pos + len(body), fixed),)))
    return out
