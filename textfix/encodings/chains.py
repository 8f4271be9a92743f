"""Code-page chains: bytes written in one code page (the *source*: GBK, Shift_JIS, CP949,
cp1251, ...) and read with a single-byte one (the *display*: Latin-1/cp1252 or cp437).

A display maps each of its characters back to one byte, so a display string is the byte
string it was read from; :func:`units` decodes that byte string with the source, unit by
unit (an ASCII byte, a character of one to three bytes, or a byte the source cannot read),
keeping each unit's span in the display string.

>>> chain = CHAINS["gbk"]
>>> raw = LATIN.encode("¸ÃÌáÐÑ")
>>> [u.text for u in units(raw, chain)]
['该', '提', '醒']
>>> CHAINS["shift_jis"].label, CP437.encode("ÉVé╡") == bytes([0x90, 0x56, 0x82, 0xb5])
('Shift_JIS', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from heapq import heappush, heapreplace
from operator import itemgetter
from typing import NamedTuple

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252


@dataclass(frozen=True)
class Display:
    """A single-byte code page as the display of wrongly read bytes."""

    name: str
    #: Every character the display shows, with the byte it was read from.
    byte: dict[str, int]
    #: A character class of its characters for bytes 0x80-0xFF (for regular expressions).
    high: str

    def encode(self, text: str) -> bytes:
        """The bytes ``text`` was read from (every character must be the display's)."""
        return bytes(self.byte[c] for c in text)

    def label(self, text: str) -> str:
        """How to name the display for a piece of ``text`` (Latin-1 and cp1252 differ only
        in 0x80-0x9F)."""
        if self.name != "latin":
            return self.name
        if any(c in _CP1252_ONLY for c in text):
            return "cp1252"
        if any("\x80" <= c <= "\x9f" for c in text):
            return "Latin-1"
        return "Latin-1/cp1252"


def _latin() -> Display:
    byte = {chr(b): b for b in range(256)}
    for b in range(0x80, 0xA0):
        ch = bytes([b]).decode("sloppy-windows-1252")
        byte.setdefault(ch, b)
    high = "".join(sorted(c for c, b in byte.items() if b >= 0x80))
    return Display("latin", byte, _class(high))


def _cp437() -> Display:
    byte = {bytes([b]).decode("cp437"): b for b in range(256)}
    high = "".join(sorted(c for c, b in byte.items() if b >= 0x80))
    return Display("cp437", byte, _class(high))


def _class(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


_CP1252_ONLY = frozenset(bytes(range(0x80, 0xA0)).decode("windows-1252", errors="ignore"))
#: Latin-1 and cp1252 (sloppy: cp1252's five holes are Latin-1's C1 controls), as one display.
LATIN = _latin()
#: cp437, the DOS code page zip tools use for file names.
CP437 = _cp437()


@dataclass(frozen=True)
class Chain:
    """The code page bytes were written in, and the displays they are met through."""

    codec: str  # Python's codec for the source
    label: str  # how messages name it
    lang: str  # the plausibility model of its script (textfix.encodings.model)
    displays: tuple[Display, ...]
    #: Byte length of a character by its first byte (0x80-0xFF), for multi-byte sources.
    lengths: tuple[int, ...] = ()
    #: The rule its repairs are reported under.
    code: str = "TF105"
    #: Whether its text is also searched for trail bytes HTML extraction dropped (0xAD, 0xA0).
    dropped: bool = False

    @property
    def multibyte(self) -> bool:
        return bool(self.lengths)


def _lengths(two: range | tuple, one: tuple = (), three: tuple = ()) -> tuple[int, ...]:
    out = []
    for b in range(0x80, 0x100):
        out.append(3 if b in three else 2 if b in two else 1 if b in one else 0)
    return tuple(out)


_KS = _lengths(range(0x81, 0xFF))
#: The chains textfix repairs, by key.  CP949 is the Korean case (rule TF102, calibrated on
#: its own); the others are reported as TF105.
CHAINS: dict[str, Chain] = {
    "cp949": Chain("cp949", "CP949/EUC-KR", "ko", (LATIN,), _KS, "TF102", dropped=True),
    "gbk": Chain("gbk", "GBK", "zh", (LATIN,), _KS),
    "shift_jis": Chain("cp932", "Shift_JIS", "ja", (LATIN, CP437),
                       _lengths((*range(0x81, 0xA0), *range(0xE0, 0xFD)), one=tuple(range(0xA1, 0xE0)))),
    "euc_jp": Chain("euc_jp", "EUC-JP", "ja", (LATIN,), _lengths((*range(0xA1, 0xFF), 0x8E), three=(0x8F,))),
    "cp1251": Chain("cp1251", "cp1251", "ru", (LATIN,)),
    "koi8_r": Chain("koi8_r", "KOI8-R", "ru", (LATIN,)),
    "cp1253": Chain("cp1253", "cp1253", "el", (LATIN,)),
}


class Unit(NamedTuple):
    """One unit of a display string decoded with a source: ``kind`` is ``ascii`` (a byte
    below 0x80), ``char`` (a character from one or more high bytes) or ``bad`` (a byte the
    source cannot read here).  (A named tuple: the search makes hundreds of thousands.)"""

    start: int
    end: int
    text: str
    kind: str


_DECODED: dict[str, dict[bytes, str]] = {}


@cache
def _decoder(codec: str):
    """A function giving the character a source decodes a few bytes to ("" when it cannot),
    each answer remembered: a source's one- to three-byte sequences are few (at most a few
    hundred thousand), and the search asks for the same ones again and again."""
    known = _DECODED.setdefault(codec, {})

    def decode(chunk: bytes) -> str:
        ch = known.get(chunk)
        if ch is None:
            try:
                ch = chunk.decode(codec)
            except UnicodeDecodeError:
                ch = ""
            known[chunk] = ch
        return ch

    return decode


@cache
def _byte_units(codec: str) -> tuple[tuple[str, str], ...]:
    """(text, kind) of each byte read alone by a single-byte source (as :func:`units` reads it)."""
    decode = _decoder(codec)
    return tuple((chr(b), "ascii") if b < 0x80 else (ch, "char") if (ch := decode(bytes((b,))))
                 else ("", "bad") for b in range(256))


def units(raw: bytes, chain: Chain) -> list[Unit]:
    """``raw`` decoded with ``chain``'s source, unit by unit (linear: each unit is decoded on
    its own, as a decoder would, and a byte it cannot read is passed over)."""
    lengths = chain.lengths
    if not lengths:  # a single-byte source: one unit a byte
        table = _byte_units(chain.codec)
        return [Unit(i, i + 1, *table[b]) for i, b in enumerate(raw)]
    out: list[Unit] = []
    append = out.append
    i, n = 0, len(raw)
    decode = _decoder(chain.codec)
    while i < n:
        b = raw[i]
        if b < 0x80:
            append(Unit(i, i + 1, chr(b), "ascii"))
            i += 1
            continue
        size = lengths[b - 0x80] if lengths else 1
        if size and i + size <= n:
            ch = decode(raw[i:i + size])
            if ch and (size == 1 or ch != "\ufffd"):
                append(Unit(i, i + size, ch, "char"))
                i += size
                continue
        append(Unit(i, i + 1, "", "bad"))
        i += 1
    return out


#: KS X 1001 as CP949 writes it: Hangul syllables on lead bytes 0xB0-0xC8, Hanja on
#: 0xCA-0xFD, every trail byte 0xA1-0xFE (the rest of CP949 is its extension).
KS_HANGUL_LEADS, KS_HANJA_LEADS, KS_TRAILS = range(0xB0, 0xC9), range(0xCA, 0xFE), range(0xA1, 0xFF)
#: Bytes that HTML extraction drops or turns into spaces when CP949 is read as Latin-1: the
#: soft hyphen (0xAD, invisible) and the no-break space (0xA0).
DROPPED = (0xAD, 0xA0)
#: Log-probability of a byte having been dropped at a given place (about one trail byte in
#: fifty is 0xAD or 0xA0 in Korean text).
DROPPED_COST = -1.0
#: Readings kept per byte in the search for dropped bytes.
DROPPED_BEAM = 8


def units_with_dropped(raw: bytes, chain: Chain, score, kept: bytes = b"") -> list[Unit] | None:
    """``raw`` decoded with ``chain``'s source where some trail bytes may have been dropped
    (0xAD) or turned into spaces (0xA0): the likeliest reading by ``score(prev, char)`` (a
    log-probability), each dropped byte costing :data:`DROPPED_COST`; None when no reading
    uses a dropped byte or none reads the whole of ``raw``.  Linear: a beam of
    :data:`DROPPED_BEAM` readings per byte.  A byte of :data:`DROPPED` in ``kept`` was not
    dropped (the text still holds it elsewhere: that extraction kept soft hyphens, or
    no-break spaces).

    >>> from textfix.encodings.model import model
    >>> raw = "서울에서 화요일".encode("cp949").replace(b"\\xad", b"")
    >>> "".join(u.text for u in units_with_dropped(raw, CHAINS["cp949"], model("ko").bigram_log))
    '서울에서 화요일'
    """
    n = len(raw)
    dropped_here = tuple(b for b in DROPPED if b not in kept)
    if not dropped_here:
        return None  # (every reading is the one as written)
    # a reading: (log-probability, its last character, its path as (unit, path before) links,
    # dropped bytes used)
    beams: list[list[tuple[float, str, tuple | None, int]]] = [[] for _ in range(n + 1)]
    beams[0] = [(0.0, "\n", None, 0)]
    scored: dict[str, dict[str, float]] = {}  # score(prev, char) by char and prev: pairs recur
    decode = _decoder(chain.codec)
    # the DROPPED_BEAM best totals that reached each byte so far: a reading that cannot join
    # them will never be read on (as many readings as likely came before it), so it is not kept
    tops: list[list[float] | None] = [[] for _ in range(n)] + [None]  # (every reading of raw is compared)
    for i in range(n):
        beam = beams[i]
        if not beam:
            continue
        beam.sort(key=_TOTAL, reverse=True)  # stable, as the likeliest first
        # the same for every reading that reaches byte i
        steps = [(beams[u.end], tops[u.end], scored.setdefault(u.text, {}), u.text, cost, u, cost < 0)
                 for u, cost in _steps(raw, i, decode, dropped_here)]
        for total, prev, path, dropped in beam[:DROPPED_BEAM]:
            for reached, top, after, text, cost, unit, used in steps:
                lp = after.get(prev)
                if lp is None:
                    lp = after[prev] = score(prev, text)
                t = total + cost + lp
                if top is not None:
                    if len(top) < DROPPED_BEAM:
                        heappush(top, t)
                    elif t <= top[0]:
                        continue
                    else:
                        heapreplace(top, t)
                reached.append((t, text, (unit, path), dropped + used))
        beams[i] = []  # read: its memory goes
    done = max(((t + score(prev, "\n"), prev, path, d) for t, prev, path, d in beams[n]),
               key=lambda h: h[0], default=None)
    if done is None or not done[3]:
        return None
    out: list[Unit] = []
    link = done[2]
    while link is not None:
        out.append(link[0])
        link = link[1]
    return out[::-1]


_TOTAL = itemgetter(0)

def _steps(raw: bytes, i: int, decode, dropped: tuple[int, ...] = DROPPED) -> list[tuple[Unit, float]]:
    """The units that can start at byte ``i``, with their cost (a dropped byte's), the bytes
    ``dropped`` may have been dropped (0xA0 also turned into a space)."""
    b = raw[i]
    if b < 0x80:
        return [(Unit(i, i + 1, chr(b), "ascii"), 0.0)]
    out = []
    if i + 1 < len(raw):
        ch = decode(raw[i:i + 2])
        if ch:
            out.append((Unit(i, i + 2, ch, "char"), 0.0))
        if raw[i + 1] == 0x20 and 0xA0 in dropped:  # a no-break space that became a space
            ch = decode(bytes((b, 0xA0)))
            if ch:
                out.append((Unit(i, i + 2, ch, "char"), DROPPED_COST))
    for x in dropped:
        ch = decode(bytes((b, x)))
        if ch:
            out.append((Unit(i, i + 1, ch, "char"), DROPPED_COST))
    return out
