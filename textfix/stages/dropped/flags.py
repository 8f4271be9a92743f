"""Flags for dropped runs with no evidence to restore them: ``TF405 empty-brackets``,
``TF406 separator-run``, ``TF407 glued-number``, ``TF408 doubled-token``,
``TF409 missing-particle``, ``TF410 orphan-particle``, ``TF411 unbalanced-bracket``.

Each is one scan over the text.  With a language model, a particle is suggested where one
was lost (a guess below the default threshold, for a reviewer).
"""

from __future__ import annotations

import re

from textfix.korean.lexicon import ORPHAN_PARTICLES
from textfix.lines import split_lines
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.scoring.kiwi import PARTICLES
from textfix.script import HANGUL, HANJA
from textfix.stages.dropped.counters import counter_flags, is_ending_chain, particle_flags

#: Flags stay below 0.5, the line clean-text checks draw: they fix nothing, and clean
#: text can look the same.  Likely damage (empty brackets after a word, an orphan
#: particle), a sign strong enough to look for a copy, possible damage, weak hints.
FLAG_LIKELY, FLAG_SIGNAL, FLAG_POSSIBLE, FLAG_WEAK = 0.45, 0.4, 0.3, 0.2
_EMPTY_RE = re.compile("\\(\\)|\\[\\]|「」|『』|“”|‘’")
_DOTS_RE = re.compile("[·ㆍ・][·ㆍ・]+")  # (two or more; opens with a class: see textfix.lines)
_COMMAS_RE = re.compile(",[ \\t]*,")
_CAPS_RE = re.compile("[A-Z][A-Z]{3,}")  # (four or more)
#: Letters a doubled acronym has at most (AIAI, OECDOECD); longer runs of capitals are not
#: a token written twice (and the language model is never asked about them).
MAX_DOUBLED = 12
#: A whole run of capitals that is one half twice, the half 2 to :data:`MAX_DOUBLED` letters:
#: the runs of :data:`_CAPS_RE` that TF408 flags hold one (a text without is not read for them).
DOUBLED_CAPS_RE = re.compile(f"([A-Z](?<![A-Z]{{2}})[A-Z]{{1,{MAX_DOUBLED - 1}}})\\1(?![A-Z])")
_BRACKET_QUOTE_RE = re.compile("\\)[‘“]")
_BRACKET_RE = re.compile("[()]")
#: What follows a number in written Korean: counters, units and number words.
_COUNTERS = "일월년시분초개명번차회위층호원억만천백세살등대건곳배점주장권편척평째여약기국종부항조선"
#: A number glued to a word that does not count it (the counters are left out in the pattern).
_NUMBER_WORD_SPEC = re.compile(f"([0-9]+)((?![{_COUNTERS}])[{HANGUL}]+)")
#: ... as it is asked: from the first digit of a run only (the same matches: a match inside a
#: run would also match from its start).  From every digit, a long run of digits with no
#: word after it was read again from each of them: quadratic (28 s for 50,000 digits).
_NUMBER_WORD_RE = re.compile(f"([0-9](?<![0-9][0-9])[0-9]*)((?![{_COUNTERS}])[{HANGUL}]+)")
_ORPHAN_PARTICLE_RE = re.compile(f", ({'|'.join(ORPHAN_PARTICLES)})(?= )")
_GLUED_NUMBER_RE = re.compile(f"\\)[0-9]+(?=[{HANGUL}])")  # 3)21서울; the digit before is checked
_EMPTIES = ("()", "[]", "「」", "『』", "“”", "‘’")
_WORD = re.compile(f"[0-9A-Za-z{HANGUL}]")


#: A particle suggested at a gap is a reviewer's hint, never applied by default.
PARTICLE_CONFIDENCE = 0.45
_WORDISH = re.compile(f"[{HANGUL}{HANJA}]")


def after_a_word(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows a Korean word, right after it or after one space (주(),
    주 ()): where emptied brackets are damage.  After a Latin name they are code (``f()``,
    GNU's ``xsltCopy ()``, ``async () =>``), which API documentation is full of.

    >>> after_a_word("주()", 1), after_a_word("주 ()", 2), after_a_word("f ()", 2), after_a_word("()", 0)
    (True, True, False, False)
    """
    before = text[at - 1] if at else ""
    if before == " ":
        before = text[at - 2] if at >= 2 else ""
    return _WORDISH.match(before) is not None


def _suggest_particle(text: str, gap: int, word: str, lm, code: str,
                      start: int, end: int, message: str) -> Detection:
    """A flag at a gap where a particle was lost; with a language model, the particle
    it reads best there, offered as a suggestion (below the default threshold)."""
    left, right = text[max(0, gap - 30):gap], text[gap:gap + 30]
    lm = lm() if callable(lm) else lm
    if lm is None or not lm.affords(len(PARTICLES) * (len(left) + len(right) + 4)):
        return RULES[code].detect(start, end, message, PARTICLE_CONFIDENCE)
    best = None
    for particle in PARTICLES:
        joined = lm.attach(word, particle)
        if not joined.startswith(word):
            continue
        insert = joined[len(word):] + ("" if right[:1] in " ,.)" else " ")
        score = lm.per_char(left + insert + right)
        if best is None or score > best[0]:
            best = (score, insert)
    if best is None:
        return RULES[code].detect(start, end, message, PARTICLE_CONFIDENCE)
    insert = best[1]
    return RULES[code].detect(start, end,
                              f"{message}; the language model reads {insert.strip()!r} best here",
                              PARTICLE_CONFIDENCE, (Edit(gap, gap, insert),))


def flags(text: str, lm=None, floor: float = 0.0) -> list[Detection]:
    """Dropped runs with no evidence to restore them: flags only (one scan each); with a
    language model (``lm``: a model, or a function returning one or None, called on first
    need), particle and counter suggestions where one was lost.

    ``floor``: only the flags at least this sure (the same as those of all flags, and the
    scans of flags always below it are not made).

    >>> [(d.code, d.confidence) for d in flags("작가 30 명과 (함께")]
    [('TF411', 0.3)]
    >>> flags("작가 30 명과 (함께", floor=0.4)
    []
    """
    # every flag but TF405, TF406 and TF411 reads a syllable in its match or its line
    korean = _HANGUL_CHAR_RE.search(text) is not None
    out = counter_flags(text, lm, floor) + particle_flags(text, lm, floor) if korean else []
    if korean and floor <= PARTICLE_CONFIDENCE:
        out += _particle_gaps(text, lm)

    def before(m: re.Match) -> str:
        return text[m.start() - 1] if m.start() else ""

    # (each pair found by itself: no pair's second mark opens another, so none overlap, and
    # the alternation _EMPTY_RE is tried at every bracket and quote of the text)
    empties = sorted(at for e in _EMPTIES for at in _occurrences(text, e)) if floor <= FLAG_LIKELY else ()
    for at in empties:
        if after_a_word(text, at):  # 주() - not f() in code
            out.append(RULES["TF405"].detect(at, at + 2,
                               "empty brackets: the text inside was probably dropped", FLAG_LIKELY))
    for m in [*_DOTS_RE.finditer(text), *_COMMAS_RE.finditer(text)]:
        between = bool(_WORD.match(before(m)) and m.end() < len(text) and _WORD.match(text[m.end()]))
        if (FLAG_LIKELY if between else FLAG_WEAK) >= floor:
            out.append(RULES["TF406"].detect(m.start(), m.end(),
                               "separators in a row: list items between them were probably dropped",
                               FLAG_LIKELY if between else FLAG_WEAK))
    for m in _GLUED_NUMBER_RE.finditer(text) if korean and floor <= FLAG_SIGNAL else ():
        if m.start() >= 2 and text[m.start() - 1].isdigit() and not re.match("[0-9.,]", text[m.start() - 2]):
            out.append(RULES["TF407"].detect(m.start() - 1, m.end() + 1,
                               "a number runs into the next word: a counter, a particle or a "
                               "quote was probably dropped", FLAG_SIGNAL))
    for m in _NUMBER_WORD_RE.finditer(text) if korean and floor <= FLAG_POSSIBLE else ():
        if not before(m).isalnum() and not is_ending_chain(m.group(2)):  # 30이: TF412's
            out.append(RULES["TF407"].detect(m.start(), m.end(),
                               "a number runs into a word that does not count it: a counter or a "
                               "particle may have been dropped", FLAG_POSSIBLE))
    for m in _ORPHAN_PARTICLE_RE.finditer(text) if korean and floor <= FLAG_LIKELY else ():
        out.append(RULES["TF410"].detect(m.start(1), m.end(1),
                           f"the particle {m.group(1)!r} opens a phrase after a comma: the word it "
                           "belongs to was probably dropped", FLAG_LIKELY))
    if floor <= FLAG_POSSIBLE:
        out.extend(_bracket_balance(text))
    return out


_HANGUL_CHAR_RE = re.compile(f"[{HANGUL}]")


def _occurrences(text: str, token: str) -> list[int]:
    """Where ``token`` stands in ``text``, left to right, not overlapping.

    >>> _occurrences("(()()", "()")
    [1, 3]
    """
    out, at = [], text.find(token)
    while at >= 0:
        out.append(at)
        at = text.find(token, at + len(token))
    return out


def _in_korean_line(text: str, pos: int) -> bool:
    """Whether the line of ``text`` at ``pos`` holds Hangul: only there can a Korean
    particle be missing (``重复(_P)“%s”``, a Chinese menu label, has none to lose).

    >>> _in_korean_line("重复(_P)“%s”", 6), _in_korean_line("(WeGO)‘WeGO AI’로", 6)
    (False, True)
    """
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return _HANGUL_CHAR_RE.search(text, start, end if end >= 0 else len(text)) is not None


def _particle_gaps(text: str, lm) -> list[Detection]:
    """TF408 (AIAI) and TF409 ((WeGO)‘): a particle lost between two runs, in a line of
    Korean; with a language model, the particle it reads best is suggested."""
    out = []

    def before(m: re.Match) -> str:
        return text[m.start() - 1] if m.start() else ""

    for m in DOUBLED_CAPS_RE.finditer(text):  # whole runs of capitals, one half twice
        run = m.group()
        half = len(run) // 2
        # AIAI, not YYYY
        if len(set(run)) > 1 and not before(m).isalpha() and _in_korean_line(text, m.start()):
            out.append(_suggest_particle(
                text, m.start() + half, run[:half], lm, "TF408", m.start(), m.end(),
                f"{run[:half]!r} twice in a row: a particle or word between them was probably dropped"))
    for m in _BRACKET_QUOTE_RE.finditer(text):
        if _WORD.match(before(m)) and _in_korean_line(text, m.start()):
            opened = text.rfind("(", 0, m.start())
            word = text[opened + 1:m.start()] if 0 <= opened > m.start() - 30 else before(m)
            out.append(_suggest_particle(
                text, m.start() + 1, word + ")", lm, "TF409", m.start(), m.end(),
                "a closing bracket runs into a quotation: a particle (를, 을, 와 ...) was "
                "probably dropped"))
    return out


def _bracket_balance(text: str) -> list[Detection]:
    """Brackets that open and never close on their line, or close and never opened, in a
    text whose brackets do not balance (lines whose counts agree are taken as balanced)."""
    out: list[Detection] = []
    if text.count("(") == text.count(")"):
        return out  # balanced over the text (brackets may span hard-wrapped lines)
    for offset, line in split_lines(text):
        if line.count("(") == line.count(")"):
            continue
        stack: list[int] = []
        for m in _BRACKET_RE.finditer(line):
            if m.group() == "(":
                stack.append(m.start())
            elif stack:
                stack.pop()
            else:
                out.append(RULES["TF411"].detect(offset + m.start(), offset + m.end(),
                                   "a closing bracket with no opening one", FLAG_POSSIBLE))
        for pos in stack:
            out.append(RULES["TF411"].detect(offset + pos, offset + pos + 1,
                               "an opening bracket that is never closed", FLAG_POSSIBLE))
    return out
