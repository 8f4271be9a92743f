"""Damage generators: how text gets broken, as code (the inverse of what textfix repairs).

The corpus script (``scripts/build_corpus.py``), the open-world benchmark and the tests
build their damaged cases from clean text with these, so that each damage is defined
once.  A generator that needs a choice takes a :class:`random.Random`; one that cannot
apply to a text returns None.  Each returns the damaged text and the span of the damage
in it.

>>> reverse_runs("서울시는 AI 구상을 발표했다.")
'.구상을 발표했다AI 서울시는 '
>>> reverse_runs(reverse_runs("서울시는 AI 구상을 발표했다."))
'서울시는 AI 구상을 발표했다.'
>>> cp949_as("안녕", "latin-1")
('¾È³ç', (0, 4))
"""

from __future__ import annotations

import random
import re
import unicodedata

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

from textfix.korean.jamo import spell_out
from textfix.model import smallest_edit
from textfix.script import HANGUL, NUMBER_WHOLE, RUN_RE, run_re

Damage = tuple[str, tuple[int, int]]

#: The invisible characters scrapers and editors leave inside words.
INVISIBLES = ("\u200b", "\u3164", "\ufeff", "\u200c", "\u2060")


def changed_span(broken: str, gold: str) -> tuple[int, int]:
    """The span of ``broken`` that differs from ``gold``."""
    e = smallest_edit(broken, gold)
    return e.start, e.end


def reverse_runs(text: str, atoms: bool = False, numbers: str = NUMBER_WHOLE) -> str:
    """``text`` with its runs in reverse order (each run keeps its own characters and the
    spaces after it): what some scrapers do to a paragraph.  Its own inverse.

    By default the runs are :data:`textfix.script.RUN_RE`'s: markup and placeholders fall
    apart into their letters and marks (``s)name(%``).  With ``atoms`` they are runs of
    their own (tags with their attributes, entities, placeholders, URLs, e-mail addresses,
    code in backticks: :data:`textfix.script.ATOM`), never split; ``numbers`` says what
    holds a number together (``split``: ``3.25`` comes back ``25.3``; ``whole``; ``ranges``:
    ``7~8`` and ``8-3`` too).

    >>> reverse_runs('<a href="%(url)s">관리자</a>에게 3.25%를', atoms=True, numbers="split")
    '를%25.3에게 </a>관리자<a href="%(url)s">'
    """
    pattern = RUN_RE if not atoms and numbers == NUMBER_WHOLE else run_re(atoms, numbers)
    return "".join(m.group() for m in reversed(list(pattern.finditer(text))))


def cp949_as(text: str, codec: str) -> Damage | None:
    """CP949 bytes decoded as ``codec`` (``latin-1``, ``sloppy-windows-1252``)."""
    try:
        broken = text.encode("cp949").decode(codec)
    except UnicodeError:
        return None
    return broken, changed_span(broken, text)


def utf8_as_cp1252(text: str, times: int = 1) -> Damage:
    """UTF-8 bytes decoded as windows-1252, ``times`` times over."""
    broken = text
    for _ in range(times):
        broken = broken.encode("utf-8").decode("sloppy-windows-1252")
    return broken, changed_span(broken, text)


def utf8_as_cp949(text: str) -> Damage | None:
    """UTF-8 bytes decoded as CP949 (where every byte pair decodes)."""
    try:
        broken = text.encode("utf-8").decode("cp949")
    except UnicodeError:
        return None
    return broken, changed_span(broken, text)


def nfd(text: str) -> Damage:
    """Decomposed (NFD), as macOS file names and some PDFs store Hangul."""
    broken = unicodedata.normalize("NFD", text)
    return broken, changed_span(broken, text)


def invisible_in_word(text: str, rng: random.Random) -> Damage | None:
    """An invisible character inserted between two syllables of a word."""
    pairs = [m.start() + 1 for m in re.finditer(f"[{HANGUL}](?=[{HANGUL}])", text)]
    if not pairs:
        return None
    i = rng.choice(pairs)
    ch = rng.choice(INVISIBLES)
    return text[:i] + ch + text[i:], (i, i + 1)


def bidi_override(text: str, rng: random.Random) -> Damage | None:
    """A word wrapped in RLO ... PDF (Trojan Source style)."""
    words = list(re.finditer(f"[{HANGUL}]{{2,}}", text))
    if not words:
        return None
    m = rng.choice(words)
    return text[: m.start()] + "\u202e" + m.group() + "\u202c" + text[m.end():], (m.start(), m.end() + 2)


def jamo_spelled(text: str, rng: random.Random) -> Damage | None:
    """A word of two to four syllables spelled out in compatibility jamo."""
    words = list(re.finditer(f"(?<![{HANGUL}])[{HANGUL}]{{2,4}}(?![{HANGUL}])", text))
    if not words:
        return None
    m = rng.choice(words)
    spelled = spell_out(m.group())
    return text[: m.start()] + spelled + text[m.end():], (m.start(), m.start() + len(spelled))


def drop_opening_quote(text: str, rng: random.Random) -> Damage | None:
    """An opening curly or CJK quote dropped."""
    found = list(re.finditer("[‘“「](?=[^’”」]{2,30}[’”」])", text))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start()] + text[m.end():], (m.start(), m.start() + 1)


def drop_short_run(text: str, rng: random.Random) -> Damage | None:
    """A short run (one to three characters) inside the text dropped."""
    runs = [m.group() for m in RUN_RE.finditer(text)]
    short = [k for k, run in enumerate(runs[1:-1], 1) if 1 <= len(run.strip()) <= 3]
    if not short:
        return None
    k = rng.choice(short)
    start = sum(len(x) for x in runs[:k])
    return text[:start] + text[start + len(runs[k]):], (max(0, start - 1), start + 1)


def drop_inside(text: str, rng: random.Random, dropped: str) -> Damage | None:
    """A run matching the pattern ``dropped`` removed (text in brackets, a list item)."""
    found = list(re.finditer(dropped, text))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start()] + text[m.end():], (m.start() - 1, m.start() + 1)


def visual_order(text: str) -> Damage:
    """Right-to-left text displayed and stored in visual order (python-bidi's display)."""
    from bidi import get_display

    broken = get_display(text, base_dir="R")
    return broken, (0, len(broken))
