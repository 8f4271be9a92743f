"""Stage 4: dropped text and broken punctuation.

Scrapers lose short runs: a syllable after a number (``3)21서울`` for ``3선)이 21일 ‘서울``),
a Hanja word in brackets (``주()``), list items between middle dots (``초···대학``), a
particle after Latin letters, and very often opening quotes.  Rules:

- ``TF401 dropped-run``: restored from an intact copy of the passage elsewhere in the
  document or in a reference copy (``repair(text, reference=other)``), when the damaged
  passage is that copy with short runs missing and enough exact context around the gaps.
- ``TF402 quote-orientation``: a quote written the wrong way round: a closing one that
  opens (``’K-방산``, ``’2025년 조사’``), an opening one that closes (``“…있다“며``).
- ``TF403 missing-opening-quote``: a closing quote with no partner, restored in front of
  the quoted phrase when the phrase is known (quoted intact elsewhere, or recurring).
- ``TF404 unpaired-quote``: an unpaired quote with no evidence where its partner goes (flag).
- ``TF405 empty-brackets``, ``TF406 separator-run``, ``TF407 glued-number``,
  ``TF408 doubled-token``, ``TF409 missing-particle``, ``TF410 orphan-particle``,
  ``TF411 unbalanced-bracket``, ``TF412 dropped-counter`` (``65 이상``),
  ``TF413 dropped-particle`` (``OECD올해``): flags for dropped runs with no evidence to
  restore them (with a language model, TF408, TF409, TF412 and TF413 suggest what to insert).

Without evidence nothing is restored: those are flags (below 0.5 where clean text can
look the same).

>>> from textfix.context import Context
>>> from textfix.config import Config
>>> [f.code for f in run("이번 포럼은 ’K-방산 육성 과제를 다룬다.", Context(Config()))]
['TF402']
"""


from __future__ import annotations

import bisect

from textfix.context import Context
from textfix.lines import line_starts
from textfix.model import Detection
from textfix.script import CLOSING_QUOTES
from textfix.stages.dropped.flags import flags as find_flags  # the package attribute `flags` is the module
from textfix.stages.dropped.quotes import quote_detections
from textfix.stages.dropped.restore import (
    SIGNAL_CONFIDENCE,
    STRONG_SIGNAL,
    reference_detections,
)

__all__ = ["run"]

#: Flags that are signs of damage (where a copy is looked for) but never strong ones.
WEAK_SIGNS = frozenset({"TF412", "TF413"})


def only_signs_matter(ctx: Context) -> bool:
    """Whether this repair wants only its text (``Config.text_only``: no suggestion to
    apply, no reference copy): then a flag changes nothing unless it is a sign of damage
    (:data:`SIGNAL_CONFIDENCE`) that leads to a copy, and the others are not looked for."""
    return ctx.config.text_only and not ctx.config.suggest and ctx.reference is None


def run(text: str, ctx: Context) -> list[Detection]:
    """Detections of the dropped-text stage on ``text``."""
    reference = ctx.reference
    lines = text.split("\n")  # (offsets apart: a tuple a line is garbage to collect)
    starts = line_starts(lines)
    # with a reference copy, the copy is the evidence for quotes too: no guessing
    quotes = [d for d in quote_detections(text) if not (reference and d.edits)]
    if ctx.reversed_lines and quotes:  # a reversed line's quotes face the wrong way by design
        quotes = [d for d in quotes if d.code != "TF402" or lines[bisect.bisect_right(starts, d.start) - 1]
                  .rstrip("\r \t") not in ctx.reversed_lines]
    # the model is loaded only where a flag asks, and only when suggestions are wanted; a
    # caller that wants only the text gets the flags that are signs of damage (where no
    # line may be restored from another, reference_detections restores nothing from them:
    # restore.copies_possible is a necessary condition)
    model = ctx.language_model if ctx.config.suggest else None
    floor = SIGNAL_CONFIDENCE if only_signs_matter(ctx) else 0.0
    flagged = find_flags(text, model, floor)
    signals: dict[int, list[int]] = {}
    lone = [d.end - 1 for d in quotes if d.code in ("TF403", "TF404")]
    for pos in [d.start for d in flagged if d.confidence >= SIGNAL_CONFIDENCE] + lone:
        k = bisect.bisect_right(starts, pos) - 1
        signals.setdefault(k, []).append(pos - starts[k])
    # a lone straight quote is everyday in code, roff and help text: a sign, never a strong one
    # (a bare number or an acronym before a word is a sign, never a strong one: clean text
    # holds the same shapes)
    strong = [d.start for d in flagged if d.confidence >= STRONG_SIGNAL and d.code not in WEAK_SIGNS]
    strong += [pos for pos in lone if text[pos] in CLOSING_QUOTES]
    restored = reference_detections(starts, lines, reference, signals, strong)
    touched = {bisect.bisect_right(starts, d.start) - 1 for d in restored}
    # quotes on a line restored from a copy are judged again on the result, next pass
    kept = [d for d in quotes if bisect.bisect_right(starts, d.start) - 1 not in touched]
    return restored + kept + flagged
