# textfix: ignore-file[TF1]  (this module's docs show the damage it repairs)
"""Legacy code pages read through the wrong one: one design for every chain.

Bytes written in a legacy code page (CP949, GBK, Shift_JIS, EUC-JP, cp1251, KOI8-R,
cp1253; :data:`textfix.encodings.chains.CHAINS`) and read with a single-byte one
(Latin-1/cp1252, or cp437 for zip file names) show as runs of accented letters and signs
(``¸ÃÌáÐÑÒÑ`` for ``该提醒``).  For every line the cheap scan (:data:`SUSPECT_RE`) marks:

1. each stretch of the line that the display can show is turned back into its bytes, and
   the bytes are decoded with each source, unit by unit;
2. the units that decode form *segments*: characters of the source with the spaces, digits
   and punctuation between them; a segment never holds an ASCII letter (a Latin word
   stops it) nor a byte the source cannot read;
3. each segment is read twice: as the text it is now (the ``latin`` model) and as the
   decoded text (the model of the source's script, :mod:`textfix.encodings.model`).  Its
   *margin* is the log-probability the decoded reading gains;
4. per source, the segments with a positive margin are judged together on the line
   (:func:`_verdict`, :func:`_accept`): the evidence (segments of two letters or more, not
   UTF-8 mojibake, an alphabet's words not touching Latin letters) must decode enough
   letters of the script, gain at least :data:`MIN_MARGIN` per letter, read as that
   script well enough (:data:`MIN_PLAUSIBLE` and its kin, or be made of its common
   characters) and beat every other chain's reading of the line by a lead; the winner's
   segments are one finding each, explained with the chain (``GBK bytes read as cp1252``).

CP949 is one chain among them (rule TF102; the others are TF105), searched also with the
trail bytes HTML extraction drops put back (:func:`textfix.encodings.chains.units_with_dropped`),
and read also as UTF-8 with a Latin-1 fallback (:func:`fallback_findings`).

Latin text stays Latin: its words hold ASCII letters (which stop segments), its accented
letters read far better as Latin than as any decoded script, and a segment glued into a
Latin word on both sides is never decoded.

>>> [(d.code, d.edits[0].replacement) for d in findings("¸ÃÌáÐÑÒÑ¾­·¢³ö£¬²¢ÇÒ²»ÄÜÔÙÐÞ¸Ä¡£", 0)]
[('TF105', '该提醒已经发出，并且不能再修改。')]
>>> findings("Größe, déjà vu, naïve", 0)
[]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from textfix.encodings import fallback
from textfix.encodings.chains import (
    CHAINS,
    CP437,
    DROPPED,
    LATIN,
    Chain,
    Display,
    Unit,
    units,
    units_with_dropped,
)
from textfix.encodings.model import char_class, model
from textfix.korean import common_syllables
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import PLACEHOLDER_RE

#: The cheap scan: two high characters of a display in a row, or a high character with an
#: ASCII byte between it and the next (Shift_JIS and GBK trail bytes: ``ƒeƒXƒg``).
#: Signs of clean text that are high characters of a display too: a pair needs one other.
_COMMON = "“”‘’…–—·•«»°©®™§¶±×÷\u00a0"
_HIGH = f"[{LATIN.high}{CP437.high}]"
_RARE = "[" + "".join(re.escape(c) for c in sorted(
    {c for d in (LATIN, CP437) for c, b in d.byte.items() if b >= 0x80} - set(_COMMON))) + "]"
SUSPECT_SPEC = re.compile(f"{_RARE}[\\x40-\\x7e]?{_HIGH}|{_HIGH}[\\x40-\\x7e]?{_RARE}")
#: The same matches, opening with one class (scanned for, not tried at every position).
SUSPECT_RE = re.compile(f"[{_RARE[1:-1]}{_HIGH[1:-1]}]"
                        f"(?:(?<={_RARE})[\\x40-\\x7e]?{_HIGH}|(?<={_HIGH})[\\x40-\\x7e]?{_RARE})")

#: The letters of each script (decoded letters are the evidence; signs are not).
LETTERS = {
    "ko": frozenset({"hangul"}),
    "zh": frozenset({"han"}),
    "ja": frozenset({"han", "kana", "halfwidth-kana"}),
    "ru": frozenset({"cyrillic"}),
    "el": frozenset({"greek"}),
}
#: Letters no word of an alphabet opens with: the soft and hard signs of Cyrillic (ЬКИС,
#: a Georgian code page's bytes in a glibc locale read as cp1251, is no word), Greek's
#: final sigma.
NEVER_WORD_INITIAL = {"ru": frozenset("ЬЪьъ"), "el": frozenset("ς")}
_WORD_START_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]")
#: Greek writes a capital with its accent (tonos) only at the start of a word in lowercase
#: (Όταν); words in capitals drop it: an accented capital beside another capital is no
#: Greek (CP949's 초속 미터 read as cp1253 gives ΓΚΌΣ ΉΜΕΝ).
_GREEK_CAPS_ACCENT_RE = re.compile("(?<=[\u0391-\u03a9\u0386\u0388-\u038f])[\u0386\u0388-\u038f]"
                                   "|[\u0386\u0388-\u038f](?=[\u0391-\u03a9])")
#: A line needs this many decoded letters: one letter is any two signs by chance...
MIN_LETTERS = 2
#: ... and in an alphabet (Cyrillic, Greek: one byte a letter) twice as many, unless the
#: line holds no Latin word and reads very plainly, ...
MIN_ALPHABET_LETTERS = 4
MIN_PLAUSIBLE_SHORT = -4.0
MIN_LEAD_SHORT = 4.0
#: ... which make at least this share of the line's letters (Latin text keeps its ASCII).
MIN_ALPHABET_SHARE = 0.6
#: A segment whose high bytes are this much UTF-8 is UTF-8 mojibake (ftfy's case).
UTF8_SHARE = 0.75
#: ... or, beside Latin words, this share at least; and an alphabet's evidence must hold a
#: word of this many letters.
MIN_SHARE_BESIDE_LATIN = 0.2
MIN_ALPHABET_WORD = 4
#: A line that already holds letters of a non-Latin script was decoded right: its Latin-1
#: signs (``ⓖ훀¿¿¿``) are its own unless they decode to this many letters.
MIN_LETTERS_BESIDE_SCRIPT = 6
#: Only segments of two letters or more are evidence; single letters ride along.
MIN_SEGMENT_LETTERS = 2
#: The decoded reading must gain this much log-probability per decoded letter over the
#: reading as it stands (nats; tuned on the tune split of cases-encoding.jsonl).
MIN_MARGIN = 2.0
#: ... and read as its script at least this well (mean log-probability per character).
MIN_PLAUSIBLE = -8.5
#: ... unless it reads this well, it must read better than every other chain by this much.
MIN_PLAUSIBLE_STRONG = -6.0
MIN_LEAD = 8.0
#: An alphabet's readings compete with each other's letters only (cp1251, KOI8-R, cp1253).
MIN_LEAD_ALPHABET = 4.0
#: Names and random words read poorly even when right: four letters or more that read
#: this well and far better than every other chain will do.
MIN_PLAUSIBLE_LONG = -10.0
MIN_LEAD_LONG = 8.0
MIN_LETTERS_LONG = 4
#: Or the decoded letters must be this common (share of them among the script's most
#: frequent characters), stricter for short lines, which signs can spell by chance.
COMMON_SHORT, COMMON_MEDIUM, COMMON_LONG = 0.99, 0.75, 0.7
#: ... read at least this well, and better than every other chain.
MIN_PLAUSIBLE_COMMON = -12.0
MIN_LEAD_COMMON = 1.0
#: Whatever else it reads as, a multibyte reading must hold some of the script's common
#: characters, and a short one (under four letters) half of them: no-break spaces beside
#: ASCII letters (``\xa0A``) are pairs of CP949's extension (잸), accented Latin of cp437
#: pairs of Shift_JIS (Nòvèj, 夫核), none of them common; a red-team run found them in
#: documentation.  Of the corpus's 3,523 lines whose reading is accepted, none holds fewer.
MIN_COMMON, MIN_COMMON_SHORT = 0.01, 0.5
#: A short reading that rests on a dropped byte put back is a guess on top of a guess: all
#: its letters must be common (``ÀÉÈ``, three capitals, read as 읠화 with 0xAD put back;
#: the corpus's three short put-back readings, 강제 among them, are all common syllables).
MIN_COMMON_SHORT_PUT_BACK = 1.0
#: A reading of fewer letters is short (a word or two): the common-character floors above
#: are stricter for it.
SHORT_READING = 4
#: How many of a model's characters count as its common ones (Korean: the shipped
#: syllable list of :func:`textfix.korean.common_syllables`).
COMMON_CHARS = 1000
#: The plausibility a lone reading is compared with (no other chain read the line).
MIN_PLAUSIBLE_FLOOR = -12.0
#: A CJK segment inside a Latin word (both sides glued) must decode to this many letters.
MIN_GLUED_LETTERS = 3
#: An alphabet's letters are few and frequent: its readings must be plainer still.
MIN_PLAUSIBLE_ALPHABET = -5.5
#: The confidence grows with the letters decoded: 0.8 + 0.02 each, at most 0.99 (the fix
#: is safe: applied whatever the threshold, once the verdict above is reached).
CONFIDENCE_BASE, CONFIDENCE_PER_LETTER, CONFIDENCE_MAX = 0.8, 0.02, 0.99
_FILLER = frozenset(" !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~")


@dataclass(slots=True)
class Segment:
    """A stretch of a line that decodes with one source through one display."""

    chain: Chain
    display: Display
    start: int  # offsets in the line
    end: int
    decoded: str
    letters: int
    margin: float
    plausible: float  # mean log-probability per character of the decoded reading
    glued: int  # ASCII letters touching it (0, 1 or 2 sides)
    utf8: bool  # its bytes are mostly UTF-8 sequences
    dropped: bool = False  # read as the text HTML extraction left (trail bytes dropped)
    put_back: bool = False  # ... and a dropped byte was put back in it


def _stretches(line: str, display: Display) -> list[tuple[int, str]]:
    """(offset, text) of each stretch of ``line`` the display can show, with a high char."""
    out, start = [], None
    for i, ch in enumerate(line + "\uffff"):
        if ch in display.byte and ch != "\n":
            if start is None:
                start = i
        elif start is not None:
            piece = line[start:i]
            if not piece.isascii():
                out.append((start, piece))
            start = None
    return out


def _segments_of(us: list[Unit]) -> list[list[Unit]]:
    """Runs of decoded characters with fillers between them (never an ASCII letter or a
    byte the source cannot read), trimmed to start and end with a character."""
    out: list[list[Unit]] = []
    cur: list[Unit] = []
    for u in us:
        if u.kind == "char" or (u.kind == "ascii" and u.text in _FILLER and cur):
            cur.append(u)
            continue
        if cur:
            out.append(cur)
        cur = []
    if cur:
        out.append(cur)
    for seg in out:
        while seg and seg[-1].kind != "char":
            seg.pop()
    return [s for s in out if s]


#: The two-byte UTF-8 characters text is written in (Latin-1's letters, Latin Extended-A and
#: -B, combining marks, Greek, Cyrillic, Hebrew, Arabic); the others (IPA, modifiers,
#: Armenian, Syriac, Thaana, NKo) are what legacy double-byte text makes by chance.
_UTF8_TEXT_2 = (("\u0080", "\u024f"), ("\u0300", "\u036f"), ("\u0370", "\u04ff"), ("\u0590", "\u06ff"))


def utf8_cover(raw: bytes) -> bytearray:
    """1 for each byte of ``raw`` inside a well-formed UTF-8 sequence of a character text is
    written in (:data:`_UTF8_TEXT_2`, and every three- and four-byte one), else 0.

    >>> list(utf8_cover("aé".encode("utf-8") + b"\\xc7\\xd1"))
    [0, 1, 1, 0, 0]
    """
    cover = bytearray(len(raw))
    n = len(raw)
    free = 0  # the first byte not inside a sequence already found
    for m in _UTF8_LEAD_RE.finditer(raw):  # only a lead byte followed by a trail byte can start one
        i = m.start()
        if i < free:
            continue
        b = raw[i]
        size = 2 if b <= 0xDF else 3 if b <= 0xEF else 4
        if i + size <= n and all(0x80 <= c <= 0xBF for c in raw[i + 1:i + size]):
            try:
                ch = raw[i:i + size].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if size == 2 and not any(a <= ch <= z for a, z in _UTF8_TEXT_2):
                continue
            cover[i:i + size] = b"\x01" * size
            free = i + size
    return cover


_UTF8_LEAD_RE = re.compile(b"[\xc2-\xf4](?=[\x80-\xbf])")


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _word_mask(line: str) -> bytearray:
    """1 for each ASCII letter of ``line`` that belongs to a Latin word (not to a placeholder,
    an identifier, code or a tag, but for a tag's quoted values: a label or a title, the
    value of a DTD's entity, is words).

    >>> list(_word_mask('<a x="Ra">'))
    [0, 0, 0, 0, 0, 0, 1, 1, 0, 0]
    """
    mask = bytearray(map(_ASCII_LETTERS.__contains__, line))
    for m in _CODE_WORD_RE.finditer(line):
        mask[m.start():m.end()] = bytes(m.end() - m.start())
        if line.startswith("<", m.start()):
            for q in _QUOTED_VALUE_RE.finditer(line, m.start(), m.end()):
                mask[q.start() + 1:q.end() - 1] = _word_mask(q.group()[1:-1])
    return mask


#: A quoted value inside a tag.
_QUOTED_VALUE_RE = re.compile("\"[^\"<>]*\"|'[^'<>]*'")


def _glued(line: str, start: int, end: int, decoded: str, words: bytearray) -> int:
    """On how many sides a segment's letter touches a letter of a Latin word."""
    left = start > 0 and words[start - 1] and decoded[:1].isalpha()
    right = end < len(line) and words[end] and decoded[-1:].isalpha()
    return int(bool(left)) + int(bool(right))


def _segment(line: str, offset: int, cover: bytearray, words: bytearray, seg: list[Unit],
             chain: Chain, display: Display, spans: dict[tuple[int, int], tuple[float, bool]]) -> Segment:
    """The segment ``seg`` (units at ``offset`` in ``line``) read by ``chain``; ``spans`` keeps
    what depends on its span alone (its reading as it stands, whether it is UTF-8), which
    chains of the same byte lengths share."""
    start, end = offset + seg[0].start, offset + seg[-1].end
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    decoded = "".join([u.text for u in seg])
    lp_dec = model(chain.lang).logprob(decoded, before, after)
    known = spans.get((start, end))
    if known is None:
        known = spans[start, end] = (model("latin").logprob(line[start:end], before, after),
                                     _mostly_utf8(line, cover, start, end))
    lp_now, utf8 = known
    glued = _glued(line, start, end, decoded, words)
    return Segment(chain, display, start, end, decoded, _letter_count(chain.lang)(decoded),
                   lp_dec - lp_now, lp_dec / (len(decoded) + 1), glued, utf8)


@cache
def _letter_count(lang: str):
    """A function counting the letters of ``lang``'s script (:data:`LETTERS`) in a text,
    each character's class remembered (a script's characters are few)."""
    letters, known = LETTERS[lang], {}

    def count(text: str) -> int:
        n = 0
        for c in text:
            is_letter = known.get(c)
            if is_letter is None:
                is_letter = known[c] = char_class(c) in letters
            n += is_letter
        return n

    return count


def _mostly_utf8(line: str, cover: bytearray, a: int, b: int) -> bool:
    """Whether most non-ASCII characters of ``line[a:b]`` are bytes of well-formed UTF-8
    sequences: then the text is UTF-8 mojibake (ftfy's), whatever a code page makes of it."""
    high = (b - a) - sum(map(str.isascii, line[a:b]))
    return high > 0 and sum(cover[a:b]) >= UTF8_SHARE * high


def _kept_on_line(line: str) -> bytes:
    """The bytes HTML extraction may drop that ``line`` still holds (as Latin-1 shows them):
    a soft hyphen or a no-break space left on the line says that extraction kept them."""
    return bytes(b for b in DROPPED if chr(b) in line)


def segments(line: str) -> list[Segment]:
    """Every segment of ``line`` under every chain and display."""
    return [s for _chain, segs in _chain_segments(line) for s in segs]


def _chain_segments(line: str) -> Iterator[tuple[Chain, list[Segment]]]:
    """The segments of ``line``, one list for each chain, display and reading (as written,
    or with dropped bytes put back), the chains in :data:`CHAINS` order: each chain is read
    only when asked for."""
    # UTF-8 is judged on the bytes as Latin-1/cp1252 shows them, whatever the display
    # (Latvian UTF-8 mojibake ``Å¡Ä«`` reads as Shift_JIS through cp437)
    if _all_utf8(line) or _all_utf8(_as_utf8(line) or ""):
        return  # every non-ASCII character is a byte of well-formed UTF-8, once decoded or
        # twice (``Ã¬Â\x9dËœ``: its first reading ``ì\x9d˜`` has cp1252's signs): ftfy's mojibake
    cover = bytearray(len(line))  # (then some byte is not: tests/test_codepages.py holds the two equal)
    words = _word_mask(line)
    for offset, piece in _stretches(line, LATIN):
        cover[offset:offset + len(piece)] = utf8_cover(LATIN.encode(piece))
    spans: dict[tuple[int, int], tuple[float, bool]] = {}
    islands = {d.name: [(offset, piece, d.encode(piece)) for offset, piece in _islands(line, d)]
               for d in (LATIN, CP437)}
    kept = _kept_on_line(line)
    for chain in CHAINS.values():
        for display in chain.displays:
            plain: list[Segment] = []
            dropped: list[Segment] = []
            for offset, piece, raw in islands[display.name]:
                us = units(raw, chain)
                segs = _segments_of(us)
                read = [_segment(line, offset, cover, words, seg, chain, display, spans) for seg in segs]
                plain.extend(read)
                if chain.dropped:  # the same bytes with dropped trail bytes put back
                    # (not where the bytes are UTF-8: its mojibake loses no byte, and the
                    # beam search over it cost 30 ms a line for nothing)
                    found = units_with_dropped(raw, chain, model(chain.lang).bigram_log, kept) if (
                        segs and _lost_a_byte(us, raw)
                        and not _mostly_utf8(line, cover, offset, offset + len(piece))) else None
                    if found:
                        segs = _segments_of(found)
                        read = [_segment(line, offset, cover, words, seg, chain, display, spans)
                                for seg in segs]
                    for seg, s in zip(segs, read, strict=True):
                        dropped.append(replace(s, dropped=True, put_back=any(u.kind == "char" and (
                            u.end - u.start == 1 or raw[u.end - 1] == 0x20) for u in seg)))
            for found_segs in (plain, dropped):
                if found_segs:
                    yield chain, found_segs


def _all_utf8(line: str) -> bool:
    """Whether ``line`` is made of Latin-1/cp1252 characters whose bytes are all well-formed
    UTF-8 of characters text is written in (:func:`utf8_cover` of each byte 1, as
    :func:`segments` would find, by one decode): the common case of UTF-8 mojibake.

    >>> _all_utf8("cafÃ© Ã¼ber"), _all_utf8("cafÃ© ¹®ÀÚ"), _all_utf8("abc")
    (True, False, False)
    """
    if line.isascii():
        return False
    decoded = _as_utf8(line)
    return decoded is not None and _UTF8_ODD_2_RE.search(decoded) is None


def _as_utf8(line: str) -> str | None:
    """``line``'s Latin-1/cp1252 bytes read as UTF-8 (None when a character has no such byte,
    or the bytes are not UTF-8).

    >>> _as_utf8("cafÃ©"), _as_utf8("Ã¬Â\x9dËœ"), _as_utf8("¹®ÀÚ")
    ('café', 'ì\x9d˜', None)
    """
    try:
        return line.translate(_TO_LATIN1).encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None  # a character no Latin-1/cp1252 byte shows, or bytes UTF-8 cannot read


#: cp1252's characters as the Latin-1 characters of their bytes (0x80-0x9F).
_TO_LATIN1 = str.maketrans({c: chr(b) for c, b in LATIN.byte.items() if ord(c) > 0xFF})
#: Two-byte UTF-8 characters (U+0080-U+07FF) outside :data:`_UTF8_TEXT_2`: what utf8_cover
#: leaves uncovered.
_UTF8_ODD_2_RE = re.compile("[" + "".join(
    f"{chr(ord(a) + 1)}-{chr(ord(b) - 1)}"
    for (_, a), (b, _) in itertools.pairwise([("", "\u007f"), *_UTF8_TEXT_2, ("\u0800", "")])
    if ord(b) - ord(a) > 1) + "]")


def _islands(line: str, display: Display) -> list[tuple[int, str]]:
    """(offset, text) of the parts of ``line`` worth decoding through ``display``: runs of
    its high characters with at most one ASCII letter between two of them (a trail byte),
    and the one ASCII character after the last; none unless one holds two high characters
    (a segment of one is never evidence, only a rider beside another)."""
    out = []
    high = display.byte
    for offset, piece in _stretches(line, display):
        start = last = None
        for i, ch in enumerate(piece):
            if high[ch] < 0x80:
                continue
            if ch in _NUMERIC_SIGNS and _numeric_sign(piece, i, high):
                if start is not None:  # the island ends before the sign
                    out.append((offset + start, piece[start:min(last + 2, i)]))
                    start = None
                continue
            if start is not None and i - last > 2 and _ASCII_WORD_RE.search(piece, last + 1, i):
                out.append((offset + start, piece[start:last + 2]))
                start = None
            if start is None:
                start = i
            last = i
        if start is not None:
            out.append((offset + start, piece[start:last + 2]))
    if not any(sum(high[c] >= 0x80 for c in p) >= MIN_ISLAND for _, p in out):
        return []
    return out


_ASCII_WORD_RE = re.compile("[A-Za-z]{2}")
#: Latin-1's signs of numbers, each where numbers put it: after a digit (25°C, 0.9856°, m²,
#: 5µm, 1½), before one (±5), between two (3×4).  There, with no high character beside it,
#: the sign is the text's own: in CP949 mojibake its byte would be a lead byte whose reading
#: needs a dropped byte put back (0.9856° as 0.9856강) or a syllable of the extension that
#: Korean hardly writes (25°C as 25캜); a red-team run found both in a code comment.  No
#: island decoded holds it: one ends before it.
_SIGNS_AFTER_NUMBER = frozenset("°²³¹¼½¾µ")
_POWERS = frozenset("²³¹")
_SIGNS_BEFORE_NUMBER = frozenset("±")
_SIGNS_BETWEEN_NUMBERS = frozenset("×÷")
_NUMERIC_SIGNS = _SIGNS_AFTER_NUMBER | _SIGNS_BEFORE_NUMBER | _SIGNS_BETWEEN_NUMBERS


def _numeric_sign(piece: str, i: int, high: dict[str, int]) -> bool:
    """Whether ``piece[i]``, one of :data:`_NUMERIC_SIGNS`, stands where numbers put it,
    with no high character beside it (``high``: the display's byte of each character).

    >>> from textfix.encodings.chains import LATIN
    >>> [_numeric_sign(p, p.index("°"), LATIN.byte) for p in ("25°C", "0.9856° ", "25°¡", "a°")]
    [True, True, False, False]
    """
    ch = piece[i]
    before = piece[i - 1] if i else ""
    after = piece[i + 1] if i + 1 < len(piece) else ""
    if (after and high.get(after, 0) >= 0x80) or (before and high.get(before, 0) >= 0x80):
        return False  # a lead byte with its trail, or a trail after its lead
    digit_before, digit_after = before.isascii() and before.isdigit(), after.isascii() and after.isdigit()
    if ch in _SIGNS_AFTER_NUMBER:
        # (a power also follows a unit's letter: m², cm³)
        return digit_before or (ch in _POWERS and before.isascii() and before.isalpha())
    if ch in _SIGNS_BEFORE_NUMBER:
        return digit_after
    return digit_before and digit_after


#: High characters an island needs for the line to be read at all.
MIN_ISLAND = 2


def _lost_a_byte(us: list[Unit], raw: bytes) -> bool:
    """Whether a decoding shows a trail byte missing: a byte the source cannot read, or a
    lead byte before a space."""
    return any(u.kind == "bad" or (u.kind == "char" and u.end - u.start == 1) for u in us) or any(
        b >= 0x81 and raw[i + 1] == 0x20 for i, b in enumerate(raw[:-1]))


def _counts(s: Segment) -> bool:
    """Whether a segment is evidence of its chain (else it only rides along with the rest of
    its line): two letters or more, which for an alphabet touch no Latin letter, and whose
    bytes are not UTF-8 as well (``Ð´Ð²Ð°`` is ``два``, ftfy's case)."""
    if s.letters < MIN_SEGMENT_LETTERS or (not s.chain.multibyte and s.glued):
        return False
    if len(set(s.decoded)) == 1:
        return False  # one sign repeated (¤¤¤¤ is いいいい in EUC-JP): a rule, not text
    return not s.utf8


_CODE_WORD_RE = re.compile(f"{PLACEHOLDER_RE.pattern}|[A-Za-z0-9]*[_./][A-Za-z0-9_./]*|`[^`]*`|<[^>]*>")


@lru_cache(maxsize=16)  # asked once for each alphabet's verdict on the line
def _latin_letters(line: str) -> int:
    """ASCII letters of ``line`` outside placeholders, identifiers, code and tags."""
    return sum(_word_mask(line))


@dataclass
class Verdict:
    """One chain's reading of a line: the segments it would repair (those that gain), and
    the evidence (:func:`_counts`): its letters, gain and plausibility."""

    chain: Chain
    kept: list[Segment]
    letters: int
    margin: float
    plausible: float
    latin: int  # ASCII letters of the line outside code and placeholders
    common: float  # the share of the evidence's letters that are common in the script


def _verdict(line: str, segs: list[Segment]) -> Verdict | None:
    """One chain's verdict on a line, or None when its segments cannot be its script: too
    few letters, or (for an alphabet) too few beside the line's Latin letters."""
    chain = segs[0].chain
    alphabet = not chain.multibyte
    kept = [s for s in segs if s.margin > 0 and _fits(s) and not _drawing(line, s)]
    evidence = [s for s in kept if _counts(s)]
    letters = sum(s.letters for s in evidence)
    if letters < MIN_LETTERS:
        return None
    chars = sum(len(s.decoded) + 1 for s in evidence)
    plausible = sum(s.plausible * (len(s.decoded) + 1) for s in evidence) / chars
    latin = _latin_letters(line) if alphabet else 0
    if _script_letters_outside(line, kept):
        # a line already written in a script: its Latin-1 signs are its own (¿¿¿, §13·°¡);
        # only segments that show Latin-1 letters are evidence, and enough of them
        lettered = sum(s.letters for s in evidence if any(c.isalpha() and c >= "\u00c0"
                                                           for c in line[s.start:s.end]))
        if lettered < MIN_LETTERS_BESIDE_SCRIPT:
            return None
    if alphabet:
        # a word of four letters at least (lists of three-letter signs, ÅÄÖ åäö, are not
        # words); beside Latin words (product names, commands), at least a share of them
        longest = max((len(w) for s in evidence for w in re.findall(r"\w+", s.decoded)), default=0)
        if longest < MIN_ALPHABET_WORD:
            return None
        if letters < MIN_ALPHABET_SHARE * (letters + latin) and letters < MIN_SHARE_BESIDE_LATIN * (
                letters + latin):
            return None
    margin = sum(s.margin for s in evidence)
    common = frequent(chain.lang)
    shared = sum(sum(map(common.__contains__, s.decoded)) for s in evidence) / letters
    return Verdict(chain, kept, letters, margin, plausible, latin, shared)


_SCRIPTS = frozenset({"han", "kana", "halfwidth-kana", "hangul", "cyrillic", "greek"})


def _script_letters_outside(line: str, kept: list[Segment]) -> bool:
    """Whether ``line`` holds letters of a non-Latin script outside the segments ``kept``."""
    where = _script_letters(line)
    if not where:
        return False
    inside = bytearray(len(line))
    for s in kept:
        inside[s.start:s.end] = b"\x01" * (s.end - s.start)
    return any(not inside[i] for i in where)


@lru_cache(maxsize=16)  # asked once for each chain's verdict on the line
def _script_letters(line: str) -> tuple[int, ...]:
    """Where ``line`` holds letters of a non-Latin script (:data:`_SCRIPTS`)."""
    return tuple(i for i, c in enumerate(line) if c > "\u036f" and char_class(c) in _SCRIPTS)


#: The signs cp1252 writes with its bytes 0x80-0x9F (dashes, quotes, the euro sign, ...;
#: its letters there, Š Œ Ž ƒ, aside).
_TYPOGRAPHIC = frozenset(c for c in bytes(range(0x80, 0xA0)).decode("cp1252", "ignore") if not c.isalpha())


def _drawing(line: str, s: Segment) -> bool:
    """Whether segment ``s`` stands where the line holds signs alone: box drawing and
    blocks (U+2500-U+259F, ASCII aside), or cp1252's typographic signs.  cp437 shows
    Shift_JIS's half-width katakana bytes as box drawing, so a tree or a table drawn with
    them (├── src/, │) reads as katakana (ﾃﾄﾄ); a stretch of them alone is a drawing: real
    Japanese read through cp437 brings accented letters and signs from its other bytes (none
    of the corpus's 200 Shift_JIS cases is box drawing alone; a red-team run found 11
    drawings in documentation turned into katakana).  Dashes and quotes alone, not even an
    ASCII letter beside them (``—€——``, what ftfy makes of UTF-8 read twice), are
    punctuation, not Shift_JIS's 沃覧 (none of the corpus's accepted readings is made of them
    alone).

    >>> [_drawing("│   ├── main.py", s) for s in segments("│   ├── main.py")][:1]
    [True]
    >>> [_drawing("—€——", s) for s in segments("—€——")][:1]
    [True]
    """
    source = line[s.start:s.end]
    if all(c in _TYPOGRAPHIC or c == " " for c in source):
        return True  # (an ASCII letter beside them is a trail byte: ‘S is Shift_JIS's 全)
    return not source.isascii() and all(c.isascii() or "\u2500" <= c <= "\u259f" for c in source)


def _fits(s: Segment) -> bool:
    """Whether a segment can be text of its script where it stands: an alphabet's word never
    touches a Latin letter, nor opens with a letter no word opens with; a CJK segment inside
    a Latin word (both sides) only when long."""
    if not s.chain.multibyte or (s.glued and s.utf8):  # (UTF-8 glued to a Latin word, cafÃ©, is ftfy's)
        return not s.glued and not _against_orthography(s)
    return s.glued < 2 or s.letters >= MIN_GLUED_LETTERS or not s.letters


def _against_orthography(s: Segment) -> bool:
    """Whether an alphabet's reading breaks its script's spelling: a word opening with a
    letter none opens with (:data:`NEVER_WORD_INITIAL`), Greek capitals with a tonos inside
    capitals (:data:`_GREEK_CAPS_ACCENT_RE`).

    >>> findings("ÜÊÈÑ", 0), [f.edits[0].replacement for f in findings("ÌÎÑÊÂÀ", 0)]
    ([], ['МОСКВА'])
    """
    if s.chain.lang == "el" and _GREEK_CAPS_ACCENT_RE.search(s.decoded):
        return True
    never = NEVER_WORD_INITIAL.get(s.chain.lang)
    return never is not None and any(m.group() in never for m in _WORD_START_RE.finditer(s.decoded))


def _accept(best: Verdict, runner: Verdict | None) -> bool:
    """Whether the best chain's reading of a line is sure enough to repair."""
    alphabet = not best.chain.multibyte
    if best.margin / best.letters < MIN_MARGIN:
        return False
    # the runner-up's reading of as many bytes: how many nats the best one is likelier by
    lead = best.margin - (runner.margin if runner else 0.0)
    if alphabet:
        if best.letters < MIN_ALPHABET_LETTERS and (best.latin or best.plausible < MIN_PLAUSIBLE_SHORT
                                                     or lead < MIN_LEAD_SHORT):
            return False
        return best.plausible >= MIN_PLAUSIBLE_ALPHABET and lead >= MIN_LEAD_ALPHABET
    if best.common < (MIN_COMMON_SHORT if best.letters < SHORT_READING else MIN_COMMON):
        return False
    if best.common < MIN_COMMON_SHORT_PUT_BACK and _short_put_back(best):
        return False
    if best.plausible >= MIN_PLAUSIBLE_STRONG or (best.plausible >= MIN_PLAUSIBLE and lead >= MIN_LEAD):
        return True
    if (best.plausible >= MIN_PLAUSIBLE_LONG and lead >= MIN_LEAD_LONG and best.letters >= MIN_LETTERS_LONG
            and not _hanzi_over_hangul(best, runner)):
        return True
    # words the bigrams never saw, made of the script's common characters
    short, medium = best.letters < SHORT_READING, best.letters < 8
    need = COMMON_SHORT if short else COMMON_MEDIUM if medium else COMMON_LONG
    return (best.common >= need and lead >= MIN_LEAD_COMMON and best.plausible >= MIN_PLAUSIBLE_COMMON
            and not _hanzi_over_hangul(best, runner))


def _hanzi_over_hangul(best: Verdict, runner: Verdict | None) -> bool:
    """Whether ``best`` reads as Chinese what the runner-up reads as Korean: CP949's
    Hangul block is GB2312's first level, the commonest Hanzi, so Korean bytes always read
    as Chinese, and as poorly as names do (CLDR's 뉴잉글랜드솜꼬리토끼 as 春雷臂罚靛钾部府配尝), in
    common characters (GB2312's first level is the commonest 3,755): the allowances for
    names (:data:`MIN_PLAUSIBLE_LONG`) and for common characters are not the Chinese
    reading's then.  None of the corpus's Chinese readings takes them."""
    return best.chain.lang == "zh" and runner is not None and runner.chain.lang == "ko"


_LETTERS_RE = re.compile(r"[^\W\d_][^\W\d_]*")  # (opens with a class: see textfix.lines)


def _short_put_back(best: Verdict) -> bool:
    """Whether a reading rests on a dropped byte put back and is short: under
    :data:`SHORT_READING` letters, each distinct word counted once (a word written twice,
    ``KÄYTTÄJÄ KÄYTTÄJÄ``, repeats its bytes, not its evidence)."""
    if not any(s.put_back for s in best.kept):
        return False
    words = set(_LETTERS_RE.findall(" ".join(s.decoded for s in best.kept)))
    return sum(map(_letter_count(best.chain.lang), words)) < SHORT_READING


@cache
def frequent(lang: str) -> frozenset[str]:
    """The common letters of a script: its model's most frequent characters."""
    if lang == "ko":
        return common_syllables()
    letters = LETTERS[lang]
    ranked = [c for c in model(lang).uni if char_class(c) in letters]
    return frozenset(ranked[:COMMON_CHARS])


def line_verdicts(line: str) -> list[Verdict]:
    """Every chain's verdict on ``line``, the likeliest first (by the log-probability its
    evidence gains over the line as it stands: the same line, read by each chain)."""
    out: list[Verdict] = []
    for chain, segs in _chain_segments(line):
        if out and chain is not out[-1].chain and out[-1].chain is _KOREAN and _sure_korean(out):
            break  # a long plain Korean reading: no other chain has out-read one
        if (v := _verdict(line, segs)) is not None:
            out.append(v)
    return sorted(out, key=_likeliest_first)


def _likeliest_first(v: Verdict) -> tuple[float, bool]:
    """The order of verdicts: the larger gain first, and of equal ones the reading as
    written before the one with dropped bytes put back."""
    return -v.margin, v.kept[0].dropped if v.kept else False


_KOREAN = CHAINS["cp949"]
#: A CP949 reading of this many letters at least, plain enough to be repaired whatever the
#: other chains read (:data:`MIN_PLAUSIBLE_STRONG`, :data:`MIN_MARGIN`), is not compared with
#: them: on the open-world tune split's strings read through every chain and the corpus's
#: cases (49,530 texts), no other chain out-read such a reading (0 of 1,388; 4 of 493 of 4-7
#: letters, EUC-JP's signs).  Most of a Korean line's search is then skipped.
SURE_KOREAN_LETTERS = 8


def _sure_korean(verdicts: list[Verdict]) -> bool:
    """Whether the likeliest of the CP949 verdicts so far is a long, plain Korean reading."""
    best = min(verdicts, key=_likeliest_first)
    return (best.chain is _KOREAN and best.letters >= SURE_KOREAN_LETTERS
            and best.plausible >= MIN_PLAUSIBLE_STRONG and best.margin / best.letters >= MIN_MARGIN)


def chain_of(d: Detection) -> Chain:
    """The chain a finding of :func:`findings` re-decoded."""
    return _CHAIN_OF_LABEL[d.message.split(" bytes read as ", 1)[0]]


_CHAIN_OF_LABEL = {c.label: c for c in CHAINS.values()}


_FALLBACK_RE = re.compile("[\u0080-\uffff][\x20-\uffff]*[\u0080-\uffff]")
_WIDE_RE = re.compile("[\u0100-\u07ff]")
#: Signs only cp1252 writes among U+0100-U+07FF (a Latin-1 fallback never does).
_CP1252_SIGNS = frozenset("ŒœŠšŽžŸƒˆ˜")
_GLUED_RE = re.compile("[A-Za-z][\u0080-\u07ff]|[\u0080-\u07ff][A-Za-z]")


def fallback_findings(line: str, offset: int) -> list[Detection]:
    """CP949 read as UTF-8 with a Latin-1 fallback (:mod:`textfix.encodings.fallback`): a
    stretch of characters such a decoder writes, with one of U+0100-U+07FF among them and
    none glued to a Latin letter, that reads as common Korean once its bytes are CP949."""
    out = []
    chain = CHAINS["cp949"]
    ko = model(chain.lang)
    for m in _FALLBACK_RE.finditer(line):
        piece = m.group()
        if (not _WIDE_RE.search(piece) or _GLUED_RE.search(line, max(0, m.start() - 1), m.end() + 1)
                or any(c in _CP1252_SIGNS for c in piece)):
            continue  # glued to a Latin word, or cp1252's signs (UTF-8 mojibake: ftfy's)
        decoded = fallback.decode(piece, ko.bigram_log)
        if decoded is None:
            continue
        letters = sum(char_class(c) == "hangul" for c in decoded)
        common = sum(c in frequent("ko") for c in decoded) / max(1, letters)
        plausible = ko.logprob(decoded) / (len(decoded) + 1)
        need = COMMON_SHORT if letters < 4 else COMMON_MEDIUM if letters < 8 else COMMON_LONG
        latin = sum(c.isascii() and c.isalpha() for c in piece)
        hanja = sum(char_class(c) == "han" for c in decoded)
        if (letters < MIN_LETTERS or latin > letters or hanja > letters or plausible < MIN_PLAUSIBLE
                or common < need):
            continue  # no competing reading here: it must read as common Korean on its own
        conf = min(CONFIDENCE_MAX, CONFIDENCE_BASE + CONFIDENCE_PER_LETTER * letters)
        out.append(RULES[chain.code].detect(
            offset + m.start(), offset + m.end(),
            f"{chain.label} bytes read as UTF-8 with a Latin-1 fallback; re-decoded as {chain.label}",
            conf, (Edit(offset + m.start(), offset + m.end(), decoded),)))
    return out


#: Confidence of the flag on a line that two multibyte code pages both read as their script
#: (below the 0.5 that reviewers see as likely damage: the line may be clean).
DISPUTED_CONFIDENCE = 0.45


def _disputed(line: str, offset: int, best: Verdict, runner: Verdict | None) -> list[Detection]:
    """A flag (never a repair) where two multibyte chains both read the line plausibly as
    their script and neither leads enough: mojibake no one can decide from the line alone
    (``±Ø±¸°´``: 극구객 as CP949, 必备按 as GBK) is named, not passed over in silence."""
    if runner is None or not (best.chain.multibyte and runner.chain.multibyte) or not best.kept \
            or not runner.kept or best.margin / best.letters < MIN_MARGIN \
            or min(best.plausible, runner.plausible) < MIN_PLAUSIBLE:
        return []
    start = min(s.start for s in best.kept)
    end = max(s.end for s in best.kept)
    readings = "; ".join(f"{v.chain.label} reads {' '.join(s.decoded for s in v.kept)[:60]!r}"
                         for v in (best, runner))
    return [RULES["TF105"].detect(offset + start, offset + end,
            f"looks like legacy code-page bytes read as Latin-1 or cp1252, but the code pages disagree: "
            f"{readings}; not repaired, a reader can tell", DISPUTED_CONFIDENCE)]


#: Letters in strictly rising code-point order, and nothing else but spaces and commas, make
#: a list of letters (ÁÉÍÓÚ, ÂÊÎÔÛ: a language's accented vowels), not a word read with the
#: wrong code page, from this many on: Latin-1's accented capitals stand in the order of
#: cp1251's, cp1253's and KOI8-R's letters, so such a list reads as an alphabet's run
#: (ÀÁÂÃÄÅ as АБВГДЕ).  Of the corpus's 4,522 code-page repairs, 6 read letters in rising
#: order, none of more than 4 (Ôàéë, Файл).
MIN_LETTER_LIST = 5


def _letter_list(line: str, best: Verdict) -> bool:
    """Whether the line's evidence is a list of letters (:data:`MIN_LETTER_LIST`).

    >>> _letter_list("ÁÉÍÓÚ", line_verdicts("ÁÉÍÓÚ")[0]), _letter_list("ÎÏÑÂÒÑ", line_verdicts("ÎÏÑÂÒÑ")[0])
    (True, False)
    """
    text = "".join(line[s.start:s.end] for s in best.kept)
    letters = [c for c in text if c not in " ,"]
    return (len(letters) >= MIN_LETTER_LIST and all(c.isalpha() for c in letters)
            and letters == sorted(set(letters)))


#: A letter of Latin-1 with an accent beside an ASCII letter: a word of accented Latin.
_ACCENTED_WORD_RE = re.compile("[A-Za-z][\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]"
                               "|[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff][A-Za-z]")


def _among_latin_words(line: str, best: Verdict) -> bool:
    """Whether a short multibyte reading (under :data:`SHORT_READING` letters) that does not
    read plainly (under :data:`MIN_PLAUSIBLE_STRONG`) stands among Latin words: glued to
    one, or on a line with a word of accented Latin beside it.  Accented Latin of cp437 or
    Latin-1 spells two or three CJK characters by chance (CLDR's names: Nèpâl, Zìlân,
    âzûâ Kûku read as Shift_JIS 角ネ, 考ハ, ホ麻); none of the corpus's eight short readings
    that read less plainly stands among Latin words.

    >>> findings("Nèpâl", 0)[0].confidence < 0.5, findings("âVâFâï", 0)[0].edits[0].replacement
    (True, 'シェル')
    """
    if not best.chain.multibyte or best.letters >= SHORT_READING or best.plausible >= MIN_PLAUSIBLE_STRONG:
        return False
    if any(s.glued for s in best.kept):
        return True
    rest, pos = [], 0
    for s in best.kept:
        rest.append(line[pos:s.start])
        pos = s.end
    rest.append(line[pos:])
    return _ACCENTED_WORD_RE.search(" ".join(rest)) is not None


def findings(line: str, offset: int) -> list[Detection]:
    """Code-page mojibake on one line: the segments of the chain that reads best, when it
    reads clearly better than every other."""
    if _WIDE_RE.search(line):
        found = fallback_findings(line, offset)
        if found:
            return found
    verdicts = line_verdicts(line)
    if not verdicts:
        return []
    best = verdicts[0]
    runner = next((v for v in verdicts[1:] if v.chain is not best.chain), None)
    if not _accept(best, runner):
        return _disputed(line, offset, best, runner)
    if _among_latin_words(line, best):
        return [RULES[best.chain.code].detect(
                offset + best.kept[0].start, offset + best.kept[-1].end,
                f"{best.chain.label} reads {' '.join(s.decoded for s in best.kept)[:60]!r} here, but a "
                "reading this short and this unusual among Latin words is as likely accented Latin; "
                "not repaired, a reader can tell", DISPUTED_CONFIDENCE)]
    if _letter_list(line, best):
        return [RULES["TF105"].detect(offset + best.kept[0].start, offset + best.kept[-1].end,
                f"{best.chain.label} reads these letters as {' '.join(s.decoded for s in best.kept)[:60]!r}, "
                "but they stand in code-point order, as a list of letters does; not repaired, a reader "
                "can tell", DISPUTED_CONFIDENCE)]
    out = []
    conf = min(CONFIDENCE_MAX, CONFIDENCE_BASE + CONFIDENCE_PER_LETTER * best.letters)
    for s in best.kept:
        rule = RULES[s.chain.code]
        how = s.display.label(line[s.start:s.end])
        if s.put_back:
            how += " (soft hyphens and no-break spaces dropped, put back)"
        out.append(rule.detect(offset + s.start, offset + s.end,
                               f"{s.chain.label} bytes read as {how}; re-decoded as {s.chain.label}",
                               conf, (Edit(offset + s.start, offset + s.end, s.decoded),)))
    return out
