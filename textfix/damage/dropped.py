"""Damage generators for misoriented quotes and dropped counters and particles (issue 12).

Each takes a clean text and a :class:`random.Random` and returns ``(broken, span)`` or
None when the text holds nothing it can damage (see :mod:`textfix.damage`).

>>> import random
>>> drop_counter("전년 2027년 이후 사업이다.", random.Random(1))
('전년 2027 이후 사업이다.', (3, 8))
>>> drop_particle_after_latin("OECD는 올해 전망을 낮췄다.", random.Random(1))
('OECD올해 전망을 낮췄다.', (0, 5))
>>> misorient_quote("정부는 “좋다”며 웃었다.", random.Random(3))[0]
'정부는 “좋다“며 웃었다.'
"""

from __future__ import annotations

import random
import re

from textfix.damage import Damage
from textfix.korean.lexicon import COUNTERS, LATIN_PARTICLES, NUMBER_WORDS
from textfix.script import CLOSING_QUOTES, CURLY_QUOTES, HANGUL

#: How a quote pair gets misoriented: the opener written as a closer, the closer written as
#: an opener, or both (with the weights a converter's mistakes have: one side is the rule).
QUOTE_DAMAGES = (("opener", 4), ("closer", 4), ("both", 1))
#: A quotation a generator misorients is at most this long (a phrase or a sentence).
MAX_QUOTED = 120

_COUNTER_ALT = "|".join(sorted(COUNTERS, key=len, reverse=True))
#: A number standing alone (not inside a word or a longer number, not an elided year: ’04)
#: with its counter: number words, then one counter (10억원, 2천여 명, 3명만: the particle
#: 만 is not part of it).
_COUNTED_RE = re.compile(f"(?<![0-9A-Za-z{HANGUL}.,:/_%+’'‘-])([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)"
                         f"([{NUMBER_WORDS}]*(?:{_COUNTER_ALT}))")
_PARTICLE_ALT = "|".join(sorted(LATIN_PARTICLES, key=len, reverse=True))
#: Latin capitals (an acronym: OECD, K-POP, S&P) with a particle, a space and a Korean word.
_LATIN_PARTICLE_RE = re.compile(f"(?<![A-Za-z0-9&.-])([A-Z][A-Z0-9&-]*[A-Z0-9])({_PARTICLE_ALT})"
                                f" (?=[{HANGUL}])")


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """(opener, closer) offsets of the curly and CJK quote pairs of ``text`` that pair up
    plainly (no other quote of their style inside, on one line).

    >>> quote_pairs("그는 “좋다”며 ‘AI’를 말했다.")
    [(3, 6), (9, 12)]
    """
    out = []
    for opener, closer in CURLY_QUOTES.items():
        o, c = re.escape(opener), re.escape(closer)
        for m in re.finditer(f"{o}[^{o}{c}\n]{{1,{MAX_QUOTED}}}{c}", text):
            out.append((m.start(), m.end() - 1))
    return sorted(out)


def misorient_quote(text: str, rng: random.Random) -> Damage | None:
    """One quote pair written the wrong way round: the opener as a closer (’2025년 조사’), the
    closer as an opener (“…있다“며), or both (”…“)."""
    pairs = quote_pairs(text)
    if not pairs:
        return None
    start, end = rng.choice(pairs)
    opener, closer = text[start], text[end]
    how = rng.choices([h for h, _ in QUOTE_DAMAGES], [w for _, w in QUOTE_DAMAGES])[0]
    chars = list(text)
    if how in ("opener", "both"):
        chars[start] = closer
    if how in ("closer", "both"):
        chars[end] = opener
    assert CLOSING_QUOTES[closer] == opener
    return "".join(chars), (start, end + 1)


def counted_numbers(text: str) -> list[re.Match[str]]:
    """The numbers of ``text`` followed by their counter (``2027년``, ``52개국``, ``10억원``).

    >>> [m.group() for m in counted_numbers("65세 이상 3대 전략, 제3조와 10억원")]
    ['65세', '3대', '10억원']
    """
    return list(_COUNTED_RE.finditer(text))


def leaves_a_trace(text: str, end: int) -> bool:
    """Whether something a reader sees follows a dropped counter that ended at ``end``: a
    particle glued on, or a space and a Korean word or number, or a closing bracket and a
    glued word (what stays behind when the counter goes: ``30이``, ``2027 이후``, ``(44)보다``)."""
    rest = text[end:end + 3]
    if re.match(f"[{HANGUL}]", rest):
        return True
    if re.match(f" [{HANGUL}0-9]", rest):
        return True
    return re.match(f"\\)[{HANGUL}]", rest) is not None


def drop_counter(text: str, rng: random.Random) -> Damage | None:
    """The counter after a number dropped, where something follows it: ``2027년 이후`` ->
    ``2027 이후``, ``30명이`` -> ``30이``, ``(44명)보다`` -> ``(44)보다``, ``52개국 2천여`` -> ``52 2천여``.

    (A counter at the end of a sentence or before a comma leaves nothing to see, and is not
    generated: no reader or rule can tell ``150,`` from ``150명,``.)
    """
    found = [m for m in counted_numbers(text) if leaves_a_trace(text, m.end())]
    if not found:
        return None
    return drop_counter_at(text, rng.choice(found))


def drop_counter_at(text: str, m: re.Match[str]) -> Damage:
    """The counter of ``m`` (one of :func:`counted_numbers`) dropped."""
    broken = text[:m.start(2)] + text[m.end(2):]
    return broken, (m.start(1), min(len(broken), m.start(2) + 1))


def drop_particle_after_latin(text: str, rng: random.Random) -> Damage | None:
    """The particle after Latin capitals dropped with the space after it: ``OECD는 올해`` ->
    ``OECD올해`` (the word runs into the next one)."""
    found = latin_particles(text)
    if not found:
        return None
    return drop_particle_at(text, rng.choice(found))


def latin_particles(text: str) -> list[re.Match[str]]:
    """Latin capitals with a particle, then a space and a Korean word (``OECD는 올해``).

    >>> [m.group() for m in latin_particles("OECD는 올해, API를 쓴다")]
    ['OECD는 ', 'API를 ']
    """
    return list(_LATIN_PARTICLE_RE.finditer(text))


def drop_particle_at(text: str, m: re.Match[str]) -> Damage:
    """The particle of ``m`` (one of :func:`latin_particles`) dropped with its space."""
    broken = text[:m.start(2)] + text[m.end():]
    return broken, (m.start(1), m.start(2) + 1)
