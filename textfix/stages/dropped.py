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

>>> from textfix.context import Context
>>> from textfix.config import Config
>>> [f.code for f in run("이번 포럼은 ’K-방산 육성 과제를 다룬다.", Context(Config()))]
['TF402']
"""

from __future__ import annotations

import bisect
import re

from textfix.lines import lines_matching, split_lines
from textfix.model import Detection, Edit
from textfix.rules import RULES

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
#: Without a reference copy, a restored gap lies at most this far from a sign of damage.
SIGNAL_REACH = 40
#: A gap this close to a strong sign of damage (a lone quote, a doubled token) is taken
#: as part of that damage.
STRONG_SIGNAL_REACH = 24
#: Flags at or above this confidence are strong signs of damage.
STRONG_SIGNAL = 0.45
#: Flags at or above this confidence are signs of damage that justify looking for a copy.
SIGNAL_CONFIDENCE = 0.4


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


#: Grams that stand in more lines than this are too common to say that two lines are
#: copies of each other (spaces, "니다. "): they are not counted as evidence.
MAX_GRAM_LINES = 16
#: With a reference copy, the lines sharing most with a window that are aligned with it
#: (the copy of a line shares most of it; the rest share common words).
MAX_REFERENCE_SOURCES = 5
#: A window's probes are counted against at most this many source lines per gram.
MAX_WINDOWS_PER_GRAM = 8


class CopyIndex:
    """Which lines share long exact substrings with which windows, found in one pass.

    The probe grams of every window are collected first; then each candidate line (the
    document's, and the reference copy's) is read once, at a stride, and its grams are
    looked up among the probes.  A shared stretch of ``k + stride - 1`` characters holds
    at least one gram read from the line, so the work is linear in the text and the
    windows, with no per-window rescan of the document.
    """

    def __init__(self, k: int, stride: int) -> None:
        self.k, self.stride = k, stride
        self._probes: dict[str, list[int]] = {}
        self._windows: list[tuple[str, int]] = []

    def add_window(self, window: str, line_index: int) -> int:
        """Register a window (its own line is never its source); returns its id."""
        wid = len(self._windows)
        self._windows.append((window, line_index))
        k = self.k
        for i in range(len(window) - k + 1):
            ids = self._probes.setdefault(window[i:i + k], [])
            if len(ids) < MAX_WINDOWS_PER_GRAM and (not ids or ids[-1] != wid):
                ids.append(wid)
        return wid

    def sources(self, lines: list[str], reference: list[str]) -> list[list[tuple[int, str]]]:
        """Per window, the (hits, line) of every candidate line sharing a probe with it."""
        hits: list[dict[int, int]] = [{} for _ in self._windows]
        seen_lines: dict[str, int] = {}
        k, probes = self.k, self._probes
        candidates = [*lines, *reference]
        for number, line in enumerate(candidates):
            if len(line) < k or not probes:
                continue
            for i in range(0, len(line) - k + 1, self.stride):
                ids = probes.get(line[i:i + k])
                if ids is None:
                    continue
                gram = line[i:i + k]
                count = seen_lines.get(gram, 0)
                if count >= MAX_GRAM_LINES:
                    continue
                seen_lines[gram] = count + 1
                for wid in ids:
                    if number != self._windows[wid][1]:
                        hits[wid][number] = hits[wid].get(number, 0) + 1
        return [[(n, candidates[number]) for number, n in h.items()] for h in hits]


def _sources(hits: list[tuple[int, str]], window: str, reference: str | None) -> list[str]:
    """The lines worth aligning with ``window``: with a reference copy every line that
    shares anything, else the few lines sharing most of it (a copy shares much)."""
    hits = sorted(((n, c) for n, c in hits if c != window), key=lambda h: -h[0])
    if reference:
        return [c for _, c in hits[:MAX_REFERENCE_SOURCES]]
    return [c for n, c in hits[:3] if n >= 2]


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
        if not lenient and not any(abs(sig - a1) <= SIGNAL_REACH for sig in signals):
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


def _damage_signals(text: str) -> int:
    """How many signs of dropped text ``text`` shows: lone quotes, and flags at 0.4 or up."""
    quotes = sum(f.code in ("TF403", "TF404") for f in _all_quote_findings(text))
    return quotes + sum(f.confidence >= SIGNAL_CONFIDENCE for f in _flags(text))


def _resolves_damage(window: str, edits: list[Edit], offset: int) -> bool:
    """Whether restoring ``edits`` into ``window`` removes signs of damage: the evidence that
    this copy, and not its longer twin, is the damaged one (two lines that differ are
    usually both right)."""
    local = [Edit(e.start - offset, e.end - offset, e.replacement) for e in edits]
    parts, pos = [], 0
    for e in sorted(local, key=lambda e: e.start):
        parts += [window[pos:e.start], e.replacement]
        pos = e.end
    parts.append(window[pos:])
    return _damage_signals("".join(parts)) < _damage_signals(window)


def _evidenced(window: str, edits: list[Edit], offset: int, strong: list[int]) -> bool:
    """A restoration without a reference copy needs evidence that this copy is the damaged
    one: it removes signs of damage, or every gap lies right next to a strong sign."""
    if all(any(abs(e.start - g) <= STRONG_SIGNAL_REACH for g in strong) for e in edits):
        return True
    return _resolves_damage(window, edits, offset)


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


def _reference_findings(lines: list[tuple[int, str]], reference: str | None,
                        signals: dict[int, list[int]], strong: list[int]) -> list[Detection]:
    out = []
    lenient = reference is not None
    indices = range(len(lines)) if lenient else sorted(signals)
    index = CopyIndex(k=4, stride=2) if lenient else CopyIndex(k=8, stride=4)
    jobs = []
    for number in indices:
        offset, line = lines[number]
        if len(line) < (MIN_CONTEXT if lenient else 2 * MIN_CONTEXT):
            continue
        for start, window, inside in _windows(line, signals.get(number, []), lenient):
            if len(jobs) >= MAX_ALIGNMENTS:
                break
            jobs.append((index.add_window(window, number), offset + start, window, inside))
    if not jobs:
        return out
    found = index.sources([ln for _, ln in lines], reference.split("\n") if reference else [])
    for wid, offset, window, inside in jobs:
        near = [g for g in strong if offset <= g < offset + len(window)]
        best: list[Edit] = []
        for source in _sources(found[wid], window, reference):
            edits = _gap_edits(window, source, offset, lenient, inside)
            if len(edits) > len(best) and (lenient or _evidenced(window, edits, offset, near)):
                best = edits
        for e in best:
            where = "the reference copy" if lenient else "an intact copy elsewhere in the document"
            out.append(RULES["TF401"].detect(e.start, e.end,
                f"dropped text {e.replacement!r} restored from {where}", 0.95, (e,)
            ))
    return out


# ---------------------------------------------------------------- quotes


#: A phrase that lost its opening quote is at most this many characters long: longer
#: stretches are not searched (they are not quoted phrases, and the search must stay linear).
MAX_PHRASE_CHARS = 80
#: Open quotations carried at once; deeper nesting is not written text, so the oldest
#: are dropped (this keeps pairing linear on hostile input).
MAX_OPEN_QUOTES = 32
#: Characters a text may be scanned for in total when asking whether a phrase recurs
#: (each ask reads the whole text): past it, a lone quote is flagged, not searched.
MAX_RECURRENCE_SCAN = 20_000_000
#: Characters before a phrase compared with its other occurrences: the same context there
#: means a copy of the same sentence, not a name used again.
RECURRENCE_CONTEXT = 6
#: Occurrences of a phrase looked at (a name recurs a few times, not thousands).
MAX_OCCURRENCES = 64


def _phrase_before(line: str, end: int, max_words: int = 5) -> list[int]:
    """Start offsets of the 1..max_words-word phrases that end at ``end``.

    >>> line = "그는 서울 한강’ 구상"
    >>> [line[s:8] for s in _phrase_before(line, line.index("’"))]
    ['한강', '서울 한강', '그는 서울 한강']
    """
    starts = []
    i = end
    words = 0
    floor = max(0, end - MAX_PHRASE_CHARS)
    while i > floor and words < max_words:
        j = i
        while j > floor and line[j - 1] == " ":
            j -= 1
        k = j
        while k > floor and line[k - 1] not in _PHRASE_STOP and line[k - 1] != " ":
            k -= 1
        if k == j or (k == floor and floor > 0):
            break
        starts.append(k)
        words += 1
        i = k
        if k == 0 or line[k - 1] in _PHRASE_STOP:
            break
    return starts


class QuoteEvidence:
    """What a text says about its own quotations, read once: every phrase quoted intact
    (per quote pair), and a budget for asking whether a phrase recurs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quoted: set[tuple[str, str]] = set()
        for opener, closer in (*CURLY.items(), ('"', '"'), ("'", "'")):
            if opener not in text:
                continue
            o, c = re.escape(opener), re.escape(closer)
            pattern = re.compile(f"{o}([^{o}{c}\n]{{1,{MAX_PHRASE_CHARS}}}){c}")
            self.quoted.update((opener, m.group(1)) for m in pattern.finditer(text))
        self.scan_left = MAX_RECURRENCE_SCAN

    def recurs_as_unit(self, phrase: str, closer: str, before: str) -> bool:
        """Whether ``phrase`` recurs as a unit (a name): closed by ``closer`` in another place
        too, or used again in another context.  A copy of the same sentence (the same
        ``before`` context) without the quote is no evidence.  Within the scan budget."""
        self.scan_left -= len(self.text)
        if self.scan_left < 0:
            return False
        text, n = self.text, len(phrase)
        opener = CLOSING.get(closer, closer)
        closed = same_context = found = 0
        at = text.find(phrase)
        while at >= 0 and found < MAX_OCCURRENCES:
            found += 1
            if text.startswith(closer, at + n):
                lead = text[max(0, at - MAX_PHRASE_CHARS, text.rfind("\n", 0, at) + 1):at]
                if lead.rfind(opener) > lead.rfind(closer):
                    return False  # the tail of a longer quotation there: it starts earlier
                closed += 1
            same_context += bool(before) and text[max(0, at - len(before)):at] == before
            at = text.find(phrase, at + 1)
        if found < 2:
            return False
        return closed >= 2 or same_context < 2



def _restore_opening(evidence: QuoteEvidence, line: str, offset: int, pos: int,
                     closer: str) -> Detection | None:
    opener = CLOSING.get(closer, closer)
    best = None
    if not _HANGUL_RE.search(line):
        return None
    for start in _phrase_before(line, pos):
        phrase = line[start:pos]
        if len(phrase.replace(" ", "")) < 2:
            continue
        if start and line[start - 1] == opener:
            return None  # already opened right there
        if (opener, phrase) in evidence.quoted:
            best = (start, phrase, 0.93, "is quoted intact elsewhere in the document")
        elif closer in CLOSING and " " in phrase and evidence.recurs_as_unit(
                phrase, closer, line[max(0, start - RECURRENCE_CONTEXT):start]):
            # a name used in several sentences, or quoted elsewhere too: its opener was lost
            # (a straight quote's side is a guess: recurrence alone is not evidence for it)
            best = (start, phrase, 0.9, "recurs as a unit in the document")
    if best is None:
        return None
    start, phrase, conf, why = best
    return RULES["TF403"].detect(offset + start, offset + pos + 1,
        f"closing {closer} has no opening partner; the phrase {phrase!r} {why}", conf,
        (Edit(offset + start, offset + start, opener),)
    )


_CLAUSE_START = re.compile("[.!?]\\s+")


def _unpaired(line: str, offset: int, pos: int) -> Detection:
    """Flag an unpaired closing quote; the span runs from where its opener could be (the
    sentence start, looked for at most 300 characters back)."""
    start = max(0, pos - 300)
    for m in _CLAUSE_START.finditer(line, start, pos):
        start = m.end()
    start += len(line[start:pos]) - len(line[start:pos].lstrip())
    return RULES["TF404"].detect(offset + start, offset + pos + 1,
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


class OpenQuotes:
    """The quotations open so far (carried over hard-wrapped lines), at most
    :data:`MAX_OPEN_QUOTES` of them, with a count per opener so that asking whether one
    is open costs nothing."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, int]] = []
        self.counts: dict[str, int] = {}

    def __contains__(self, opener: str) -> bool:
        return self.counts.get(opener, 0) > 0

    def push(self, opener: str, at: int) -> None:
        if len(self.stack) >= MAX_OPEN_QUOTES:
            self._drop(0)
        self.stack.append((opener, at))
        self.counts[opener] = self.counts.get(opener, 0) + 1

    def _drop(self, i: int) -> None:
        opener, _ = self.stack.pop(i)
        self.counts[opener] -= 1

    def close(self, opener: str) -> bool:
        """Close the innermost ``opener`` (and what opened inside it); False if none is open."""
        if opener not in self:
            return False
        while self.stack[-1][0] != opener:
            self._drop(-1)
        self._drop(-1)
        return True

    def forget_before(self, offset: int) -> None:
        """Drop quotations opened more than :data:`QUOTE_REACH` characters before ``offset``."""
        while self.stack and offset - self.stack[0][1] > QUOTE_REACH:
            self._drop(0)


def _quote_findings(evidence: QuoteEvidence, line: str, offset: int, stack: OpenQuotes,
                    budget: list[int]) -> list[Detection]:
    """Pair the quotes of one line; ``stack`` carries open quotes over hard-wrapped lines;
    ``budget`` counts down the phrase searches left for this text."""
    out: list[Detection] = []

    def lone(i: int, ch: str) -> Detection:
        budget[0] -= 1
        if budget[0] >= 0:
            found = _restore_opening(evidence, line, offset, i, ch)
            if found is not None:
                return found
        return _unpaired(line, offset, i)

    close = stack.close

    for i, ch in enumerate(line):
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if ch in CURLY:
            stack.push(ch, offset + i)
        elif ch in CLOSING:
            opener = CLOSING[ch]
            if prev.isalpha() and nxt.isalpha() and prev.isascii() and nxt.isascii():
                continue  # an apostrophe: don’t
            if (not prev or prev.isspace() or prev in "([<") and nxt and _WORD.match(nxt) \
                    and opener not in stack:
                out.append(RULES["TF402"].detect(offset + i, offset + i + 1,
                    f"{ch} opens a quotation here; the opening form is {opener}",
                    0.45 if nxt.isdigit() else 0.92,
                    (Edit(offset + i, offset + i + 1, opener),)
                ))
                stack.push(opener, offset + i)
                continue
            if not close(opener):
                out.append(lone(i, ch))
        elif ch in _STRAIGHT:
            if prev.isalnum() and nxt.isalnum() and prev.isascii() and nxt.isascii():
                continue  # an apostrophe or a measure: don't, 5'10
            opening = (not prev or not (prev.isalnum() or prev in ").,!?…’”」』" + _STRAIGHT)) \
                and nxt and not nxt.isspace()
            ambiguous = prev.isalnum() and nxt.isalnum()  # 의원은"서울 or 것"이라며
            if opening or (ambiguous and ch not in stack):
                stack.push(ch, offset + i)
            elif not close(ch):
                out.append(lone(i, ch))
    return out


# ---------------------------------------------------------------- flags


#: A particle suggested at a gap is a reviewer's hint, never applied by default.
PARTICLE_CONFIDENCE = 0.45
_WORDISH = re.compile("[가-힣\u4e00-\u9fff ]")


def _suggest_particle(text: str, gap: int, word: str, lm, code: str,
                      start: int, end: int, message: str) -> Detection:
    """A flag at a gap where a particle was lost; with a language model, the particle
    it reads best there, offered as a suggestion (below the default threshold)."""
    if lm is None:
        return RULES[code].detect(start, end, message, PARTICLE_CONFIDENCE)
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
        return RULES[code].detect(start, end, message, PARTICLE_CONFIDENCE)
    insert = best[1]
    return RULES[code].detect(start, end,
                              f"{message}; the language model reads {insert.strip()!r} best here",
                              PARTICLE_CONFIDENCE, (Edit(gap, gap, insert),))


def _flags(text: str, lm=None) -> list[Detection]:
    """Dropped runs with no evidence to restore them: flags only (one scan each); with a
    language model, particle suggestions where a particle was lost."""
    out = []

    def before(m: re.Match) -> str:
        return text[m.start() - 1] if m.start() else ""

    empties = _EMPTY_RE.finditer(text) if any(e in text for e in _EMPTIES) else ()
    for m in empties:
        if _WORDISH.match(before(m)):  # 주() - not f() in code
            out.append(RULES["TF405"].detect(m.start(), m.end(),
                               "empty brackets: the text inside was probably dropped", 0.45))
    dots = _DOTS_RE.finditer(text) if any(d in text for d in ("··", "ㆍㆍ", "・・")) else ()
    for m in [*dots, *_COMMAS_RE.finditer(text)]:
        between = bool(_WORD.match(before(m)) and m.end() < len(text) and _WORD.match(text[m.end()]))
        out.append(RULES["TF406"].detect(m.start(), m.end(),
                           "separators in a row: list items between them were probably dropped",
                           0.45 if between else 0.2))
    for m in _GLUED_NUMBER_RE.finditer(text):
        if m.start() >= 2 and text[m.start() - 1].isdigit() and not re.match("[0-9.,]", text[m.start() - 2]):
            out.append(RULES["TF407"].detect(m.start() - 1, m.end() + 1,
                               "a number runs into the next word: a counter, a particle or a "
                               "quote was probably dropped", 0.4))
    for m in _NUMBER_WORD_RE.finditer(text):
        if not before(m).isalnum():
            out.append(RULES["TF407"].detect(m.start(), m.end(),
                               "a number runs into a word that does not count it: a counter or a "
                               "particle may have been dropped", 0.3))
    for m in _ORPHAN_PARTICLE_RE.finditer(text):
        out.append(RULES["TF410"].detect(m.start(1), m.end(1),
                           f"the particle {m.group(1)!r} opens a phrase after a comma: the word it "
                           "belongs to was probably dropped", 0.45))
    out.extend(_bracket_balance(text))
    for m in _CAPS_RE.finditer(text):
        run = m.group()
        half = len(run) // 2
        if len(run) % 2 == 0 and run[:half] == run[half:] and len(set(run)) > 1 \
                and not before(m).isalpha():  # AIAI, not YYYY
            out.append(_suggest_particle(
                text, m.start() + half, run[:half], lm, "TF408", m.start(), m.end(),
                f"{run[:half]!r} twice in a row: a particle or word between them was probably dropped"))
    for m in _BRACKET_QUOTE_RE.finditer(text):
        if _WORD.match(before(m)):
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
                                   "a closing bracket with no opening one", 0.3))
        for pos in stack:
            out.append(RULES["TF411"].detect(offset + pos, offset + pos + 1,
                               "an opening bracket that is never closed", 0.3))
    return out


def _all_quote_findings(text: str) -> list[Detection]:
    """Quote findings of every line; lines whose quotes pair up are skipped cheaply."""
    out: list[Detection] = []
    stack = OpenQuotes()
    evidence: QuoteEvidence | None = None
    budget = [MAX_PHRASE_SEARCHES]
    for offset, line in lines_matching(text, _QUOTE_RE):
        # a quotation may run over a few hard-wrapped lines (PDF text), not further
        stack.forget_before(offset)
        if not _quotes_look_paired(line) and not _RTL_SCRIPT.search(line):
            # (right-to-left scripts have their own quote conventions: ”Control“ in Arabic)
            evidence = evidence or QuoteEvidence(text)
            out.extend(_quote_findings(evidence, line, offset, stack, budget))
    return out


def run(text: str, ctx) -> list[Detection]:
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
    for pos in [f.start for f in flags if f.confidence >= SIGNAL_CONFIDENCE] + lone:
        k = bisect.bisect_right(starts, pos) - 1
        signals.setdefault(k, []).append(pos - starts[k])
    strong = [f.start for f in flags if f.confidence >= STRONG_SIGNAL] + lone
    restored = _reference_findings(lines, reference, signals, strong)
    touched = {bisect.bisect_right(starts, f.start) - 1 for f in restored}
    # quotes on a line restored from a copy are judged again on the result, next pass
    kept = [f for f in quotes if bisect.bisect_right(starts, f.start) - 1 not in touched]
    return restored + kept + flags
