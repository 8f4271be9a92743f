"""Runs the stages in order, applies confident edits and maps offsets to the input.

Each stage reads the text as the previous stage left it and returns detections whose
spans and edits are offsets into *that* text.  The pipeline picks the edits to apply
(:func:`is_applicable`, the one place that decides), applies them through a
:class:`~textfix.history.TextHistory` that maps every offset back to the user's input and
remembers which rule made each change, and repeats the whole sequence until a pass
changes nothing, so repair is idempotent by construction.

Code (``Config.syntax`` set) is read one comment or string at a time
(:mod:`textfix.syntax`); suppression comments (:mod:`textfix.suppress`) drop detections on
their lines before anything is applied.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from textfix import gates
from textfix.config import Config
from textfix.context import Context, Stage
from textfix.history import TextHistory
from textfix.model import Applicability, Detection, Edit, Finding, Repair
from textfix.rules import RULES
from textfix.script import has_surrogate
from textfix.stages import dropped, encoding, layout, normalize
from textfix.suppress import Suppressions
from textfix.syntax import DOCUMENT_SYNTAXES, prose_spans
from textfix.syntax.base import LINE_OPENING, OPENING

#: Rules whose fixes may touch code's comments and strings (with ``code="fix"``): the
#: lossless ones, whose damage is unambiguous there too.  Everything else is reported:
#: a reordered, restored or cleaned string in code may be deliberate test data.
CODE_FIXABLE = frozenset({"TF101", "TF102", "TF103"})
#: What code's policy never applies is a suggestion there, below 0.5: a string literal is
#: data (often deliberately broken), and prose rules are less sure in comments and
#: docstrings that document code (quotes around code, decomposed jamo on purpose).
CODE_SUGGESTION = 0.45
#: A lone surrogate is always lost text: the flag is certain, but it fixes nothing.
LOST_SURROGATE = 0.6


def _stages(config: Config) -> list[tuple[str, Stage]]:
    """The enabled stages, in their natural order."""
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


#: Where a text stands, which decides what may be applied to it: ``prose`` (plain text
#: and the prose of documents), ``code`` (comments and docstrings of source code),
#: ``literal`` (string literals in source code: data, often deliberately broken, reported
#: only).
PROSE, CODE, LITERAL = "prose", "code", "literal"


def is_applicable(found: Detection | Finding, config: Config, where: str = PROSE) -> bool:
    """Whether ``repair`` applies a detection: the one place this is decided (the pipeline,
    ``detect`` and the benchmark all ask here).

    Flags never apply, nor anything in a string literal of code; in comments and docstrings
    of code only the rules of :data:`CODE_FIXABLE`, and only with ``config.code == "fix"``;
    elsewhere safe edits always apply, guesses at or above ``min_confidence``.
    """
    if not found.edits or found.applicability is Applicability.FLAG or where == LITERAL:
        return False
    if where == CODE and (config.code != "fix" or found.code not in CODE_FIXABLE):
        return False
    if found.applicability is Applicability.SAFE:
        return True
    return found.confidence >= config.min_confidence


def choose(found: Sequence[Detection], config: Config, where: str = PROSE) -> list[Detection]:
    """The applicable detections whose edits do not overlap, most confident first.

    Taken spans stay sorted, so each check looks at two neighbours only (no quadratic
    blow-up on a text with tens of thousands of detections).
    """
    taken: list[tuple[int, int]] = []
    chosen = []
    for d in sorted(found, key=lambda d: (-d.confidence, d.start)):
        if not is_applicable(d, config, where):
            continue
        spans = sorted((e.start, e.end) for e in d.edits)
        if any(_conflicts(taken, span) for span in spans):
            continue
        for span in spans:
            bisect.insort(taken, span)
        chosen.append(d)
    return chosen


def _conflicts(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    i = bisect.bisect_left(taken, span)
    return any(_overlaps(span, taken[j]) for j in (i - 1, i, i + 1) if 0 <= j < len(taken))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point or inside
        return b[0] < a[0] < b[1] or a[0] < b[0] < a[1] or a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def _after(d: Detection, before: str) -> str | None:
    """The detection's span as its own edits would leave it (None for a flag)."""
    if not d.edits:
        return None
    local = sorted((Edit(e.start - d.start, e.end - d.start, e.replacement) for e in d.edits
                    if d.start <= e.start and e.end <= d.end), key=lambda e: e.start)
    if len(local) != len(d.edits):
        return "".join(e.replacement for e in d.edits)
    parts, pos = [], 0
    for e in local:
        parts += [before[pos:e.start], e.replacement]
        pos = e.end
    return "".join(parts) + before[pos:]


def _report(d: Detection, stage: str, history: TextHistory, applied: bool,
            offset: int = 0) -> Finding:
    """The finding the user sees for detection ``d``: input offsets, before and after."""
    before = history.text[d.start:d.end]

    def at(i: int) -> int:
        return history.to_input(i) + offset

    return Finding(
        d.code, d.kind, at(d.start), at(d.end), d.message, d.confidence,
        tuple(Edit(at(e.start), at(e.end), e.replacement, (d.code,)) for e in d.edits),
        d.applicability, applied, before, _after(d, before), stage,
    )


def _as_reported(d: Detection, config: Config, where: str) -> Detection:
    """A detection not applied, as reported: in code, below 0.5 unless the code policy
    could apply it (see :data:`CODE_SUGGESTION`)."""
    if where == PROSE or d.confidence <= CODE_SUGGESTION:
        return d
    if where == CODE and d.code in CODE_FIXABLE and d.edits:
        return d
    return d.with_(confidence=CODE_SUGGESTION)


def _breaks_literal(d: Detection, text: str, forbidden: str) -> bool:
    """Whether an edit of ``d`` writes more of a ``forbidden`` character than it replaces
    (a quote that would end a string literal, a newline that would end a comment), or makes
    a line open with a character ``forbidden`` names after :data:`OPENING` or
    :data:`LINE_OPENING` (a roff text line that would open with ``.``: a request).

    >>> d = Detection("TF301", "layout", 0, 3, "", 0.99, (Edit(0, 3, ".가나"),), Applicability.GUESS)
    >>> [_breaks_literal(d, "가나.", "\\\\" + mark + ".'") for mark in (OPENING, LINE_OPENING)]
    [True, False]
    """
    first_line = OPENING in forbidden
    forbidden, _, opening = forbidden.partition(OPENING if first_line else LINE_OPENING)
    for e in d.edits:
        old = text[e.start:e.end]
        if any(e.replacement.count(ch) > old.count(ch) for ch in forbidden):
            return True
        if opening and _opens_line_with(text, e, opening, first_line):
            return True
    return False


def _opens_line_with(text: str, e: Edit, opening: str, first_line: bool) -> bool:
    """Whether edit ``e`` of ``text`` leaves a line opening with a character of ``opening``
    (``first_line``: ``text``'s start opens a line; no line of a span opens so before)."""
    after = e.replacement + text[e.end:e.end + 1]
    starts = [i + 1 for i, ch in enumerate(e.replacement) if ch == "\n"]
    if (e.start == 0 and first_line) or (e.start > 0 and text[e.start - 1] == "\n"):
        starts.append(0)
    return any(after[i:i + 1] in tuple(opening) for i in starts)


def _flag_unwritable(found: list[Detection], text: str, forbidden: str) -> list[Detection]:
    """``found``, with each detection whose edits cannot be written turned into a flag: one
    that would end a literal (a ``forbidden`` character), or write a lone surrogate (text
    copied from a reference can hold one)."""
    out = []
    for d in found:
        why = ("it would break the literal" if forbidden and _breaks_literal(d, text, forbidden)
               else "it would write a lone surrogate" if _writes_surrogate(d) else None)
        out.append(d if why is None else d.with_(edits=(), applicability=Applicability.FLAG,
                                                 message=f"{d.message} (not applied: {why})"))
    return out


def _writes_surrogate(d: Detection) -> bool:
    """Whether an edit of ``d`` writes a lone surrogate (half of a UTF-16 pair: no codec
    writes one, and the stages after would have to read it)."""
    return bool(d.edits) and has_surrogate("".join(e.replacement for e in d.edits))


def _repair(text: str, ctx: Context, where: str = PROSE, forbidden: str = "",
            offset: int = 0, first: Sequence[str] | None = None) -> Repair:
    """Repair one text (a prose document, or one comment or string of a code file at
    ``offset`` in it) with every enabled stage until nothing changes.

    A stage whose gate (:mod:`textfix.gates`) the text does not open is skipped: it would
    find nothing there.  ``first``: the stages the input opens, when the caller knows.
    With ``Config.text_only`` the findings and edits are not built: the repair holds its
    text alone.
    """
    config = ctx.config
    stages = _stages(config)
    stage_gates = gates.plan_for(config).gates
    reported = not config.text_only  # (Repairer.fix wants the text: no findings, no edits)
    # (offsets back to the input are kept for the findings and for suppressions only)
    history = TextHistory(text, tracked=reported or ctx.suppressions is not None)
    applied: list[Finding] = []
    pending: list[Finding] = []
    for number in range(max(1, config.max_passes)):
        changed = False
        pending = []
        for name, stage in stages:
            # ``first``: the stages from the first the input opens on (the gates before it are
            # closed on the input; the later ones are asked here, on the text as it now stands)
            wanted = first if number == 0 and first is not None and not changed else None
            if wanted is not None and name not in wanted:
                if stage_gates.get(name) is not None:
                    continue
            elif wanted is not None and name == wanted[0]:
                pass  # the first stage the input opens: its gate was asked
            elif len(history.text) <= GATED_CHARS:
                closed = stage_gates.get(name)
                if closed is not None and not closed(history.text, ctx.reference):
                    continue  # the fast path: the stage would find nothing in this text
            found = [d for d in stage(history.text, ctx) if config.enabled(d.code, d.kind)]
            if ctx.suppressions is not None:
                found = [d for d in found if not ctx.suppressions.hides(
                    offset + history.to_input(d.start), d.code, d.kind)]
            found = _flag_unwritable(found, history.text, forbidden)
            if not found:
                continue
            chosen = choose(found, config, where)
            if reported:
                chosen_ids = {id(d) for d in chosen}
                pending.extend(_report(_as_reported(d, config, where), name, history, False, offset)
                               for d in found if id(d) not in chosen_ids)
                applied.extend(_report(d, name, history, True, offset) for d in chosen)
            if chosen:
                changed |= history.apply([(e, d.code) for d in chosen for e in d.edits])
        if not changed:
            break
    if not reported:
        return Repair(original=text, text=history.text)
    findings = sorted(applied + pending, key=lambda f: (f.start, f.end, f.code))
    return Repair(original=text, text=history.text, findings=findings, edits=history.hunks())


def _shifted(e: Edit, offset: int) -> Edit:
    return Edit(e.start + offset, e.end + offset, e.replacement, e.codes)


#: A lone surrogate: half of a UTF-16 pair, cut off (no stage and no library can read it).
_SURROGATE_RE = re.compile("[\ud800-\udfff]+")


def _pieces(text: str, ctx: Context) -> list[tuple[int, int, str, str]]:
    """The stretches of ``text`` to repair, each on its own, as (start, end, where,
    forbidden): the whole text for prose; for code and documents, their prose spans
    (:mod:`textfix.syntax`), with the policy their kind calls for."""
    syntax = ctx.config.syntax
    if syntax is None:
        return [(0, len(text), PROSE, "")]
    document = syntax in DOCUMENT_SYNTAXES
    return [(span.start, span.end, PROSE if document else LITERAL if span.kind == "string" else CODE,
             span.forbidden)
            for span in prose_spans(text, syntax) if not text[span.start:span.end].isascii()]
    # (the fast path: what textfix repairs in code is never pure ASCII)


def _without_surrogates(pieces: list[tuple[int, int, str, str]], text: str
                        ) -> tuple[list[tuple[int, int, str, str]], list[Finding]]:
    """``pieces`` cut around lone surrogates, and a TF104 flag for each run of them."""
    out, flags = [], []
    rule = RULES["TF104"]
    for start, end, where, forbidden in pieces:
        pos = start
        for m in _SURROGATE_RE.finditer(text, start, end):
            out.append((pos, m.start(), where, forbidden))
            d = rule.detect(m.start(), m.end(), "lone surrogate (half of a UTF-16 pair): a character "
                            "was cut in half and is lost; passed through as it is", LOST_SURROGATE)
            flags.append(Finding(d.code, d.kind, d.start, d.end, d.message, d.confidence, (),
                                 d.applicability, False, m.group(), None, "decode"))
            pos = m.end()
        out.append((pos, end, where, forbidden))
    return [p for p in out if p[1] > p[0]], flags


def _repair_pieces(text: str, ctx: Context, pieces: list[tuple[int, int, str, str]],
                   extra: list[Finding]) -> Repair:
    """Repair each piece on its own and put the text back together around them."""
    findings: list[Finding] = list(extra)
    edits: list[Edit] = []
    parts: list[str] = []
    pos = 0
    for start, end, where, forbidden in pieces:
        r = _repair(text[start:end], ctx, where, forbidden=forbidden, offset=start)
        findings.extend(r.findings)  # already in input offsets (_report adds the piece's)
        if r.changed:
            parts += [text[pos:start], r.text]
            pos = end
            edits.extend(_shifted(e, start) for e in r.edits)
    parts.append(text[pos:])
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    return Repair(original=text, text="".join(parts), findings=findings, edits=edits)


#: Texts up to this many characters are asked the stages' gates first.  A longer text opens
#: nearly every gate anyway (one suspect line is enough), and asking them would only scan
#: it twice: on 5,000-character documents the gates cost a third of the time.
GATED_CHARS = 2000


def _first_pass(text: str, config: Config, reference: str | None) -> list[str] | None:
    """For plain text (no syntax, no preset, no lone surrogate) up to :data:`GATED_CHARS`:
    the stages whose gates it opens (:mod:`textfix.gates`), none for most clean text; None
    for the other texts."""
    if len(text) > GATED_CHARS:
        return None
    return gates.plan_for(config).opened(text, reference)


def quiet(text: str, config: Config, reference: str | None = None) -> bool:
    """Whether ``text`` provably needs nothing: plain text that no stage's gate opens and
    with no lone surrogate (the common case for clean text: a few character-class scans).

    >>> quiet("깨끗한 문장은 그대로 둡니다.", Config()), quiet("ㅎㅏㄴㄱㅡㄹ", Config())
    (True, False)
    """
    return _first_pass(text, config, reference) == []


def run(text: str, config: Config, reference: str | None = None, *, directives: str | None = None) -> Repair:
    """Repair ``text`` with every enabled stage until nothing changes.

    Text marked ``textfix: ignore-file`` is returned as it is; findings on a line that
    says ``textfix: ignore`` (or ``textfix: ignore[TF302,TF4]``) are dropped there.
    ``directives``: suppression comments that hold for this text from elsewhere (the
    ``ignore-file`` lines of a file streamed in windows).

    >>> r = run("ㅎㅏㄴㄱㅡㄹ", Config())
    >>> r.text, [(e.replacement, e.codes) for e in r.edits]
    ('한글', [('한글', ('TF202',))])
    """
    first = _first_pass(text, config, reference)
    if first == []:
        return Repair(original=text, text=text)
    return _run_opened(text, config, reference, directives, first)


def repaired_text(text: str, config: Config, reference: str | None = None) -> str:
    """``run(text, config, reference).text``, without building a :class:`Repair` for the
    text the gates leave alone (most clean text: :meth:`textfix.Repairer.fix`'s path)."""
    first = _first_pass(text, config, reference)
    if first == []:
        return text
    return _run_opened(text, config, reference, None, first).text


def _run_opened(text: str, config: Config, reference: str | None, directives: str | None,
                first: list[str] | None) -> Repair:
    """:func:`run` past the gates (``first``: the stages the input opens, or None)."""
    suppressions = Suppressions.parse(text if directives is None else f"{text}\n{directives}")
    if suppressions is not None and suppressions.whole_file(None, None):
        return Repair(original=text, text=text)
    ctx = Context(config=config, reference=reference, suppressions=suppressions, size=len(text),
                  rtl_document=None, input=text)
    surrogates = has_surrogate(text)
    if config.syntax is None and not surrogates:
        return _repair(text, ctx, first=first)  # plain text, the common case: one piece
    pieces, flags = _pieces(text, ctx), []
    if surrogates:
        pieces, flags = _without_surrogates(pieces, text)
    return _repair_pieces(text, ctx, pieces, flags)
