"""Lossy Korean mojibake: UTF-8 Korean decoded as CP949 with replacement characters.

When UTF-8 bytes are decoded as CP949 with ``errors="replace"``, every byte that does not
start a CP949 character becomes U+FFFD (CPython: one per byte; browsers and Windows: one per
invalid pair, both bytes used), and the text is often saved again that way:
``�떆�뒗 20�씪`` for ``시는 20일``.  The bytes that did decode are known exactly (each
character encodes back to its CP949 bytes), and each U+FFFD stands for one or two bytes
that are tightly constrained:

- the bytes, put back together, must be UTF-8, and a lost byte inside Korean text is the
  first byte of a Hangul syllable (``EA``-``ED``) or one of its two continuation bytes
  (``80``-``BF``), or a byte of a common punctuation mark;
- CP949's decoder must have failed exactly there: the lost byte with the byte after it is
  no CP949 character (CPython), or the lost pair is none (browsers).

:func:`recover` searches the byte stream (a beam search over UTF-8 characters, each
candidate scored with the Korean character model of :mod:`textfix.encodings.model`) and
returns the most probable text with a confidence per restored character: the share of the
search's probability mass that agrees with it.  Nothing is guessed where no byte was lost.
With a language model (kiwi), :meth:`Recovery.rerank` then reads every rebuilt character
in its context, with the likeliest characters its bytes can make beside its neighbours
(:meth:`Recovery._neighbours`: the search's beam may have dropped the right one), and the
confidence becomes the share of the combined probability.  A browser's U+FFFD loses two
bytes, and thousands of syllables fit them: even kiwi cannot choose among them reliably, so
they are only framed, never written.

>>> r = recover("\\ufffd떆\\ufffd뒗 20\\ufffd씪")
>>> r.text, r.style
('시는 20일', 'python')
>>> [round(c, 2) >= 0.9 for c in r.confidence]
[True, True, True]
"""

from __future__ import annotations

import heapq
import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from textfix.encodings.model import BOUNDARY, model

REPLACEMENT = "\ufffd"
#: Characters a lost byte may belong to besides Hangul syllables: the punctuation and
#: signs of Korean text that UTF-8 writes in two or three bytes.
PUNCTUATION = "·‘’“”…–—「」『』《》〈〉【】ㆍ①②③④⑤⑥⑦⑧⑨⑩※→←↑↓∼～、。×○●□■△▲▶◆◇★☆"
#: ... and the other characters Korean text writes in three UTF-8 bytes that a lost byte may
#: belong to: the compatibility jamo (ㄱ, ㅋ, ㅠ: grammar, chat) and the ideographic space
#: (the open-world tune split rebuilt ``'ㄱ, ㄷ'`` as ``'성, 셂'`` without them).
SIGNS = PUNCTUATION + "".join(map(chr, range(0x3131, 0x318F))) + "\u3000"
#: Hypotheses kept at each step of the search (the beam): enough that the runner-up
#: readings of every gap survive to give it a confidence.
BEAM = 16
#: Candidates tried for one character with lost bytes (the likeliest by the model's
#: unigram): a syllable with both continuation bytes lost has up to 4,096.
MAX_CANDIDATES = 400
#: ... and in the broad search (any character a lost byte may belong to), the likeliest few.
MAX_CANDIDATES_BROAD = 64
#: ... and where a browser's U+FFFD took two bytes (its rebuilt syllables are never written:
#: the search only has to frame the bytes that survived).
MAX_CANDIDATES_PAIR = 64
#: Alternatives kept for each rebuilt character, and the least posterior worth rescoring:
#: the language model reads every rebuilt character, even one the character model is sure
#: of (on the tune split that model gave 0.999 and more to wrong syllables the language
#: model rules out, as ``되돌리 수`` for ``되돌릴 수``).
MAX_ALTERNATIVES = 8
MIN_ALTERNATIVE = 1e-6
#: Characters the language model reads at one rebuilt character (the likeliest by the
#: character model, from every character its bytes can make: :meth:`Recovery._neighbours`).
LM_ALTERNATIVES = 8
#: ... and at most this many are weighed (more lost bytes in one character: the search's own).
MAX_WIDENED = 4096
#: Weight of the language model's log-probability beside the character model's
#: log-posterior (tune split: 1.3 makes more strings exact at the same precision than 1.0;
#: more lets the language model overrule the bytes' evidence too often).
LM_WEIGHT = 1.3
#: The language model reads the characters the character model is less sure of than this
#: first, the others after them while its budget lasts (a long document's budget runs out).
SURE = 0.999
CHAR_MODEL_WEIGHT = 1.0
#: Characters of context on each side of a rebuilt character the language model reads
#: (tune split: 16 makes as many strings exact at the same precision as 24, with a third
#: less reading, so a long document's budget reaches further; 12 writes a wrong syllable).
LM_WINDOW = 16
#: A decoder style whose reading is this sure on average is not compared with the other.
STYLE_SURE = 0.9
#: A run with more lost bytes than this, or more replacement characters in a row, is not
#: searched (its text is flagged as lost): the work of a search grows with both.
MAX_GAPS = 400
MAX_GAPS_IN_A_ROW = 6
#: Arcs one search may build (about 0.3 s of work); past it the run is flagged, not searched.
MAX_ARCS = 200_000


@dataclass
class Recovery:
    """The best reading of a run: its text, the offsets (in ``text``) of the characters
    rebuilt from lost bytes, the confidence of each, and the decoder ``style`` assumed."""

    text: str
    restored: list[int] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)
    style: str = "python"
    score: float = 0.0
    #: For each rebuilt character, the likeliest characters of its bytes with their posterior.
    choices: list[list[tuple[str, float]]] = field(default_factory=list)
    #: For each rebuilt character, whether a language model has read it (:meth:`rerank`),
    #: and its confidence before (the character model's).
    read: list[bool] = field(default_factory=list)
    prior: list[float] = field(default_factory=list)
    #: The byte slots the text was rebuilt from (:func:`stream`; CPython style only).
    slots: list[int] | None = None
    #: Byte offset of each character of the text (filled on first use).
    _offsets: list[int] | None = field(default=None, repr=False)
    #: The context each rebuilt character was last read in (a second reading in the same
    #: context would choose the same).
    _contexts: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)

    def _neighbours(self, k: int, text: list[str]) -> list[tuple[str, float]]:
        """Every character the lost bytes of rebuilt character ``k`` can make with its
        neighbours in ``text`` as they stand (same bytes, same decoder failures), with its
        character-model probability among them: the :data:`LM_ALTERNATIVES` likeliest.  The
        search's own alternatives are the few that survived its beam; the right syllable is
        often not among them (``들어가 수`` for ``들어갈 수``).  Empty when the slots are not
        known or more than :data:`MAX_WIDENED` characters would be tried."""
        if self.slots is None:
            return []
        i = self.restored[k]
        offsets = self._offsets
        if offsets is None or len(offsets) != len(text) + 1:
            offsets = [0]
            for ch in text:
                offsets.append(offsets[-1] + len(ch.encode("utf-8")))
            if offsets[-1] != len(self.slots):
                return []
            self._offsets = offsets  # a rebuilt character keeps its bytes' number: they stay
        b0, b1 = offsets[i], offsets[i + 1]
        own = text[i].encode("utf-8")
        if len(own) != b1 - b0:
            return []
        lost = tuple(j - b0 for j in range(b0, b1) if self.slots[j] == FIRST)
        if not lost or 64 ** len(lost) > MAX_WIDENED * 64:
            return []
        after = text[i + 1].encode("utf-8")[0] if i + 1 < len(text) else None
        before = text[i - 1].encode("utf-8")[-1] if b0 and self.slots[b0 - 1] == FIRST else None
        known = bytes(0 if n in lost else b for n, b in enumerate(own))
        fitting = _fitting(known, lost, after, before)
        if not fitting or len(fitting) > MAX_WIDENED:
            return []
        ko = model("ko")
        prev = text[i - 1] if i else BOUNDARY
        nxt = text[i + 1] if i + 1 < len(text) else BOUNDARY
        scored = [(ch, ko.bigram_log(prev, ch) + ko.bigram_log(ch, nxt)) for ch in fitting]
        top = max(x for _, x in scored)
        total = sum(math.exp(x - top) for _, x in scored)
        ranked = sorted(((ch, math.exp(x - top) / total) for ch, x in scored), key=lambda o: -o[1])
        return [(ch, p) for ch, p in ranked[:LM_ALTERNATIVES] if p >= MIN_ALTERNATIVE]

    def rerank(self, scorer, window: int = LM_WINDOW, group: str | None = None) -> None:
        """Choose each rebuilt character again with a language model (``scorer.per_char``,
        kiwi), in its context: the model's log-probability of the text around it, added to
        the character model's log-posterior; the confidence becomes the share of the
        combined probability, and ``read`` marks the characters the model has read.  The
        model reads the characters the character model is unsure of first (``group``
        ``"unsure"``: only those; ``"sure"``: only the others, for a caller that reads every
        run's unsure ones first), and stops where the scorer's budget runs out."""
        if len(self.read) != len(self.restored):
            self.read = [False] * len(self.restored)
            self.prior = list(self.confidence)
        unsure = [k for k, c in enumerate(self.prior) if c < SURE]
        sure = [k for k, c in enumerate(self.prior) if c >= SURE]
        text = list(self.text)
        for k in {"unsure": unsure, "sure": sure}.get(group or "", unsure + sure):
            if self.read[k]:
                continue
            i = self.restored[k]
            options = (self._neighbours(k, text)
                       or [(c, p) for c, p in self.choices[k] if p >= MIN_ALTERNATIVE])
            if len(options) < 2:
                self.read[k] = True  # nothing else fits the bytes: nothing to read
                continue
            lo, hi = max(0, i - window), min(len(text), i + window + 1)
            left, right = "".join(text[lo:i]), "".join(text[i + 1:hi])
            if self._contexts.get(k) == (left, right):
                self.read[k] = True  # read before in the same context: the same choice
                continue
            pieces = [left + c + right for c, _ in options]
            if hasattr(scorer, "affords") and not scorer.affords(sum(map(len, pieces))):
                break
            self._contexts[k] = (left, right)
            scores = [LM_WEIGHT * scorer.per_char(piece) * len(piece.strip())
                      + CHAR_MODEL_WEIGHT * math.log(p)
                      for piece, (_, p) in zip(pieces, options, strict=True)]
            top = max(scores)
            total = sum(math.exp(x - top) for x in scores)
            j = scores.index(top)
            text[i] = options[j][0]
            self.confidence[k] = 1 / total
            self.read[k] = True
        self.text = "".join(text)


@lru_cache(maxsize=65536)
def _fitting(known: bytes, lost: tuple[int, ...], after: int | None, before: int | None) -> tuple[str, ...]:
    """The characters (syllables and :data:`SIGNS`) whose UTF-8 bytes are ``known`` but at
    the positions ``lost``, where CPython's CP949 decoder fails at every lost byte (given the
    byte ``after`` the character, and the lost byte ``before`` it, if any)."""
    combos = [known]
    for j in lost:
        values = _lost_leads() if j == 0 else _CONT
        combos = [c[:j] + bytes((v,)) + c[j + 1:] for c in combos for v in values]
    out = []
    for c in combos:
        try:
            ch = c.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) != 1 or not ("\uac00" <= ch <= "\ud7a3" or ch in SIGNS):
            continue
        seq = [*c, after]
        if any(not _fails(seq[j], seq[j + 1], "python", False) for j in lost):
            continue
        if before is not None and not _fails(before, c[0], "python", False):
            continue
        out.append(ch)
    return tuple(out)


@lru_cache(maxsize=1)
def _valid_pairs() -> bytes:
    """1 at ``x * 256 + y`` when the bytes ``x y`` are one CP949 character."""
    table = bytearray(65536)
    for x in range(0x81, 0xFF):
        for y in range(0x41, 0xFF):
            try:
                bytes((x, y)).decode("cp949")
            except UnicodeDecodeError:
                continue
            table[x * 256 + y] = 1
    return bytes(table)


def _fails(x: int, y: int | None, style: str, consumed_pair: bool) -> bool:
    """Whether CP949's decoder fails at lost byte ``x`` followed by ``y`` (None: the end),
    as ``style`` decodes: ``consumed_pair`` says the U+FFFD took ``x`` and ``y`` together."""
    if x < 0x80:
        return False
    if consumed_pair:  # browsers: a lead and its non-ASCII trail that are no character
        return 0x81 <= x <= 0xFE and y is not None and y >= 0x80 and not _valid_pairs()[x * 256 + y]
    if x in (0x80, 0xFF) or y is None:
        return True
    if style == "browser" and y >= 0x80:
        return False  # a browser would have taken y with it
    return not _valid_pairs()[x * 256 + y]


@lru_cache(maxsize=1)
def _punct_by_lead() -> dict[int, list[bytes]]:
    out: dict[int, list[bytes]] = {}
    for ch in SIGNS:
        raw = ch.encode("utf-8")
        out.setdefault(raw[0], []).append(raw)
    return out


# --- the byte stream -------------------------------------------------------------------------------

#: A slot of the stream: a known byte (0-255), or a lost one: ``-1`` the first byte of a
#: U+FFFD, ``-2`` its optional second byte (browsers).
FIRST, SECOND = -1, -2


def stream(run: str, style: str) -> list[int] | None:
    """The byte slots of ``run`` (None if a character is not CP949's)."""
    out: list[int] = []
    for ch in run:
        if ch == REPLACEMENT:
            out.append(FIRST)
            if style == "browser":
                out.append(SECOND)
            continue
        try:
            out.extend(ch.encode("cp949"))
        except UnicodeEncodeError:
            return None
    return out


_ANY = range(0x100)
_CONT = range(0x80, 0xC0)
_Pend = tuple[int, ...] | None  # a lost first byte whose follower is not checked yet


@lru_cache(maxsize=1)
def _lost_leads() -> tuple[int, ...]:
    """The first bytes a lost character may have: Hangul's and the punctuation's."""
    return tuple(sorted({0xEA, 0xEB, 0xEC, 0xED, *_punct_by_lead()}))


def _read_byte(slots: list[int], p: int, pend: _Pend, style: str, lost_values, known_values,
               skip: bool = True) -> list[tuple[int, int, _Pend, bool]]:
    """Every way to read the next byte at ``slots[p]``: (byte, next slot, pending lost byte,
    lost), with the decoder's constraints on lost bytes checked as soon as their follower
    is known."""
    if p < len(slots) and slots[p] == SECOND:  # a browser's optional second lost byte
        out = []
        x = pend[0] if pend else None
        if x is None:
            return []
        if skip and _stood_alone(slots, p, x):
            out += _read_byte(slots, p + 1, None, style, lost_values, known_values)
        if 0x81 <= x <= 0xFE:
            out += [(y, p + 1, None, True) for y in lost_values
                    if y >= 0x80 and not _valid_pairs()[x * 256 + y]]
        return out
    if p >= len(slots) or slots[p] == _OPEN:
        return []
    s = slots[p]
    if s >= 0:
        if s not in known_values or (pend is not None and not _fails(pend[0], s, style, False)):
            return []
        return [(s, p + 1, None, False)]
    return [(v, p + 1, (v,), True) for v in _lost_choices(lost_values, pend[0] if pend else None, style)]


@lru_cache(maxsize=4096)
def _lost_choices(values: range | tuple[int, ...], before: int | None, style: str) -> tuple[int, ...]:
    """The bytes among ``values`` a lost byte may be (not ASCII), after the lost byte
    ``before`` (None: none) when the decoder fails at ``before`` followed by it."""
    return tuple(v for v in values if v >= 0x80 and (before is None or _fails(before, v, style, False)))


#: Lead bytes of any two- or three-byte character (the broad search's).
_BROAD_LEADS = range(0xC2, 0xF0)


def _printable(ch: str) -> bool:
    """A character that text holds (not a control, surrogate, private or unassigned one)."""
    return not unicodedata.category(ch).startswith("C")


def _stood_alone(slots: list[int], p: int, x: int) -> bool:
    """Whether a browser's lost byte ``x`` (its optional second byte at ``slots[p]``) can
    have been replaced alone: no lead byte, or an ASCII byte (or the end) after it."""
    return x in (0x80, 0xFF) or p + 1 >= len(slots) or 0 <= slots[p + 1] < 0x80


def _char_options(slots: list[int], pos: int, pend: _Pend, style: str, broad: bool = False
                  ) -> list[tuple[str, int, _Pend, bool]]:
    """See :func:`_options_here` (cached by the few slots a character can span)."""
    size = PYTHON_WINDOW if style == "python" else WINDOW
    window = tuple(slots[pos:pos + size])
    at_end = len(slots) - pos <= size
    for i, s in enumerate(window):
        if 0 <= s < 0x80:  # no character spans an ASCII byte, nor is a slot past it read:
            window, at_end = window[:i + 1], False  # one entry for every neighbourhood after it
            break
    return [(ch, pos + step, pd, lost) for ch, step, pd, lost in
            _options_here(window, at_end, pend, style, broad)]


#: Slots a character and the byte after it can span (three bytes, each with a browser's
#: optional second, and one more).
WINDOW = 8
#: ... in CPython's style, where a slot is a byte: a character's three (the bytes after it
#: are checked by the next character, through the pending lost byte), so that the cache of
#: :func:`_options_here` holds one entry per shape, not per neighbourhood.
PYTHON_WINDOW = 3


@lru_cache(maxsize=65536)
def _options_here(window: tuple[int, ...], at_end: bool, pend: _Pend, style: str, broad: bool
                  ) -> tuple[tuple[str, int, _Pend, bool], ...]:
    """The characters that can start at ``window[0]``, with the slots they take."""
    slots = list(window) if at_end else [*window, _OPEN]
    return tuple(_options(slots, 0, pend, style, broad))


#: A slot past the window (not the end of the stream): a known byte nothing is checked with.
_OPEN = -3


def _options(slots: list[int], pos: int, pend: _Pend, style: str, broad: bool
             ) -> list[tuple[str, int, _Pend, bool]]:
    """The characters that can start at ``slots[pos]``: (character, next slot, pending lost
    byte, rebuilt from lost bytes); a rebuilt character is a Hangul syllable or one of
    :data:`SIGNS`, at most :data:`MAX_CANDIDATES` of them (the likeliest)."""
    out = []
    leads = _BROAD_LEADS if broad else _lost_leads()
    for lead, p1, pend1, lost1 in _read_byte(slots, pos, pend, style, leads, _ANY, skip=False):
        if lead < 0x80:
            out.append((chr(lead), p1, pend1, lost1))
            continue
        n = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 0
        partial = [((lead,), p1, pend1, lost1)]
        for _ in range(n - 1):
            partial = [((*raw, b), p2, pend2, lost or lost2)
                       for raw, p, pd, lost in partial
                       for b, p2, pend2, lost2 in _read_byte(slots, p, pd, style, _CONT, _CONT)]
        for raw, p, pd, lost in partial if n else ():
            ch = _utf8(raw)
            if ch is None or (lost and not (
                    "\uac00" <= ch <= "\ud7a3" or ch in SIGNS or (broad and _printable(ch)))):
                continue
            out.append((ch, p, pd, lost))
    cap = MAX_CANDIDATES_BROAD if broad else MAX_CANDIDATES if style == "python" else MAX_CANDIDATES_PAIR
    if len(out) > cap:  # the likeliest syllables, and every sign (each one can frame the rest)
        rank = _unigram_rank()
        signs = [o for o in out if not "\uac00" <= o[0] <= "\ud7a3"]
        out = heapq.nlargest(cap, (o for o in out if "\uac00" <= o[0] <= "\ud7a3"),
                             key=lambda o: rank[o[0]]) + signs[:cap]  # as sorted(..., reverse)[:cap]
    return out


@lru_cache(maxsize=131072)  # every two- and three-byte sequence fits
def _utf8(raw: tuple[int, ...]) -> str | None:
    """The character of a two- or three-byte UTF-8 sequence whose continuation bytes are
    80-BF already (None for an overlong form or a surrogate)."""
    if len(raw) == 2:
        return chr(((raw[0] & 0x1F) << 6) | (raw[1] & 0x3F))
    cp = ((raw[0] & 0x0F) << 12) | ((raw[1] & 0x3F) << 6) | (raw[2] & 0x3F)
    if cp < 0x800 or 0xD800 <= cp <= 0xDFFF:
        return None
    return chr(cp)


@lru_cache(maxsize=1)
def _unigram_rank() -> dict[str, float]:
    """The Korean model's unigram probability of every syllable and sign a lost byte may be."""
    ko = model("ko")
    chars = [chr(c) for c in range(0xAC00, 0xD7A4)] + list(SIGNS)
    return {ch: ko.unigram(ch) for ch in chars}


@dataclass
class _Node:
    """A state of the search: a slot, the character before it, a pending lost byte."""

    alpha: float = -math.inf  # log of the summed probability of every path here
    best: float = -math.inf  # log-probability of the best path here
    back: tuple | None = None  # (previous node key, character, lost) of the best path
    edges: list = field(default_factory=list)  # (previous key, character, lost, weight)


def _logadd(a: float, b: float) -> float:
    if a < b:
        a, b = b, a
    return a if b == -math.inf else a + math.log1p(math.exp(b - a))


def _search(slots: list[int], style: str, broad: bool = False) -> tuple[dict, tuple | None]:
    """The lattice of readings of the stream, searched slot by slot (forward sums and best
    paths; :data:`BEAM` states kept per slot).  Returns the nodes and the end key (None
    when no reading makes UTF-8 of the stream, or past :data:`MAX_ARCS`)."""
    ko = model("ko")
    options: dict[tuple, list] = {}
    bigram: dict[tuple[str, str], float] = {}
    arcs = 0
    nodes: dict[tuple, _Node] = {}
    start = (0, "\n", None)
    nodes[start] = _Node(0.0, 0.0)
    by_pos: dict[int, list[tuple]] = {0: [start]}
    end = (len(slots) + 1, "", None)
    for pos in range(len(slots) + 1):
        keys = by_pos.pop(pos, [])
        if len(keys) > BEAM:
            keys = sorted(keys, key=lambda k: -nodes[k].alpha)[:BEAM]
        for key in keys:
            _, prev, pend = key
            if pos < len(slots) and slots[pos] == SECOND and pend and _stood_alone(slots, pos, pend[0]):
                dst = (pos + 1, prev, None)  # the lost byte stood alone: skip its second
                if dst not in nodes:
                    by_pos.setdefault(pos + 1, []).append(dst)
                _arc(nodes, key, dst, "", False, 0.0)
            if pos == len(slots):
                if pend is None or _fails(pend[0], None, style, False):
                    _arc(nodes, key, end, "", False, ko.bigram_log(prev, "\n"))
                continue
            opts = options.get((pos, pend))
            if opts is None:
                opts = options[pos, pend] = _char_options(slots, pos, pend, style, broad)
            arcs += len(opts)
            if arcs > MAX_ARCS:
                return nodes, None
            for ch, nxt, pend2, lost in opts:
                dst = (nxt, ch, pend2)
                if dst not in nodes:
                    by_pos.setdefault(nxt, []).append(dst)
                w = bigram.get((prev, ch))
                if w is None:
                    w = bigram[prev, ch] = ko.bigram_log(prev, ch)  # remembered across searches
                _arc(nodes, key, dst, ch, lost, w)
    return nodes, (end if end in nodes else None)


def _arc(nodes: dict, src: tuple, dst: tuple, ch: str, lost: bool, w: float) -> None:
    a = nodes[src]
    b = nodes.setdefault(dst, _Node())
    b.alpha = _logadd(b.alpha, a.alpha + w)
    if a.best + w > b.best:
        b.best, b.back = a.best + w, (src, ch, lost)
    b.edges.append((src, ch, lost, w))


def _recovery(nodes: dict, end: tuple | None, style: str) -> Recovery | None:
    """The best path's text and, for each rebuilt character, its posterior: the summed
    probability of every path through the same slots with the same character."""
    if end is None:
        return None
    path = []
    key = end
    while nodes[key].back is not None:
        src, ch, lost = nodes[key].back
        path.append((src, key, ch, lost))
        key = src
    path.reverse()
    beta = _backward(nodes, end)
    z = nodes[end].alpha
    at: dict[int, list[tuple]] = {}
    for key in nodes:
        at.setdefault(key[0], []).append(key)
    text, restored, confidence, choices = [], [], [], []
    for src, dst, ch, lost in path:
        if ch and lost:
            mass: dict[str, float] = {}
            for key in at.get(dst[0], ()):
                b = beta.get(key, -math.inf)
                for esrc, ech, _, w in nodes[key].edges:
                    if ech and esrc[0] == src[0]:
                        mass[ech] = _logadd(mass.get(ech, -math.inf), nodes[esrc].alpha + w + b)
            ranked = sorted(((c, min(1.0, math.exp(m - z))) for c, m in mass.items()), key=lambda x: -x[1])
            restored.append(len(text))
            confidence.append(dict(ranked).get(ch, 0.0))
            choices.append(ranked[:MAX_ALTERNATIVES])
        if ch:
            text.append(ch)
    return Recovery("".join(text), restored, confidence, style, nodes[end].best, choices)


def _backward(nodes: dict, end: tuple) -> dict[tuple, float]:
    """log of the summed probability from each node to the end."""
    order = sorted(nodes, key=lambda k: -k[0])
    beta: dict[tuple, float] = {end: 0.0}
    for key in order:
        if key not in beta:
            continue
        for src, _, _, w in nodes[key].edges:
            beta[src] = _logadd(beta.get(src, -math.inf), w + beta[key])
    return beta


def recover(run: str, styles: tuple[str, ...] = ("python", "browser")) -> Recovery | None:
    """The likeliest text of ``run`` (UTF-8 Korean read as CP949, with U+FFFD where bytes
    were lost), under the decoder style that explains it best; None when no reading makes
    valid UTF-8 of it or it holds too many lost bytes to search."""
    if run.count(REPLACEMENT) > MAX_GAPS or REPLACEMENT * (MAX_GAPS_IN_A_ROW + 1) in run:
        return None
    found: list[Recovery] = []
    for broad in (False, True):
        for style in styles:
            slots = stream(run, style)
            if slots is None:
                continue
            r = _recovery(*_search(slots, style, broad), style)
            if r is not None:
                r.slots = slots if style == "python" else None
                found.append(r)
                if r.confidence and sum(r.confidence) / len(r.confidence) >= STYLE_SURE:
                    break  # this decoder explains the run well: the other is not tried
        if found:
            break  # a lost byte of a rarer character (Hanja, a sign): only then search every one
    return max(found, key=lambda r: r.score, default=None)
