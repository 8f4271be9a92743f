"""Stage 4: dropped text and broken punctuation.

Scrapers lose short runs: a syllable after a number (``3)21서울`` for ``3선)이 21일 ‘서울``),
a Hanja word in brackets (``주()``), list items between middle dots (``초···대학``), a
particle after Latin letters, and very often opening quotes.  Rules:

- ``TF401 dropped-run``: restored from an intact copy of the passage elsewhere in the
  document or in a reference copy (``repair(text, reference=other)``), when the damaged
  passage is that copy with short runs missing and enough exact context around the gaps.
- ``TF402 quote-orientation``: an opening quote written as a closing one (``’K-방산``).
- ``TF403 missing-opening-quote``: a closing quote with no partner, restored in front of
  the quoted phrase when the phrase is known (quoted intact elsewhere, or recurring).
- ``TF404 unpaired-quote``: an unpaired quote with no evidence where its partner goes (flag).
- ``TF405 empty-brackets``, ``TF406 separator-run``, ``TF407 glued-number``,
  ``TF408 doubled-token``, ``TF409 missing-particle``: flags for dropped runs with no
  evidence to restore them.

Without evidence nothing is restored: those are flags (below 0.5 where clean text can
look the same).

>>> from textfix.pipeline import Context
>>> from textfix.config import Config
>>> [f.code for f in run("이번 포럼은 ’K-방산 육성 과제를 다룬다.", Context(Config()))]
['TF402']
"""

from __future__ import annotations

import bisect
import re

from textfix.lines import lines_matching, split_lines
from textfix.model import Applicability, Edit, Finding

CURLY = {"‘": "’", "“": "”", "「": "」", "『": "』"}
CLOSING = {v: k for k, v in CURLY.items()}
_STRAIGHT = "\"'"
_PHRASE_STOP = set("‘’“”「」『』\"'()[]<>.,;:!?·…\n")
_EMPTY_RE = re.compile("\\(\\)|\\[\\]|「」|『』|“”|‘’")
_DOTS_RE = re.compile("[·ㆍ・]{2,}")
_COMMAS_RE = re.compile(",[ \\t]*,")
_CAPS_RE = re.compile("[A-Z]{4,}")
_PARTICLE_GAP = re.compile("([A-Z]{2,})\\1|\\)[‘“]")
_BRACKET_QUOTE_RE = re.compile("\\)[‘“]")
_BRACKET_RE = re.compile("[()]")
#: What follows a number in written Korean: counters, units and number words.
_COUNTERS = "일월년시분초개명번차회위층호원억만천백세살등대건곳배점주장권편척평째여약기국종부항조선"
#: A number glued to a word that does not count it (the counters are left out in the pattern).
_NUMBER_WORD_RE = re.compile(f"([0-9]+)((?![{_COUNTERS}])[가-힣]+)")
_ORPHAN_PARTICLE_RE = re.compile(", (을|를|은|는|의|에서|으로|이라고|라고|이라며|라며)(?= )")
_GLUED_NUMBER_RE = re.compile("\\)[0-9]+(?=[가-힣])")  # 3)21서울; the digit before is checked
_EMPTIES = ("()", "[]", "「」", "『』", "“”", "‘’")
_WORD = re.compile("[0-9A-Za-z가-힣]")
_QUOTE_RE = re.compile("[‘’“”「」『』\"']")
_HANGUL_RE = re.compile("[가-힣]")
_RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
MIN_CONTEXT = 8
#: Work caps per text, so that a huge document of damage stays linear: beyond them the
#: remaining damage is flagged, not searched for evidence.
MAX_ALIGNMENTS = 300
MAX_PHRASE_SEARCHES = 500
QUOTE_REACH = 600  # characters an open quotation may run over hard-wrapped lines
MAX_GAP = 4


def _char_class(ch: str) -> str:
    if not ch:
        return "edge"
    if ch.isspace():
        return "space"
    if "가" <= ch <= "힣" or "\u4e00" <= ch <= "\u9fff":
        return "word"
    if ch.isdigit():
        return "num"
    if ch.isalpha():
        return "latin"
    return "punct"


# ---------------------------------------------------------------- in-document reference


def _sources(text: str, line: str, index: int, reference: str | None) -> list[str]:
    """Other lines (and reference lines) that share a long exact substring with ``line``."""
    k = 4 if reference else 8
    probes = [line[i : i + k] for i in range(0, len(line) - k + 1, 2 if reference else 4)]
    if not probes:
        return []
    candidates = [ln for k, (_, ln) in enumerate(split_lines(text)) if k != index]
    if reference:
        candidates += reference.split("\n")
    # the few lines sharing most of the stretch (a copy shares much of it)
    hits = [(sum(p in c for p in probes), c) for c in candidates if c != line]
    if reference:  # an explicit copy: every line that shares anything is worth aligning
        return [c for n, c in hits if n]
    need = 2
    return [c for n, c in sorted(hits, key=lambda h: -h[0])[:3] if n >= need]


MAX_ALIGN_GAP = 12


def _walk(a: str, b: str, i: int, j: int) -> tuple[list[tuple[str, int, int, int, int]], int, int]:
    """Align ``a[i:]`` with ``b[j:]`` forward, where ``b`` may hold short extra runs (gaps).

    Returns the opcodes (``equal`` and ``insert``, difflib style) and where the walk
    stopped.  Linear: each step either matches a character or tries a few gap lengths.
    """
    ops: list[tuple[str, int, int, int, int]] = []
    start_i, start_j = i, j
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        confirm = min(3, len(a) - i)
        gap = next((g for g in range(1, MAX_ALIGN_GAP + 1) if b[j + g:j + g + confirm] == a[i:i + confirm]),
                   None)
        if gap is None:
            gap = next((g for g in range(1, MAX_ALIGN_GAP + 1) if b[j + g:j + g + 1] == a[i:i + 1]), None)
        if gap is None:
            break
        if i > start_i:
            ops.append(("equal", start_i, i, start_j, j))
        ops.append(("insert", i, i, j, j + gap))
        j += gap
        start_i, start_j = i, j
    if i > start_i:
        ops.append(("equal", start_i, i, start_j, j))
    return ops, i, j


def align(line: str, source: str, k: int = 8) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes aligning ``line`` with ``source`` around their first shared
    ``k``-gram, allowing only short insertions (what a scraper drops) inside.

    >>> [op[0] for op in align("3)21서울 한강 AI’ 구상을", "3선)이 21일 ‘서울 한강 AI’ 구상을", k=4)]
    ['equal', 'insert', 'equal', 'insert', 'equal', 'insert', 'equal']
    """
    k = min(k, len(line))
    anchor = None
    for i in range(0, max(1, len(line) - k + 1), 2) if k else ():
        gram = line[i:i + k]
        j = source.find(gram)
        if j < 0:
            continue
        if source.find(gram, j + 1) < 0 and line.find(gram, i + 1) < 0:
            anchor = (i, j)  # a k-gram found once on each side: a safe anchor
            break
        anchor = anchor or (i, j)
    if anchor is None:
        return [("replace", 0, len(line), 0, len(source))]
    i, j = anchor
    back, bi, bj = _walk(line[:i][::-1], source[:j][::-1], 0, 0)
    ops: list[tuple[str, int, int, int, int]] = []
    a0, b0 = i - bi, j - bj  # where the backward walk stopped, in forward coordinates
    if a0 or b0:
        ops.append(("replace" if a0 and b0 else "delete" if a0 else "insert", 0, a0, 0, b0))
    for tag, x1, x2, y1, y2 in reversed(back):
        ops.append((tag, i - x2, i - x1, j - y2, j - y1))
    fwd, fi, fj = _walk(line, source, i, j)
    ops.extend(fwd)
    if fi < len(line) or fj < len(source):
        tag = "replace" if fi < len(line) and fj < len(source) else "delete" if fi < len(line) else "insert"
        ops.append((tag, fi, len(line), fj, len(source)))
    return _merge(ops)


def _merge(ops: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Join neighbouring opcodes of the same kind (the backward and forward walks meet)."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if out and out[-1][0] == op[0] == "equal" and out[-1][2] == op[1]:
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        elif op[2] > op[1] or op[4] > op[3]:
            out.append(op)
    return out


def _gap_edits(line: str, source: str, offset: int, lenient: bool,
               signals: list[int]) -> list[Edit]:
    """Insertions that turn ``line`` into ``source`` inside their common stretch.

    Without a reference copy (``lenient``), a gap must lie near a sign of damage, at a
    boundary between runs of different kinds, and be short.
    """
    ctx_needed = 2 if lenient else MIN_CONTEXT  # a reference copy is evidence enough
    ops = align(line, source, k=4 if lenient else 8)
    edits: list[Edit] = []
    cluster: list[Edit] = []
    # with a reference copy, the start of both texts is as good as exact context
    left_context = ctx_needed if lenient and ops and ops[0][1] == ops[0][3] == 0 else 0
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            # with a reference copy, the end of both texts is as good as exact context
            at_end = lenient and a2 == len(line) and b2 == len(source)
            if cluster and ((a2 - a1) >= ctx_needed or at_end) and left_context >= ctx_needed:
                edits.extend(cluster)
                cluster = []
            if (a2 - a1) >= ctx_needed:
                left_context = a2 - a1
                cluster = []
            continue
        if tag != "insert" or left_context < ctx_needed:
            cluster, left_context = [], 0
            continue
        gap = source[b1:b2]
        if not lenient and not any(abs(sig - a1) <= 40 for sig in signals):
            cluster, left_context = [], 0  # no sign of damage near this difference
            continue
        if not lenient and (not gap.strip() or gap[0] == " "):
            cluster, left_context = [], 0  # spacing differences are not dropped text
            continue
        before = line[a1 - 1] if a1 else ""
        after = line[a1] if a1 < len(line) else ""
        if len(gap.replace(" ", "")) > (10 if lenient else MAX_GAP):
            cluster, left_context = [], 0
            continue
        if not lenient and (before.isspace() or after.isspace() or not after
                            or (_char_class(before) == _char_class(after) == "word")):
            cluster, left_context = [], 0  # a word boundary or inside a word: a paraphrase?
            continue
        cluster.append(Edit(offset + a1, offset + a1, gap))
    if cluster and lenient and ops[-1][0] == "insert" and ops[-1][2] == len(line) \
            and ops[-1][4] == len(source) and left_context >= ctx_needed:
        edits.extend(cluster)  # a gap at the very end of both texts
    return edits


def _windows(line: str, signals: list[int], lenient: bool) -> list[tuple[int, str, list[int]]]:
    """The stretches of ``line`` to align, with the damage signals inside each: all of it
    with a reference copy, else the neighbourhood of each sign of damage."""
    if lenient:
        return [(0, line, signals)]
    spans: list[tuple[int, int]] = []
    for sig in sorted(signals):
        a, b = max(0, sig - 50), min(len(line), sig + 50)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return [(a, line[a:b], [g - a for g in signals if a <= g < b]) for a, b in spans]


def _reference_findings(text: str, lines: list[tuple[int, str]], reference: str | None,
                        signals: dict[int, list[int]]) -> list[Finding]:
    out = []
    lenient = reference is not None
    indices = range(len(lines)) if lenient else sorted(signals)
    budget = MAX_ALIGNMENTS
    for index in indices:
        offset, line = lines[index]
        if len(line) < (MIN_CONTEXT if lenient else 2 * MIN_CONTEXT):
            continue
        for start, window, inside in _windows(line, signals.get(index, []), lenient):
            budget -= 1
            if budget < 0:
                return out
            best: list[Edit] = []
            for source in _sources(text, window, index, reference):
                edits = _gap_edits(window, source, offset + start, lenient, inside)
                if len(edits) > len(best):
                    best = edits
            for e in best:
                where = "the reference copy" if lenient else "an intact copy elsewhere in the document"
                out.append(Finding(
                    "TF401", "dropped-run", e.start, e.end,
                    f"dropped text {e.replacement!r} restored from {where}", 0.95, (e,),
                    Applicability.GUESS,
                ))
    return out


# ---------------------------------------------------------------- quotes


def _phrase_before(line: str, end: int, max_words: int = 5) -> list[int]:
    """Start offsets of the 1..max_words-word phrases that end at ``end``."""
    starts = []
    i = end
    words = 0
    while i > 0 and words < max_words:
        j = i
        while j > 0 and line[j - 1] == " ":
            j -= 1
        k = j
        while k > 0 and line[k - 1] not in _PHRASE_STOP and line[k - 1] != " ":
            k -= 1
        if k == j:
            break
        starts.append(k)
        words += 1
        i = k
        if k == 0 or line[k - 1] in _PHRASE_STOP:
            break
    return starts


def _restore_opening(text: str, line: str, offset: int, pos: int, closer: str) -> Finding | None:
    opener = CLOSING.get(closer, closer)
    best = None
    for start in _phrase_before(line, pos):
        phrase = line[start:pos]
        if len(phrase.replace(" ", "")) < 2 or not _HANGUL_RE.search(line):
            continue
        if start and line[start - 1] == opener:
            return None  # already opened right there
        quoted = f"{opener}{phrase}{closer}"
        here = offset + start - 1
        if any(m.start() != here for m in re.finditer(re.escape(quoted), text)):
            best = (start, phrase, 0.93, "is quoted intact elsewhere in the document")
        elif closer in CLOSING and " " in phrase and text.count(phrase) >= 2:
            # (a straight quote's side is a guess: recurrence alone is not evidence for it)
            best = (start, phrase, 0.9, "recurs in the document")
    if best is None:
        return None
    start, phrase, conf, why = best
    return Finding(
        "TF403", "missing-opening-quote", offset + start, offset + pos + 1,
        f"closing {closer} has no opening partner; the phrase {phrase!r} {why}", conf,
        (Edit(offset + start, offset + start, opener),), Applicability.GUESS,
    )


_CLAUSE_START = re.compile("[.!?]\\s+")


def _unpaired(line: str, offset: int, pos: int) -> Finding:
    """Flag an unpaired closing quote; the span runs from where its opener could be (the
    sentence start, looked for at most 300 characters back)."""
    start = max(0, pos - 300)
    for m in _CLAUSE_START.finditer(line, start, pos):
        start = m.end()
    start += len(line[start:pos]) - len(line[start:pos].lstrip())
    return Finding(
        "TF404", "unpaired-quote", offset + start, offset + pos + 1,
        f"closing {line[pos]} has no opening partner: an opening quote was probably dropped "
        "somewhere in this span", 0.45,
    )


def _quotes_look_paired(line: str) -> bool:
    """Cheap test (the fast path): every quote style is balanced and no closer opens."""
    if any(line.count(o) != line.count(c) for o, c in CURLY.items()):
        return False
    if line.count('"') % 2 or line.count("'") % 2:
        return False
    return not any(f"{p}{c}" in line for p in " ([<" for c in CLOSING) and line[:1] not in CLOSING


def _quote_findings(text: str, line: str, offset: int, stack: list[tuple[str, int]],
                    budget: list[int]) -> list[Finding]:
    """Pair the quotes of one line; ``stack`` carries open quotes over hard-wrapped lines;
    ``budget`` counts down the phrase searches left for this text."""
    out: list[Finding] = []

    def lone(i: int, ch: str) -> Finding:
        budget[0] -= 1
        if budget[0] >= 0:
            found = _restore_opening(text, line, offset, i, ch)
            if found is not None:
                return found
        return _unpaired(line, offset, i)

    def close(opener: str) -> bool:
        if any(q == opener for q, _ in stack):
            while stack and stack[-1][0] != opener:
                stack.pop()
            stack.pop()
            return True
        return False

    for i, ch in enumerate(line):
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if ch in CURLY:
            stack.append((ch, offset + i))
        elif ch in CLOSING:
            opener = CLOSING[ch]
            if prev.isalpha() and nxt.isalpha() and prev.isascii() and nxt.isascii():
                continue  # an apostrophe: don’t
            if (not prev or prev.isspace() or prev in "([<") and nxt and _WORD.match(nxt) \
                    and all(q != opener for q, _ in stack):
                out.append(Finding(
                    "TF402", "quote-orientation", offset + i, offset + i + 1,
                    f"{ch} opens a quotation here; the opening form is {opener}",
                    0.45 if nxt.isdigit() else 0.92,
                    (Edit(offset + i, offset + i + 1, opener),), Applicability.GUESS,
                ))
                stack.append((opener, offset + i))
                continue
            if not close(opener):
                out.append(lone(i, ch))
        elif ch in _STRAIGHT:
            if prev.isalnum() and nxt.isalnum() and prev.isascii() and nxt.isascii():
                continue  # an apostrophe or a measure: don't, 5'10
            opening = (not prev or not (prev.isalnum() or prev in ").,!?…’”」』" + _STRAIGHT)) \
                and nxt and not nxt.isspace()
            ambiguous = prev.isalnum() and nxt.isalnum()  # 의원은"서울 or 것"이라며
            if opening or (ambiguous and all(q != ch for q, _ in stack)):
                stack.append((ch, offset + i))
            elif not close(ch):
                out.append(lone(i, ch))
    return out


# ---------------------------------------------------------------- flags


_WORDISH = re.compile("[가-힣\u4e00-\u9fff ]")


def _suggest_particle(text: str, gap: int, word: str, lm, code: str, kind: str,
                      start: int, end: int, message: str) -> Finding:
    """A flag at a gap where a particle was lost; with a language model, the particle
    it reads best there, offered as a suggestion (below the default threshold)."""
    if lm is None:
        return Finding(code, kind, start, end, message, 0.45)
    from textfix.scoring.kiwi import PARTICLES

    left, right = text[max(0, gap - 30):gap], text[gap:gap + 30]
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
        return Finding(code, kind, start, end, message, 0.45)
    insert = best[1]
    return Finding(code, kind, start, end,
                   f"{message}; the language model reads {insert.strip()!r} best here", 0.45,
                   (Edit(gap, gap, insert),), Applicability.GUESS)


def _flags(text: str, lm=None) -> list[Finding]:
    """Dropped runs with no evidence to restore them: flags only (one scan each); with a
    language model, particle suggestions where a particle was lost."""
    out = []

    def before(m: re.Match) -> str:
        return text[m.start() - 1] if m.start() else ""

    empties = _EMPTY_RE.finditer(text) if any(e in text for e in _EMPTIES) else ()
    for m in empties:
        if _WORDISH.match(before(m)):  # 주() - not f() in code
            out.append(Finding("TF405", "empty-brackets", m.start(), m.end(),
                               "empty brackets: the text inside was probably dropped", 0.45))
    dots = _DOTS_RE.finditer(text) if any(d in text for d in ("··", "ㆍㆍ", "・・")) else ()
    for m in [*dots, *_COMMAS_RE.finditer(text)]:
        between = bool(_WORD.match(before(m)) and m.end() < len(text) and _WORD.match(text[m.end()]))
        out.append(Finding("TF406", "separator-run", m.start(), m.end(),
                           "separators in a row: list items between them were probably dropped",
                           0.45 if between else 0.2))
    for m in _GLUED_NUMBER_RE.finditer(text):
        if m.start() >= 2 and text[m.start() - 1].isdigit() and not re.match("[0-9.,]", text[m.start() - 2]):
            out.append(Finding("TF407", "glued-number", m.start() - 1, m.end() + 1,
                               "a number runs into the next word: a counter, a particle or a "
                               "quote was probably dropped", 0.4))
    for m in _NUMBER_WORD_RE.finditer(text):
        if not before(m).isalnum():
            out.append(Finding("TF407", "glued-number", m.start(), m.end(),
                               "a number runs into a word that does not count it: a counter or a "
                               "particle may have been dropped", 0.3))
    for m in _ORPHAN_PARTICLE_RE.finditer(text):
        out.append(Finding("TF410", "orphan-particle", m.start(1), m.end(1),
                           f"the particle {m.group(1)!r} opens a phrase after a comma: the word it "
                           "belongs to was probably dropped", 0.45))
    out.extend(_bracket_balance(text))
    for m in _CAPS_RE.finditer(text):
        run = m.group()
        half = len(run) // 2
        if len(run) % 2 == 0 and run[:half] == run[half:] and len(set(run)) > 1 \
                and not before(m).isalpha():  # AIAI, not YYYY
            out.append(_suggest_particle(
                text, m.start() + half, run[:half], lm, "TF408", "doubled-token", m.start(), m.end(),
                f"{run[:half]!r} twice in a row: a particle or word between them was probably dropped"))
    for m in _BRACKET_QUOTE_RE.finditer(text):
        if _WORD.match(before(m)):
            opened = text.rfind("(", 0, m.start())
            word = text[opened + 1:m.start()] if 0 <= opened > m.start() - 30 else before(m)
            out.append(_suggest_particle(
                text, m.start() + 1, word + ")", lm, "TF409", "missing-particle", m.start(), m.end(),
                "a closing bracket runs into a quotation: a particle (를, 을, 와 ...) was "
                "probably dropped"))
    return out


def _bracket_balance(text: str) -> list[Finding]:
    """Brackets that open and never close on their line, or close and never opened, in a
    text whose brackets do not balance (lines whose counts agree are taken as balanced)."""
    out: list[Finding] = []
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
                out.append(Finding("TF411", "unbalanced-bracket", offset + m.start(), offset + m.end(),
                                   "a closing bracket with no opening one", 0.3))
        for pos in stack:
            out.append(Finding("TF411", "unbalanced-bracket", offset + pos, offset + pos + 1,
                               "an opening bracket that is never closed", 0.3))
    return out


def _all_quote_findings(text: str) -> list[Finding]:
    """Quote findings of every line; lines whose quotes pair up are skipped cheaply."""
    out: list[Finding] = []
    stack: list[tuple[str, int]] = []
    # each phrase search scans the whole text: fewer of them in a long one
    budget = [min(MAX_PHRASE_SEARCHES, max(20, 20_000_000 // max(1, len(text))))]
    for offset, line in lines_matching(text, _QUOTE_RE):
        # a quotation may run over a few hard-wrapped lines (PDF text), not further
        if stack:
            stack[:] = [(q, at) for q, at in stack if offset - at <= QUOTE_REACH]
        if not _quotes_look_paired(line) and not _RTL_SCRIPT.search(line):
            # (right-to-left scripts have their own quote conventions: ”Control“ in Arabic)
            out.extend(_quote_findings(text, line, offset, stack, budget))
    return out


def run(text: str, ctx) -> list[Finding]:
    """Findings of the dropped-text stage on ``text``."""
    reference = getattr(ctx, "reference", None)
    lines = split_lines(text)
    starts = [o for o, _ in lines]
    # with a reference copy, the copy is the evidence for quotes too: no guessing
    quotes = [f for f in _all_quote_findings(text) if not (reference and f.edits)]
    flags = _flags(text, ctx.language_model() if ctx is not None and _PARTICLE_GAP.search(text)
                   else None)
    signals: dict[int, list[int]] = {}
    lone = [f.end - 1 for f in quotes if f.code in ("TF403", "TF404")]
    for pos in [f.start for f in flags if f.confidence >= 0.4] + lone:
        k = bisect.bisect_right(starts, pos) - 1
        signals.setdefault(k, []).append(pos - starts[k])
    restored = _reference_findings(text, lines, reference, signals)
    touched = {bisect.bisect_right(starts, f.start) - 1 for f in restored}
    # quotes on a line restored from a copy are judged again on the result, next pass
    kept = [f for f in quotes if bisect.bisect_right(starts, f.start) - 1 not in touched]
    return restored + kept + flags
