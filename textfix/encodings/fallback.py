"""CP949 bytes read as UTF-8 with a Latin-1 fallback: a decoder that reads UTF-8 where the
bytes are UTF-8 and takes each other byte as its Latin-1 character (``Ȱ¿ë`` for ``활용``:
``C8 B0`` is UTF-8 for ``Ȱ``, ``BF`` and ``EB`` are not).

Each character gives back its bytes: one byte below U+0100 (or, for U+0080-U+00FF, the two
of its UTF-8 form: ``Ã©`` and ``é`` both occur), its UTF-8 bytes above.  :func:`decode`
searches the ways to read the ambiguous characters for the one whose bytes are CP949 and
read best, with a beam over the characters (linear).

>>> from textfix.encodings.model import model
>>> decode("Ȱ¿ë ¹æ¾È", model("ko").bigram_log)
'활용 방안'
"""

from __future__ import annotations

from collections.abc import Callable

#: Readings kept per character.
BEAM = 8
#: Characters a fallback decoder can have written: up to three UTF-8 bytes each.
LAST = "\uffff"


def _bytes_of(ch: str) -> list[bytes]:
    """The byte strings a character of the decoder's output can stand for."""
    cp = ord(ch)
    if cp < 0x80:
        return [bytes((cp,))]
    if cp < 0x100:
        return [bytes((cp,)), ch.encode("utf-8")]
    return [ch.encode("utf-8")]


def decode(text: str, score: Callable[[str, str], float], codec: str = "cp949") -> str | None:
    """The likeliest reading of ``text`` as ``codec`` bytes read as UTF-8 with a Latin-1
    fallback (None when no reading decodes, or the text holds characters such a decoder
    cannot write)."""
    if any(ch > LAST or "\ud800" <= ch <= "\udfff" for ch in text):
        return None
    # a hypothesis: (score, previous character, output so far, pending lead byte or -1)
    beam: list[tuple[float, str, str, int]] = [(0.0, "\n", "", -1)]
    for ch in text:
        grown: dict[tuple[str, int], tuple[float, str, str, int]] = {}
        for total, prev, out, lead in beam:
            for raw in _bytes_of(ch):
                for hyp in _feed(total, prev, out, lead, raw, score, codec):
                    key = (hyp[1], hyp[3])
                    if key not in grown or grown[key][0] < hyp[0]:
                        grown[key] = hyp
        beam = sorted(grown.values(), key=lambda h: -h[0])[:BEAM]
        if not beam:
            return None
    done = [h for h in beam if h[3] < 0]
    return max(done, key=lambda h: h[0] + score(h[1], "\n"))[2] if done else None


def _feed(total: float, prev: str, out: str, lead: int, raw: bytes, score, codec: str
          ) -> list[tuple[float, str, str, int]]:
    """The hypothesis after the bytes ``raw``: characters decoded as pairs complete."""
    for b in raw:
        if lead >= 0:
            try:
                ch = bytes((lead, b)).decode(codec)
            except UnicodeDecodeError:
                return []
            total, prev, out, lead = total + score(prev, ch), ch, out + ch, -1
        elif b < 0x80:
            ch = chr(b)
            total, prev, out = total + score(prev, ch), ch, out + ch
        else:
            lead = b
    return [(total, prev, out, lead)]
