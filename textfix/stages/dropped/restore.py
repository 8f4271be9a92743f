"""``TF401 dropped-run``: short runs restored from an intact copy of the passage, found
elsewhere in the document or in a reference copy, aligned in linear time.

Without a reference copy, a restoration needs evidence that this copy is the damaged one:
the gaps lie near signs of damage (a lone quote, a doubled token, empty brackets), and
restoring them removes such signs or sits right next to a strong one.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import HANGUL_RE
from textfix.script import char_class as _char_class
from textfix.stages.dropped.flags import flags as _flags
from textfix.stages.dropped.quotes import quote_detections

#: Grams of a line tried as the anchor of an alignment (each is looked for in the whole
#: source line): a copy shares one of its first grams, or is not a copy worth aligning.
MAX_ANCHOR_TRIES = 64
#: A restoration copies the text of an intact copy, with evidence that this one is damaged.
RESTORED = 0.95
#: Exact characters a restored gap needs on each side in the document (a reference copy
#: is evidence enough with 2).
MIN_CONTEXT = 8
#: Work caps per text, so that a huge document of damage stays linear: beyond them the
#: remaining damage is flagged, not searched for evidence.
MAX_ALIGNMENTS = 300
#: Characters a gap restored from the document may hold (what a scraper drops is short).
MAX_GAP = 4
#: Without a reference copy, a restored gap lies at most this far from a sign of damage.
SIGNAL_REACH = 40
#: A gap this close to a strong sign of damage (a lone quote, a doubled token) is taken
#: as part of that damage.
STRONG_SIGNAL_REACH = 24
#: Flags at or above this confidence are strong signs of damage.
STRONG_SIGNAL = 0.45
#: Flags at or above this confidence are signs that justify looking for a copy.
SIGNAL_CONFIDENCE = 0.4


#: Grams that stand in more lines than this are too common to say that two lines are
#: copies of each other (spaces, "니다. "): they are not counted as evidence.
MAX_GRAM_LINES = 16
#: With a reference copy, the lines sharing most with a window that are aligned with it
#: (the copy of a line shares most of it; the rest share common words).
MAX_REFERENCE_SOURCES = 5
#: A window's probes are counted against at most this many source lines per gram.
MAX_WINDOWS_PER_GRAM = 8
#: Candidate lines whose grams are looked up together (most blocks hold no probe).
SOURCE_BLOCK = 32


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
        stride = self.stride
        if not probes:
            return [[] for _ in hits]
        for number in self._hit_candidates(candidates):
            line = candidates[number]
            for gram in [line[i:i + k] for i in range(0, len(line) - k + 1, stride)]:
                ids = probes.get(gram)
                if ids is None:
                    continue
                count = seen_lines.get(gram, 0)
                if count >= MAX_GRAM_LINES:
                    continue
                seen_lines[gram] = count + 1
                for wid in ids:
                    if number != self._windows[wid][1]:
                        hits[wid][number] = hits[wid].get(number, 0) + 1
        return [[(n, candidates[number]) for number, n in h.items()] for h in hits]

    def _hit_candidates(self, candidates: list[str]) -> Iterator[int]:
        """The numbers of the candidate lines that hold a probe at a stride position, in
        order.  Most lines hold none: their grams are looked up :data:`SOURCE_BLOCK` lines
        at a time, in one call."""
        k, stride, keys = self.k, self.stride, self._probes.keys()
        for first in range(0, len(candidates), SOURCE_BLOCK):
            block = candidates[first:first + SOURCE_BLOCK]
            grams = [line[i:i + k] for line in block for i in range(0, len(line) - k + 1, stride)]
            if keys.isdisjoint(grams):
                continue
            for number, line in enumerate(block, first):
                if not keys.isdisjoint([line[i:i + k] for i in range(0, len(line) - k + 1, stride)]):
                    yield number


def _sources(hits: list[tuple[int, str]], window: str, reference: str | None) -> list[str]:
    """The lines worth aligning with ``window``: with a reference copy every line that
    shares anything, else the few lines sharing most of it (a copy shares much)."""
    hits = sorted(((n, c) for n, c in hits if c != window), key=lambda h: -h[0])
    if reference:
        return list(dict.fromkeys(c for _, c in hits))[:MAX_REFERENCE_SOURCES]
    return list(dict.fromkeys(c for n, c in hits if n >= 2))[:3]  # each copy once: same text, same answer


MAX_ALIGN_GAP = 12
#: Signs of damage close together share a window, up to this many characters (a line dense
#: with signs is cut into windows this long: each alignment stays short, the work linear).
MAX_WINDOW_CHARS = 400


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
    found = _anchor(line, source, k)
    if found is None:
        return [("replace", 0, len(line), 0, len(source))]
    i, j, _ = found
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


def _anchor(line: str, source: str, k: int) -> tuple[int, int, bool] | None:
    """Where ``line`` and ``source`` first share a ``k``-gram (every other position of
    ``line`` tried, at most :data:`MAX_ANCHOR_TRIES`), and whether that ``k``-gram is found
    once on each side (a safe anchor; the first shared one is used when none is)."""
    k = min(k, len(line))
    anchor = None
    for i in range(0, min(max(1, len(line) - k + 1), 2 * MAX_ANCHOR_TRIES), 2) if k else ():
        gram = line[i:i + k]
        j = source.find(gram)
        if j < 0:
            continue
        if source.find(gram, j + 1) < 0 and line.find(gram) == i and line.find(gram, i + 1) < 0:
            return i, j, True
        anchor = anchor or (i, j, False)
    return anchor


def _repaired(window: str, edits: list[Edit], offset: int) -> str:
    """``window`` (at ``offset``) with the insertions ``edits`` made."""
    parts, last = [], 0
    for e in edits:
        parts += [window[last:e.start - offset], e.replacement]
        last = e.start - offset
    return "".join(parts) + window[last:]


def _consistent(window: str, source: str, edits: list[Edit], offset: int, k: int) -> bool:
    """Whether insertions aligned with ``source`` can be trusted: the window they repair
    reads as in ``source``, or the alignment's anchor is found once on each side (text
    repeated within a line aligns more than one way, and the greedy walk may pick a
    wrong one: then only a repair that gives the source's own text is taken)."""
    if _repaired(window, edits, offset) in source:
        return True
    found = _anchor(window, source, k)
    return found is not None and found[2]


def _merge(ops: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """Join neighbouring opcodes of the same kind (the backward and forward walks meet)."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if out and out[-1][0] == op[0] == "equal" and out[-1][2] == op[1]:
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        elif op[2] > op[1] or op[4] > op[3]:
            out.append(op)
    return out


#: Run classes a scraper does not cut into: a gap with the same one on both sides is
#: inside a run (what it drops lies between runs of different kinds: a quote, a counter).
_WHOLE_RUNS = frozenset({"word", "latin", "num"})


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
                            or _char_class(before) == _char_class(after) in _WHOLE_RUNS):
            # a word boundary, or inside a word, an identifier or a number: a paraphrase or
            # another name (prependListener next to prependOnceListener), not a dropped run
            cluster, left_context = [], 0
            continue
        cluster.append(Edit(offset + a1, offset + a1, gap))
    if cluster and lenient and ops[-1][0] == "insert" and ops[-1][2] == len(line) \
            and ops[-1][4] == len(source) and left_context >= ctx_needed:
        edits.extend(cluster)  # a gap at the very end of both texts
    if edits and not _consistent(line, source, edits, offset, k=4 if lenient else 8):
        return []
    return edits


def _damage_signals(text: str) -> int:
    """How many signs of dropped text ``text`` shows: lone quotes, and flags at 0.4 or up."""
    quotes = sum(f.code in ("TF403", "TF404") for f in quote_detections(text))
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
        if spans and a <= spans[-1][1] and b - spans[-1][0] <= MAX_WINDOW_CHARS:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    ordered = sorted(signals)

    def inside(a: int, b: int) -> list[int]:
        return [g - a for g in ordered[bisect.bisect_left(ordered, a):bisect.bisect_left(ordered, b)]]

    return [(a, line[a:b], inside(a, b)) for a, b in spans]


#: The probes of in-document copies: ``k`` characters, read every ``stride`` in a source line.
IN_DOCUMENT_K, IN_DOCUMENT_STRIDE = 8, 4
#: Hangul syllables a line needs for a copy elsewhere in the document to restore its gaps
#: (with a reference copy, any line): in-document restoration is what Korean scraping calls
#: for, built and measured on Korean news.  Elsewhere a passage that recurs longer is no
#: sign that this one lost text: a POS-tagged Chinese corpus had ``包/v`` turned into
#: ``包扶/v`` after a lone quote (a red-team run on source trees new to the project), and
#: Chinese and French catalogues of thousands of similar strings were changed too.
IN_DOCUMENT_MIN_HANGUL = 4
#: Longer texts are not checked for possible copies (:func:`copies_possible` says they may
#: hold one): the check keeps every probe of the text, and a long text's flags are a small
#: part of its repair.
COPIES_CHECK_CHARS = 20_000


def copies_possible(lines: list[tuple[int, str]]) -> bool:
    """Whether a line of the document may be restored from another without a reference
    copy: a line long enough to be aligned holds a probe (:data:`IN_DOCUMENT_K` characters)
    that another line holds at a probe position (:class:`CopyIndex`, as
    :func:`reference_detections` builds it).  A necessary condition: when it fails, no sign
    of damage can lead to an in-document restoration.

    >>> copies_possible(list(enumerate(["서울시는 20일 한강 구상을 밝혔다.", "서울시는 한강 구상을 밝혔다"])))
    True
    >>> copies_possible(list(enumerate(["서울시는 20일 한강 구상을 밝혔다.", "부산시는 다른 일을 했다."])))
    False
    """
    k, stride = IN_DOCUMENT_K, IN_DOCUMENT_STRIDE
    if sum(len(line) for _, line in lines) > COPIES_CHECK_CHARS:
        return True  # not worth the memory: assume a copy may be there
    texts = [line for _, line in lines if len(line) >= k]
    if len(texts) < 2:
        return False
    owners: dict[str, int] = {}  # probe -> the line that holds it, -1 when several do
    for number, t in enumerate(texts):
        for i in range(0, len(t) - k + 1, stride):
            if owners.setdefault(t[i:i + k], number) != number:
                owners[t[i:i + k]] = -1
    for number, t in enumerate(texts):
        if len(t) >= 2 * MIN_CONTEXT and any(
                owners.get(t[i:i + k], number) != number for i in range(len(t) - k + 1)):
            return True  # every window looked up once: linear in the text's length
    return False


def _korean(line: str) -> bool:
    """Whether ``line`` holds :data:`IN_DOCUMENT_MIN_HANGUL` Hangul syllables.

    >>> _korean("박주민 의원(서울 은평갑)"), _korean("重/v  “/w  包/v  ”/w  扶/v")
    (True, False)
    """
    need = IN_DOCUMENT_MIN_HANGUL
    return sum(1 for _ in itertools.islice(HANGUL_RE.finditer(line), need)) >= need


def reference_detections(starts: list[int], lines: list[str], reference: str | None,
                        signals: dict[int, list[int]], strong: list[int]) -> list[Detection]:
    out = []
    lenient = reference is not None
    indices = range(len(lines)) if lenient else sorted(signals)
    index = CopyIndex(k=4, stride=2) if lenient else CopyIndex(k=IN_DOCUMENT_K, stride=IN_DOCUMENT_STRIDE)
    jobs = []
    for number in indices:
        offset, line = starts[number], lines[number]
        if len(line) < (MIN_CONTEXT if lenient else 2 * MIN_CONTEXT):
            continue
        if not lenient and not _korean(line):
            continue
        for start, window, inside in _windows(line, signals.get(number, []), lenient):
            if len(jobs) >= MAX_ALIGNMENTS:
                break
            jobs.append((index.add_window(window, number), offset + start, window, inside))
    if not jobs:
        return out
    found = index.sources(lines, reference.split("\n") if reference else [])
    strong = sorted(strong)
    for wid, offset, window, inside in jobs:
        near = strong[bisect.bisect_left(strong, offset):bisect.bisect_left(strong, offset + len(window))]
        best: list[Edit] = []
        for source in _sources(found[wid], window, reference):
            edits = _gap_edits(window, source, offset, lenient, inside)
            if len(edits) > len(best) and (lenient or _evidenced(window, edits, offset, near)):
                best = edits
                if _repaired(window, edits, offset) in source:
                    break  # the window reads as this copy once repaired: no copy can do better
        for e in best:
            where = "the reference copy" if lenient else "an intact copy elsewhere in the document"
            out.append(RULES["TF401"].detect(e.start, e.end,
                f"dropped text {e.replacement!r} restored from {where}", RESTORED, (e,)
            ))
    return out


