"""Right-to-left text stored in visual order: detect it, and turn it back into logical order.

Old "visual" web pages and many PDF extractors store Hebrew and Arabic in the order the
glyphs appear on screen, left to right.  The Unicode bidi algorithm (python-bidi) goes
only from logical to visual; re-applying it to visual text is right for about 91% of
Unicode's test lines.  :func:`to_logical` instead *searches*: it proposes embedding levels
for the visual string (strong letters fix theirs; digits, spaces and punctuation may join
either side), reorders each proposal with rule L2 (its own inverse), and keeps only the
candidates that python-bidi displays exactly as the input.  Among those it prefers the one
where neutrals join the embedded runs (the highest level sum), then python-bidi's own
second pass.

>>> to_logical(".םלוע 123 םולש abc")
'abc שלום 123 עולם.'
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import unicodedata2
from bidi import get_display

from textfix.script import RTL_RE as _RTL
from textfix.work import WorkBudget

_STRONG_R = {"R", "AL"}
#: A word must be longer than its article (ال) and one more letter to vote with it.
MIN_ARTICLE_WORD = 3
#: A run of neutrals up to this long may be shared between the runs on its sides; longer
#: runs join one side whole (punctuation between words is short; hostile runs are not).
MAX_SHARED_NEUTRALS = 16
MAX_CANDIDATES = 4096

_HEBREW_WORD = re.compile("[\u05d0-\u05ea]{2,}")
_FINALS = set("ךםןףץ")
_NON_FINALS = set("כמנפ")
_ARABIC_WORD = re.compile("[\u0621-\u064a\ufb50-\ufdff\ufe70-\ufefc]{2,}")
_SENTENCE_END = set(".!?:؟")
# Frequent function words whose reversal is not a word: seen reversed, a line is visual.
_FUNCTION_WORDS = frozenset({
    "של", "על", "זה", "כי", "הוא", "היא", "אני", "גם", "כל", "אבל",
    "في", "من", "على", "إلى", "عن", "مع", "هذا", "هذه", "التي", "الذي", "كان", "أن", "هو", "هي",
})
_REVERSED_WORDS = frozenset(w[::-1] for w in _FUNCTION_WORDS) - _FUNCTION_WORDS
_RTL_WORD = re.compile("[\u05d0-\u05ea\u0621-\u064a]+")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _l2(chars: list[str], levels: list[int]) -> str:
    """Rule L2: reverse every run at or above each level, from the highest to the lowest
    odd one.  The permutation is its own inverse, so it also maps visual to logical."""
    seq, lv = list(chars), list(levels)
    odd = [v for v in lv if v % 2]
    if not odd:
        return "".join(seq)
    n = len(seq)
    for level in range(max(lv), min(odd) - 1, -1):
        i = 0
        while i < n:
            if lv[i] < level:
                i += 1
                continue
            j = i
            while j < n and lv[j] >= level:
                j += 1
            seq[i:j] = seq[i:j][::-1]
            lv[i:j] = lv[i:j][::-1]
            i = j
    return "".join(seq)


def _options(visual: str, para: int) -> list[list[tuple[int, ...]]]:
    """Per segment of ``visual`` (a strong or number character, or a run of neutrals),
    the possible level tuples of its characters."""
    classes = [unicodedata2.bidirectional(c) for c in visual]
    fixed: list[tuple[int, ...] | None] = []
    for cls in classes:
        if cls in _STRONG_R:
            fixed.append((1,))
        elif cls == "L":
            fixed.append((0,) if para == 0 else (2,))
        elif cls == "AN":
            fixed.append((2,))
        elif cls == "EN":
            fixed.append((0, 2) if para == 0 else (2,))
        else:
            fixed.append(None)  # neutral: decided from its neighbours below
    out: list[list[tuple[int, ...]]] = []
    n = len(visual)
    i = 0
    while i < n:
        f = fixed[i]
        if f is not None:
            out.append([(v,) for v in f])
            i += 1
            continue
        j = i
        while j < n and fixed[j] is None:
            j += 1
        m = j - i
        left = max(fixed[i - 1]) if i else para  # type: ignore[arg-type]
        right = max(fixed[j]) if j < n else para  # type: ignore[arg-type]
        choices: set[tuple[int, ...]] = {(v,) * m for v in {para, left, right, min(left, right)}}
        # a neutral run may be shared: its left part joins the left run, the rest the right
        # (short runs only: a long run of neutrals would make a candidate per split point)
        for k in range(1, m if m <= MAX_SHARED_NEUTRALS else 1):
            for a, b in ((left, right), (left, para), (para, right)):
                choices.add((a,) * k + (b,) * (m - k))
        out.append(sorted(c for c in choices if all(para <= v for v in c)))
        i = j
    return out


def _candidates(opts: list[list[tuple[int, ...]]]):
    for combo in itertools.product(*opts):
        yield [v for part in combo for v in part]


def _count(opts: list[list[tuple[int, ...]]]) -> int:
    """How many candidates ``opts`` makes, or MAX_CANDIDATES + 1 when more."""
    total = 1
    for o in opts:
        total *= len(o)
        if total > MAX_CANDIDATES:
            return MAX_CANDIDATES + 1
    return total


def _logical_line(visual: str, base_rtl: bool, budget: WorkBudget | None = None) -> str | None:
    base_dir = "R" if base_rtl else "L"
    if not _RTL.search(visual) and not base_rtl:
        return visual
    naive = get_display(visual, base_dir=base_dir)
    para = 1 if base_rtl else 0
    opts = _options(visual, para)
    total = _count(opts)
    if total > MAX_CANDIDATES:
        return naive
    if budget is not None and not budget.spend(total * (len(visual) + 1)):
        return None
    best: tuple[int, int, str] | None = None
    seen: set[str] = set()
    for levels in _candidates(opts):
        candidate = _l2(list(visual), levels)
        if candidate in seen:
            continue
        seen.add(candidate)
        if get_display(candidate, base_dir=base_dir) != visual:
            continue
        key = (sum(levels), candidate == naive)
        if best is None or key > best[:2]:  # most embedded, then python-bidi's own answer
            best = (*key, candidate)
    if best is None:
        return naive
    return best[2]


def visual_to_logical(visual: str, base_rtl: bool, budget: WorkBudget | None = None) -> str | None:
    """One line of visual-order text in logical order, for a known paragraph direction;
    None when searching it would overspend ``budget``.

    >>> visual_to_logical("ג ב א", True)
    'א ב ג'
    """
    line = _logical_line(visual, base_rtl, budget)
    return None if line is None else _unshape(line)


def _unshape(text: str) -> str:
    """Arabic presentation forms (incl. lam-alef ligatures) back to base letters."""
    def base(m: re.Match[str]) -> str:
        folded = unicodedata.normalize("NFKC", m.group())
        return folded.strip(" ") if folded.strip(" ") else folded

    return _PRESENTATION.sub(base, text)


def to_logical(text: str, base: str = "rtl") -> str:
    """Visual-order text back to logical order, line by line.

    ``base`` is the paragraph direction the text was displayed with: ``"rtl"``,
    ``"ltr"`` or ``"auto"`` (right-to-left when the line has at least as many
    right-to-left letters as left-to-right ones).  Arabic presentation forms are mapped back to base
    letters after reordering.

    >>> to_logical("abc ﻢﻜﻴﻠﻋ ﻡﻼﺴﻟﺍ", base="rtl")
    'السلام عليكم abc'
    """
    if base not in ("rtl", "ltr", "auto"):
        msg = f"base must be 'rtl', 'ltr' or 'auto', not {base!r}"
        raise ValueError(msg)
    out = []
    for line in text.split("\n"):
        rtl = base == "rtl" or (base == "auto" and _rtl_majority(line))
        out.append(visual_to_logical(line, rtl) or "")
    return "\n".join(out)


def _rtl_majority(line: str) -> bool:
    rtl = ltr = 0
    for c in line:
        cls = unicodedata2.bidirectional(c)
        rtl += cls in _STRONG_R
        ltr += cls == "L"
    return rtl > 0 and rtl >= ltr


def _form(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for form in ("ISOLATED", "INITIAL", "MEDIAL", "FINAL"):
        if f"{form} FORM" in name:
            return form
    return ""


def _punctuation_votes(line: str) -> tuple[int, int]:
    """Sentence punctuation ends a logical line and starts a visual one."""
    stripped = line.strip()
    if not stripped or not _rtl_majority(stripped):
        return 0, 0
    starts = stripped[0] in _SENTENCE_END and not stripped.startswith(("...", "…"))
    ends = stripped[-1] in _SENTENCE_END
    if starts and not ends:
        return 2, 0
    return (0, 1) if ends and not starts else (0, 0)


def _word_votes(line: str) -> tuple[int, int]:
    """Function words read forwards (logical) or backwards (visual); Hebrew final letters
    at word ends (logical) or starts (visual)."""
    visual = logical = 0
    for m in _RTL_WORD.finditer(line):
        logical += m.group() in _FUNCTION_WORDS
        visual += m.group() in _REVERSED_WORDS
    for m in _HEBREW_WORD.finditer(line):
        w = m.group()
        visual += w[0] in _FINALS
        logical += w[-1] in _FINALS
        visual += w[-1] in _NON_FINALS
    return visual, logical


def _arabic_votes(line: str) -> tuple[int, int]:
    """The article ال opens words (reversed, لا closes them); presentation forms join
    initial -> medial -> final in logical order."""
    visual = logical = 0
    for m in _ARABIC_WORD.finditer(line):
        w = unicodedata.normalize("NFKC", m.group()) if _PRESENTATION.search(m.group()) else m.group()
        if len(w) > MIN_ARTICLE_WORD:
            logical += w.startswith("ال")
            visual += w.endswith("لا") and not w.startswith("ال")
        forms = [_form(c) for c in m.group()]
        for a, b in itertools.pairwise(forms):
            if a in ("INITIAL", "MEDIAL") and b in ("MEDIAL", "FINAL"):
                logical += 1
            elif b in ("INITIAL", "MEDIAL") and a in ("MEDIAL", "FINAL"):
                visual += 1
    return visual, logical


def visual_evidence(line: str) -> tuple[int, int]:
    """(votes for visual order, votes for logical order) in one line of RTL text.

    Hebrew final letters stand at word ends in logical order and at word starts in
    visual order; the Arabic article ال opens words (and so closes them, reversed, as لا);
    Arabic presentation forms join initial -> medial -> final in logical order.  Where
    the letters say nothing, punctuation is not heard either.

    >>> visual_evidence("םולש םלוע")
    (2, 0)
    >>> visual_evidence("؟ بايتات")
    (0, 0)
    """
    words = (_word_votes(line), _arabic_votes(line))
    if not any(v + lo for v, lo in words):
        return 0, 0  # punctuation alone ("؟ بايتات": an unknown count) says nothing
    votes = (_punctuation_votes(line), *words)
    return sum(v for v, _ in votes), sum(lo for _, lo in votes)
