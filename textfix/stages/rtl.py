"""Stage 3, right-to-left part: Hebrew and Arabic lines stored in visual order (``TF302``).

The layout stage (:mod:`textfix.stages.layout`) calls :func:`run` on texts with
right-to-left letters; :mod:`textfix.bidi` holds the evidence and the verified search.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textfix.bidi import visual_evidence, visual_to_logical
from textfix.lines import lines_matching
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.script import PLACEHOLDER_RE
from textfix.script import RTL_RE as _RTL_RE

#: The visual-order search displays candidates: this many characters per text, plus this
#: many per character of it, for the whole repair, keeps hostile input linear (about 0.3 s
#: per 100 KB at worst; real visual text needs far less).
RTL_SEARCH_BASE = 200_000
RTL_SEARCH_PER_CHAR = 2
#: TF302 on a line's own votes: 0.8 + 0.05 per vote of margin, at most 0.99.
VISUAL_LINE_BASE, VISUAL_LINE_PER_VOTE, VISUAL_MAX = 0.8, 0.05, 0.99
#: TF302 on the document's votes (the line has none against): weaker, at most 0.95.
VISUAL_DOC_BASE, VISUAL_DOC_PER_VOTE, VISUAL_DOC_MAX = 0.7, 0.04, 0.95
#: A line that looks visual but was not searched (budget spent): a flag below 0.5.
VISUAL_UNSEARCHED = 0.45

def run(text: str, ctx) -> list[Detection]:
    """``TF302 visual-rtl``: Hebrew or Arabic lines stored in visual order.

    Each line votes with :func:`textfix.bidi.visual_evidence`; a line is repaired when its
    own votes are clear, or when the document as a whole is clearly visual and the line
    has no contrary vote.  Ties and undecided text are left alone.
    """
    lines = lines_matching(text, _RTL_RE)
    if not lines:
        return []
    votes = [(pos, line, *visual_evidence(line)) for pos, line in lines]
    doc_margin = sum(v - lo for _, _, v, lo in votes)
    budget = ctx.budget("visual-rtl-search", RTL_SEARCH_BASE + RTL_SEARCH_PER_CHAR * len(text))
    out = []
    for pos, line, v, lo in votes:
        margin = v - lo
        if margin >= 2 and lo * 3 <= v:
            conf = min(VISUAL_MAX, VISUAL_LINE_BASE + VISUAL_LINE_PER_VOTE * margin)
        elif doc_margin >= 4 and lo == 0 and v >= 1:
            conf = min(VISUAL_DOC_MAX, VISUAL_DOC_BASE + VISUAL_DOC_PER_VOTE * doc_margin)
        else:
            continue
        body = line.rstrip("\r")
        fixed = _atoms_kept(body, lambda t: visual_to_logical(t, True, budget))  # shown right-to-left
        if fixed is None:
            out.append(RULES["TF302"].detect(pos, pos + len(body),
                f"right-to-left text looks stored in visual order ({v} signs of visual order, "
                f"{lo} of logical); not reordered: the text's search budget is spent", VISUAL_UNSEARCHED,
            ))
        elif fixed != body:
            out.append(RULES["TF302"].detect(pos, pos + len(body),
                f"right-to-left text stored in visual order ({v} signs of visual order, "
                f"{lo} of logical; document margin {doc_margin}); reordered to logical order",
                round(conf, 3), (Edit(pos, pos + len(body), fixed),)
            ))
    return out


#: Atoms of a right-to-left line that are displayed whole: placeholders, tags and URLs.
_ATOM_RE = re.compile(f"{PLACEHOLDER_RE.pattern}|https?://[^\\s<>\"']+")
#: Private-use characters stand in for atoms during the search (bidi class L, like the atom).
_ATOM_BASE = 0xF0000


def _atoms_kept(line: str, reorder: Callable[[str], str | None]) -> str | None:
    """``reorder(line)`` with every intact atom (``%(count)s``, ``<b>``, a URL) read as one
    left-to-right character, so that it is never reordered inside.

    >>> _atoms_kept(".תואצות %(count)s ואצמנ", lambda t: t[::-1])
    'נמצאו %(count)s תוצאות.'
    """
    atoms: list[str] = []

    def stand_in(m: re.Match[str]) -> str:
        atoms.append(m.group())
        return chr(_ATOM_BASE + len(atoms) - 1)

    masked = _ATOM_RE.sub(stand_in, line)
    if not atoms:
        return reorder(line)
    out = reorder(masked)
    if out is None:
        return None
    return "".join(atoms[ord(c) - _ATOM_BASE] if 0 <= ord(c) - _ATOM_BASE < len(atoms) else c for c in out)


