"""Runs the stages in order, applies confident edits and maps offsets to the input.

Each stage reads the text as the previous stage left it and returns findings whose
spans and edits are offsets into *that* text.  The pipeline picks the edits to
apply (safe ones, and guesses at or above ``min_confidence``), applies them,
keeps an origin map from the current text back to the user's input, and repeats
the whole sequence until a pass changes nothing, so repair is idempotent by
construction.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textfix.config import Config
from textfix.model import Applicability, Edit, Finding, Repair, smallest_edit
from textfix.work import WorkBudget


@dataclass
class Context:
    """What a stage may know besides the text: the config, a reference copy, and the
    language-model scorer (loaded on first use: only suspect text ever needs it)."""

    config: Config
    reference: str | None = None
    budgets: dict[str, WorkBudget] = field(default_factory=dict)

    def budget(self, name: str, units: int) -> WorkBudget:
        """The work budget ``name`` of this repair, made with ``units`` on first use and
        shared by every later pass."""
        if name not in self.budgets:
            self.budgets[name] = WorkBudget(units)
        return self.budgets[name]

    def language_model(self):
        """The configured language-model scorer, or None (``Config.scorer``)."""
        from textfix.scoring import language_model

        return language_model(self.config.scorer)


Stage = Callable[[str, Context], list[Finding]]


def _stages(config: Config) -> list[tuple[str, Stage]]:
    from textfix.stages import dropped, encoding, layout, normalize

    out: list[tuple[str, Stage]] = []
    if config.fix_encoding:
        out.append(("encoding", encoding.run))
    if config.normalize:
        out.append(("normalize", normalize.run))
    if config.fix_layout:
        out.append(("layout", layout.run))
    if config.fix_dropped:
        out.append(("dropped", dropped.run))
    if config.preset == "ftfy":
        out.append(("ftfy-preset", encoding.run_ftfy_preset))
    return out


def is_applicable(finding: Finding, config: Config) -> bool:
    """Safe edits always apply; guesses only at or above ``min_confidence``."""
    if not finding.edits:
        return False
    if finding.applicability is Applicability.SAFE:
        return True
    return finding.confidence >= config.min_confidence


def choose(findings: Sequence[Finding], config: Config) -> list[Finding]:
    """The applicable findings whose edits do not overlap, most confident first.

    Taken spans stay sorted, so each check looks at two neighbours only (no quadratic
    blow-up on a text with tens of thousands of findings).
    """
    taken: list[tuple[int, int]] = []
    chosen = []
    for f in sorted(findings, key=lambda f: (-f.confidence, f.start)):
        if not is_applicable(f, config):
            continue
        spans = sorted((e.start, e.end) for e in f.edits)
        if any(_conflicts(taken, span) for span in spans):
            continue
        for span in spans:
            bisect.insort(taken, span)
        chosen.append(f)
    return chosen


def _conflicts(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    i = bisect.bisect_left(taken, span)
    return any(_overlaps(span, taken[j]) for j in (i - 1, i) if 0 <= j < len(taken)) or \
        (i + 1 < len(taken) and _overlaps(span, taken[i + 1]))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point or inside
        return b[0] < a[0] < b[1] or a[0] < b[0] < a[1] or a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def apply_edits(text: str, edits: Sequence[Edit], origin: array | None,
                source: array | None = None) -> tuple[str, array, array]:
    """Apply non-overlapping ``edits``; return the new text, its origin map and its sources.

    ``origin[i]`` is the input offset that position ``i`` of the text corresponds to
    (positions inside a replacement map to the start of the span it replaced);
    ``source[i]`` is the input offset character ``i`` was copied from, or -1 for a
    character that an edit wrote.

    >>> t, o, s = apply_edits("abcd", [Edit(1, 3, "X")], None)
    >>> t, list(o), list(s)
    ('aXd', [0, 1, 3, 4], [0, -1, 3])
    """
    if origin is None:
        origin = array("q", range(len(text) + 1))
    if source is None:
        source = array("q", range(len(text)))
    parts: list[str] = []
    new_origin = array("q")
    new_source = array("q")
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(text[pos : e.start])
        new_origin.extend(origin[pos : e.start])
        new_source.extend(source[pos : e.start])
        parts.append(e.replacement)
        new_origin.extend([origin[e.start]] * len(e.replacement))
        new_source.extend([-1] * len(e.replacement))
        pos = e.end
    parts.append(text[pos:])
    new_origin.extend(origin[pos:])
    new_source.extend(source[pos:])
    return "".join(parts), new_origin, new_source


def hunks(original: str, text: str, source: array | None) -> list[Edit]:
    """The edits that turn ``original`` into ``text``, read off the source map: every
    stretch of written characters, and every gap in the copied ones.

    >>> t, _, s = apply_edits("abcd", [Edit(1, 2, "XY"), Edit(3, 4, "")], None)
    >>> hunks("abcd", t, s)
    [Edit(start=1, end=2, replacement='XY'), Edit(start=3, end=4, replacement='')]
    """
    if source is None:
        return []
    out: list[Edit] = []
    prev = -1  # input offset of the last copied character
    i, n = 0, len(text)
    while i < n:
        if source[i] >= 0:
            if source[i] != prev + 1:
                out.append(Edit(prev + 1, source[i], ""))
            prev = source[i]
            i += 1
            continue
        j = i
        while j < n and source[j] < 0:
            j += 1
        nxt = source[j] if j < n else len(original)
        out.append(Edit(prev + 1, nxt, text[i:j]))
        prev = nxt - 1
        i = j
    if prev + 1 < len(original):
        out.append(Edit(prev + 1, len(original), ""))
    # trim what a written stretch shares with what it replaced
    return [e for e in (_trim(original, e) for e in out) if e is not None]


def _trim(original: str, e: Edit) -> Edit | None:
    old = original[e.start:e.end]
    if old == e.replacement:
        return None
    return smallest_edit(old, e.replacement, e.start)


def _to_input(f: Finding, current: str, origin: array | None, applied: bool) -> Finding:
    before = current[f.start : f.end]
    after = None
    if f.edits:
        # the span's text after the finding's own edits
        local = [Edit(e.start - f.start, e.end - f.start, e.replacement) for e in f.edits
                 if f.start <= e.start and e.end <= f.end]
        after = apply_edits(before, local, None)[0] if len(local) == len(f.edits) else None
        if after is None:
            after = "".join(e.replacement for e in f.edits)
    if origin is None:
        return f.with_(applied=applied, before=before, after=after)
    return f.with_(
        start=origin[f.start],
        end=origin[f.end],
        edits=tuple(Edit(origin[e.start], origin[e.end], e.replacement) for e in f.edits),
        applied=applied,
        before=before,
        after=after,
    )


def run(text: str, config: Config, reference: str | None = None) -> Repair:
    """Repair ``text`` with every enabled stage until nothing changes."""
    ctx = Context(config=config, reference=reference)
    stages = _stages(config)
    current = text
    origin: array | None = None
    source: array | None = None
    applied: list[Finding] = []
    pending: list[Finding] = []
    for _ in range(max(1, config.max_passes)):
        changed = False
        pending = []
        for name, stage in stages:
            found = [f.with_(stage=name) for f in stage(current, ctx)
                     if config.enabled(f.code, f.kind)]
            if not found:
                continue
            chosen = choose(found, config)
            chosen_ids = {id(f) for f in chosen}
            for f in found:
                if id(f) not in chosen_ids:
                    pending.append(_to_input(f, current, origin, applied=False))
            if chosen:
                applied.extend(_to_input(f, current, origin, applied=True) for f in chosen)
                new, origin, source = apply_edits(current, [e for f in chosen for e in f.edits],
                                                  origin, source)
                if new != current:
                    changed = True
                    current = new
        if not changed:
            break
    findings = sorted(applied + pending, key=lambda f: (f.start, f.end, f.code))
    return Repair(original=text, text=current, findings=findings,
                  edits=hunks(text, current, source) if current != text else [])
