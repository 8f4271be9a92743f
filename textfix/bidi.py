"""Right-to-left text stored in visual order: detect it, and turn it back into logical order.

Old "visual" web pages and many PDF extractors store Hebrew and Arabic in the order the
glyphs appear on screen, left to right.  The Unicode bidi algorithm (python-bidi) goes
only from logical to visual; re-applying it to visual text is right for about 91% of
Unicode's test lines.  :func:`to_logical` instead *searches*: it proposes embedding levels
for the visual string (strong letters fix theirs; digits, spaces and punctuation may join
either side), reorders each proposal with rule L2 (its own inverse), and keeps only the
candidates that display exactly as the input: by python-bidi, by python-bidi with
placeholders, tags, URLs, e-mail addresses and Latin runs shown whole (as renderers isolate
them), or by python-bidi's legacy algorithm, which mirrors brackets.  Among those it
prefers the one whose placeholders are intact and whose brackets pair up, then the one
where neutrals join the embedded runs (the highest level sum), then python-bidi's own
second pass.  Arabic presentation forms are unshaped after reordering.

Detection is :mod:`textfix.stages.rtl`'s (rule TF302).

>>> to_logical(".םלוע 123 םולש abc")
'abc שלום 123 עולם.'
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import unicodedata2
from bidi import get_display

from textfix.lines import _char_class
from textfix.script import RTL_RE as _RTL
from textfix.work import WorkBudget

_STRONG_R = {"R", "AL"}
#: A run of neutrals up to this long may be shared between the runs on its sides; longer
#: runs join one side whole (punctuation between words is short; hostile runs are not).
MAX_SHARED_NEUTRALS = 16
#: Level assignments tried per search; past it the line is not searched (python-bidi's own
#: second pass is returned, unverified).
MAX_CANDIDATES = 4096
#: Level assignments tried for a whole line at once (bracket pairs across words): fewer, so
#: that one line cannot spend a document's search budget.
MAX_WHOLE_CANDIDATES = 1024
#: The legacy display is pure Python: one of its calls costs about this many modern ones.
LEGACY_COST = 20
#: A closing bracket before its opener (or one never closed) costs this many characters of
#: intact placeholders when candidates are ranked.
BRACKET_WEIGHT = 4

# ------------------------------------------------------------------ the reordering search


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
        if (0 < i and j < n and classes[i - 1] == classes[j] == "L" and para == 1
                and not any(c in _MIRROR for c in visual[i:j])):
            out.append([(2,) * m])  # between two Latin letters, neutrals are Latin (rule N1)
            i = j
            continue
        out.append(_neutral_choices(j - i, para, left, right))
        i = j
    return out




def _neutral_choices(m: int, para: int, left: int, right: int) -> list[tuple[int, ...]]:
    """The level tuples of a run of ``m`` neutrals between levels ``left`` and ``right``."""
    choices: set[tuple[int, ...]] = {(v,) * m for v in {para, left, right, min(left, right)}}
    # a neutral run may be shared: its left part joins the left run, the rest the right
    # (short runs only: a long run of neutrals would make a candidate per split point)
    for k in range(1, m if m <= MAX_SHARED_NEUTRALS else 1):
        for a, b in ((left, right), (left, para), (para, right)):
            choices.add((a,) * k + (b,) * (m - k))
    return sorted(c for c in choices if all(para <= v for v in c))


def _count(opts: list[list[tuple[int, ...]]]) -> int:
    """How many candidates ``opts`` makes, or MAX_CANDIDATES + 1 when more."""
    total = 1
    for o in opts:
        total *= len(o)
        if total > MAX_CANDIDATES:
            return MAX_CANDIDATES + 1
    return total


def _zones(shown: str, opts: list[list[tuple[int, ...]]], para: int) -> list[tuple[int, int, int, int]]:
    """The stretches of ``shown`` between characters whose level is fixed at the paragraph's
    (its strong letters), as (first segment, end segment, first character, end character);
    only stretches with a choice.  Neutrals resolve from their nearest strong neighbours,
    so each stretch can be searched on its own, with the letters on its sides."""
    anchor = _STRONG_R if para == 1 else {"L"}
    out = []
    start_seg = start_char = pos = 0
    for k, o in enumerate(opts):
        width = len(o[0])
        if width == 1 and len(o) == 1 and unicodedata2.bidirectional(shown[pos]) in anchor:
            if any(len(x) > 1 for x in opts[start_seg:k]):
                out.append((start_seg, k, start_char, pos))
            start_seg, start_char = k + 1, pos + 1
        pos += width
    if any(len(x) > 1 for x in opts[start_seg:]):
        out.append((start_seg, len(opts), start_char, pos))
    return out


def _mirror_table() -> dict[str, str]:
    try:
        from bidi.mirror import MIRRORED
    except ImportError:  # pragma: no cover - python-bidi without its legacy module
        return {a: b for a, b in zip("()[]{}<>«»", ")(][}{><»«", strict=True)}
    return dict(MIRRORED)


def _legacy_display() -> Callable[..., str] | None:
    try:
        from bidi.algorithm import get_display as legacy
    except ImportError:  # pragma: no cover - python-bidi without its legacy module
        return None
    return legacy


_MIRROR = _mirror_table()
_LEGACY = _legacy_display()
#: Placeholders, strictly: printf (``%(name)s``, ``%s``, ``%1$s``, ``%-5.2f``; not ``% 5%``),
#: Qt (``%1``), brace (``{0}``, ``{name}``, ``{0:>5}``), shell (``$1``, ``${name}``), and tags.
_PLACEHOLDER = (
    "%(?:\\([A-Za-z_][\\w.]*\\)|[0-9]+\\$)?[-#0+]*(?:[0-9]+)?(?:\\.[0-9]+)?[sdifrxXoeEgGcu]"
    "|%[0-9](?![0-9])|\\{[A-Za-z_0-9]*(?:[.:!][^{}\\s]*)?\\}|\\$(?:[0-9]|\\{[A-Za-z_][\\w.]*\\})"
    "|</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>\\n]{0,200})?/?>")
#: Atoms shown whole: placeholders and tags, URLs, e-mail addresses, and Latin runs (Latin
#: words with the spaces and punctuation between them).
_ATOM_RE = re.compile(
    f"{_PLACEHOLDER}"
    "|(?:https?|ftp)://[^\\s<>\"'()\\[\\]{}]*[^\\s<>\"'()\\[\\]{}.,;:!?]"
    "|(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+"
    "|[A-Za-z][A-Za-z0-9_]*(?:[ ._/:@+'-]+[A-Za-z][A-Za-z0-9_]*)*", re.ASCII)
#: Private-use characters stand in for atoms during the search (bidi class L), at most this
#: many a line (the rest of a line's atoms are searched as characters).
_ATOM_BASE = 0xF0000
MAX_ATOMS = 4096
_STAND_IN_RE = re.compile(f"[{chr(_ATOM_BASE)}-{chr(_ATOM_BASE + MAX_ATOMS - 1)}]")


def _atoms(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that hold no right-to-left letter (a brace or
    a tag reaching across words is not an atom)."""
    return (m for m in pattern.finditer(text) if not _RTL.search(m.group()))


def _mask(visual: str) -> tuple[str, list[str]]:
    """``visual`` with every atom replaced by one private-use character, and the atoms.

    >>> _mask("ןאכ %(name)s abc-def .1")
    ('ןאכ \\U000f0000 \\U000f0001 .1', ['%(name)s', 'abc-def'])
    """
    atoms: list[str] = []
    if _STAND_IN_RE.search(visual):
        return visual, atoms  # the text holds such characters itself: nothing stands in
    out = []
    last = 0
    for m in _atoms(visual, _ATOM_RE):
        if len(atoms) == MAX_ATOMS:
            break
        out += [visual[last:m.start()], chr(_ATOM_BASE + len(atoms))]
        atoms.append(m.group())
        last = m.end()
    return "".join([*out, visual[last:]]), atoms


def _unmask(text: str, atoms: list[str]) -> str:
    if not atoms:
        return text
    return "".join(atoms[ord(c) - _ATOM_BASE] if 0 <= ord(c) - _ATOM_BASE < len(atoms) else c for c in text)


_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
#: Intact atoms of a candidate (an e-mail address is looked for from the start of its run
#: only: linear on long runs of letters).
_INTACT_RE = re.compile(f"{_PLACEHOLDER}|(?:https?|ftp)://\\S+|(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+")


_PAIRED_RE = re.compile("<(/?)([A-Za-z][A-Za-z0-9]*)(\\s[^<>]*?)?(/?)>|[()\\[\\]{}]")
#: A tag written back to front, as a reversal leaves it: ``>a href="x"<``, ``>/a<``.
_INVERTED_TAG_RE = re.compile(">(?:/[A-Za-z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*\\s[^<>=]{0,200}=[^<>]{0,200})<")
#: HTML elements that are never closed.
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source"})


def _bracket_errors(text: str, unclosed: bool = True) -> int:
    """Closing brackets (and end tags) without an opener before them, openers (and start
    tags) never closed (unless not ``unclosed``: real text leaves some open, ``<a …>``),
    tags written back to front, and ``<a/>`` where an ``<a>`` is open (an end tag reversed).

    >>> _bracket_errors("a (b) <b>c</b>"), _bracket_errors("a )b( <b>c<b/> >a href=x<")
    (0, 5)
    >>> _bracket_errors("a )b( <b>c<b/> >a href=x<", unclosed=False)
    3
    """
    stack: list[str] = []
    errors = len(_INVERTED_TAG_RE.findall(text))
    for m in _PAIRED_RE.finditer(text):
        c = m.group()
        if m.group(2):  # a tag
            name = m.group(2).lower()
            if m.group(4) or name in _VOID_TAGS:
                errors += bool(m.group(4) and not m.group(3) and name in stack)
                continue
            if not m.group(1):
                stack.append(name)
            elif stack and stack[-1] == name:
                stack.pop()
            else:
                errors += 1
        elif c in _OPENERS:
            stack.append(c)
        elif stack and stack[-1] == _CLOSERS[c]:
            stack.pop()
        else:
            errors += 1
    return errors + (len(stack) if unclosed else 0)


def prior(text: str) -> int:
    """How well ``text`` reads as logical text, by its atoms: characters of intact
    placeholders, URLs and e-mail addresses, less :data:`BRACKET_WEIGHT` per bracket out of
    order.

    >>> prior("%(name)s שלום"), prior("s)name(% שלום")
    (8, -8)
    """
    intact = sum(len(m.group()) for m in _atoms(text, _INTACT_RE))
    return intact - BRACKET_WEIGHT * _bracket_errors(text)


@dataclass(frozen=True)
class Reordering:
    """The logical order chosen for a visual line: ``verified`` when it displays exactly as
    the line (else it is python-bidi's second pass); ``choices``: how many verified logical
    strings ranked equal on their atoms (more than one: the rest was a tie-break)."""

    text: str
    verified: bool
    choices: int = 1


#: A verified logical candidate: (prior, displayed by the current algorithm, displayed with
#: nothing shown whole, level sum, text); candidates compare best-last in that order.
Candidate = tuple[int, bool, bool, int, str]


def _display(text: str, base_dir: str, legacy: bool) -> str:
    """``text`` as displayed, by the current algorithm or the legacy one (``legacy``).

    The legacy algorithm (pure Python) fails on a character with no bidi class, an
    unassigned code point: such a text is displayed by the current one.

    >>> unassigned = "(\u0590\u0591\ufe70"
    >>> _display(unassigned, "R", legacy=True) == _display(unassigned, "R", legacy=False)
    True
    """
    if legacy and _LEGACY is not None:
        try:
            return _LEGACY(text, base_dir=base_dir)
        except (AssertionError, KeyError, IndexError, ValueError):
            pass  # (python-bidi's legacy module asserts each class it meets is one it knows)
    return get_display(text, base_dir=base_dir)


def _candidate(shown: str, levels: list[int], legacy: bool) -> str:
    chars = [_MIRROR.get(c, c) if lv % 2 else c for c, lv in zip(shown, levels, strict=True)] \
        if legacy else list(shown)
    return _l2(chars, levels)


def _zone_levels(shown: str, opts: list[list[tuple[int, ...]]], zone: tuple[int, int, int, int], para: int,
                 legacy: bool, budget: WorkBudget | None) -> list[tuple[int, list[int]]] | None:
    """The level choices of one stretch that display as it (with the letters on its sides),
    each with the prior of its text; None when too many to try or over ``budget``."""
    first, end, a, b = zone
    lo, hi = max(0, a - 1), min(len(shown), b + 1)
    sub = opts[first:end]
    total = _count(sub)
    if total > MAX_CANDIDATES or (budget is not None and not budget.spend(
            total * (hi - lo + 1) * (LEGACY_COST if legacy else 1))):
        return None
    base_dir = "R" if para else "L"
    window = shown[lo:hi]
    head, tail = [para] * (a - lo), [para] * (hi - b)
    out = []
    seen: set[str] = set()
    for combo in itertools.product(*sub):
        levels = [v for part in combo for v in part]
        local = _candidate(window, head + levels + tail, legacy)
        if local not in seen:
            seen.add(local)
            if _display(local, base_dir, legacy) == window:
                out.append((prior(local), levels))
    return out


def _search(visual: str, base_rtl: bool, budget: WorkBudget | None, masked: bool,
            legacy: bool) -> list[Candidate] | None:
    """(prior, shown as is, level sum, candidate) of the verified logical candidates of
    ``visual`` (``masked``: with its atoms shown whole; ``legacy``: displayed by the legacy
    algorithm); None when a stretch has too many choices or ``budget`` cannot pay.

    Each stretch between strong letters is searched on its own; the stretches' choices are
    then combined (all of them when few, else the best of each) and verified whole."""
    para = 1 if base_rtl else 0
    base_dir = "R" if base_rtl else "L"
    shown, atoms = _mask(visual) if masked else (visual, [])
    opts = _options(shown, para)
    fixed = [o[0] for o in opts]
    zones = _zones(shown, opts, para)
    choices = []
    for zone in zones:
        got = _zone_levels(shown, opts, zone, para, legacy, budget)
        if got is None:
            return None
        if not got:
            return []
        choices.append(got)
    combos: Iterable[tuple[tuple[int, list[int]], ...]]
    if _count([[0] * len(c) for c in choices]) > MAX_CANDIDATES:
        combos = [tuple(max(c, key=lambda x: (x[0], sum(x[1]))) for c in choices)]
    else:
        combos = itertools.product(*choices)
    found: list[Candidate] = []
    for combo in combos:
        if budget is not None and not budget.spend(len(visual) + 1):
            return None
        segs = list(fixed)
        for (first, end, _, _), (_, levels) in zip(zones, combo, strict=True):
            k = 0
            for i in range(first, end):
                width = len(segs[i])
                segs[i] = tuple(levels[k:k + width])
                k += width
        levels = [v for part in segs for v in part]
        candidate = _candidate(shown, levels, legacy)
        if _display(candidate, base_dir, legacy) == shown:
            text = _unmask(candidate, atoms)
            if _shown_as(text, visual, base_dir, legacy, atoms):
                found.append((prior(text), not legacy, not atoms, sum(levels), text))
    return found


def _shown_as(text: str, visual: str, base_dir: str, legacy: bool, atoms: list[str]) -> bool:
    """Whether a candidate found with atoms shown whole may stand: the legacy display
    shows nothing whole (it reverses and mirrors a tag or a placeholder like any other
    text), so its candidates must display as ``visual`` with their atoms unmasked too."""
    return not (legacy and atoms) or _display(text, base_dir, True) == visual


def _search_whole(visual: str, base_rtl: bool, budget: WorkBudget | None, masked: bool,
                  legacy: bool) -> list[Candidate]:
    """As :func:`_search`, every level assignment of the line verified at once (where
    there are at most :data:`MAX_WHOLE_CANDIDATES`): for bracket pairs that span stretches."""
    base_dir = "R" if base_rtl else "L"
    shown, atoms = _mask(visual) if masked else (visual, [])
    opts = _options(shown, 1 if base_rtl else 0)
    total = _count(opts)
    cost = total * (len(visual) + 1) * (LEGACY_COST if legacy else 1)
    if total > MAX_WHOLE_CANDIDATES or (budget is not None and not budget.spend(cost)):
        return []
    found: list[Candidate] = []
    seen: set[str] = set()
    for combo in itertools.product(*opts):
        levels = [v for part in combo for v in part]
        candidate = _candidate(shown, levels, legacy)
        if candidate not in seen:
            seen.add(candidate)
            if _display(candidate, base_dir, legacy) == shown:
                text = _unmask(candidate, atoms)
                if _shown_as(text, visual, base_dir, legacy, atoms):
                    found.append((prior(text), not legacy, not atoms, sum(levels), text))
    return found


def reorder(visual: str, base_rtl: bool, budget: WorkBudget | None = None) -> Reordering | None:
    """The logical order of one visual line for a known paragraph direction (presentation
    forms still shaped); None when searching would overspend ``budget``.

    Candidates come from three displays: python-bidi's, python-bidi's with atoms shown
    whole, and (in right-to-left paragraphs whose brackets come out of order otherwise) the
    legacy one that mirrors them.  The best has the most intact placeholders and the fewest
    brackets out of order, then was displayed by the current algorithm, then as it is (not
    with atoms shown whole), then has the highest level sum, then is python-bidi's own
    second pass.

    >>> reorder("s)name(% ןאכ", True)
    Reordering(text='כאן %(name)s', verified=True, choices=1)
    """
    base_dir = "R" if base_rtl else "L"
    if not _RTL.search(visual) and not base_rtl:
        return Reordering(visual, True)
    naive = get_display(visual, base_dir=base_dir)
    has_atoms = bool(_mask(visual)[1])
    plans = [(False, False)] + ([(True, False)] if has_atoms else [])
    found, over = _run_plans(visual, base_rtl, budget, plans)
    if (base_rtl and _LEGACY is not None and any(c in _MIRROR for c in visual)
            and (not found or _bracket_errors(max(found)[4]))):
        # brackets out of order: the legacy display may have mirrored them
        legacy_plans = [(False, True)] + ([(True, True)] if has_atoms else [])
        more, more_over = _run_plans(visual, base_rtl, budget, legacy_plans)
        found += more
        over = over or more_over
    if not found or _bracket_errors(max(found)[4]):
        # a bracket pair reaching across words: search the whole line at once (when small)
        for masked, legacy in plans:
            found += _search_whole(visual, base_rtl, budget, masked, legacy)
    if not found:
        return None if over else Reordering(naive, False)
    best = max(found, key=lambda f: (*f[:4], f[4] == naive))
    ties = len({f[4] for f in found if f[0] == best[0]})
    return Reordering(best[4], True, ties)


def _run_plans(visual: str, base_rtl: bool, budget: WorkBudget | None,
               plans: list[tuple[bool, bool]]) -> tuple[list[Candidate], bool]:
    """The candidates of every (masked, legacy) plan, and whether the budget ran out."""
    found: list[Candidate] = []
    over = False
    for masked, legacy in plans:
        got = _search(visual, base_rtl, budget, masked, legacy)
        if got is None:
            over = over or (budget is not None and budget.left <= 0)
        else:
            found += got
    return found, over


def visual_to_logical(visual: str, base_rtl: bool, budget: WorkBudget | None = None) -> str | None:
    """One line of visual-order text in logical order, for a known paragraph direction;
    None when searching it would overspend ``budget``.

    >>> visual_to_logical("ג ב א", True)
    'א ב ג'
    """
    found = reorder(visual, base_rtl, budget)
    return None if found is None else unshape(found.text)


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def unshape(text: str) -> str:
    """Arabic presentation forms (incl. lam-alef ligatures) back to base letters.

    >>> unshape("ﺍﻟﺴﻼﻡ")
    'السلام'
    """
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
        rtl = base == "rtl" or (base == "auto" and rtl_majority(line))
        out.append(visual_to_logical(line, rtl) or "")
    return "\n".join(out)


#: Placeholders as a display shows them in visual order: ``s)name(%``, ``name)s)%`` (legacy,
#: mirrored), ``s%``, ``}name{``.
MIRRORED_PLACEHOLDER_RE = re.compile(
    "(?<![\\w%])s\\)[A-Za-z_][\\w.]*\\(%|(?<![\\w%])[A-Za-z_][\\w.]*\\)s\\)%|(?<![\\w%])[sd]%(?!\\w)"
    "|\\}[A-Za-z_0-9]*\\{", re.ASCII)
#: A line is read as a right-to-left paragraph when its right-to-left letters are at least
#: this share of its left-to-right ones (outside placeholders): a Hebrew phrase around a
#: product name or two (``קהילת Django``, ``IPv4 או IPv6``) is one.
RTL_PARAGRAPH_SHARE = 1 / 3


#: Where the characters of a right-to-left line mostly come from: ASCII, Latin-1's signs,
#: the right-to-left blocks, general punctuation and the arrows (about 12,000 code points,
#: classed once at import).
_COMMON_BLOCKS = ((0x0000, 0x00BF), (0x0590, 0x08FF), (0x2000, 0x206F), (0x2190, 0x21FF),
                  (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))
_COMMON = [chr(c) for lo, hi in _COMMON_BLOCKS for c in range(lo, hi + 1)]


def _common_class(keep: Callable[[str], bool]) -> str:
    """A character class of the characters of :data:`_COMMON` that ``keep`` keeps."""
    return _char_class(tuple((ord(c), ord(c)) for c in _COMMON if keep(c)))


#: A line made only of these holds no left-to-right letter (bidi class L) ...
_NO_LTR_LINE_RE = re.compile(_common_class(lambda c: unicodedata2.bidirectional(c) != "L") + "*")
#: ... and these are its right-to-left letters (class R or AL) ...
_RTL_LETTER_RE = re.compile(_common_class(lambda c: unicodedata2.bidirectional(c) in _STRONG_R))
#: ... unless it holds one that :data:`textfix.script.RTL_RE` does not know (the right-to-left
#: mark, class R): an atom holding only that is taken away with the atom, so that line is
#: counted character by character.
_RTL_UNLISTED_RE = re.compile(_common_class(
    lambda c: unicodedata2.bidirectional(c) in _STRONG_R and not _RTL.match(c)))


def _letters(line: str) -> tuple[int, int]:
    """(right-to-left, left-to-right) letters of ``line`` outside its placeholders, tags,
    URLs and e-mail addresses, intact or mirrored.

    >>> _letters("שלום, עולם!"), _letters("%(name)s שלום abc")
    ((8, 0), (4, 3))
    """
    if _NO_LTR_LINE_RE.fullmatch(line) and not _RTL_UNLISTED_RE.search(line):
        # the fast path (most right-to-left lines): no left-to-right letter at all, and
        # what the atoms would take away holds none of the right-to-left ones (an atom
        # holding one of RTL_RE's letters is kept)
        return len(_RTL_LETTER_RE.findall(line)), 0
    return _letters_counted(line)


def _letters_counted(line: str) -> tuple[int, int]:
    """:func:`_letters`, each character's bidi class asked."""
    bare = _INTACT_RE.sub(lambda m: "" if not _RTL.search(m.group()) else m.group(), line)
    if "%" in bare or "}" in bare:  # every mirrored placeholder holds one
        bare = MIRRORED_PLACEHOLDER_RE.sub("", bare)
    rtl = ltr = 0
    for c, n in Counter(bare).items():  # each distinct character once: a line has few
        cls = _bidi_class(c)
        if cls in _STRONG_R:
            rtl += n
        elif cls == "L":
            ltr += n
    return rtl, ltr


@lru_cache(maxsize=8192)
def _bidi_class(c: str) -> str:
    return unicodedata2.bidirectional(c)


def rtl_majority(line: str) -> bool:
    """Whether ``line`` has right-to-left letters, at least as many as left-to-right ones
    outside its atoms (placeholders, tags, URLs).

    >>> rtl_majority("%(verbose_name_plural)s שלום"), rtl_majority("hello עולם and more")
    (True, False)
    """
    rtl, ltr = _letters(line)
    return rtl > 0 and rtl >= ltr


def rtl_paragraph(line: str) -> bool:
    """Whether ``line`` reads as a right-to-left paragraph: right-to-left letters, at least
    :data:`RTL_PARAGRAPH_SHARE` of the left-to-right ones outside its atoms.

    >>> rtl_paragraph("IPv6 וא IPv4"), rtl_paragraph("Click here to read the עולם")
    (True, False)
    """
    rtl, ltr = _letters(line)
    return rtl > 0 and rtl >= RTL_PARAGRAPH_SHARE * ltr


def rtl_paragraphs(text: str, lines: Sequence[tuple[int, str]]) -> list[bool]:
    """:func:`rtl_paragraph` of each of ``lines`` (``(offset, line)`` in ``text``), the fast
    path of :func:`_letters` asked of each line by one search inside ``text``: a line with no
    left-to-right letter, nor a right-to-left one an atom could take away, is a right-to-left
    paragraph as soon as it holds one right-to-left letter.

    >>> rtl_paragraphs("שלום\\n123\\nabc עולם", [(0, "שלום"), (5, "123"), (9, "abc עולם")])
    [True, False, True]
    """
    out = []
    for pos, line in lines:
        end = pos + len(line)
        if _OFF_FAST_PATH_RE.search(text, pos, end) is None:
            out.append(_RTL_LETTER_RE.search(text, pos, end) is not None)
        else:
            out.append(rtl_paragraph(line))
    return out


#: A character that takes a line off the fast path of :func:`_letters`: one outside
#: :data:`_NO_LTR_LINE_RE`'s class, or a right-to-left one that :data:`_RTL_UNLISTED_RE` finds.
_OFF_FAST_PATH_RE = re.compile(f"[^{_NO_LTR_LINE_RE.pattern[1:-1]}|{_RTL_UNLISTED_RE.pattern}")
