"""Damage generators of the encoding family: legacy code pages read through the wrong one,
and the lossy Korean chains (UTF-8 read as CP949 with replacement characters, CP949 read
as Latin-1 with its invisible bytes dropped, CP949 read as UTF-8 with a Latin-1 fallback).

Each returns the damaged text and the span of the damage in it, or None when the damage
cannot apply (the text does not fit the code page, or nothing would change).

>>> codepage_as("新しいフォルダ", "cp932", "cp437")[0]
'ÉVé╡éóâtâHâïâ_'
>>> codepage_as("СЕКРЕТ", "cp1251", "latin-1")[0]
'ÑÅÊÐÅÒ'
>>> [hex(ord(c)) for c in utf8_as_cp949_lossy("시청", "python")[0]]
['0xfffd', '0xb586', '0xf9e3', '0xfffd']
>>> cp949_as_utf8_fallback("활용")[0]
'Ȱ¿ë'
"""

from __future__ import annotations

import random

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

from textfix.damage import Damage, changed_span

#: Every chain of the legacy code-page family: (damage kind, source codec, display codec).
#: Shift_JIS is written as Windows writes it (cp932); Latin-1 is Python's ``latin-1`` and
#: cp1252 ftfy's ``sloppy-windows-1252`` (its five holes read as Latin-1's C1 controls).
CODEPAGE_CHAINS = (
    ("mojibake-gbk-as-latin1", "gbk", "latin-1"),
    ("mojibake-gbk-as-cp1252", "gbk", "sloppy-windows-1252"),
    ("mojibake-sjis-as-cp437", "cp932", "cp437"),
    ("mojibake-sjis-as-cp1252", "cp932", "sloppy-windows-1252"),
    ("mojibake-sjis-as-latin1", "cp932", "latin-1"),
    ("mojibake-eucjp-as-cp1252", "euc_jp", "sloppy-windows-1252"),
    ("mojibake-eucjp-as-latin1", "euc_jp", "latin-1"),
    ("mojibake-cp1251-as-latin1", "cp1251", "latin-1"),
    ("mojibake-cp1251-as-cp1252", "cp1251", "sloppy-windows-1252"),
    ("mojibake-koi8r-as-latin1", "koi8_r", "latin-1"),
    ("mojibake-koi8r-as-cp1252", "koi8_r", "sloppy-windows-1252"),
    ("mojibake-cp1253-as-latin1", "cp1253", "latin-1"),
    ("mojibake-cp1253-as-cp1252", "cp1253", "sloppy-windows-1252"),
    ("mojibake-cp949-as-latin1", "cp949", "latin-1"),
    ("mojibake-cp949-as-cp1252", "cp949", "sloppy-windows-1252"),
)


def codepage_as(text: str, source: str, display: str) -> Damage | None:
    """``text`` written in the code page ``source`` and read as ``display``."""
    try:
        broken = text.encode(source).decode(display)
    except UnicodeError:
        return None
    if broken == text:
        return None
    return broken, changed_span(broken, text)


def cp949_replace(raw: bytes, style: str) -> tuple[str, set[int]]:
    """``raw`` decoded as CP949 with replacement characters, and the offsets of the bytes
    the replacement characters took: ``python`` (CPython's ``errors="replace"``: one U+FFFD
    per byte that does not start a character) or ``browser`` (WHATWG/Windows: a lead byte
    and its non-ASCII trail byte become one U+FFFD).

    >>> cp949_replace("시".encode("utf-8"), "python")[1]
    {0}
    """
    out, lost, i = [], set(), 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        try:
            out.append(raw[i:i + 2].decode("cp949"))
            i += 2
            continue
        except UnicodeDecodeError:
            pass
        out.append("\ufffd")
        # browsers: an invalid pair uses up both bytes unless the trail is ASCII (or absent)
        pair = style == "browser" and 0x81 <= b <= 0xFE and i + 1 < len(raw) and raw[i + 1] >= 0x80
        size = 2 if pair else 1
        lost.update(range(i, i + size))
        i += size
    return "".join(out), lost


def utf8_as_cp949_lossy(text: str, style: str = "python") -> Damage | None:
    """UTF-8 bytes decoded as CP949 with replacement characters where a pair is invalid
    (``style``: see :func:`cp949_replace`); None when no byte was lost."""
    broken = cp949_replace(text.encode("utf-8"), style)[0]
    if "\ufffd" not in broken:
        return None
    return broken, changed_span(broken, text)


def cp949_as_latin1_stripped(text: str, rng: random.Random) -> Damage | None:
    """CP949 read as Latin-1, then HTML extraction drops the soft hyphens (byte 0xAD) and turns
    no-break spaces (byte 0xA0) into spaces or drops them; None when neither byte occurs."""
    try:
        broken = text.encode("cp949").decode("latin-1")
    except UnicodeError:
        return None
    if "\xad" not in broken and "\xa0" not in broken:
        return None
    nbsp = rng.choice([" ", ""])
    broken = broken.replace("\xad", "").replace("\xa0", nbsp)
    return broken, changed_span(broken, text)


def cp949_as_utf8_fallback(text: str) -> Damage | None:
    """CP949 bytes decoded as UTF-8 where they are valid UTF-8 and as Latin-1 where they are
    not (a common decoder fallback): ``Ȱ¿ë`` for ``활용``."""
    try:
        raw = text.encode("cp949")
    except UnicodeError:
        return None
    out, i = [], 0
    while i < len(raw):
        for size in (4, 3, 2, 1):
            piece = raw[i:i + size]
            if len(piece) < size:
                continue
            try:
                ch = piece.decode("utf-8")
            except UnicodeDecodeError:
                continue
            out.append(ch)
            i += size
            break
        else:
            out.append(chr(raw[i]))
            i += 1
    broken = "".join(out)
    if broken == text:
        return None
    return broken, changed_span(broken, text)
