# textfix: ignore-file[TF2]  (this module's docs show the damage it repairs)
"""Stage 2: Unicode and Hangul normalization, without blanket NFKC.

Rules:

- ``TF201 hangul-nfd``: decomposed (conjoining) jamo composed into syllables with
  current Unicode data, exactly as NFC composes Hangul (nothing else is normalized).
- ``TF202 hangul-jamo-spelled``: compatibility jamo spelled out letter by letter
  (``ㅎㅏㄴㄱㅡㄹ``) composed the way a keyboard would; shorthand such as ``ㅋㅋ``,
  ``ㅠㅠ`` or ``ㄱㄴㄷ`` stays.
- ``TF203 hangul-filler-sequence``: KS X 1001 8-byte syllables as CP949 shows them
  (``ㅤㅂㅞㄺ``) composed into one syllable (``뷁``).
- ``TF204 halfwidth-jamo``: halfwidth jamo (U+FFA0 block) mapped to compatibility jamo.
- ``TF205 invisible-in-word``: Hangul fillers and zero-width characters inside Hangul
  words removed (ZWJ in emoji and fillers in old-Hangul clusters stay).
- ``TF206 bidi-control``: bidi controls removed from paragraphs with no right-to-left
  script; flagged everywhere else (Trojan Source).

>>> from textfix.context import Context
>>> from textfix.config import Config
>>> [e.replacement for d in run("ㅎㅏㄴㄱㅡㄹ", Context(Config())) for e in d.edits]
['한글']
"""

from __future__ import annotations

import re

import unicodedata2

from textfix.korean import is_syllable
from textfix.korean.jamo import FINALS, INITIALS, MEDIALS, compose_keyboard, syllable
from textfix.lines import lines_matching
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import HANGUL_RE, PLACEHOLDER_RE
from textfix.script import RTL_RE as _RTL_RE

#: Unicode's own composition (NormalizationTest.txt passes): certain.
NFD_CONFIDENCE = 1.0
#: Only runs that compose into whole syllables with nothing left over.
JAMO_CONFIDENCE = 0.95
#: A spelled-out run on a line with no syllable, whose composed word the text writes within
#: this many characters, is an example of spelling out (documentation of a jamo library:
#: ``split("안녕하세요")`` and ``ㅇㅏㄴㄴㅕㅇㅎㅏㅅㅔㅇㅛ`` on the next line, in a package's
#: description a red-team run found composed): flagged at :data:`JAMO_EXAMPLE_CONFIDENCE`,
#: not composed.  (A word spelled out among syllables is composed whatever the text holds.)
JAMO_EXAMPLE_NEAR = 300
JAMO_EXAMPLE_CONFIDENCE = 0.3
#: A filler sequence is a defined EUC-KR encoding of one syllable.
FILLER_CONFIDENCE = 0.99
#: A fixed one-to-one mapping.
HALFWIDTH_CONFIDENCE = 0.95
#: Invisible characters inside a Hangul word (emoji joiners and old Hangul excepted).
INVISIBLE_CONFIDENCE = 0.95
#: Bidi controls: removed only where nothing right-to-left is in the text (a control there
#: only spoofs); flags elsewhere: loud for overrides (Trojan Source), below 0.5 for the
#: embeddings translators put in right-to-left catalogues, lowest for marks.
BIDI_REMOVED = 0.9
BIDI_RTL_OVERRIDE, BIDI_RTL_OTHER, BIDI_TEMPLATE, BIDI_MARK = 0.6, 0.3, 0.4, 0.2
#: An override that holds no letter (``‮1:2‬``: a zoom ratio shown right to left, as GIMP's
#: Arabic catalogue does on purpose) hides and spoofs no word: a flag below 0.5.
BIDI_RTL_OVERRIDE_NO_LETTERS = 0.4
#: A left-to-right embedding or isolate (LRE, LRI, FSI, with the PDF or PDI that closes it)
#: in a line with no right-to-left letter and nothing that reorders it: in a left-to-right
#: display it changes nothing, in a right-to-left interface it keeps the line's runs in
#: order, which is what right-to-left catalogues put it there for (a Hebrew catalogue's
#: translation of a product name, ``\u202aWeblate\u202c``): kept, a flag below 0.5.
BIDI_LTR_KEPT = 0.3
#: The controls that reorder what a line of left-to-right text shows (an override reverses
#: its letters, a right-to-left isolate the order of its words; a right-to-left embedding
#: says the text is written for a right-to-left context, :data:`textfix.script.RTL_INTENT_RE`,
#: and is flagged there): a line holding one has every control removed.
_REORDERING = frozenset("\u202d\u202e\u202b\u2067")

#: TF201 on a decomposed syllable whose line writes the same syllable composed: a mapping,
#: not damage (xindy's Korean sort rules, ``(merge-rule "가" "\u1100\u1161")``; hunspell's
#: conversion tables; a red-team run found texlive's rewritten): kept, a flag.
NFD_BESIDE_COMPOSED = 0.3

_CONJOINING = "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff"
_FILLERS = "\u3164\u115f\u1160\uffa0"
_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: One cheap scan: text without any of these characters needs nothing from this stage.
TRIGGER_RE = re.compile(
    f"[{_CONJOINING}\u3131-\u318e\uffa0-\uffdc{_ZERO_WIDTH}{BIDI_CONTROLS}\u3164]"
)
# Exactly the compositions NFC makes with Hangul jamo (Unicode's conformance data checks it).
_NFD_RE = re.compile("[\u1100-\u1112][\u1161-\u1175][\u11a8-\u11c2]?|[\uac00-\ud7a3][\u11a8-\u11c2]")
# (each opens with a class, not a repeat of one: see textfix.lines)
_JAMO_RUN_RE = re.compile("[\u3131-\u3163][\u3131-\u3163]+")
_FILLER_SEQ_RE = re.compile("\u3164([\u3131-\u314e])([\u314f-\u3163])([\u3131-\u314e]|\u3164)")
_HALFWIDTH_RE = re.compile("[\uffa0-\uffdc][\uffa0-\uffdc]*")
_INVISIBLE_RE = re.compile(f"[{_FILLERS}{_ZERO_WIDTH}][{_FILLERS}{_ZERO_WIDTH}]*")
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}][{BIDI_CONTROLS}]*")
#: The overrides, which reorder what is displayed against the letters' own direction.
_OVERRIDES = set("\u202d\u202e")
#: Bidi marks: zero-width strong characters, not controls that open or close anything.
_MARKS = frozenset("\u200e\u200f\u061c")


def _nfd(text: str, pos: int, end: int) -> list[Detection]:
    """TF201 on the line ``text[pos:end]``: each decomposed syllable composed, but where the
    line writes the same syllable composed too (a table of decompositions, kept: flagged).

    >>> [d.edits[0].replacement for d in _nfd("\u1100\u1161\u11a8", 0, 3)]
    ['각']
    >>> line = '(merge-rule "각" "\u1100\u1161\u11a8")'
    >>> [(d.confidence, d.edits) for d in _nfd(line, 0, len(line))]
    [(0.3, ())]
    """
    out = []
    line_end, written = -1, frozenset()
    for m in _NFD_RE.finditer(text, pos, end):
        s = m.group()
        if len(s) == 2 and is_syllable(s[0]) and (ord(s[0]) - 0xAC00) % 28:
            continue  # a syllable that already has a final cannot take another
        composed = unicodedata2.normalize("NFC", s)
        if m.start() > line_end:  # a line not read yet: the characters it writes, once
            line_start = max(pos, text.rfind("\n", 0, m.start()) + 1)
            line_end = text.find("\n", m.end(), end)
            line_end = end if line_end < 0 else line_end
            written = frozenset(text[line_start:line_end])
        if composed in written:
            out.append(RULES["TF201"].detect(m.start(), m.end(),
                f"decomposed Hangul ({composed}) on a line that writes {composed} composed too: "
                "a table of decompositions, kept", NFD_BESIDE_COMPOSED))
            continue
        out.append(RULES["TF201"].detect(m.start(), m.end(),
                           "decomposed Hangul composed (NFC)", NFD_CONFIDENCE,
                           (Edit(m.start(), m.end(), composed),)))
    return out


def _spelled_jamo(text: str, pos: int, end: int) -> list[Detection]:
    out = []
    for m in _JAMO_RUN_RE.finditer(text, pos, end):
        composed, leftovers = compose_keyboard(m.group())
        syllables = sum(map(is_syllable, composed))
        if leftovers or syllables < 2:
            continue
        near = max(0, m.start() - JAMO_EXAMPLE_NEAR), m.end() + JAMO_EXAMPLE_NEAR
        if text.find(composed, *near) >= 0 and _line_without_syllables(text, m.start(), m.end()):
            out.append(RULES["TF202"].detect(m.start(), m.end(),
                       f"Hangul spelled out in separate jamo ({composed}), but the text writes {composed} "
                       "nearby: an example of spelling out; kept", JAMO_EXAMPLE_CONFIDENCE))
            continue
        out.append(RULES["TF202"].detect(m.start(), m.end(),
                           "Hangul spelled out in separate jamo, composed as typed", JAMO_CONFIDENCE,
                           (Edit(m.start(), m.end(), composed),)))
    return out


def _line_without_syllables(text: str, start: int, end: int) -> bool:
    """Whether the line of ``text`` holding ``text[start:end]`` has no Hangul syllable (a
    line of jamo: the example's output, not a sentence with a word spelled out).

    >>> [_line_without_syllables(t, 3, 9) for t in ("한글\\nㅎㅏㄴㄱㅡㄹ", "한글 ㅎㅏㄴㄱㅡㄹ")]
    [True, False]
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return HANGUL_RE.search(text, line_start, len(text) if line_end < 0 else line_end) is None


def _filler_sequences(text: str, pos: int, end: int) -> list[Detection]:
    out = []
    for m in _FILLER_SEQ_RE.finditer(text, pos, end):
        lead, vowel, tail = m.groups()
        tail = "" if tail == "\u3164" else tail
        if lead not in INITIALS or vowel not in MEDIALS or (tail and tail not in FINALS):
            continue
        out.append(RULES["TF203"].detect(m.start(), m.end(),
                           "KS X 1001 filler sequence (8-byte EUC-KR syllable) composed", FILLER_CONFIDENCE,
                           (Edit(m.start(), m.end(), syllable(lead, vowel, tail)),)))
    return out


def _halfwidth(text: str, pos: int, end: int) -> list[Detection]:
    out = []
    for m in _HALFWIDTH_RE.finditer(text, pos, end):
        mapped = "".join(
            chr(int(unicodedata2.decomposition(c).split()[-1], 16)) if unicodedata2.decomposition(c)
            else c
            for c in m.group()
        )
        if mapped != m.group():
            out.append(RULES["TF204"].detect(m.start(), m.end(),
                               "halfwidth jamo mapped to compatibility jamo", HALFWIDTH_CONFIDENCE,
                               (Edit(m.start(), m.end(), mapped),)))
    return out


def _is_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or "\u2600" <= ch <= "\u27bf" or ch == "\ufe0f"


def _invisibles(text: str, pos: int, end: int) -> list[Detection]:
    out = []
    for m in _INVISIBLE_RE.finditer(text, pos, end):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not (is_syllable(before) or is_syllable(after)):
            continue
        if (before and _is_emoji(before)) or (after and _is_emoji(after)):
            continue
        old_hangul = re.search(f"[{_CONJOINING}]", before + after) is not None
        keep = "\u115f\u1160" if old_hangul else ""
        removed = "".join(c for c in m.group() if c in keep)
        if removed == m.group():
            continue
        names = ", ".join(sorted({f"U+{ord(c):04X}" for c in m.group()}))
        where = "inside" if is_syllable(before) and is_syllable(after) else "beside"
        out.append(RULES["TF205"].detect(
            m.start(), m.end(), f"invisible character {where} a Hangul word removed ({names})",
            INVISIBLE_CONFIDENCE, (Edit(m.start(), m.end(), removed),)))
    return out


def _overrides_hold_letters(line: str) -> bool:
    """Whether any override of ``line`` (to its PDF, or to the line's end) holds a letter.

    >>> _overrides_hold_letters("قرّب \u202e1:2\u202c"), _overrides_hold_letters("\u202etxt.exe\u202c")
    (False, True)
    """
    inside = False  # one scan: an override opens, its PDF (U+202C) closes
    for ch in line:
        if ch in _OVERRIDES:
            inside = True
        elif ch == "\u202c":
            inside = False
        elif inside and ch.isalpha():
            return True
    return False


#: strftime's codes (``%H``, ``%OH``, ``%Ey``, ``%-d``): a line of them and signs is a bare
#: template too (GLib's Persian times, ``\u2066%OH:%OM:%OS\u2069``: isolates put there for
#: the right-to-left text around them).
_DATE_FORMAT_RE = re.compile("%[EO_^#-]?[A-Za-z]")


def _bidi_controls(text: str, rtl_document: bool) -> list[Detection]:
    """Bidi controls: removed only where nothing right-to-left is near and they reorder what
    a line shows (a line of a text with no RTL script at all, outside a template, holding an
    override or a right-to-left embedding or isolate: every control of it); flagged
    elsewhere (left-to-right embeddings and isolates alone are kept: :data:`BIDI_LTR_KEPT`).

    Marks (LRM, RLM, ALM) are never removed: translators and RTL authors place them on
    purpose, even on lines with no right-to-left letters, and they reorder nothing visible.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        if _BIDI_RE.search(line):
            rtl = rtl_document or _RTL_RE.search(line) is not None
            lettered: bool | None = None  # whether the line's overrides hold a letter (asked once)
            reordering = not rtl and not _REORDERING.isdisjoint(line)
            template = not any(c.isalpha() for c in _DATE_FORMAT_RE.sub("", PLACEHOLDER_RE.sub("", line)))
            for m in _BIDI_RE.finditer(line):
                a, b = pos + m.start(), pos + m.end()
                names = ", ".join(f"U+{ord(c):04X}" for c in m.group())
                if rtl:
                    # a PDF on a line with an override closes that override: as loud
                    loud = _OVERRIDES & set(m.group()) or ("\u202c" in m.group() and _OVERRIDES & set(line))
                    conf = BIDI_RTL_OVERRIDE if loud else BIDI_RTL_OTHER
                    why = "check that it does not hide or reorder text (Trojan Source)"
                    if loud and lettered is None:
                        lettered = _overrides_hold_letters(line)
                    if loud and not lettered:
                        conf, why = BIDI_RTL_OVERRIDE_NO_LETTERS, (
                            "its override holds no letter (digits or signs shown right to left)")
                    out.append(RULES["TF206"].detect(a, b,
                                       f"bidi control ({names}) in right-to-left text: {why}", conf))
                elif template:
                    # a bare template ("%(text)s\u202e…"): the control is for the
                    # right-to-left text filled in later, so it is reported, not removed
                    out.append(RULES["TF206"].detect(a, b,
                                       f"bidi control ({names}) in a bare template: "
                                       "check that it does not hide or reorder text", BIDI_TEMPLATE))
                elif not set(m.group()) - _MARKS:
                    out.append(RULES["TF206"].detect(a, b,
                                       f"bidi mark ({names}) in text with no right-to-left script: "
                                       "invisible, reorders nothing; kept", BIDI_MARK))
                elif not reordering:
                    out.append(RULES["TF206"].detect(a, b,
                                       f"left-to-right bidi control ({names}) in text with no right-to-left "
                                       "script: it changes nothing shown left to right, and keeps the text "
                                       "in order in a right-to-left interface; kept", BIDI_LTR_KEPT))
                else:
                    out.append(RULES["TF206"].detect(a, b,
                                       f"bidi control ({names}) in text with no right-to-left "
                                       "script removed (possible Trojan Source spoofing)", BIDI_REMOVED,
                                       (Edit(a, b, ""),)))
        pos += len(line) + 1
    return out


def run(text: str, ctx) -> list[Detection]:
    """Findings of the normalization stage on ``text``."""
    if text.isascii() or not TRIGGER_RE.search(text):
        return []
    # every match of every rule holds a trigger and none spans a newline: the rules read
    # only the lines with a trigger (in place: the same offsets, the same neighbours)
    lines = [(start, start + len(line)) for start, line in lines_matching(text, TRIGGER_RE)]
    findings: list[Detection] = []
    for rule in (_filler_sequences, _nfd, _halfwidth, _spelled_jamo, _invisibles):
        for start, end in lines:
            findings.extend(rule(text, start, end))
    if any(_BIDI_RE.search(text, start, end) for start, end in lines):
        findings.extend(_bidi_controls(text, ctx.is_rtl_document()))
    return findings
