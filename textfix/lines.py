"""Line helpers shared by the stages: split with offsets, and find only the lines that
a cheap pattern marks as suspect (the fast path: clean lines are never visited).

A pattern's *prefilter* (:func:`prefilter`) is a single character class that every match of
the pattern must touch, read off the pattern itself: text without any of its characters
cannot match, and a character-class search is the fastest scan Python's ``re`` has (the
patterns the stages use are alternations and look-behinds, several times slower to search).
:func:`lines_matching` asks it first.

A pattern searched over whole texts opens with a character class, not with a repeat of one
(``[ㄱ-ㅣ][ㄱ-ㅣ]+``, not ``[ㄱ-ㅣ]{2,}``; ``[A-Z][A-Z]*``, not ``[A-Z]+``): the engine scans
ahead for a leading class, which a leading repeat hides (a search two to three times as
slow, measured on short Korean and English documents).

>>> pre = prefilter(re.compile("(?<![0-9])[0-9]+(?=[가-힣])|ㄱㄴ"))
>>> pre.may_match("no digits here"), pre.may_match("in 2025년"), prefilter(re.compile("[가-힣]+")).non_ascii
(False, True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add

try:  # the regular-expression parser (the same one ``re.compile`` uses)
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: Characters every kind of text is full of (ASCII, Hangul, CJK and kana, the general and CJK
#: punctuation blocks, fullwidth forms): among the characters a match must touch, the
#: prefilter takes the set with the fewest of these, so that it rarely fires on clean text.
_COMMON = ((0x09, 0x0D), (0x20, 0x7E), (0x2010, 0x206F), (0x3000, 0x30FF), (0x4E00, 0x9FFF),
           (0xAC00, 0xD7A3), (0xFF00, 0xFFEF))
#: Whitespace stands between most words: a set holding it counts as this many common ones.
_SPACE_WEIGHT = 1000
_SPACES = ((0x09, 0x0D), (0x20, 0x20))

_ASCII_MAX = 0x7F

Ranges = tuple[tuple[int, int], ...]


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line, without its newline.

    >>> split_lines("ab\\ncd")
    [(0, 'ab'), (3, 'cd')]
    """
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def line_starts(lines: list[str]) -> list[int]:
    """The offset of each of ``lines`` (a text split at its newlines) in the text.

    >>> line_starts("ab\\n\\ncd".split("\\n"))
    [0, 3, 4]
    """
    # the lengths summed, plus a newline each, without a Python loop
    return list(map(add, accumulate(map(len, lines[:-1]), initial=0), count()))


def lines_matching(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """(offset, line) of each line holding a match of ``pattern``, in order, once each.

    >>> lines_matching("a\\nb1\\nc\\nd2", re.compile("[0-9]"))
    [(2, 'b1'), (7, 'd2')]
    """
    if not prefilter(pattern).may_match(text):
        return []
    out = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            return out
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        out.append((start, text[start:end]))
        pos = end + 1


@dataclass(frozen=True)
class Prefilter:
    """What a pattern's matches must contain: ``chars``, a character class (None when the
    pattern does not say: then every text may match), and ``non_ascii``, whether every match
    holds a character outside ASCII (then ASCII text never matches)."""

    chars: re.Pattern[str] | None
    non_ascii: bool
    ranges: Ranges | None = None

    def may_match(self, text: str) -> bool:
        """False only when no match of the pattern can be in ``text``."""
        if self.non_ascii and text.isascii():
            return False
        return self.chars is None or self.chars.search(text) is not None


def union(prefilters: Iterable[Prefilter], chars: str = "") -> Prefilter:
    """One prefilter for several patterns (and the characters ``chars``): it rules a text
    out only when each of them does.

    >>> both = union([prefilter(re.compile("[0-9]")), prefilter(re.compile("ㄱ+"))], "(")
    >>> both.may_match("abc"), both.may_match("a(b"), both.non_ascii
    (False, True, False)
    """
    items = list(prefilters)
    if any(p.ranges is None for p in items):
        return Prefilter(None, False)
    ranges = tuple(r for p in items for r in (p.ranges or ())) + tuple((ord(c), ord(c)) for c in chars)
    if not ranges:
        return Prefilter(None, False)
    non_ascii = all(p.non_ascii for p in items) and all(ord(c) > _ASCII_MAX for c in chars)
    return Prefilter(re.compile(_char_class(ranges)), non_ascii, ranges)


@lru_cache(maxsize=512)
def prefilter(pattern: re.Pattern[str]) -> Prefilter:
    """The :class:`Prefilter` of a compiled pattern, read off its parse (cached).

    Patterns that ignore case, or whose matches may be empty or made of any character,
    get no character class: the prefilter then never rules a text out.

    >>> prefilter(re.compile("[.!?][ \\t]")).chars.pattern  # the marks, not the spaces
    '[\\\\U00000021\\\\U0000002e\\\\U0000003f]'
    >>> prefilter(re.compile("(?i)abc")).chars is None, prefilter(re.compile("a?")).chars is None
    (True, True)
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return Prefilter(None, False)
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError, RecursionError):  # pragma: no cover - compiled before
        return Prefilter(None, False)
    if parsed.state.flags & re.IGNORECASE:
        return Prefilter(None, False)
    seq = list(parsed)
    sets = _required_sets(seq)
    if not sets:
        return Prefilter(None, _needs_non_ascii(seq))
    best = _merge(min(sets, key=_commonness))
    return Prefilter(re.compile(_char_class(best)), _needs_non_ascii(seq), best)


def _required_sets(seq: list) -> list[Ranges]:
    """For a parsed sequence: one character set per element that every match consumes a
    character of (elements that may match empty, or any character, give none)."""
    out = []
    for op, av in seq:
        ranges = _element(op.name, av)
        if ranges is not None:
            out.append(ranges)
    return out


def _rarest(seq: list) -> Ranges | None:
    sets = _required_sets(seq)
    return min(sets, key=_commonness) if sets else None


def _commonness(ranges: Ranges) -> tuple[int, int]:
    """How often clean text holds a character of ``ranges`` (a rough order: fewer common
    characters, then fewer characters)."""
    return _overlap(ranges, _COMMON) + _SPACE_WEIGHT * _overlap(ranges, _SPACES), _size(ranges)


def _element(name: str, av) -> Ranges | None:
    """The characters one parsed element must consume one of, or None."""
    if name == "LITERAL":
        return ((av, av),)
    if name == "IN":
        return _in_set(av)
    if name == "BRANCH":
        return _branch(av[1])
    if name == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _rarest(list(sub))
    if name == "ATOMIC_GROUP":
        return _rarest(list(av))
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        return _rarest(list(sub)) if low >= 1 else None
    return None  # AT, look-arounds, ANY, NOT_LITERAL, CATEGORY, group references


def _branch(branches: list) -> Ranges | None:
    """What every alternative must consume one of: the union of each one's rarest set, or
    one set of the first that every other alternative requires part of (``[0-9]`` for
    ``[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+``), whichever is rarer."""
    per_branch = [_required_sets(list(b)) for b in branches]
    if not all(per_branch):
        return None
    best = tuple(r for sets in per_branch for r in min(sets, key=_commonness))
    for candidate in per_branch[0]:
        if all(any(_inside(r, candidate) for r in sets) for sets in per_branch[1:]) \
                and _commonness(candidate) < _commonness(best):
            best = candidate
    return best


def _inside(ranges: Ranges, outer: Ranges) -> bool:
    """Whether every character of ``ranges`` is in ``outer``."""
    return all(any(a <= lo and hi <= b for a, b in outer) for lo, hi in ranges)


def _in_set(items: list) -> Ranges | None:
    out = []
    for op, av in items:
        if op.name == "LITERAL":
            out.append((av, av))
        elif op.name == "RANGE":
            out.append(av)
        else:  # NEGATE, CATEGORY (\d, \w, \s), case-insensitive forms: not a small set
            return None
    return tuple(out)


def _needs_non_ascii(seq: list) -> bool:
    """Whether every match of a parsed sequence holds a character outside ASCII."""
    for op, av in seq:
        name = op.name
        if name == "LITERAL" and av > _ASCII_MAX:
            return True
        if name == "IN":
            ranges = _in_set(av)
            if ranges is not None and all(lo > _ASCII_MAX for lo, _ in ranges):
                return True
        elif name == "BRANCH" and all(_needs_non_ascii(list(b)) for b in av[1]):
            return True
        elif name == "SUBPATTERN" and not av[1] & re.IGNORECASE and _needs_non_ascii(list(av[3])):
            return True
        elif name == "ATOMIC_GROUP" and _needs_non_ascii(list(av)):
            return True
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1 \
                and _needs_non_ascii(list(av[2])):
            return True
    return False


def _merge(ranges: Ranges) -> Ranges:
    """``ranges`` sorted, with overlapping and adjacent ones joined."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return tuple(out)


def _size(ranges: Ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


def _overlap(ranges: Ranges, other: Ranges) -> int:
    return sum(max(0, min(hi, h) - max(lo, lo2) + 1) for lo, hi in ranges for lo2, h in other)


def _char_class(ranges: Ranges) -> str:
    return "[" + "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"
                         for lo, hi in _merge(ranges)) + "]"
