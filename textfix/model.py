"""The shared vocabulary: findings, edits, applicability and the repair result.

A *finding* is what a detector saw (rule code, kind, span in the input, message,
confidence).  Its *edits* say how to fix it; a finding without edits is a flag.
The *applicability* says whether the edits are a lossless transform (``SAFE``) or
a guess (``GUESS``) that is applied only at or above the configured confidence.

>>> e = Edit(0, 2, "한")
>>> f = Finding("TF201", "hangul-nfd", 0, 2, "decomposed Hangul", 1.0, (e,))
>>> f.is_flag
False
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Applicability(str, enum.Enum):
    """How sure a fix is: ``safe`` (lossless, always applied) or ``guess``."""

    SAFE = "safe"
    GUESS = "guess"


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    """One piece of damage seen by a detector.

    ``start``/``end`` are offsets into the text the user passed in.  ``before`` and
    ``after`` hold the damaged and the repaired spelling of the span, for
    explanations; ``after`` is ``None`` for a flag.
    """

    code: str
    kind: str
    start: int
    end: int
    message: str
    confidence: float
    edits: tuple[Edit, ...] = ()
    applicability: Applicability = Applicability.SAFE
    applied: bool = False
    before: str = ""
    after: str | None = None
    stage: str = ""

    @property
    def is_flag(self) -> bool:
        """True when the finding proposes no edit."""
        return not self.edits

    def with_(self, **changes: object) -> Finding:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


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
        """The codes of the applied findings that touch ``original[start:end]``."""
        out = []
        for f in self.findings:
            if f.applied and f.start <= end and f.end >= start and f.code not in out:
                out.append(f.code)
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
