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
from textfix.script import RTL_RE
from textfix.suppress import Suppressions
from textfix.work import WorkBudget


@dataclass
class Context:
    """What a stage may know besides the text: the config, a reference copy, and the
    language-model scorer (loaded on first use: only suspect text ever needs it)."""

    config: Config
    reference: str | None = None
    #: The ``textfix: ignore`` comments of the input, if it has any.
    suppressions: Suppressions | None = None
    #: Whether the whole input (file or entry) holds right-to-left script: its bidi marks
    #: are then the text's own, even on lines without right-to-left letters.
    rtl_document: bool = False
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


#: Rules whose fixes may touch code's comments and strings (with ``code="fix"``): the
#: lossless ones, whose damage is unambiguous there too.  Everything else is reported:
#: a reordered, restored or cleaned string in code may be deliberate test data.
CODE_FIXABLE = frozenset({"TF101", "TF102", "TF103", "TF201", "TF203"})


def is_applicable(finding: Finding, config: Config, in_code: bool = False) -> bool:
    """Whether ``repair`` applies ``finding``: the one place this is decided.

    Flags never apply; in code (``in_code``) only the rules of :data:`CODE_FIXABLE`, and
    only with ``config.code == "fix"``; safe edits always apply elsewhere, guesses at or
    above ``min_confidence``.
    """
    if not finding.edits:
        return False
    if in_code and (config.code != "fix" or finding.code not in CODE_FIXABLE):
        return False
    if finding.applicability is Applicability.SAFE:
        return True
    return finding.confidence >= config.min_confidence


def choose(findings: Sequence[Finding], config: Config, in_code: bool = False) -> list[Finding]:
    """The applicable findings whose edits do not overlap, most confident first.

    Taken spans stay sorted, so each check looks at two neighbours only (no quadratic
    blow-up on a text with tens of thousands of findings).
    """
    taken: list[tuple[int, int]] = []
    chosen = []
    for f in sorted(findings, key=lambda f: (-f.confidence, f.start)):
        if not is_applicable(f, config, in_code):
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


def _inserts_forbidden(f: Finding, text: str, forbidden: str) -> bool:
    """Whether an edit of ``f`` writes more of a ``forbidden`` character than it replaces
    (a quote that would end a string literal, a newline that would end a comment)."""
    for e in f.edits:
        old = text[e.start:e.end]
        if any(e.replacement.count(ch) > old.count(ch) for ch in forbidden):
            return True
    return False


def _repair(text: str, ctx: Context, in_code: bool = False, forbidden: str = "",
            offset: int = 0) -> Repair:
    """Repair one text (a prose document, or one comment or string of a code file at
    ``offset`` in it) with every enabled stage until nothing changes."""
    config = ctx.config
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
            if ctx.suppressions is not None:
                found = [f for f in found if not ctx.suppressions.hides(
                    offset + (origin[f.start] if origin is not None else f.start), f.code, f.kind)]
            if not found:
                continue
            if forbidden:
                found = [f if not _inserts_forbidden(f, current, forbidden) else f.with_(
                    message=f"{f.message} (not applied: it would break the literal)", edits=())
                    for f in found]
            chosen = choose(found, config, in_code)
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


def _shifted(f: Finding, offset: int) -> Finding:
    return f.with_(start=f.start + offset, end=f.end + offset,
                   edits=tuple(Edit(e.start + offset, e.end + offset, e.replacement) for e in f.edits))


def _repair_code(text: str, ctx: Context) -> Repair:
    """Code: only comments, docstrings and string literals are read, each on its own;
    identifiers, keys and syntax are never touched (:mod:`textfix.syntax`)."""
    from textfix.syntax import prose_spans

    findings: list[Finding] = []
    edits: list[Edit] = []
    parts: list[str] = []
    pos = 0
    for span in prose_spans(text, ctx.config.syntax or ""):
        segment = text[span.start:span.end]
        if segment.isascii():
            continue  # the fast path: what textfix repairs in code is never pure ASCII
        r = _repair(segment, ctx, in_code=True, forbidden=span.forbidden, offset=span.start)
        findings.extend(_shifted(f, span.start) for f in r.findings)
        if r.changed:
            parts += [text[pos:span.start], r.text]
            pos = span.end
            edits.extend(Edit(e.start + span.start, e.end + span.start, e.replacement) for e in r.edits)
    parts.append(text[pos:])
    return Repair(original=text, text="".join(parts), findings=findings, edits=edits)


def run(text: str, config: Config, reference: str | None = None) -> Repair:
    """Repair ``text`` with every enabled stage until nothing changes.

    Text marked ``textfix: ignore-file`` is returned as it is; findings on a line that
    says ``textfix: ignore`` (or ``textfix: ignore[TF302,TF4]``) are dropped there.
    """
    suppressions = Suppressions.parse(text)
    if suppressions is not None and suppressions.whole_file(None, None):
        return Repair(original=text, text=text)
    ctx = Context(config=config, reference=reference, suppressions=suppressions,
                  rtl_document=RTL_RE.search(text) is not None)
    if config.syntax is not None:
        return _repair_code(text, ctx)
    return _repair(text, ctx)
