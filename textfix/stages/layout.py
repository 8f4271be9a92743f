"""Stage 3: layout repair -- runs written in reverse order (visual-order RTL: :mod:`textfix.stages.rtl`).

A scraper or a bidi mishap can emit a paragraph's *runs* (a stretch of Hangul words with
their spaces, a Latin phrase, a number, each punctuation mark with the spaces after it)
in reverse order while every run keeps its own characters in order::

    .이라고 강조했다"이 될 것'의 기적'시대를 연 AI서울 "박 의원은

Rule ``TF301 reversed-runs``: a span (a whole line, or one sentence inside it) whose
runs read better reversed.  Both orders are scored with the same plausibility scorer
(:mod:`textfix.scoring`); the span is reported when the reversed order is clearly better,
and repaired at or above ``min_confidence``.  The fixer also puts back what the reversal
plus line stripping lost at the joins: the space after the first run, and a closing
quote lost before a quotative ending (``것"이라며 "서울``).

Markup, placeholders, URLs, e-mail addresses and code in backticks are *atoms*
(:data:`textfix.script.ATOM`): never split or reordered inside.  A well-formed tag or
placeholder in a reversed line was reversed whole; one written backwards (``s)name(%``)
was reversed piece by piece and is put back piece by piece.  Code in backticks, e-mail
addresses and ``%1`` read the same either way round, so the line decides (its other atoms,
a space inside the backticks where the reversal moved it); where nothing does, they stay
as they stand and rule ``TF303 ambiguous-order`` says so.

A number inside a reversed run is ambiguous too: some damage cuts ``3.25`` at its point
(it comes back ``25.3``), other damage keeps ``7~8`` and ``8-3`` whole.  Each reading is
checked for validity (:func:`valid_number`: no thousands separator after a decimal point,
ranges ascend, dates and times exist); a reading the line's other numbers rule out is
dropped; where more than one stays, the number stays as it stands (the fewest changes) and
TF303 flags it, with the other reading, in the repaired text.

>>> unreverse(".구상을 발표했다AI 서울시는")
('서울시는 AI 구상을 발표했다.', 0)
>>> unreverse('.에게 문의하세요</a>관리자<a href="%(url)s">')[0]
'<a href="%(url)s">관리자</a>에게 문의하세요.'
>>> unreverse(".월에 열린다8~7")[0]
'7~8월에 열린다.'

(The damage itself is :func:`textfix.damage.reverse_runs`.)
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import weakref
from dataclasses import dataclass, field
from importlib import resources

from textfix.history import TextHistory
from textfix.korean.lexicon import COUNTERS, NOUN_ENDINGS, QUOTATIVE, SENTENCE_FINAL, particle_weight
from textfix.lines import lines_matching
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.scoring import penalty
from textfix.script import (
    ATOM_RE,
    CURLY_QUOTES,
    HANGUL,
    LATIN,
    NUMBER_RANGES,
    NUMBER_SPLIT,
    NUMBER_WHOLE,
    RUN_RE,
    WORD,
    run_re,
)
from textfix.script import HANGUL_RE as _HANGUL_RE
from textfix.script import RTL_RE as _RTL_RE
from textfix.stages import rtl
from textfix.work import WorkBudget

_L = LATIN
_W = WORD
#: How a reversed span is cut into runs: atoms first, numbers with every separator (the
#: readings of a number are weighed afterwards, :func:`resolve_numbers`).
TOKEN_RE = run_re(atoms=True, numbers=NUMBER_RANGES)
_W_START = re.compile(f"[{_W}]")
_STRONG_PARTICLES = ("을|를|은|는|의|에|에서|에게|으로|로|와|과|이라고|라고|이라며|라며|에도|에는|"
                     "까지|부터|보다|처럼")
#: The fast path: what reversal leaves in a line, and written lines hardly hold; other
#: lines are never looked at.  A span starts with closing punctuation, a colon, a closing
#: tag or a particle; ends with a bullet, an opening bracket, quote or tag, or a list
#: number; has a full stop glued to the next letter, a Latin word or a placeholder glued to
#: the syllable before it, a particle pair the other way round, a placeholder backwards.
#: :data:`_SUSPECT_RE` marks those lines; :func:`suspect_lines` finds the same lines four
#: times faster, asking the pieces in three scans that open with a character class the
#: regular expression engine scans for (:data:`_SUSPECT_SCANS`, :data:`_LINE_START_SCAN`), and the
#: piece anchored at a line's end only of lines whose last character (:data:`_SUSPECT_LAST`)
#: could end it.
#: The pieces as written: :data:`_SUSPECT_RE` is their union (the specification).
_SUSPECT_SPEC = (
    f"[.!?][{_W}{_L}]",
    f"(?:%(?:\\([^)\\n]{{1,40}}\\))?[sdifr]|\\{{[^{{}}\\s]{{0,40}}\\}})[{HANGUL}]",
    # a bracket pair the other way round, )word( (two pairs written side by side,
    # "(소라니어) (Central", are not: their reversal holds a pair with a word inside)
    "\\)(?![ \\t,]+\\()[^()\\n]{0,80}\\(",
    "\\}[^{}\\s]{0,40}\\{",
    "(?:를[(/]을|가[(/]이|는[(/]은|과[(/]와)",
    # a Latin word with a small letter, % or { right after a syllable
    f"[A-Za-z%{{](?<=[{HANGUL}].)(?:(?<=[%{{])|(?<=[a-z])|[A-Za-z]*[a-z])",
    # a placeholder backwards, s)name(%: its ) after one of sdifr that follows no word
    "\\)(?<=[sdifr]\\))(?<![%\\w]..)[^()\\s]{1,40}\\(%",
    f"^[ \\t]*(?:[.!?,:;)\\]”’」』]|</[A-Za-z{_W}]|(?:{_STRONG_PARTICLES})(?=[ \\t(]|$))",
)
#: The pieces but the line-start one as :func:`suspect_lines` asks them, in two scans that
#: open with a character class the engine scans for (an alternation of syllables or a line
#: start would make it try every position): the pieces that open with a mark, in one class of
#: their first characters, each piece's rest behind a look-behind on its first character;
#: and a Latin word after a syllable, from the syllable (Latin letters are everywhere in
#: English, syllables are not).  No piece's match spans a newline, so a line holds a match of
#: these exactly when it holds one of a piece.  The line-start piece is asked from the
#: newline before the line (of the text with a newline put before it).
_SUSPECT_SCANS = (
    re.compile(
        f"[.!?%{{}})(/](?:(?<=[.!?])[{_W}{_L}]"
        f"|(?<=%)(?:\\([^)\\n]{{1,40}}\\))?[sdifr][{HANGUL}]|(?<=\\{{)[^{{}}\\s]{{0,40}}\\}}[{HANGUL}]"
        "|(?<=\\))(?![ \\t,]+\\()[^()\\n]{0,80}\\(|(?<=\\})[^{}\\s]{0,40}\\{"
        "|(?<=[(/])(?:(?<=를.)을|(?<=가.)이|(?<=는.)은|(?<=과.)와)"
        f"|(?<=[{HANGUL}][%{{])"
        "|(?<=[sdifr]\\))(?<![%\\w]..)[^()\\s]{1,40}\\(%)"),
    re.compile(f"[{HANGUL}][A-Za-z](?:(?<=[a-z])|[A-Za-z]*[a-z])"),
)
_LINE_START_SCAN = re.compile("\n" + _SUSPECT_SPEC[7][1:], re.M)
_SUSPECT_END_RE = re.compile(
    f"(?:(?:^|[ \\t{HANGUL}])[*•]|[ \\t]-|[(\\[“‘「『]|<[A-Za-z][^<>\\n]{{0,300}}>"
    f"|[.!?][ \\t]+[0-9]{{1,3}})[ \\t]*$", re.M)
_SUSPECT_RE = re.compile("|".join((*_SUSPECT_SPEC, _SUSPECT_END_RE.pattern)), re.M)
_SUSPECT_LAST = frozenset("*•-([“‘「『>0123456789")
#: A line whose last character (spaces and tabs aside) could end the end piece: without one,
#: no line is read for it.
_SUSPECT_LAST_RE = re.compile("[" + re.escape("".join(sorted(_SUSPECT_LAST))) + "][ \\t]*$", re.M)


def suspect_lines(text: str) -> dict[int, str]:
    """The lines :data:`_SUSPECT_RE` marks, by offset.

    >>> suspect_lines("깨끗한 문장입니다.\\n.다니합 을것")
    {11: '.다니합 을것'}
    """
    out: dict[int, str] = {}
    for scan in _SUSPECT_SCANS:
        m = scan.search(text)
        while m:
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.start())
            end = len(text) if end < 0 else end
            out[start] = text[start:end]
            m = scan.search(text, end + 1)
    shifted = "\n" + text  # a match at i there is the line starting at i here
    m = _LINE_START_SCAN.search(shifted)
    while m:
        start = m.start()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        out[start] = text[start:end]
        m = _LINE_START_SCAN.search(shifted, end + 1)
    for m in _SUSPECT_LAST_RE.finditer(text):  # a line's last character (spaces aside) is one
        start = text.rfind("\n", 0, m.start()) + 1
        if start not in out and _SUSPECT_END_RE.search(text[start:m.start() + 1]):
            out[start] = text[start:m.end()]
    return out


#: Where a reversed span starts: sentence-final punctuation glued to the next letter.
_START_SPEC = re.compile(f"(?<![^ \t])(?:[.!?](?=[{_W}A-Z])|[!?](?=[a-z]))")  # not .aff, .txt
#: ... as it is asked (the same matches; see counters._BARE_RE on look-behinds first).
_START_RE = re.compile(f"[.!?](?<![^ \t].)(?=[{_W}A-Z]|(?<=[!?])[a-z])")
OPENERS = {'"': '"', "'": "'", **CURLY_QUOTES, "(": ")", "[": "]", "<": ">"}
MIN_SPAN = 12
#: TF301 judges Korean prose only (the scorer's evidence is Korean): this many syllables,
#: and at least as many letters' worth as the other letters outside atoms (a syllable is
#: worth about three Latin letters: "AI를 통해" is Korean).
MIN_HANGUL = 4
HANGUL_WEIGHT = 3
_PARTICLE_ENDS = frozenset("은는을를이가의에도로와과")
_BULLETS = frozenset("*-•·#>※▶■□○●◆◇")
#: Openers written after a space: quotes, and the marks that start a placeholder or code
#: (and a dash: "없음 - 언어", "대기하려면 -1로").
_SPACED_OPENERS = frozenset("\"'“‘「『%`*#@$<-")
_NUMBER_PREFIXES = frozenset({"제", "약", "총", "단", "만", "최", "초", "각", "매", "전", "第"})
#: The plausibility a reversal must gain (:func:`_implausible`, in the scorer's points):
#: no clean line of the tune split's 117,000 gains more than 2.
MIN_DELTA = 3.0
#: A line continuing the one before it (which ends inside a sentence: hard-wrapped text)
#: opens with a particle and closes brackets it never opened as written: one point more.
MIN_DELTA_WRAPPED = 4.0
#: With a language model, a reversal the built-in evidence already carries (at least
#: :data:`MIN_DELTA`) gains this many points per nat per character the model prefers it.
#: The model never lifts a reversal below MIN_DELTA: it used to from a gain of 2, which
#: loaded it (a second and ~500 MB) for clean text, where lines gaining 2 are common, and
#: changed no repair on the corpus's report split (it only raised suggestion recall on code
#: strings, 82.6% -> 77.1% without it).
LM_POINTS_PER_NAT = 2.5
MAX_ENDS = 40  # word ends tried as the end of a reversed sentence
MAX_SENTENCE_CHARS = 600  # a reversed sentence inside a line is at most this long
MAX_JUDGES = 4000  # sentence-span judgements per repair, all passes (keeps huge damaged texts linear)
#: TF301: 0.5 + 0.08 per point of plausibility gained by reversing, at most 0.99 (a gain
#: of 5 points, two implausible joins undone, reaches the default threshold 0.9).
REVERSED_BASE, REVERSED_PER_POINT, REVERSED_MAX = 0.66, 0.08, 0.99
#: TF301 applies by default only to whole lines of written prose (ending as a Korean
#: sentence ends: "…했다." "…합니다!"); a sentence inside a paragraph, or a fragment (UI
#: string, help line), stays a suggestion below the default threshold.  Measured on
#: corpus_broken and the open-world tune damage: paragraphs 93% exact, single sentences
#: and fragments 42-55%.
GUESSED_SPAN_MAX = 0.85
#: A span that opens with a stop glued to a Latin word (``.NET Core 빌드 …``, Trac's wiki
#: escape ``!JavaScript 라이브러리의 …``): reversal leaves a Korean sentence's stop before a
#: syllable, and a stop before a Latin word is a name's or markup's as often.  No reversal
#: of corpus_broken opens so; both that red-team runs on text new to the project found
#: (catalogues, VS Code's Korean strings) were clean text: a flag, below every suggestion.
STOP_BEFORE_LATIN_MAX = 0.3
_STOP_BEFORE_LATIN_RE = re.compile("[.!?][A-Za-z]|\\.\\.?/[\\w.-]")  # (and a relative path: ./pg_wal)
#: A whole line applies by default only where no number or atom in it reads two ways
#: (TF303), every Latin word of the line stays whole, and, in a line holding markup,
#: placeholders or code (:data:`_CODE_LIKE_RE`), its reversal reads with nothing implausible
#: left (:func:`_implausible` at most :data:`CLEAN_LEFT_MAX`); else it is a suggestion at
#: :data:`GUESSED_SPAN_MAX`.  Measured on the open-world tune damage and corpus_broken's
#: tune cases, 654 whole lines applied before (20 wrong: 96.9%): two readings open 42 right
#: of 49 (``3.11`` read ``11.3``); a Latin word cut 2 of 4 (``info`` as ``%i`` + ``nfo``);
#: markup or placeholders with shapes left 78 of 87 (a sentence written in order taken in,
#: a space at a placeholder); prose with shapes left 87 of 88; nothing left 425 of 426.
#: A reversal that opens with a particle is a suggestion too (none of the 654; a clean
#: catalogue string of a fresh set of packages was read so: :data:`_OPENS_WITH_PARTICLE_RE`).
#: Half a point, the weakest single shape (a bracket left open, a Latin word glued after a
#: syllable), is left to written text, which has such shapes too.
CLEAN_LEFT_MAX = 0.5
_CODE_LIKE_RE = re.compile(r"[%{}<>`_=\\]")
#: A fragment (a whole line reversed, not ending as a sentence) whose reversal comes out in a
#: clean shape (:func:`_clean_fragment`): the space at its first join sure, no reading left
#: open, nothing implausible left but the missing sentence end (at most this many points:
#: :data:`textfix.scoring.NO_SENTENCE_END`) is the likeliest suggestion, at
#: :data:`CLEAN_FRAGMENT_SUGGESTED`, still below the default threshold: 165 of 165 such
#: fragments of corpus_broken's tune split exact and 30 of 31 of the open-world tune damage,
#: but 174 of 179 (97.2%) on the report split, below the 99.9% a default repair needs.
#: ``min_confidence=0.88`` applies them.
FRAGMENT_LEFT_MAX = 1.0
CLEAN_FRAGMENT_SUGGESTED = 0.88
#: Runs a fragment that applies has at least: two runs swapped are one join of evidence,
#: which a clean line that lost text also gives (``…누락되어있습니다%(keys)s``, a ": "
#: dropped; 8 of 8 two-run fragments of the tune split exact, but 1 clean line swapped).
MIN_FRAGMENT_RUNS = 3
#: Brackets the scorer does not read, which a fragment that applies pairs up as well
#: (``｢국가공무원법｣`` reversed reads ``｣ 국가공무원법｢``).
_MORE_BRACKETS = {"｣": "｢", "」": "「", "』": "『", "》": "《", "〉": "〈", "】": "【", "〕": "〔"}
#: Joins whose spacing no rule of written Korean decides: a mark of identifiers (``_``, as
#: in ``__all__``) on either side, a Latin word before a placeholder (``v%s``, ``auto %s``).
_CODE_JOIN_MARKS = frozenset("_")
_CODE_JOINS = frozenset({("latin", "atom")})
#: A particle pair in its written order (``%s을(를)``, ``이/가``): a clean shape of catalogue
#: strings, which the scorer charges as glued brackets; read as its first particle.
_PARTICLE_PAIR_RE = re.compile("|".join(f"{a}\\({b}\\)|{a}/{b}" for a, b in ("을를", "이가", "은는", "와과")))
#: What a right reversal never leaves: a full stop doubled onto a sentence end (the span
#: took a sentence written in order with it: ``…발음한다.. 1``), a placeholder cut by a
#: space (``% s``, ``% (name)s``, ``% 1$S``).
_BROKEN_SHAPE_RE = re.compile(
    "(?<![.])[.!?][.](?![.])|%[ \\t](?:[A-Za-z](?![A-Za-z])|\\([A-Za-z_]\\w*\\)[a-z]|[1-9][0-9]*\\$[A-Za-z])")
#: How written Korean ends a line: a final ending, then a stop (or an ellipsis: ``…하세요...``).
_WRITTEN_END_RE = re.compile(f"[{''.join(SENTENCE_FINAL)}](?:[.!?]|\\.\\.\\.|…)[\"'”’)」』]*$")
#: Characters on each side of a candidate sentence the language model reads with it.
LM_CONTEXT = 120
LM_VETO = 0.3  # nats per character the language model must prefer the text as it is
#: A gain the model cannot veto: three implausible joins undone (no clean line of the tune
#: split gains more than 2; the model misreads placeholders and markup it cannot parse).
LM_TRUSTED_GAIN = 6.0
#: TF303: a number or atom whose reading inside a reversed run nothing decides is a flag
#: (both readings are valid text; the one kept is the one with the fewest changes).
AMBIGUOUS_CONFIDENCE = 0.4
#: Reversed spans per repair whose TF303 flags are carried to the later passes (each
#: later pass looks for each of them once: a cap keeps that linear).
MAX_CARRIED = 64


@dataclass(frozen=True)
class Token:
    """One run: its text (with the spaces after it), its class, and the atom or number it
    is a piece of (``group``, -1 for none)."""

    text: str
    kind: str  # atom, num, latin, word, punct
    group: int = -1

    @property
    def core(self) -> str:
        return self.text.rstrip(" \t")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into runs; spaces belong to the run before them.

    >>> [t.text for t in tokenize('박 의원은 "AI를')]
    ['박 의원은 ', '"', 'AI', '를']
    >>> [t.kind for t in tokenize('%(name)s님 7~8월')]
    ['atom', 'word', 'num', 'word']
    """
    return [Token(m.group(), m.lastgroup or "punct") for m in TOKEN_RE.finditer(text)]


def _pieces(text: str, kind_of_group: int) -> list[Token]:
    """``text`` cut as :data:`textfix.script.RUN_RE` cuts it (how a reversal that knows no
    atoms split an atom), each piece marked as part of ``kind_of_group``."""
    return [Token(m.group(), m.lastgroup or "punct", kind_of_group) for m in RUN_RE.finditer(text)]


# ------------------------------------------------------------------------------ numbers

#: Range marks (a range ascends): tilde, wave dash, fullwidth tilde, en dash.
_RANGE_MARKS = "~\u223c\uff5e\u2013"
_RANGE_SPLIT_RE = re.compile(f"[{_RANGE_MARKS}]")
_CUT_WHOLE_RE = re.compile(f"([{_RANGE_MARKS}-])")  # where damage that keeps 3.25 whole cuts
_CUT_SPLIT_RE = re.compile("([^0-9])")  # where damage that splits numbers cuts
_DATE_RE = re.compile("([0-9]{1,4})([./-])([0-9]{1,2})\\2([0-9]{1,4})")
_THOUSANDS_RE = re.compile("[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\\.[0-9]+)?")
_DECIMAL_RE = re.compile("(?:0|[1-9][0-9]*)\\.[0-9]+")
_PLAIN_RE = re.compile("0|[1-9][0-9]*")
_YEAR_DIGITS = 4
_HOURS, _MINUTES, _MONTHS, _DAYS = 24, 59, 12, 31
#: The readings of a number, fewest changes first: as it stands (damage that kept it
#: whole), cut at range marks and hyphens, cut at every separator.
VARIANTS = (NUMBER_RANGES, NUMBER_WHOLE, NUMBER_SPLIT)


def _date(s: str) -> bool | None:
    """Whether a year-month-day with a four-digit year at one end is valid (year first,
    as Korean writes it); None when ``s`` is not shaped so."""
    m = _DATE_RE.fullmatch(s)
    if not m or _YEAR_DIGITS not in (len(m[1]), len(m[4])):
        return None
    return len(m[1]) == _YEAR_DIGITS and len(m[4]) <= 2 and 1 <= int(m[3]) <= _MONTHS \
        and 1 <= int(m[4]) <= _DAYS


def _valid_simple(s: str) -> bool:
    """Validity of a number with ``.,:/`` separators only."""
    seps = set(_CUT_SPLIT_RE.findall(s))
    parts = re.split("[.,:/]", s)
    if not seps:
        return True
    if "," in seps:  # thousands (a decimal point only after them)
        return seps <= {",", "."} and _THOUSANDS_RE.fullmatch(s) is not None
    if seps == {"."}:  # a decimal, or a version or address
        return _DECIMAL_RE.fullmatch(s) is not None if len(parts) == 2 else \
            all(_PLAIN_RE.fullmatch(p) for p in parts)
    if seps == {":"}:
        if len(parts) <= 3 and len(parts[0]) <= 2 and all(len(p) == 2 for p in parts[1:]):  # a time
            return int(parts[0]) <= _HOURS and all(int(p) <= _MINUTES for p in parts[1:])
        return all(_PLAIN_RE.fullmatch(p) for p in parts)  # a ratio, a score
    if seps == {"/"}:
        if len(parts) == 2 and all(len(p) <= 2 and int(p) <= _DAYS for p in parts):  # month/day
            return 1 <= int(parts[0]) <= _MONTHS and int(parts[1]) >= 1
        return all(_PLAIN_RE.fullmatch(p) for p in parts)  # a fraction
    return True  # other mixes: nothing to check


def _valid_one(s: str) -> bool:
    """Validity of a number without range marks (hyphens allowed: dates, codes, phones)."""
    date = _date(s)
    if date is not None:
        return date
    parts = s.split("-")
    # leading zeros only open a code (02-, 010-), never close one
    return all(_valid_simple(p) for p in parts) and not any(
        len(p) > 1 and p[0] == "0" and p.isdigit() for p in parts[1:])


def _value(s: str) -> tuple[float, ...]:
    """What a range compares: a date, a time, or the number itself."""
    m = _DATE_RE.fullmatch(s)
    if m:
        return float(m[1]), float(m[3]), float(m[4])
    try:
        return tuple(float(p.replace(",", "")) for p in re.split("[:/-]", s))
    except ValueError:
        return (0.0,)


def valid_number(s: str, counted: bool = False) -> bool:
    """Whether ``s`` is a number as written in Korean text: thousands separators only
    before a decimal point, ranges ascending, dates (year first) and times that exist.
    Before a counter (``counted``: ``3-5명``, not ``제8-3호``) a hyphen marks a range too.

    >>> [valid_number(x) for x in ("1,382.5", "5.382,1", "7~8", "8~7", "2025.11.22", "22.11.2025")]
    [True, False, True, False, True, False]
    >>> [valid_number(x) for x in ("12:30", "30:12", "010-1234-5678", "5678-1234-010", "3.25", "25.3")]
    [True, False, True, False, True, True]
    """
    if counted and s.count("-") == 1 and not _RANGE_SPLIT_RE.search(s):
        s = s.replace("-", "~")
    segments = _RANGE_SPLIT_RE.split(s)
    if not all(_valid_one(x) for x in segments):
        return False
    values = [_value(x) for x in segments]
    return all(a < b for a, b in itertools.pairwise(values))


def number_readings(number: str) -> dict[str, str]:
    """What ``number`` (as it stands in a reversed span) was before each damage variant.

    >>> number_readings("2.5~1.5")
    {'ranges': '2.5~1.5', 'whole': '1.5~2.5', 'split': '5.1~5.2'}
    """
    return {NUMBER_RANGES: number,
            NUMBER_WHOLE: "".join(reversed(_CUT_WHOLE_RE.split(number))),
            NUMBER_SPLIT: "".join(reversed(_CUT_SPLIT_RE.split(number)))}


def resolve_numbers(numbers: list[str], spaced: list[bool] | None = None, counted: list[bool] | None = None,
                    echoes: list[frozenset[str]] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """For each number of one reversed span: the damage variant it is read in, and the
    other valid readings nothing decided against (empty when one reading is sure).

    A number with one valid reading decides it, and tells which damage variants the span
    went through; the numbers that validity leaves open are read as those variants say,
    and where they still disagree, as the number stands (the fewest changes).  A number
    followed by a space (``spaced``) was not cut: cut, the space would stand inside it
    (``3.25 원`` cut at its point reverses to ``원25 .3``).  ``counted``: which numbers
    stand before a counter (:func:`valid_number`).  ``echoes``: for each number, its other
    readings that the span writes elsewhere (``Kiwi 1.15.0의 … tag/v0.15.1``: 0.15.1); one
    valid reading echoed decides the number.

    >>> resolve_numbers(["000,1", "25.3"])   # 1,000 was cut at its separator: so was 3.25
    [('split', ()), ('split', ())]
    >>> resolve_numbers(["25.3"])
    [('ranges', ('3.25',))]
    >>> resolve_numbers(["1.15.0"], echoes=[frozenset({"0.15.1"})])  # …/tag/v0.15.1 in the span
    [('split', ())]
    """
    readings = [number_readings(n) for n in numbers]
    if spaced is not None:
        readings = [{v: n for v in VARIANTS} if sp else r
                    for n, r, sp in zip(numbers, readings, spaced, strict=True)]
    counted = counted or [False] * len(numbers)
    valid = [[v for v in VARIANTS if valid_number(r[v], c)] for r, c in zip(readings, counted, strict=True)]
    for k, echo in enumerate(echoes or ()):
        heard = [v for v in valid[k] if readings[k][v] in echo]
        if echo and len({readings[k][v] for v in heard}) == 1:
            valid[k] = heard
    evidence = set(VARIANTS)
    for r, ok in zip(readings, valid, strict=True):
        if len(set(r.values())) > 1 and len({r[v] for v in ok}) == 1:
            evidence &= {v for v in VARIANTS if r[v] == r[ok[0]]}
    if not evidence:  # numbers that disagree: no evidence at all
        evidence = set(VARIANTS)
    out: list[tuple[str, tuple[str, ...]]] = []
    for r, ok in zip(readings, valid, strict=True):
        texts = {r[v] for v in ok}
        if len(set(r.values())) == 1 or len(texts) == 1:
            out.append((ok[0] if ok else NUMBER_RANGES, ()))
            continue
        pool = [v for v in (ok or VARIANTS) if v in evidence] or list(ok or VARIANTS)
        chosen = pool[0]
        left = {r[v] for v in pool} - {r[chosen]}
        out.append((chosen, tuple(sorted(({r[v] for v in ok or VARIANTS} - {r[chosen]}) if left else ()))))
    return out


def _cut_number(tok: Token, variant: str, group: int) -> list[Token]:
    """A number token cut where damage of ``variant`` cut it (kept whole for ``ranges``)."""
    if variant == NUMBER_RANGES:
        return [Token(tok.text, "num", group)]
    splitter = _CUT_WHOLE_RE if variant == NUMBER_WHOLE else _CUT_SPLIT_RE
    parts = [p for p in splitter.split(tok.core) if p]
    out = [Token(p, "num" if p[0].isdigit() else "punct", group) for p in parts]
    out[-1] = Token(out[-1].text + tok.text[len(tok.core):], out[-1].kind, group)
    return out


def ambiguous_numbers(span: str, variant: str) -> list[str]:
    """The numbers of a span reversed by damage of ``variant`` that TF301 cannot read back:
    validity and the span's other numbers leave them open, and the truth is not the number
    as it stands (what the corpus expects a TF303 flag for, not the gold)."""
    tokens = tokenize(span)
    nums = [tokens[i].core for i in _numbers(tokens)]
    out = []
    for n, (chosen, others) in zip(nums, _resolve(tokens), strict=True):
        truth = number_readings(n)[variant]
        if others and number_readings(n)[chosen] != truth:
            out.append(n)
    return out


def _numbers(tokens: list[Token]) -> list[int]:
    """The indexes of the numbers with separators among the tokens of a reversed span."""
    return [i for i, t in enumerate(tokens) if t.kind == "num" and not t.core.isdigit()]


#: Numbers per span whose other readings are looked for in its atoms (each look reads
#: them once: the cap keeps a line of many numbers linear).
MAX_ECHOED = 8


def _echoes(tokens: list[Token], idx: list[int]) -> list[frozenset[str]]:
    """For each number (by its token index), the readings other than the one it stands in
    that the span's atoms write (a URL, a tag: reversal leaves them whole; not its other
    numbers, which may be reversed too), up to :data:`MAX_ECHOED` numbers."""
    atoms = " ".join(t.core for t in tokens if t.kind == "atom")
    out = []
    for n, i in enumerate(idx):
        core = tokens[i].core
        others = {r for r in number_readings(core).values() if r != core}
        out.append(frozenset(r for r in others if r in atoms) if atoms and n < MAX_ECHOED else frozenset())
    return out


def _resolve(tokens: list[Token]) -> list[tuple[str, tuple[str, ...]]]:
    """:func:`resolve_numbers` on the numbers of a reversed span's tokens, with what their
    neighbours tell: a space after one (it was not cut), a counter glued after one and no
    ``제`` before it (a hyphen there marks a range).  In a reversed span, what follows a
    number stands before it."""
    idx = _numbers(tokens)
    spaced = [tokens[i].text != tokens[i].core for i in idx]
    counted = [i > 0 and tokens[i - 1].kind == "word" and _counted(tokens[i - 1].core)
               and not (i + 1 < len(tokens) and tokens[i + 1].text.endswith("제")) for i in idx]
    out = resolve_numbers([tokens[i].core for i in idx], spaced, counted, _echoes(tokens, idx))
    # "12 -04-2004": a piece with its space before a separator glued to the number: cut
    return [(NUMBER_SPLIT, ()) if i >= 2 and tokens[i - 1].kind == "punct" and tokens[i - 1].text in ".,:/~-"
            and tokens[i - 2].kind == "num" and tokens[i - 2].text != tokens[i - 2].core else r
            for i, r in zip(idx, out, strict=True)]


# -------------------------------------------------------------------------------- atoms

_QT_RE = re.compile("%[1-9]")
_EMAIL_RE = re.compile("[A-Za-z0-9][A-Za-z0-9._+-]*@[A-Za-z0-9.-]+")
_BRACKET_PAIRS = {")": "(", "]": "[", "}": "{"}


def _atom_class(atom: str) -> str:
    """``fixed`` (a tag, placeholder, entity, URL: a reversal piece by piece leaves it
    malformed), or one that reads the same either way round: ``code`` (backticks),
    ``email``, ``qt`` (``%1``, or a percent sign before a digit)."""
    if atom.startswith("`"):
        return "code"
    if _QT_RE.fullmatch(atom):
        return "qt"
    if _EMAIL_RE.fullmatch(atom):
        return "email"
    return "fixed"


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _BRACKET_PAIRS and (not stack or stack.pop() != _BRACKET_PAIRS[ch]):
            return False
    return not stack


def _reversed_pieces(text: str) -> str:
    return "".join(m.group() for m in reversed(list(RUN_RE.finditer(text))))


def _code_evidence(atom: str) -> bool | None:
    """Whether code in backticks was reversed piece by piece (True), whole (False), or
    nothing tells (None): a space inside a backtick is where the reversal moved it, and
    brackets balance only in the reading that is right."""
    content = atom.strip("`")
    if content != content.strip(" "):
        return True
    flipped = _reversed_pieces(content).strip(" ")
    if flipped != content and _balanced(content) != _balanced(flipped):
        return not _balanced(content)
    return None


_EMPTY_PLACEHOLDER = "{}"


def _atom_modes(span: str, tokens: list[Token]) -> dict[int, tuple[bool, str]]:
    """For each atom token (by index): whether it stays whole, and its other reading when
    nothing in the span decided (else empty).

    The span's tags and placeholders vote (an empty ``{}`` does not: two braces make one
    either way round): well-formed ones were reversed whole, ones that only a
    piece-by-piece reversal makes well-formed (``s)name(%``) were reversed piece by piece;
    code in backticks votes by its spaces and brackets.  The majority decides every
    atom of the span; without one, the atoms that read the same either way stay as they stand.
    """
    classes = {i: _atom_class(t.core) for i, t in enumerate(tokens) if t.kind == "atom"}
    if not classes:
        return {}
    # an empty placeholder does not vote: ``}{maximum}{`` holds one placeholder whole, which
    # pieces put back would turn into two empty ones (``{}maximum{}``)
    whole_now = sum(c == "fixed" and tokens[i].core != _EMPTY_PLACEHOLDER for i, c in classes.items())
    undone = sum(_atom_class(m.group()) == "fixed" and m.group() != _EMPTY_PLACEHOLDER
                 for m in ATOM_RE.finditer(_reversed_pieces(span)))
    vote = undone - whole_now
    if not vote:
        code = [_code_evidence(tokens[i].core) for i, c in classes.items() if c == "code"]
        vote = sum(e is True for e in code) - sum(e is False for e in code)
    qts = sum(c == "qt" for c in classes.values())
    out: dict[int, tuple[bool, str]] = {}
    for i, c in classes.items():
        core = tokens[i].core
        if vote:
            out[i] = (vote < 0, "")
        elif c == "fixed" or (c == "qt" and qts > 1):  # %1 among other placeholders
            out[i] = (True, "")
        elif c == "qt":  # alone, %1 may be a percent sign (5%가 reversed)
            out[i] = (True, core[1:] + "%")
        else:
            other = _reversed_pieces(core).strip(" ")
            out[i] = (True, other if other != core else "")
    return out


# ---------------------------------------------------------------------------- reversal


def _split_quotatives(tokens: list[Token]) -> tuple[list[Token], int]:
    """Split a run that swallowed a lost closing quote: ``"이라며 사회적`` -> ``"이라며 ”사회적``.

    In reversed text a quotative ending opens the run that followed its closing quote;
    when that quote was lost, the ending merged with the next run.  Returns the tokens
    and how many quotes were restored.
    """
    out: list[Token] = []
    restored = 0
    for i, tok in enumerate(tokens):
        head, sep, rest = tok.text.partition(" ")
        prev = tokens[i - 1].core if i else ""
        # the quote before the ending must open the next quotation: its content (the run
        # before it here) does not start with a particle (강조했다"이라고 is a closing one)
        quoted = tokens[i - 2].core.split(" ")[0] if i >= 2 else ""
        if (tok.kind == "word" and sep and rest.strip() and head in QUOTATIVE
                and prev in OPENERS and prev not in "([<" and quoted
                and particle_weight(quoted) == 0):
            out.append(Token(head + " ", "word"))
            out.append(Token(OPENERS[prev], "punct"))
            out.append(Token(rest.lstrip(" "), "word"))
            restored += 1
        else:
            out.append(tok)
    return out, restored


_MAX_ENDING_PIECES = 3  # 에서+는, 으로+부터+는: a chain of endings is short


#: Suffixes written glued to the name before them, as endings are: the honorific 님
#: (``%(author)s님이``, 고객님).
_BOUND_SUFFIXES = frozenset({"님"})


def _ending(word: str) -> bool:
    """Whether a Korean word (its first piece) is made of endings that attach to what stands
    before it: particles and the copula (``를``, ``에서는``, ``일``), not ``가져오기``.

    >>> _ending("에서는 사용"), _ending("가져오기"), _ending("이라는")
    (True, False, True)
    >>> _ending("님이"), _ending("님비")
    (True, False)
    """
    head = word.split(" ")[0]
    for _ in range(_MAX_ENDING_PIECES):
        if not head:
            return True
        piece = next((head[:n] for n in (4, 3, 2, 1) if head[:n] in NOUN_ENDINGS or
                      particle_weight(head[:n]) > 0 or head[:n] in _BOUND_SUFFIXES), "")
        if not piece:
            return False
        head = head[len(piece):]
    return not head


def _side(t: Token, left: bool, counts: bool = False) -> str:
    """One side of a join: the run's class, with a Korean word after it told apart as an
    ending, or (after a number or placeholder: ``counts``) a counter."""
    if t.kind == "atom":
        return "tag-close" if t.core.startswith("</") else "tag-open" if t.core.startswith("<") else "atom"
    if t.kind == "punct":
        return t.core
    if t.kind == "word" and not left:
        return "ending" if _ending(t.core) else "counter" if counts and _counted(t.core) else "word"
    return t.kind


def _join(tokens: list[Token], i: int) -> tuple[str, ...]:
    """The class of the join after run ``i``: what the text's own style is looked up by."""
    key = (_side(tokens[i], True), _side(tokens[i + 1], False, tokens[i].kind in ("num", "atom")))
    after = tokens[i + 2].core if i + 2 < len(tokens) else ""
    if tokens[i + 1].core in "([" and after:
        key += (_side(tokens[i + 2], False),)  # 이름 (기본값) / 을(를)
    elif key[1] == "ending" and after[:1] in ("/", "("):
        key += ("pair",)  # %(name)s 은/는 / %(name)s의
    return key


#: Joins whose spacing is a matter of style (catalogues write both ``이름 (기본값)`` and
#: ``이름(기본값)``, ``%(name)s 은/는`` and ``%(name)s은/는``): the span's own joins of the
#: same kind decide them before the rules do.
_STYLED = frozenset({("word", "("), ("word", "["), ("atom", "ending"), ("atom", "atom"), ("atom", "("),
                     ("num", "word"), ("latin", "num"), ("latin", "("), ("atom", "word"),
                     ("atom", "counter"), ("latin", "ending")})
#: Of those, the ones where the rules are known to guess (both spellings are common): without
#: the span's own style a reversal that ends there is a suggestion, not a fix.  ``%s 은/는``
#: and ``%s은/는``: 9 right and 5 wrong of the reversals that ended there, tune split of the
#: layout cases (seed 7, 3000 a kind).  ``VLC이`` and ``VLC 이`` (a Latin word before its
#: particle): 22 right and 2 wrong of the reversals applied there (open-world tune, corpus
#: tune and fresh-tune damage, 2026-12-06); a placeholder before a word (``{ $name }님이``,
#: ``%s 파일``): 10 right, 1 wrong there, and 47 wrong of 129 generated Fluent strings (a
#: review of 2026-12-06).  The measured table (:func:`measured_first_joins`) overrides this
#: wherever it has the lines to.
_UNSURE = frozenset({("word", "(", "word"), ("word", "(", "latin"), ("word", "(", "atom"), ("atom", "("),
                     ("latin", "("), ("atom", "atom"), ("word", "["), ("atom", "counter"), ("num", "word"),
                     ("atom", "ending", "pair"), ("latin", "ending"), ("atom", "word")})

#: ``first_joins.json`` counts, for each class of first-join decision
#: (:func:`first_join_guess`), the clean Korean lines of the open-world benchmark's tune
#: halves whose first join it got right and wrong, the line stripped as a reversal leaves
#: it (``scripts/build_first_joins.py``).  A class whose count shows it wrong more often than
#: this is a guess; one measured on enough lines and wrong at most this often is sure,
#: whatever :data:`_UNSURE` says.
FIRST_JOIN_MAX_ERROR = 0.001  # the default's promise: wrong at most once in 1,000
#: Fewer lines than this without an error say too little to call a class sure (the rules'
#: prior decides): the classes of 30 lines or more chosen on the tune split were wrong 0.3%
#: of the time on the fresh set's tune half, those of 100 or more 0.1%.
FIRST_JOIN_MIN_SUPPORT = 100
#: A class is shown to be wrong more often than :data:`FIRST_JOIN_MAX_ERROR` when its count
#: of wrong lines would come that high less often than this at that rate (one wrong line of
#: 70 does not show it, catalogues write ``제 3자`` too; 8 of 532 do).
FIRST_JOIN_SIGNIFICANCE = 0.01


def _tail(lines: int, wrong: int, rate: float) -> float:
    """P(at least ``wrong`` of ``lines`` wrong) at error ``rate`` (binomial).

    >>> round(_tail(70, 1, 0.001), 3), _tail(532, 8, 0.001) < 1e-6, _tail(10, 0, 0.001)
    (0.068, True, 1.0)
    """
    below = sum(math.exp(math.lgamma(lines + 1) - math.lgamma(k + 1) - math.lgamma(lines - k + 1)
                         + k * math.log(rate) + (lines - k) * math.log1p(-rate)) for k in range(wrong))
    return max(0.0, 1.0 - below)


@functools.cache
def _first_join_counts() -> list[tuple[list[str], int, int]]:
    """``first_joins.json``'s rows: (class, lines, lines wrong), read once."""
    data = resources.files("textfix.data").joinpath("first_joins.json").read_text(encoding="utf-8")
    return [(key, lines, wrong) for key, lines, wrong in json.loads(data)["joins"]]


@functools.cache
def measured_first_joins() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The classes of first-join decisions measured sure, and those measured unsure (see
    :data:`FIRST_JOIN_MAX_ERROR`).

    >>> sure, unsure = measured_first_joins()
    >>> ("rules", "word", ".", "+word") in sure  # 끝났다. 다음
    True
    >>> ("rules", "word", "(", "latin") in unsure  # 이름 (Name) and 이름(Name)
    True
    """
    sure, unsure = set(), set()
    for key, lines, wrong in _first_join_counts():
        if wrong and _tail(lines, wrong, FIRST_JOIN_MAX_ERROR) < FIRST_JOIN_SIGNIFICANCE:
            unsure.add(tuple(key))
        elif lines >= FIRST_JOIN_MIN_SUPPORT and wrong <= lines * FIRST_JOIN_MAX_ERROR:
            sure.add(tuple(key))
    return frozenset(sure), frozenset(unsure)


#: A pair of run classes the table measured no class of sure is a guess for the classes it
#: has not met when the rules got at least this share of its lines wrong: the rules do not
#: know that join (a whole pair at a lower share costs more right reversals than it saves:
#: 35 right lines of corpus_broken's tune split for 1 wrong, 2026-12-07).
PAIR_MOSTLY_WRONG = 0.5


@functools.cache
def measured_unsure_pairs() -> frozenset[tuple[str, ...]]:
    """The pairs of run classes (the two sides of a join, whatever follows) of which the table
    measured no class sure, and whose rule-decided first joins, all classes of the table
    that open with them counted together, are mostly wrong (:data:`PAIR_MOSTLY_WRONG`), and
    shown wrong more often than :data:`FIRST_JOIN_MAX_ERROR`: a class the table has not met is
    judged by its pair before the rules' prior (``제한인 { $file_size }``: the table holds
    12 lines of a word before ``{``, every one of them wrong).

    >>> ("word", "{") in measured_unsure_pairs(), ("word", ".") in measured_unsure_pairs()
    (True, False)
    """
    counts: dict[tuple[str, ...], list[int]] = {}
    for key, lines, wrong in _first_join_counts():
        if key[0] == "rules":
            entry = counts.setdefault(tuple(key[1:3]), [0, 0])
            entry[0] += lines
            entry[1] += wrong
    sure_pairs = {key[1:3] for key in measured_first_joins()[0] if key[0] == "rules"}
    return frozenset(pair for pair, (lines, wrong) in counts.items() if pair not in sure_pairs
                     and wrong >= lines * PAIR_MOSTLY_WRONG
                     and _tail(lines, wrong, FIRST_JOIN_MAX_ERROR) < FIRST_JOIN_SIGNIFICANCE)


def _first_join_sure(how: tuple[str, ...]) -> bool:
    """Whether the first-join decision ``how`` (:func:`first_join_guess`) is sure: measured,
    or where the table has too few lines of its class, by the rules' prior (:data:`_UNSURE`);
    a class the table has never met, also by its pair of run classes measured together
    (:func:`measured_unsure_pairs`)."""
    sure, unsure = measured_first_joins()
    if how in sure or how in unsure:
        return how in sure
    key = how[1:4] if how[3:4] and not how[3].startswith("+") else how[1:3]
    unmet = how not in _measured_classes()
    return how[0] != "rules" or (key not in _UNSURE and key[:2] not in _UNSURE
                                 and not (unmet and key[:2] in measured_unsure_pairs()))


@functools.cache
def _measured_classes() -> frozenset[tuple[str, ...]]:
    """Every class of first-join decision the table counts, on however few lines."""
    return frozenset(tuple(key) for key, _, _ in _first_join_counts())


def first_join_guess(tokens: list[Token]) -> tuple[bool, tuple[str, ...]]:
    """Whether a space stood after the first run, and the class of that decision: how it was
    decided (``style``: the span's other joins of the same kind; ``aside``: a particle before
    a bracket; ``rules``: :func:`_spaced`), then the classes of the runs around the join
    (:func:`_join`, with the run after next as ``+class`` when the join names only two).

    >>> first_join_guess(tokenize("다음 AI 시대"))
    (True, ('rules', 'word', 'latin', '+word'))
    >>> first_join_guess(tokenize("PKCS#11 모듈"))
    (False, ('rules', 'latin', '#', '+num'))
    """
    key = _join(tokens, 0)
    votes = 0
    if key[:2] in _STYLED:
        votes = sum((1 if tokens[i].text != tokens[i].core else -1)
                    for i in range(1, len(tokens) - 1) if _join(tokens, i) == key)
    aside = key[:2] == ("word", "(") and tokens[0].core[-1:] in _PARTICLE_ENDS  # 의원은 (사진)
    spaced = (votes > 0) if votes else _spaced(tokens)
    if len(key) == 2 and len(tokens) > 2:
        key += ("+" + _side(tokens[2], False, tokens[1].kind in ("num", "atom")),)
    return spaced, ("style" if votes else "aside" if aside else "rules", *key)


def _restore_first_space(tokens: list[Token]) -> tuple[list[Token], bool]:
    """Give the first run back the space that line stripping took (``의원은 "서울``), and
    say whether that was sure (:func:`first_join_guess`, :func:`_first_join_sure`)."""
    if len(tokens) < 2 or tokens[0].text != tokens[0].core:
        return tokens, True
    spaced, how = first_join_guess(tokens)
    sure = _first_join_sure(how)
    if spaced:
        return [Token(tokens[0].text + " ", tokens[0].kind, tokens[0].group), *tokens[1:]], sure
    return tokens, sure


def _spaced(tokens: list[Token]) -> bool:  # noqa: PLR0911
    """Whether a space stood after the first run, by the rules of written Korean.

    Written Korean separates a word from a following quotation, Latin word or number
    (``의원은 "서울``, ``의원은 2025년``), and a Latin word from a following Korean word
    (``AI 시대``) or number (``Heading 3``).  Glued stay: a closing quote or a Latin word
    before a particle (``것"이라며``, ``AI를``), a gloss in brackets (``의원(서울``; after a
    particle a bracket opens an aside: ``의원은 (사진)``), a one-syllable prefix before a
    number (``제2``) and a number before its counter or particle (``3개``, ``0으로``).  A
    bullet keeps its space (``* 항목``).  Atoms: an opening tag is glued to what it marks
    up, a closing tag to what it closes; a placeholder or code before a Korean ending is
    glued to it (``%(name)s을``), before anything else spaced.
    """
    first, nxt = tokens[0], tokens[1]
    if first.kind == "punct" and first.core in _BULLETS:
        if first.core in "-#" and (nxt.kind == "num" or (nxt.kind == "latin" and len(nxt.core) <= 2)):
            return False  # -1, #3, -a
        return nxt.kind in ("word", "latin", "num", "atom") or nxt.core[:1] in "([\"'“‘「『`"
    if first.kind == "atom" or nxt.kind == "atom":
        return _spaced_atom(first, nxt, tokens[2] if len(tokens) > 2 else None)
    if first.kind == "word" and nxt.kind == "punct":
        if nxt.core in "([":
            return first.core[-1:] in _PARTICLE_ENDS  # 의원(서울: a gloss in brackets is glued
        if nxt.core not in _SPACED_OPENERS or len(tokens) < 3:
            return False
        return not (tokens[2].kind == "word" and particle_weight(tokens[2].core.split(" ")[0]) >= 1.0)
    if first.kind == "word" and nxt.kind == "num":
        return first.core.split(" ")[-1] not in _NUMBER_PREFIXES
    if first.kind == "word":
        return nxt.kind == "latin"
    if first.kind == "num" and nxt.kind == "word":
        head = nxt.core.split(" ")[0]
        return not (_ending(head) or any(head.startswith(c) for c in (head[:2], head[:1]) if c in COUNTERS))
    if first.kind == "latin" and nxt.kind == "word":
        return not _ending(nxt.core)  # AI를, MacOS에서는
    if first.kind == "latin" and nxt.kind == "num":
        return len(first.core) >= 3 and first.core[1:].islower()  # Heading 3, Python 3; v1, MP3
    if first.kind == "latin" and nxt.kind == "punct":
        if nxt.core == "[":
            return True  # Sphinx [%s]
        return nxt.core in "\"'“‘「『" and len(tokens) >= 3 and not (
            tokens[2].kind == "word" and particle_weight(tokens[2].core.split(" ")[0]) >= 1.0)
    return False


def _spaced_atom(first: Token, nxt: Token, after: Token | None) -> bool:
    """Whether a space stood between ``first`` and ``nxt`` when one of them is an atom."""
    if first.kind == "atom":
        if first.core.startswith("<") and not first.core.startswith("</"):
            return False  # <b>굵게
        if nxt.kind == "word":
            return not _ending(nxt.core)  # %(name)s을, `list`를; %(name)s 님
        if nxt.kind == "atom":  # %s <a href=...>; </td><td>, %s%s
            return nxt.core.startswith("<") and not nxt.core.startswith("</") \
                and not first.core.startswith("<")
        return nxt.kind in ("latin", "num") or nxt.core in "[\"'“‘「『"  # %s [%s]; %s(%r), %s()
    # a word, Latin word or mark before an atom
    if nxt.core.startswith("</"):
        return False  # 활성화</strong>
    if first.kind == "punct":
        return first.core in ",.:;!?" and first.core != nxt.core[:1]
    return first.kind in ("word", "latin", "num")


@dataclass(frozen=True)
class Reversal:
    """A span in logical order: its text, the closing quotes restored, and each number or
    atom whose reading was left open as (start, end, reading kept, other readings)."""

    text: str
    restored: int = 0
    ambiguous: tuple[tuple[int, int, str, tuple[str, ...]], ...] = field(default=())
    #: Whether the space put back at the first join was sure (the rules or the span's style).
    sure_join: bool = True
    #: The classes of the runs on each side of that join (:func:`_join`), () for one run.
    first_join: tuple[str, ...] = ()


#: A Fluent placeable (``{ $name }``, ``{ -brand-name }``) as a reversal of runs leaves it:
#: its braces, sigil and name in reverse order (``}brand-name -{``); the spaces inside are
#: the catalogue's, which no rule of written Korean would put back.
_REVERSED_PLACEABLE_RE = re.compile("\\}[ \t]?[A-Za-z][\\w.-]{0,40}[ \t]?[$-][ \t]?\\{[ \t]*")


def _merge_reversed_placeables(cut: list[Token]) -> list[Token]:
    """``cut`` with the runs of each reversed Fluent placeable made one atom, in its logical
    form (see :data:`_REVERSED_PLACEABLE_RE`).

    >>> [t.text for t in _merge_reversed_placeables(tokenize("에서 실패했습니다}hostname ${ "))]
    ['에서 실패했습니다', '{ $hostname }']
    >>> reverse(". 업데이트가 시작되었습니다} brand-short-name -{").text
    '{ -brand-short-name } 업데이트가 시작되었습니다.'
    """
    text = "".join(t.text for t in cut)
    if "}" not in text:
        return cut
    starts, pos = {}, 0
    for i, t in enumerate(cut):
        starts[pos] = i
        pos += len(t.text)
    starts[pos] = len(cut)
    out: list[Token] = []
    i = 0
    for m in _REVERSED_PLACEABLE_RE.finditer(text):
        a, b = starts.get(m.start()), starts.get(m.end())
        if a is None or b is None or a < i:
            continue  # not at run boundaries
        out += cut[i:a]
        core = m.group().rstrip(" \t")
        logical = _reversed_pieces(core).strip(" \t")
        if not logical.startswith("{ "):
            logical = "{ " + logical[1:].lstrip(" ")
        if not logical.endswith(" }"):
            logical = logical[:-1].rstrip(" ") + " }"
        # the spaces after ``{`` are inside the placeable; the one after ``}`` follows it
        after = m.group()[1] if m.group()[1] in " \t" else ""
        out.append(Token(logical + after, "atom", cut[a].group))
        i = b
    return out + cut[i:] if out else cut


def reverse(span: str) -> Reversal:
    """The logical order of a reversed span (see :func:`unreverse`), with what was left open."""
    tokens = tokenize(span)
    modes = _atom_modes(span, tokens)
    readings = dict(zip(_numbers(tokens), _resolve(tokens), strict=True))
    open_: dict[int, tuple[str, ...]] = {}
    cut: list[Token] = []
    for i, tok in enumerate(tokens):
        if i in modes:
            whole, other = modes[i]
            cut += [Token(tok.text, "atom", i)] if whole else _pieces(tok.text, i)
            if other:
                open_[i] = (other,)
        elif i in readings:
            variant, others = readings[i]
            cut += _cut_number(tok, variant, i)
            if others:
                open_[i] = others
        else:
            cut.append(tok)
    cut = _merge_reversed_placeables(cut)
    cut, restored = _split_quotatives(cut)
    logical, sure = _restore_first_space(list(reversed(cut)))
    text = "".join(t.text for t in logical).rstrip(" \t")
    ambiguous = []
    if open_:
        spans: dict[int, list[int]] = {}
        pos = 0
        for t in logical:
            if t.group in open_:
                spans.setdefault(t.group, [pos, pos])[1] = pos + len(t.core)
            pos += len(t.text)
        for g, (a, b) in sorted(spans.items(), key=lambda kv: kv[1]):
            ambiguous.append((a, b, text[a:b], open_[g]))
    first = _join(logical, 0)[:2] if len(logical) > 1 else ()
    return Reversal(text, restored, tuple(ambiguous), sure, first)


def unreverse(span: str) -> tuple[str, int]:
    """The logical order of a reversed span, and how many lost quotes were restored."""
    r = reverse(span)
    return r.text, r.restored


def reads_as_korean(span: str) -> bool:
    """Whether ``span`` is Korean prose, which the scorer knows: at least
    :data:`MIN_HANGUL` syllables, and mostly Hangul outside its atoms (markup,
    placeholders, URLs).  Elsewhere (roff macros, help text, Japanese, code) a line
    starting with a full stop is the text's own."""
    hangul = len(_HANGUL_RE.findall(span))
    if hangul < MIN_HANGUL:
        return False
    if HANGUL_WEIGHT * hangul >= len(span) - hangul:
        return True  # the fast path: fewer other characters of any kind than it asks
    others = sum(map(str.isalpha, ATOM_RE.sub(" ", span))) - hangul
    return HANGUL_WEIGHT * hangul >= others


_reads_as_korean = reads_as_korean


#: A tag that closes what never opened on its line, or opens what never closes there
#: (a reversed line of markup has both; a pair out of order costs a reversal's gain).
TAG_ERROR = 2.0
#: Elements that never close (HTML void elements).
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"})
_TAG_NAME_RE = re.compile("<(/?)([A-Za-z가-힣][A-Za-z0-9:가-힣-]*)")


def _tag_errors(text: str) -> int:
    """Tags out of order in ``text``: closers with no opener before them, openers left open.

    >>> _tag_errors("<b>굵게</b> 보통"), _tag_errors("</b>굵게<b> 보통")
    (0, 2)
    """
    if "<" not in text:
        return 0  # every tag opens with it
    stack: list[str] = []
    errors = 0
    for m in ATOM_RE.finditer(text):
        tag = _TAG_NAME_RE.match(m.group())
        if tag is None or m.group().endswith("/>") or tag[2].lower() in _VOID_TAGS:
            continue
        name = tag[2].lower()
        if not tag[1]:
            stack.append(name)
        elif name in stack:
            while stack.pop() != name:
                errors += 1
        else:
            errors += 1
    return errors + len(stack)


#: A placeholder glued to the syllable before it ("없습니다%(id)s", "있습니다%1"): 4 of the
#: 89,584 clean Korean lines of the open-world tune split (none with a Qt ``%1``, of 45
#: lines that hold one); reversal glues every placeholder that followed a space.
WORD_THEN_PLACEHOLDER = 2.5
_WORD_THEN_PLACEHOLDER_RE = re.compile(
    f"[{HANGUL}](?=%(?:\\([^)\\n]{{1,40}}\\))?[-#0+]?[0-9]{{0,3}}[sdifrxXc]|%[1-9]|\\{{[^{{}}\\s]{{0,40}}\\}})")
#: Code in backticks glued to the syllable before it ("오류 해결`Kiwi.join`"): none of the
#: 202 clean Korean lines with backticks of the open-world tune split; reversal puts it
#: there after the particle that followed it ("`Kiwi.join`이 …" reads "이 … 해결`Kiwi.join`").
WORD_THEN_CODE = 2.5
_WORD_THEN_CODE_RE = re.compile(f"[{HANGUL}]`[^`\\n]{{1,60}}`")
#: A placeholder glued to the word after it, neither an ending nor a counter ("%(delta)s지금부터";
#: "%(count)s개", "%(name)s을" are written): 0.1% of the clean strings, a fifth of reversed ones.
PLACEHOLDER_THEN_WORD = 1.0
_PLACEHOLDER_THEN_WORD_RE = re.compile(
    f"(?:%(?:\\([^)\\n]{{1,40}}\\))?[-#0+]?[0-9]{{0,3}}[sdifrxXc]|\\{{[^{{}}\\s]{{0,40}}\\}})([{HANGUL}]+)")
#: A particle pair written the other way round ("를(을", "가/이"): written Korean puts the
#: form after a consonant first (을(를), 이/가: never the other way in the tune split).
REVERSED_PAIR = 2.0
_REVERSED_PAIR_SPEC = re.compile("(?:를[(/]을|가[(/]이|는[(/]은|과[(/]와)(?![가-힣])")
#: ... as it is asked: from its bracket, which the engine scans for (the same matches).
_REVERSED_PAIR_RE = re.compile("[(/](?:(?<=를.)을|(?<=가.)이|(?<=는.)은|(?<=과.)와)(?![가-힣])")


#: A bullet at the end of a line ("… 개선*", "… 고려한 *"), where reversal puts the bullet
#: that opened it: 3 lines in 117,000 clean strings and lines of the tune split.
BULLET_LAST = 2.0
_BULLET_LAST_RE = re.compile(f"(?:^|[ \\t{HANGUL}])[*•]$|[ \\t]-$")
#: A syllable glued to a Latin word with a lowercase letter ("열기Git", "렌더링Mime"; the
#: scorer charges "AI서울" less): 2 lines in the same 117,000, a fifth of reversed lines.
WORD_THEN_LATIN_WORD = 1.5
_WORD_THEN_LATIN_WORD_RE = re.compile(f"[{HANGUL}](?=[A-Za-z]*[a-z])")
_LATIN_LOWER_RE = re.compile("[a-z]")


def _counted(word: str) -> bool:
    """Whether a word is a counter, alone or with its endings (``개의``, ``페이지를``, not ``선택``).

    >>> _counted("개의 문서"), _counted("선택된")
    (True, False)
    """
    head = word.split(" ")[0]
    return any(head[:n] in COUNTERS and (n == len(head) or _ending(head[n:]))
               for n in range(min(4, len(head)), 0, -1))


def _implausible(text: str) -> float:
    """The scorer's penalty of ``text`` (:func:`textfix.scoring.penalty`), with what
    reversal does to markup, catalogue strings and lists: tags out of order, placeholders
    glued to the word before them, particle pairs the other way round, Latin words glued to
    the syllable before them, a bullet at the end."""
    score = penalty(text) + TAG_ERROR * _tag_errors(text)
    if "%" in text or "{" in text:
        score += WORD_THEN_PLACEHOLDER * len(_WORD_THEN_PLACEHOLDER_RE.findall(text))
        score += PLACEHOLDER_THEN_WORD * sum(not (_ending(w) or _counted(w)) for w in
                                             _PLACEHOLDER_THEN_WORD_RE.findall(text))
    if "`" in text:
        score += WORD_THEN_CODE * len(_WORD_THEN_CODE_RE.findall(text))
    if "(" in text or "/" in text:
        score += REVERSED_PAIR * len(_REVERSED_PAIR_RE.findall(text))
    if _LATIN_LOWER_RE.search(text):
        score += WORD_THEN_LATIN_WORD * len(_WORD_THEN_LATIN_WORD_RE.findall(text))
    end = text.rstrip()
    return score + BULLET_LAST * (end[-1:] in ("*", "•", "-") and _BULLET_LAST_RE.search(end) is not None)


def _judge(span: str, lm=None, wrapped: bool = False, boost: bool = True) -> tuple[float, Reversal] | None:
    """(gain, the span reversed) when reversing clearly helps, else None.

    The gain is what reversing takes off :func:`_implausible`; at :data:`MIN_DELTA` the
    built-in evidence decides alone.  A language model (``lm``), when there is one, adds
    what it reads (:data:`LM_POINTS_PER_NAT`) once the built-in evidence carries it, and vetoes a
    reversal that it reads as clearly worse than the text as it is.  A line that continues
    the one before it (``wrapped``: hard-wrapped text, as PDF extraction leaves it) may open
    with a particle or close a bracket as written: it must gain :data:`MIN_DELTA_WRAPPED`
    by the built-in evidence alone (the model reads the line without the one it continues);
    so must a sentence inside a line (``boost`` False: the model may only veto).
    """
    if len(span) - span.count(" ") < MIN_SPAN or not reads_as_korean(span):
        return None
    now = _implausibility.pop(span, None)
    if now is None:
        now = _implausible(span)
    least = MIN_DELTA_WRAPPED if wrapped else MIN_DELTA
    boost = boost and not wrapped and lm is not None
    if now < least:
        return None  # reversing cannot gain enough: most lines stop here
    candidate = reverse(span)
    if candidate.text == span:
        return None
    then = _implausible(candidate.text)
    gain = now - then
    if gain < least or then > now / 2:
        return None
    if gain >= LM_TRUSTED_GAIN:
        return gain, candidate  # the model could neither veto this nor raise its confidence: not loaded
    if lm is not None and lm.affords(len(span) + len(candidate.text)):
        preference = lm.preference(span, candidate.text)
        if preference < -LM_VETO and gain < LM_TRUSTED_GAIN:
            return None
        gain += LM_POINTS_PER_NAT * max(0.0, preference) if boost else 0.0
    if gain < least:
        return None
    return gain, candidate


def _confidence(delta: float) -> float:
    return round(min(REVERSED_MAX, REVERSED_BASE + REVERSED_PER_POINT * delta), 3)


def _clean_fragment(fixed: Reversal) -> bool:
    """Whether a reversed fragment came out in a clean shape (see :data:`FRAGMENT_LEFT_MAX`).

    >>> _clean_fragment(reverse('잘못된 서명</a> 대한<a href="{url}">에 )%r(%s auto'))
    False
    >>> _clean_fragment(reverse("</b>저장됨<b>파일이 새"))
    True
    >>> _clean_fragment(reverse("</b>저장됨<b>파일이 %s"))  # %s 파일이 or %s파일이: a guess
    False
    """
    join = fixed.first_join
    return (fixed.sure_join and not fixed.ambiguous and join not in _CODE_JOINS
            and not any(side in _CODE_JOIN_MARKS for side in join)
            and _implausible(_PARTICLE_PAIR_RE.sub(lambda m: m.group()[0], fixed.text)) <= FRAGMENT_LEFT_MAX
            and _pairs_up(fixed.text)
            and len(tokenize(fixed.text)) >= MIN_FRAGMENT_RUNS)


def _pairs_up(text: str) -> bool:
    """Whether the brackets of :data:`_MORE_BRACKETS` in ``text`` pair up.

    >>> _pairs_up("｢법｣ 제1조"), _pairs_up("｣ 법｢")
    (True, False)
    """
    stack: list[str] = []
    openers = set(_MORE_BRACKETS.values())
    for ch in text:
        if ch in openers:
            stack.append(ch)
        elif ch in _MORE_BRACKETS and (not stack or stack.pop() != _MORE_BRACKETS[ch]):
            return False
    return not stack


_LATIN_WORD_RE = re.compile("[A-Za-z][A-Za-z]*")  # (opens with a class: see textfix.lines)


def _cuts_latin(span: str, fixed: str) -> bool:
    """Whether reading ``span`` as ``fixed`` made a Latin word the span does not hold: a
    word cut (``s%info`` read as ``%i`` and ``nfo``), which runs kept whole never are.

    >>> _cuts_latin("' s%info `", "`nfo i%s'"), _cuts_latin("' s%info `", "`info %s'")
    (True, False)
    """
    return bool(set(_LATIN_WORD_RE.findall(fixed)) - set(_LATIN_WORD_RE.findall(span)))


#: A line that opens with a particle, as no written line does: the span was not reversed
#: (``.로 시작하는 파일을 무시합니다``, "files starting with '.'", read as ``로 시작하는 … .``).
_OPENS_WITH_PARTICLE_RE = re.compile(f"^[ \t]*(?:{_STRONG_PARTICLES})(?=[ \t]|$)")


#: A percent sign in written text or a catalogue that is no placeholder (those are atoms,
#: :data:`textfix.script.ATOM`): ``%%`` and a percentage (``25%``, ``25 %``).  Any other ``%``
#: left after a reversal is a placeholder it cut (``%%S%`` for ``%S%%``).
_LITERAL_PERCENT_RE = re.compile("%%|(?<=[0-9])[ \t]?%")


def _stray_percent(text: str) -> bool:
    """Whether ``text`` holds a ``%`` that no placeholder or percentage explains.

    >>> _stray_percent("%%S% 가가"), _stray_percent("%S%% 가가, 25% 또는 %(n)s, %1$S")
    (True, False)
    """
    return "%" in text and "%" in ATOM_RE.sub("", _LITERAL_PERCENT_RE.sub("", text))


def _left_over(span: str, fixed: Reversal) -> str:
    """Why a whole line's reversal is not clean enough to apply by default (see
    :data:`CLEAN_LEFT_MAX`), or "" when it is.

    >>> _left_over(".로 시작하는 파일을 무시합니다", reverse(".로 시작하는 파일을 무시합니다"))
    'it opens with a particle'
    """
    if fixed.ambiguous:
        return "a number or atom in it reads two ways"
    if _cuts_latin(span, fixed.text):
        return "it cuts a Latin word"
    if _OPENS_WITH_PARTICLE_RE.match(fixed.text):
        return "it opens with a particle"
    if _stray_percent(fixed.text) and not _stray_percent(_reversed_pieces(span)):
        return "a placeholder in it comes out cut"
    if not _CODE_LIKE_RE.search(span):
        return ""
    left = _implausible(fixed.text)
    return (f"it holds markup, placeholders or code and still reads with {left:.1f} point(s) of "
            "implausible shape" if left > CLEAN_LEFT_MAX else "")


#: A whole line's reversal is a suggestion when the language model reads the line better
#: with only sentences inside it reversed (:func:`_sentence_findings`), the rest as it
#: stands, by more than this (nats per character): only one sentence of it was reversed.
#: On the fresh-tune damage (whole lines and single sentences reversed, 3,000 a kind) this
#: took 3 of the 7 wrong whole-line reversals applied, and 10 of the 755 right ones, down
#: to suggestions (tune: none of the 111 right ones; no wrong one was applied there).
PARTIAL_PREFERENCE = 0.0


def _reads_better_in_part(span: str, whole: str, lm, budget: WorkBudget) -> bool:
    """Whether the language model reads ``span`` better with only sentences inside it
    reversed than reversed ``whole``: ``.다니습않 지되용사 상이 더 는드서메 대신 확장
    API를 사용하세요`` is one sentence reversed before one written as it stands, not a line
    reversed whole.  Without a language model, or past its budget: no."""
    if lm is None:
        return False
    parts = _sentence_findings(span, 0, lm, budget)
    history = TextHistory(span)
    history.apply([(e, d.code) for d, _ in parts for e in d.edits])
    reading = history.text
    if not parts or reading == whole or not lm.affords(len(reading) + len(whole)):
        return False
    return lm.preference(whole, reading) > PARTIAL_PREFERENCE


def _paragraph_finding(start: int, end: int, judged: tuple[float, Reversal], span: str, lm,
                       budget: WorkBudget) -> Detection:
    """The finding of a whole line's reversal: a suggestion where it is a guess (see
    :func:`_finding`), or where the line reads better with only a sentence inside it
    reversed (asked only of a reversal that would be more than a suggestion)."""
    found = _finding(start, end, *judged, "paragraph", span)
    if found.confidence > GUESSED_SPAN_MAX and _reads_better_in_part(span, judged[1].text, lm, budget):
        found = _finding(start, end, *judged, "paragraph", span, partly=True)
    return found


#: A sentence ending of written Korean (formal or polite, or a plain past) before a space
#: and a syllable: a sentence ends there, with no stop after it.
_INNER_END_RE = re.compile(f"(?:니다|세요|[어아해예에]요|[었았했였]다)(?=[ \t]+[{_W}])")


def _stop_placed_by_guess(span: str, reading: str) -> bool:
    """Whether the reversal of ``span`` moved a stop from its start to the end of
    ``reading`` while a sentence ends inside ``reading`` without one: the stop may as well
    have closed that sentence, reversed alone (``.있습니다 이런 … 선택하세요`` is ``…있습니다.
    이런 … 선택하세요`` as often as ``…선택하세요.``).

    >>> _stop_placed_by_guess(".경우가 있습니다 이런 순서대로 선택하세요",
    ...                       "경우가 있습니다 이런 순서대로 선택하세요.")
    True
    >>> _stop_placed_by_guess(".구상을 발표했다 서울시는", "서울시는 구상을 발표했다.")
    False
    """
    return (span[:1] in ".!?" and reading[-1:] in ".!?"
            and _INNER_END_RE.search(reading, 0, len(reading) - 1) is not None)


_ELLIPSES = ("...", "…")
#: A straight quote (or ’) between two Latin words that is no contraction's (don't, it's,
#: we'll): the reversal may have glued a quotation's quote to the word before it, and a run
#: of Latin letters takes the quote in (``package.json 'imports'`` reversed reads
#: ``' imports'package.json``, and back ``imports'package.json '``).
_GLUED_QUOTE_RE = re.compile("[A-Za-z]['’](?!(?:s|t|d|m|ll|re|ve)(?![A-Za-z]))[A-Za-z]{2,}")


def _only_an_ellipsis_moved(span: str, reading: str) -> bool:
    """Whether the reversal of ``span`` only moved an ellipsis from its start to the end of
    ``reading``, the rest kept in order: a line opens with an ellipsis as written (speech
    taken up again, a catalogue string that continues another: ``...하지만 이 정의는
    유사합니다``), so the move alone is no evidence of reversal.

    >>> _only_an_ellipsis_moved("...하지만 이 정의는 유사합니다", "하지만 이 정의는 유사합니다...")
    True
    >>> _only_an_ellipsis_moved("...중 %s 파일", "파일 %s 중...")
    False
    """
    body = span.strip()
    for mark in _ELLIPSES:
        if body.startswith(mark) and reading.rstrip().endswith(mark):
            return body[len(mark):].strip() == reading.rstrip()[:-len(mark)].strip()
    return False


def _finding(start: int, end: int, delta: float, fixed: Reversal, scope: str, span: str,
             partly: bool = False) -> Detection:
    extra = (f"; restored {fixed.restored} closing quote(s) lost before a quotative ending"
             if fixed.restored else "")
    if fixed.ambiguous:
        extra += "; read as they stand, other readings open (TF303): " + ", ".join(
            f"{kept} ({' or '.join(others)})" for _, _, kept, others in fixed.ambiguous)
    confidence = _confidence(delta)
    if scope != "sentence" and not _WRITTEN_END_RE.search(fixed.text):
        scope = "fragment"
    if _STOP_BEFORE_LATIN_RE.match(span.lstrip()):
        confidence = min(confidence, STOP_BEFORE_LATIN_MAX)
        extra += ("; a stop opens it glued to a Latin word or a path (.NET, !WikiWord, ./pg_wal): "
                  "written so as often as reversed")
    elif _BROKEN_SHAPE_RE.search(fixed.text):
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "; it reads with a doubled stop or a cut placeholder"
    elif _GLUED_QUOTE_RE.search(span):
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "; a quote stands between two Latin words: which word it quoted is a guess"
    elif _only_an_ellipsis_moved(span, fixed.text):
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "; only an opening ellipsis moved, and lines open with one as written: a suggestion"
    elif _stop_placed_by_guess(span, fixed.text):
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "; a sentence ends inside it without a stop: which sentence the stop closed is a guess"
    elif scope == "fragment" and _clean_fragment(fixed):
        confidence = min(confidence, CLEAN_FRAGMENT_SUGGESTED)
        extra += "; a fragment, not a sentence: a suggestion"
    elif scope == "paragraph" and partly:
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "; the line reads better with only a sentence inside it reversed: a suggestion"
    elif scope == "paragraph" and fixed.sure_join and (left := _left_over(span, fixed)):
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += f"; {left}: a suggestion"
    elif scope != "paragraph" or not fixed.sure_join:
        # where a reversed sentence ends inside its paragraph is a guess (about half exact,
        # measured), so is how a fragment (UI string, code, markup) read, whose starts
        # and ends look like reversal more often than written sentences do (97.9% right
        # on the report split, below the default's 99.9%), and so is the space at a join
        # both spellings are common at
        confidence = min(confidence, GUESSED_SPAN_MAX)
        extra += "" if fixed.sure_join else "; the space at its first join is a guess"
    return RULES["TF301"].detect(
        start, end, f"the runs of this {scope} are in reverse order (plausibility gain {delta:.1f}){extra}",
        confidence, (Edit(start, end, fixed.text),))


# ------------------------------------------------------------- TF303 in the later passes

#: For each repair in progress (by its context): the spans TF301 reversed with a reading
#: left open, as they read once repaired, and the open readings in them.  A pass sees the
#: text its stages left, so the flag on a number inside a repaired span is raised in the
#: passes after the repair, where the span reads as repaired.
_CARRIED: dict[int, list[tuple[str, Reversal]]] = {}
_ENOUGH_HANGUL_RE = re.compile(f"(?:[^{_W}]*[{_W}]){{{MIN_HANGUL}}}")


def _carry(ctx, fixed: Reversal) -> None:
    if ctx is None:
        return
    key = id(ctx)
    if key not in _CARRIED:
        _CARRIED[key] = []
        weakref.finalize(ctx, _CARRIED.pop, key, None)
    if len(_CARRIED[key]) < MAX_CARRIED:
        _CARRIED[key].append((fixed.text, fixed))


def _carried_findings(text: str, ctx) -> list[Detection]:
    """TF303 flags on the open readings of the spans reversed in earlier passes."""
    out = []
    for span, fixed in _CARRIED.get(id(ctx), ()) if ctx is not None else ():
        at = text.find(span)
        if at < 0:
            continue
        for a, b, kept, others in fixed.ambiguous:
            out.append(RULES["TF303"].detect(
                at + a, at + b,
                f"{kept!r} inside a reversed run: read as it stands; the damage may also have "
                f"cut it, and then it read {' or '.join(map(repr, others))} (nothing here tells which)",
                AMBIGUOUS_CONFIDENCE))
    return out


#: The suspects of the last short text asked (:func:`may_find` asks, then :func:`run` on the
#: same text): texts up to this many characters are remembered, one at a time.
REMEMBERED_CHARS = 4000
_last_suspects: tuple[str, frozenset[tuple[int, str]]] = ("", frozenset())


_NO_SUSPECTS: frozenset[tuple[int, str]] = frozenset()
_CLOSING_TAG_RE = re.compile("</")


def _suspects(text: str) -> frozenset[tuple[int, str]]:
    """(offset, line) of the lines the judge reads: those :data:`_SUSPECT_RE` marks, and
    those whose tags are out of order (``…</a> 문서<a href="…">``).

    (Lines with a sentence end inside that do not end like a sentence were suspects too,
    until 2026-12: they opened the stage on 15% of clean Korean short documents, and
    leaving them out changed no result on the corpus, either split, or on the open-world
    tune damage.)"""
    global _last_suspects
    last = _last_suspects
    if last[0] is text:
        return last[1]
    marked = suspect_lines(text)
    if not marked and "</" not in text:
        found = _NO_SUSPECTS  # (most text)
    else:
        suspects = set(marked.items())
        if "</" in text:
            tagged = lines_matching(text, _CLOSING_TAG_RE)
            suspects.update((pos, line) for pos, line in tagged if _tag_errors(line))
        found = frozenset(suspects)
    if len(text) <= REMEMBERED_CHARS:
        _last_suspects = (text, found)
    return found


def may_find(text: str, reference: str | None = None) -> bool:
    """Whether :func:`run` may find anything in ``text`` (the pipeline's fast path asks):
    right-to-left letters, Korean lines it reads (:func:`_suspects`), or a span it reversed
    in an earlier pass of a repair in progress."""
    sure = _decided(text)
    return bool(_suspects(text)) if sure is None else sure


def _decided(text: str, rtl: bool | None = None) -> bool | None:
    """What :func:`may_find` and :func:`may_change` answer before reading the suspect lines:
    no (ASCII, too little Hangul), yes (right-to-left letters, a span reversed in an
    earlier pass), or None (the suspect lines decide).  ``rtl``: whether ``text`` holds
    right-to-left letters, when the caller has asked."""
    if text.isascii():
        return False
    if rtl is None:
        rtl = _RTL_RE.search(text) is not None
    if rtl or (_CARRIED and any(span in text for spans in list(_CARRIED.values()) for span, _ in spans)):
        return True
    return None if _ENOUGH_HANGUL_RE.match(text) is not None else False


def may_change(text: str, reference: str | None = None) -> bool:
    """Whether :func:`run` may change ``text`` (the fast path of a caller that wants only
    the text, ``Config.text_only``): :func:`may_find`, and for Korean a suspect line that
    the judge does not turn down at once, a line whose built-in implausibility
    (:func:`_implausible`, remembered for the judge) reaches :data:`MIN_DELTA`, or one with a
    sentence start inside it for :func:`_sentence_findings`.  Other suspect lines give
    nothing, or only suggestions below every gain a reversal needs.

    >>> may_find("%(count)s개의 항목을 삭제했습니다"), may_change("%(count)s개의 항목을 삭제했습니다")
    (True, False)
    >>> may_change(".다니습했제삭 을목항 의개s)tnuoc(%")
    True
    """
    sure = _decided(text)
    if sure is not None:
        return sure
    least = min(MIN_DELTA, MIN_DELTA_WRAPPED)
    for _, line in _suspects(text):
        span = line.rstrip("\r \t").lstrip(" \t")
        if len(span) < MIN_SPAN or _RTL_RE.search(span):
            continue  # run reads neither (right-to-left lines are asked above)
        if _START_RE.search(span):
            return True
        judged = len(span) - span.count(" ") >= MIN_SPAN and reads_as_korean(span)
        if judged and _implausible_once(span) >= least:
            return True
    return False


#: :func:`_implausible` of the spans :func:`may_change` read, for the judge that reads the
#: same spans next (a few at a time: cleared past this many).
REMEMBERED_SPANS = 64
_implausibility: dict[str, float] = {}


def _implausible_once(span: str) -> float:
    """:func:`_implausible`, remembered for the next call on the same span."""
    if len(_implausibility) >= REMEMBERED_SPANS:
        _implausibility.clear()
    score = _implausibility[span] = _implausible(span)
    return score


def _sentence_findings(line: str, offset: int, lm, budget: WorkBudget) -> list[tuple[Detection, Reversal]]:
    """Reversed sentences inside a line: each start signature tries the word ends after
    it (at most MAX_ENDS) as the end of the span; ``budget`` caps the tries per text."""
    out: list[tuple[Detection, Reversal]] = []
    pos = 0
    while budget.left > 0:
        m = _START_RE.search(line, pos)
        if not m:
            return out
        start = m.start()
        ends = []
        i = start + 2
        limit = min(len(line), start + MAX_SENTENCE_CHARS)
        while len(ends) < MAX_ENDS:
            i = line.find(" ", i, limit)
            if i < 0:
                break
            if line[i - 1] not in " \t":
                ends.append(i)
            i += 1
        line_end = len(line.rstrip(" \t"))
        if line_end - start <= MAX_SENTENCE_CHARS and len(ends) < MAX_ENDS:
            ends.append(line_end)  # the sentence may run to the end of the line
        judged_ends = []
        for end in ends:
            budget.spend(1)
            judged = _judge(line[start:end], lm, boost=False)
            if judged:
                judged_ends.append((end, *judged))
        if not judged_ends:
            pos = m.end()
            continue
        top = max(j[1] for j in judged_ends)
        tied = [j for j in judged_ends if j[1] >= top - 1e-9]
        # Prefer an end at a run boundary (the text after it is not a Korean word); where
        # the next sentence starts with a Korean word the boundary is unmarked: shortest.
        # A language model reads each choice in its line and picks the best one.
        at_boundary = [j for j in tied if not _W_START.match(line, j[0] + 1)]
        choices = at_boundary or tied
        if lm is not None and len(choices) > 1:
            # each choice read in its neighbourhood, not the whole line (which may be huge)
            left = line[max(0, start - LM_CONTEXT):start]
            reads = [left + j[2].text + line[j[0]:j[0] + LM_CONTEXT] for j in choices]
            if lm.affords(sum(map(len, reads))):
                scores = {id(j): lm.per_char(r) for j, r in zip(choices, reads, strict=True)}
                choices = sorted(choices, key=lambda j: -scores[id(j)])
        end, delta, fixed = choices[0]
        out.append((_finding(offset + start, offset + end, delta, fixed, "sentence", line[start:end]), fixed))
        pos = end
    return out


_CONTINUED_END_RE = re.compile(f"[{_W}{_L}0-9,(·\\[-]$")


def _continues(text: str, pos: int) -> bool:
    """Whether the line at ``pos`` continues the text line before it (blank lines between
    are skipped, as PDF extraction leaves them): that one ends inside a sentence (a word,
    a comma, an open bracket), as hard-wrapped text does."""
    end = pos - 1
    for _ in range(3):
        if end < 1:
            return False
        start = text.rfind("\n", 0, end) + 1
        before = text[start:end].rstrip(" \t\r")
        if before:
            return _CONTINUED_END_RE.search(before) is not None
        end = start - 1
    return False


def run(text: str, ctx) -> list[Detection]:
    """Findings of the layout stage on ``text``."""
    right_to_left = not text.isascii() and _RTL_RE.search(text) is not None
    if _decided(text, right_to_left) is False:
        return []  # its gate's answer (the pipeline asks it of short texts only)
    findings: list[Detection] = rtl.run(text, ctx) if right_to_left else []
    findings += _carried_findings(text, ctx)
    suspects = _suspects(text)
    lm = ctx.language_model() if suspects and ctx is not None else None
    # a sentence's reversal inside a line is never applied past GUESSED_SPAN_MAX: when only
    # the text is wanted (Repairer.fix), the model is not loaded to veto or place one (on
    # clean Korean strings it was loaded only so: ".로 시작하는 폴더는 건너뜁니다")
    text_only = ctx is not None and ctx.config.text_only and GUESSED_SPAN_MAX < ctx.config.min_confidence
    sentence_lm = None if text_only else lm
    budget = ctx.budget("sentence-judgements", MAX_JUDGES) if ctx is not None else WorkBudget(MAX_JUDGES)
    for pos, line in sorted(suspects):
        body = line.rstrip("\r \t")
        lead = len(body) - len(body.lstrip(" \t"))
        span = body[lead:]
        if len(span) >= MIN_SPAN and not (right_to_left and _RTL_RE.search(span)):  # TF302's lines
            judged = None if _written_sentence_at_edge(span) else _judge(span, lm, _continues(text, pos))
            found = ([(_paragraph_finding(pos + lead, pos + len(body), judged, span, lm, budget), judged[1])]
                     if judged else _sentence_findings(span, pos + lead, sentence_lm, budget))
            for d, fixed in found:
                findings.append(d)
                if ctx is not None and d.confidence < ctx.config.min_confidence:
                    ctx.reversed_lines.add(body)  # left reversed: its quotes are mirrored
                if fixed.ambiguous:
                    applies = ctx is None or d.confidence >= ctx.config.min_confidence
                    if applies:
                        _carry(ctx, fixed)  # flagged where the span reads as repaired
                    else:  # the span stays reversed: flagged where the reading stands in it
                        for _, _, kept, others in fixed.ambiguous:
                            at = text.find(kept, d.start, d.end)
                            a, b = (at, at + len(kept)) if at >= 0 else (d.start, d.end)
                            findings.append(RULES["TF303"].detect(
                                a, b, f"{kept!r} inside this reversed run reads two ways: {kept!r} as "
                                f"it stands, {' or '.join(map(repr, others))} if the damage cut it "
                                "(nothing here tells which; the reordering is only suggested)",
                                AMBIGUOUS_CONFIDENCE))
    return findings


_SENTENCE_BREAK_RE = re.compile("(?<=[.!?])[\"'”’)」』]*[ \t]+")


def _written_sentence_at_edge(span: str) -> bool:
    """Whether ``span`` ends as written Korean ends (``…했다.``), or opens with a sentence
    written as it should be: then not the whole span was reversed (a span reversed whole
    ends with what opened it, a word or a mark, and opens with its last full stop), only
    sentences inside it may have been.

    >>> _written_sentence_at_edge(".의 중복된 데이터를 고쳐주세요s)field(% 유일한 값이어야 합니다.")
    True
    >>> _written_sentence_at_edge(".이라고 강조했다 서울시는 AI 구상을 발표했다. 박 의원은")
    False
    """
    if _WRITTEN_END_RE.search(span):
        return True
    m = _SENTENCE_BREAK_RE.search(span)
    first = span[:m.start()] if m else ""
    return _WRITTEN_END_RE.search(first) is not None and len(_HANGUL_RE.findall(first)) >= MIN_HANGUL \
        and _implausible(first) == 0
