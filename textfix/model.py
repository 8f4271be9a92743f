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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self


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
