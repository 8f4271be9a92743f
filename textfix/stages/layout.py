"""Stage 3: layout repair -- runs written in reverse order (visual-order RTL: :mod:`textfix.stages.rtl`).

A scraper or a bidi mishap can emit a paragraph's *runs* (a stretch of Hangul words with
their spaces, a Latin phrase, a number, each punctuation mark with the spaces after it)
in reverse order while every run keeps its own characters in order::

    .이라고 강조했다"이 될 것'의 기적'시대를 연 AI서울 "박 의원은

Rule ``TF301 reversed-runs``: a span (a whole line, or one sentence inside it) whose
runs read better reversed.  Both orders are scored with the same plausibility scorer
(:mod:`textfix.scoring`); the span is reported when the reversed order is clearly better,
and repaired at or above ``min_confidence``.  The fixer also puts back what the reversal
plus line stripping lost at the joins: the space after the first run, and a closing
quote lost before a quotative ending (``것"이라며 "서울``).

>>> unreverse(".구상을 발표했다AI 서울시는")
('서울시는 AI 구상을 발표했다.', 0)

(The damage itself is :func:`textfix.damage.reverse_runs`.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textfix.korean.lexicon import QUOTATIVE, SENTENCE_FINAL, particle_weight
from textfix.lines import lines_matching, split_lines
from textfix.model import Detection, Edit
from textfix.rules import RULES
from textfix.scoring import penalty
from textfix.script import CURLY_QUOTES, LATIN, RUN_RE, WORD
from textfix.script import HANGUL_RE as _HANGUL_RE
from textfix.script import RTL_RE as _RTL_RE
from textfix.stages import rtl
from textfix.work import WorkBudget

_L = LATIN
_W = WORD
TOKEN_RE = RUN_RE
_W_START = re.compile(f"[{_W}]")
_SENTENCE_ENDS = frozenset(".!?…\"'”’)]」』") | {""}
_MID_END_RE = re.compile("[.!?][ \t]")
#: The fast path: a reversed span starts a line with closing punctuation, or has a full
#: stop glued to the next letter somewhere; other lines are never looked at.
_SUSPECT_RE = re.compile(f"(?m)^[ \t]*[.!?,)\\]”’」』]|[.!?][{_W}{_L}]")
#: Where a reversed span starts: sentence-final punctuation glued to the next letter.
_START_RE = re.compile(f"(?<![^ \t])(?:[.!?](?=[{_W}A-Z])|[!?](?=[a-z]))")  # not .aff, .txt
OPENERS = {'"': '"', "'": "'", **CURLY_QUOTES, "(": ")", "[": "]", "<": ">"}
MIN_SPAN = 12
#: TF301 judges Korean prose only (the scorer's evidence is Korean): this many syllables,
#: and at least as many letters' worth as the other letters (a syllable is worth about
#: three Latin letters: "AI를 통해" is Korean).
MIN_HANGUL = 4
HANGUL_WEIGHT = 3
_PARTICLE_ENDS = frozenset("은는을를이가의에도로와과")
_BULLETS = frozenset("*-•·#>※▶■□○●◆◇")
#: Openers written after a space: quotes, and the marks that start a placeholder or code.
_SPACED_OPENERS = frozenset("\"'“‘「『%`*#@$<")
_NUMBER_PREFIXES = frozenset({"제", "약", "총", "단", "만", "최", "초", "각", "매", "전", "第"})
MIN_DELTA = 4.0
MAX_ENDS = 40  # word ends tried as the end of a reversed sentence
MAX_SENTENCE_CHARS = 600  # a reversed sentence inside a line is at most this long
MAX_JUDGES = 4000  # sentence-span judgements per repair, all passes (keeps huge damaged texts linear)
#: TF301: 0.5 + 0.08 per point of plausibility gained by reversing, at most 0.99 (a gain
#: of 5 points, two implausible joins undone, reaches the default threshold 0.9).
REVERSED_BASE, REVERSED_PER_POINT, REVERSED_MAX = 0.5, 0.08, 0.99
#: TF301 applies by default only to whole lines of written prose (ending as a Korean
#: sentence ends: "…했다." "…합니다!"); a sentence inside a paragraph, or a fragment (UI
#: string, help line), stays a suggestion below the default threshold.  Measured on
#: corpus_broken and the open-world tune damage: paragraphs 93% exact, single sentences
#: and fragments 42-55%.
GUESSED_SPAN_MAX = 0.85
_WRITTEN_END_RE = re.compile(f"[{''.join(SENTENCE_FINAL)}][.!?][\"'”’)」』]*$")
#: Characters on each side of a candidate sentence the language model reads with it.
LM_CONTEXT = 120
LM_VETO = 0.3  # nats per character the language model must prefer the text as it is


@dataclass(frozen=True)
class Token:
    """One run: its text (with the spaces after it) and its class."""

    text: str
    kind: str  # num, latin, word, punct

    @property
    def core(self) -> str:
        return self.text.rstrip(" \t")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into runs; spaces belong to the run before them.

    >>> [t.text for t in tokenize('박 의원은 "AI를')]
    ['박 의원은 ', '"', 'AI', '를']
    """
    return [Token(m.group(), m.lastgroup or "punct") for m in TOKEN_RE.finditer(text)]


def _split_quotatives(tokens: list[Token]) -> tuple[list[Token], int]:
    """Split a run that swallowed a lost closing quote: ``"이라며 사회적`` -> ``"이라며 ”사회적``.

    In reversed text a quotative ending opens the run that followed its closing quote;
    when that quote was lost, the ending merged with the next run.  Returns the tokens
    and how many quotes were restored.
    """
    out: list[Token] = []
    restored = 0
    for i, tok in enumerate(tokens):
        head, sep, rest = tok.text.partition(" ")
        prev = tokens[i - 1].core if i else ""
        # the quote before the ending must open the next quotation: its content (the run
        # before it here) does not start with a particle (강조했다"이라고 is a closing one)
        quoted = tokens[i - 2].core.split(" ")[0] if i >= 2 else ""
        if (tok.kind == "word" and sep and rest.strip() and head in QUOTATIVE
                and prev in OPENERS and prev not in "([<" and quoted
                and particle_weight(quoted) == 0):
            out.append(Token(head + " ", "word"))
            out.append(Token(OPENERS[prev], "punct"))
            out.append(Token(rest.lstrip(" "), "word"))
            restored += 1
        else:
            out.append(tok)
    return out, restored


def _restore_first_space(tokens: list[Token]) -> list[Token]:
    """Give the first run back the space that line stripping took (``의원은 "서울``).

    Written Korean separates a word from a following quotation, Latin word or number
    (``의원은 "서울``, ``의원은 2025년``), and a Latin word from a following Korean word
    (``AI 시대``).  Glued stay: a closing quote or a Latin word before a particle
    (``것"이라며``, ``AI를``), a gloss in brackets (``의원(서울``; after a particle a
    bracket opens an aside: ``의원은 (사진)``) and a one-syllable prefix before a number
    (``제2``).  A bullet keeps its space (``* 항목``).
    """
    if len(tokens) < 2 or tokens[0].text != tokens[0].core:
        return tokens
    first, nxt = tokens[0], tokens[1]
    if first.kind == "punct" and first.core in _BULLETS:
        if nxt.kind not in ("word", "latin", "num"):
            return tokens  # a bullet: "* 항목"
    elif first.kind == "word" and nxt.kind == "punct":
        if nxt.core in "([":
            if first.core[-1:] not in _PARTICLE_ENDS:
                return tokens  # 의원(서울: a gloss in brackets is glued to its word
        elif nxt.core not in _SPACED_OPENERS or len(tokens) < 3:
            return tokens
        elif tokens[2].kind == "word" and particle_weight(tokens[2].core.split(" ")[0]) >= 1.0:
            return tokens  # a closing quote: 것"이라며
    elif first.kind == "word" and nxt.kind == "num":
        if first.core.split(" ")[-1] in _NUMBER_PREFIXES:
            return tokens
    elif first.kind == "latin" and nxt.kind == "word":
        if particle_weight(nxt.core.split(" ")[0]) > 0:
            return tokens
    elif not (first.kind == "word" and nxt.kind == "latin"):
        return tokens
    return [Token(first.text + " ", first.kind), *tokens[1:]]


def unreverse(span: str) -> tuple[str, int]:
    """The logical order of a reversed span, and how many lost quotes were restored."""
    tokens, restored = _split_quotatives(tokenize(span))
    logical = _restore_first_space(list(reversed(tokens)))
    return "".join(t.text for t in logical).rstrip(" \t"), restored


def _reads_as_korean(span: str) -> bool:
    """Whether ``span`` is Korean prose, which the scorer knows: at least
    :data:`MIN_HANGUL` syllables, and mostly Hangul.  Elsewhere (roff macros,
    help text, Japanese, code) a line starting with a full stop is the text's own."""
    hangul = len(_HANGUL_RE.findall(span))
    others = sum(c.isalpha() for c in span) - hangul
    return hangul >= MIN_HANGUL and HANGUL_WEIGHT * hangul >= others


def _judge(span: str, lm=None) -> tuple[float, str, int] | None:
    """(delta, repaired span, restored quotes) when reversing clearly helps, else None.

    The built-in scorer decides; a language model (``lm``), when there is one, may only
    veto: it drops a reversal that it reads as clearly worse than the text as it is.
    """
    if len(span) - span.count(" ") < MIN_SPAN or not _reads_as_korean(span):
        return None
    now = penalty(span)
    if now < MIN_DELTA:
        return None  # reversing cannot gain enough: most lines stop here
    candidate, restored = unreverse(span)
    if candidate == span:
        return None
    then = penalty(candidate)
    delta = now - then
    if delta < MIN_DELTA or then > now / 2:
        return None
    vetoed = lm is not None and lm.affords(len(span) + len(candidate)) \
        and lm.preference(span, candidate) < -LM_VETO
    if vetoed:
        return None
    return delta, candidate, restored


def _confidence(delta: float) -> float:
    return round(min(REVERSED_MAX, REVERSED_BASE + REVERSED_PER_POINT * delta), 3)


def _finding(start: int, end: int, delta: float, fixed: str, restored: int, scope: str) -> Detection:
    extra = f"; restored {restored} closing quote(s) lost before a quotative ending" if restored else ""
    confidence = _confidence(delta)
    if scope == "sentence" or not _WRITTEN_END_RE.search(fixed):
        # where a reversed sentence ends inside its paragraph, and how the spaces of a UI
        # fragment or help line went, are guesses: exact about half the time (measured)
        confidence = min(confidence, GUESSED_SPAN_MAX)
        scope = scope if scope == "sentence" else "fragment"
    return RULES["TF301"].detect(
        start, end, f"the runs of this {scope} are in reverse order (plausibility gain {delta:.1f}){extra}",
        confidence, (Edit(start, end, fixed),))


def _sentence_findings(line: str, offset: int, lm, budget: WorkBudget) -> list[Detection]:
    """Reversed sentences inside a line: each start signature tries the word ends after
    it (at most MAX_ENDS) as the end of the span; ``budget`` caps the tries per text."""
    out: list[Detection] = []
    pos = 0
    while budget.left > 0:
        m = _START_RE.search(line, pos)
        if not m:
            return out
        start = m.start()
        ends = []
        i = start + 2
        limit = min(len(line), start + MAX_SENTENCE_CHARS)
        while len(ends) < MAX_ENDS:
            i = line.find(" ", i, limit)
            if i < 0:
                break
            if line[i - 1] not in " \t":
                ends.append(i)
            i += 1
        line_end = len(line.rstrip(" \t"))
        if line_end - start <= MAX_SENTENCE_CHARS and len(ends) < MAX_ENDS:
            ends.append(line_end)  # the sentence may run to the end of the line
        judged_ends = []
        for end in ends:
            budget.spend(1)
            judged = _judge(line[start:end], lm)
            if judged:
                judged_ends.append((end, *judged))
        if not judged_ends:
            pos = m.end()
            continue
        top = max(j[1] for j in judged_ends)
        tied = [j for j in judged_ends if j[1] >= top - 1e-9]
        # Prefer an end at a run boundary (the text after it is not a Korean word); where
        # the next sentence starts with a Korean word the boundary is unmarked: shortest.
        # A language model reads each choice in its line and picks the best one.
        at_boundary = [j for j in tied if not _W_START.match(line, j[0] + 1)]
        choices = at_boundary or tied
        if lm is not None and len(choices) > 1:
            # each choice read in its neighbourhood, not the whole line (which may be huge)
            left = line[max(0, start - LM_CONTEXT):start]
            reads = [left + j[2] + line[j[0]:j[0] + LM_CONTEXT] for j in choices]
            if lm.affords(sum(map(len, reads))):
                scores = {id(j): lm.per_char(r) for j, r in zip(choices, reads, strict=True)}
                choices = sorted(choices, key=lambda j: -scores[id(j)])
        end, delta, fixed, restored = choices[0]
        out.append(_finding(offset + start, offset + end, delta, fixed, restored, "sentence"))
        pos = end
    return out


def run(text: str, ctx) -> list[Detection]:
    """Findings of the layout stage on ``text``."""
    findings: list[Detection] = rtl.run(text, ctx) if _RTL_RE.search(text) else []
    suspects = set(lines_matching(text, _SUSPECT_RE))
    # a sentence end inside a line that does not end like a sentence: the end moved
    if _MID_END_RE.search(text):
        suspects.update((pos, line) for pos, line in split_lines(text)
                        if line.rstrip()[-1:] not in _SENTENCE_ENDS and _MID_END_RE.search(line))
    lm = ctx.language_model() if suspects and ctx is not None else None
    budget = ctx.budget("sentence-judgements", MAX_JUDGES)
    for pos, line in sorted(suspects):
        body = line.rstrip("\r \t")
        lead = len(body) - len(body.lstrip(" \t"))
        span = body[lead:]
        if len(span) >= MIN_SPAN and not _RTL_RE.search(span):  # right-to-left lines are TF302's
            judged = _judge(span, lm)
            if judged:
                delta, fixed, restored = judged
                findings.append(_finding(pos + lead, pos + len(body), delta, fixed, restored, "paragraph"))
            else:
                findings.extend(_sentence_findings(span, pos + lead, lm, budget))
    return findings
