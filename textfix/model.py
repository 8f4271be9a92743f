"""The shared vocabulary: detections, findings, edits, applicability and the repair result.

A *detection* is what a stage saw in the text as that stage read it (rule code, kind,
span, message, confidence, and the edits that would fix it; none for a flag).  The
pipeline turns each one into a *finding*: the same, with offsets into the user's input,
whether it was applied, and the text before and after.  The *applicability* says whether
a fix is a lossless transform (``SAFE``), a guess (``GUESS``: applied only at or above the
configured confidence) or no fix at all (``FLAG``: shown, never applied).

>>> e = Edit(0, 2, "한")
>>> d = Detection("TF201", "hangul-nfd", 0, 2, "decomposed Hangul", 1.0, (e,), Applicability.SAFE)
>>> d.is_flag
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

#: Decimal places of a confidence in :meth:`Finding.to_dict` (a measured precision has no
#: more significant digits than that).
CONFIDENCE_DIGITS = 3


class Applicability(str, enum.Enum):
    """How a fix may be used: ``safe`` (lossless, always applied), ``guess`` (applied at or
    above ``min_confidence``) or ``flag`` (display only: no fix)."""

    SAFE = "safe"
    GUESS = "guess"
    FLAG = "flag"


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``codes`` names the rules that made
    it (filled in on a repair's edits; equality ignores it)."""

    start: int
    end: int
    replacement: str
    codes: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The edit as JSON-ready data (``codes`` only when known).

        >>> Edit(0, 2, "한", ("TF201",)).to_dict()
        {'start': 0, 'end': 2, 'replacement': '한', 'codes': ['TF201']}
        """
        out: dict[str, Any] = {"start": self.start, "end": self.end, "replacement": self.replacement}
        if self.codes:
            out["codes"] = list(self.codes)
        return out


class _Fixable:
    """What detections and findings share: edits that may be empty (a flag)."""

    edits: tuple[Edit, ...]

    @property
    def is_flag(self) -> bool:
        """True when it proposes no edit."""
        return not self.edits

    def with_(self, **changes: object) -> Self:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[type-var]


@dataclass(frozen=True)
class Detection(_Fixable):
    """What a stage saw, in offsets of the text as that stage read it (see :mod:`textfix.rules`:
    stages make detections through their rule)."""

    code: str
    kind: str
    start: int
    end: int
    message: str
    confidence: float
    edits: tuple[Edit, ...]
    applicability: Applicability



@dataclass(frozen=True)
class Finding(_Fixable):
    """One piece of damage, as :func:`textfix.repair` reports it.

    ``start``/``end`` and the edits' offsets point into the text the user passed in.
    ``before`` and ``after`` hold the damaged and the repaired spelling of the span, for
    explanations; ``after`` is ``None`` for a flag.  ``applied`` says whether the repair
    made this change; ``stage`` names the pipeline stage that found it.

    >>> f = Finding("TF404", "unpaired-quote", 3, 4, "lone quote", 0.45, (), Applicability.FLAG)
    >>> f.is_flag, f.applied
    (True, False)
    """

    code: str
    kind: str
    start: int
    end: int
    message: str
    confidence: float
    edits: tuple[Edit, ...] = ()
    applicability: Applicability = Applicability.FLAG
    applied: bool = False
    before: str = ""
    after: str | None = None
    stage: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data: plain types only, the confidence rounded to
        :data:`CONFIDENCE_DIGITS` places.

        >>> f = Finding("TF404", "unpaired-quote", 3, 4, "lone quote", 0.4512, (), Applicability.FLAG)
        >>> d = f.to_dict(); d["confidence"], d["applicability"], d["after"]
        (0.451, 'flag', None)
        """
        return {
            "code": self.code, "kind": self.kind, "start": self.start, "end": self.end,
            "message": self.message, "confidence": round(float(self.confidence), CONFIDENCE_DIGITS),
            "applicability": self.applicability.value, "applied": self.applied,
            "before": self.before, "after": self.after, "stage": self.stage,
            "edits": [e.to_dict() for e in self.edits],
        }



def smallest_edit(old: str, new: str, offset: int = 0) -> Edit:
    """The single edit turning ``old`` into ``new`` that keeps their shared prefix and
    suffix (offsets shifted by ``offset``).

    >>> smallest_edit("abcd", "abXd")
    Edit(start=2, end=3, replacement='X')
    """
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return Edit(offset + p, offset + len(old) - s, new[p : len(new) - s])


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``.

    >>> line_col("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


@dataclass
class Repair:
    """The result of :func:`textfix.repair`.

    >>> r = Repair("a", "a", [])
    >>> r.changed
    False
    """

    original: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    #: The edits that turn ``original`` into ``text`` (input offsets, in order).
    edits: list[Edit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the repaired text differs from the input."""
        return self.text != self.original

    def codes_at(self, start: int, end: int) -> list[str]:
        """The rules of the applied edits inside ``original[start:end]``, in order (each edit
        knows the rules that made it: nothing is guessed from overlapping spans)."""
        out: list[str] = []
        for e in self.edits:
            if start <= e.start and e.end <= end:
                out.extend(c for c in e.codes if c not in out)
        return out

    @property
    def applied(self) -> list[Finding]:
        """The findings whose edits were applied."""
        return [f for f in self.findings if f.applied]

    @property
    def suggestions(self) -> list[Finding]:
        """Findings that were not applied (flags, and guesses below the threshold)."""
        return [f for f in self.findings if not f.applied]

    def explain(self) -> str:
        """One line per finding: rule, position, before -> after, confidence."""
        lines = []
        for f in self.findings:
            line, col = line_col(self.original, f.start)
            if f.applied:
                what = f"{f.before!r} -> {f.after!r}"
            elif f.after is not None:
                what = f"{f.before!r} -> {f.after!r} (suggested, not applied)"
            else:
                what = f"{f.before!r} (flagged)"
            lines.append(
                f"{f.code} {f.kind} at {line}:{col} [{f.start}:{f.end}] {what}; "
                f"{f.message} (confidence {f.confidence:.2f})"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """The repair as JSON-ready data (see :meth:`Finding.to_dict`).

        >>> Repair("a", "a", []).to_dict()
        {'original': 'a', 'text': 'a', 'changed': False, 'findings': [], 'edits': []}
        """
        return {"original": self.original, "text": self.text, "changed": self.changed,
                "findings": [f.to_dict() for f in self.findings],
                "edits": [e.to_dict() for e in self.edits]}

    # --- choosing which findings apply ----------------------------------------------

    def _finding(self, index: int) -> Finding:
        if not 0 <= index < len(self.findings):
            msg = f"no finding {index}: this repair has {len(self.findings)}"
            raise IndexError(msg)
        return self.findings[index]

    def accept_problem(self, index: int, edits: Iterable[Edit] | None = None) -> str | None:
        """Why finding ``index`` cannot be accepted on top of ``edits`` (default: this
        repair's), or None when it can: it must be a suggestion with edits, and its edits
        must not touch a change already made (offsets into :attr:`original`)."""
        f = self._finding(index)
        if f.applied:
            return "already applied"
        if not f.edits or f.applicability is Applicability.FLAG:
            return "a flag: it proposes no fix"
        taken = sorted((e.start, e.end) for e in (self.edits if edits is None else edits))
        mine = sorted((e.start, e.end) for e in f.edits)
        if any(not 0 <= s <= e <= len(self.original) for s, e in mine):
            return "its edits lie outside the text"
        for k, span in enumerate(mine):
            if any(_touch(span, other) for other in mine[k + 1:]) or _touches_any(taken, span):
                return "it overlaps a change already made"
        return None

    def _hunks_of(self, index: int) -> tuple[str | None, set[int]]:
        """(why the applied finding ``index`` cannot be undone or None, the indexes of
        :attr:`edits` that are its alone)."""
        f = self._finding(index)
        if not f.applied or not f.edits:
            return "not applied", set()
        owners = self._owners
        hunks = {k for k, who in enumerate(owners) if index in who}
        if not hunks or any(self.edits[k].codes != (f.code,) for k in hunks):
            return "its change is merged with another rule's", set()
        if any(owners[k] != {index} for k in hunks):
            return "its change is merged with another finding's", set()
        return None, hunks

    @cached_property
    def _owners(self) -> list[set[int]]:
        """For each of :attr:`edits`, the applied findings whose edits touch it (hunks are
        sorted and disjoint: a bisection finds the candidates)."""
        import bisect

        starts = [h.start for h in self.edits]
        owners: list[set[int]] = [set() for _ in self.edits]
        for i, f in enumerate(self.findings):
            if not f.applied:
                continue
            for e in f.edits:
                k = max(0, bisect.bisect_left(starts, e.start) - 1)
                while k < len(self.edits) and self.edits[k].start <= e.end:
                    if _touch((e.start, e.end), (self.edits[k].start, self.edits[k].end)):
                        owners[k].add(i)
                    k += 1
        return owners

    def reject_problem(self, index: int) -> str | None:
        """Why the applied finding ``index`` cannot be undone, or None when it can (its
        change must be its own: no other finding's edit in the same place)."""
        return self._hunks_of(index)[0]

    def choose(self, accept: Iterable[int] = (), reject: Iterable[int] = ()) -> Repair:
        """This repair with other choices: the suggestions ``accept`` names (indexes into
        :attr:`findings`) applied as well, the applied findings ``reject`` names undone;
        :class:`ValueError` names a choice that cannot be made (:meth:`accept_problem`,
        :meth:`reject_problem`).

        >>> r = Repair("ab", "ab", [Finding("TF409", "missing-particle", 1, 1, "m", 0.45,
        ...                                 (Edit(1, 1, "X"),), Applicability.GUESS, after="X")])
        >>> c = r.choose(accept=[0]); c.text, c.findings[0].applied, c.choose(reject=[0]).text
        ('aXb', True, 'ab')
        """
        accept, reject = sorted(set(accept)), sorted(set(reject))
        dropped: set[int] = set()
        for i in reject:
            problem, hunks = self._hunks_of(i)
            if problem:
                raise ValueError(f"finding {i} ({self.findings[i].code}) cannot be undone: {problem}")
            dropped |= hunks
        edits = [e for k, e in enumerate(self.edits) if k not in dropped]
        for i in accept:
            problem = self.accept_problem(i, edits)
            if problem:
                raise ValueError(f"finding {i} ({self.findings[i].code}) cannot be accepted: {problem}")
            f = self.findings[i]
            edits += [Edit(e.start, e.end, e.replacement, (f.code,)) for e in f.edits]
        edits.sort(key=lambda e: (e.start, e.end))
        parts, pos = [], 0
        for e in edits:
            parts += [self.original[pos:e.start], e.replacement]
            pos = e.end
        parts.append(self.original[pos:])
        chosen = set(accept)
        findings = [f.with_(applied=True) if k in chosen else f.with_(applied=False) if k in reject else f
                    for k, f in enumerate(self.findings)]
        return Repair(self.original, "".join(parts), findings, edits)

    # --- display ---------------------------------------------------------------------

    def _repr_html_(self) -> str:
        """Jupyter's view: before and after side by side, edits highlighted, the rule and
        its confidence on hover, then every finding (see :mod:`textfix.web.html`)."""
        from textfix.web.html import repair_html

        return repair_html(self)

    def __rich__(self):
        """rich's view (``rich.print(repair)``): the side-by-side preview and a summary."""
        from rich.console import Group
        from rich.text import Text

        from textfix.diff import split_view

        summary = Text(f"{len(self.applied)} applied, {len(self.suggestions)} not applied "
                       f"(suggestions and flags)", style="dim")
        if not self.changed:
            return Group(Text("unchanged"), summary)
        return Group(split_view(self), summary)


def _touch(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two edit spans cannot both apply: they overlap, or an insertion falls
    inside the other or at its start (the order of the two would be ambiguous)."""
    if a[0] == a[1] or b[0] == b[1]:
        return b[0] < a[0] < b[1] or a[0] < b[0] < a[1] or a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def _touches_any(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` touches one of the sorted, disjoint spans ``taken`` (two
    neighbours are enough to look at)."""
    import bisect

    i = bisect.bisect_left(taken, span)
    return any(_touch(span, taken[j]) for j in (i - 1, i, i + 1) if 0 <= j < len(taken))
