#!/usr/bin/env python3
"""Time textfix.repair on pathological inputs: every repair must stay linear in the text.

Each case is a generator ``make(n) -> (text, reference)`` of about ``n`` UTF-8 bytes whose
structure is the same at every size: doubling ``n`` doubles the input and nothing else.
The same generators feed ``tests/test_linear.py``, which counts work steps instead of
timing (this module is their one home).

Every case is timed at ``n`` and ``2n`` (the bigger one about 100 KB) and, for the cases
that allow it, at 1 MB; each run is a subprocess with a time limit, so one hang does not
block the rest.  Printed per run: size, seconds, MB/s, findings; per case the ratio
t(2n)/t(n) and the marks

- ``SLOW``       more than 1 s per 100 KB at some size (the goal: none),
- ``NONLINEAR``  t(2n)/t(n) > 2.6, or growth from 2n to the big size steeper than that
                 (ratios of runs under 0.05 s are noise and not marked),
- ``TIMEOUT``    the run exceeded ``--timeout`` (and larger sizes were not tried).

Usage::

    .venv/bin/python benchmarks/adversarial.py                  # every case, builtin scorer, then
                                                                # the worst with the default one
    .venv/bin/python benchmarks/adversarial.py --quick          # 10 KB / 20 KB only
    .venv/bin/python benchmarks/adversarial.py --only bidi-controls-one-line --only reference-one-line
    .venv/bin/python benchmarks/adversarial.py --list
    .venv/bin/python -m cProfile -s cumtime benchmarks/adversarial.py --profile NAME --size 100000

While the library is being edited, measure a fixed commit instead of the work tree::

    git archive HEAD textfix | tar -x -C /tmp/snap
    PYTHONPATH=/tmp/snap .venv/bin/python benchmarks/adversarial.py   # the header says which
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus_broken" / "seeds"
SHARED_CLEAN = ROOT.parent / "shared" / "anchors" / "korean-clean"

Made = tuple[str, "str | None"]


# ---------------------------------------------------------------- building blocks


def fit(unit: str, n: int, sep: str = "") -> str:
    """``unit`` repeated (joined by ``sep``) to about ``n`` UTF-8 bytes; doubling ``n``
    doubles the count exactly when ``n`` is a multiple of the unit's size."""
    size = len((unit + sep).encode("utf-8"))
    return sep.join([unit] * max(1, n // size))


def grow(pieces: Callable[[random.Random], str], n: int, sep: str, seed: int = 7) -> str:
    """Pieces drawn from a seeded generator, joined by ``sep``, until about ``n`` bytes.
    The first pieces are the same at every size: the text of ``2n`` starts with that of ``n``."""
    rng = random.Random(seed)
    out, size, step = [], 0, len(sep.encode("utf-8"))
    while size < n:
        p = pieces(rng)
        out.append(p)
        size += len(p.encode("utf-8")) + step
    return sep.join(out)


@cache
def _syllables() -> list[str]:
    from textfix.korean import stats
    from textfix.korean.lexicon import STRONG, WEAK

    closed = {c for w in STRONG | WEAK for c in w}
    return [s for s in stats()["syllables"][:500] if s not in closed]


NOUNS = ["서울시", "정부", "의원", "기업", "대학", "연구소", "시민", "학생", "도시", "인공지능", "정책",
         "예산", "교통", "복지", "주거", "기후", "교육", "산업", "경제", "문화", "행정", "지역", "사업",
         "계획", "센터", "플랫폼", "데이터", "서비스", "회의", "발표", "협약", "기관", "분야", "구청"]
PARTICLES = ["은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로", "와", "과", "도", "까지"]
ENDINGS = ["했다", "한다", "밝혔다", "강조했다", "설명했다", "발표했다", "추진한다", "예정이다"]
LATIN = ["AI", "IT", "GPU", "OECD", "API", "Seoul", "K-pop", "WeGO", "OS"]
ENGLISH = ("the of and to in is that it was for on are as with his they at be this from have or by "
           "one had not but what all were when we there can an your which their said each she do how "
           "city council plan data model report budget public school traffic housing climate policy "
           "research centre service market energy water health transport program network system").split()


def korean_word(rng: random.Random) -> str:
    kind = rng.choices(range(5), weights=(45, 25, 10, 10, 10))[0]
    if kind == 0:
        return rng.choice(NOUNS) + rng.choice(PARTICLES)
    if kind == 1:
        return "".join(rng.choice(_syllables()) for _ in range(rng.randint(2, 4)))
    if kind == 2:
        return rng.choice(LATIN) + rng.choice(PARTICLES)
    if kind == 3:
        return f"{rng.randint(1, 2030)}{rng.choice('년개월명일')}"
    return rng.choice(NOUNS)


def korean_sentence(rng: random.Random) -> str:
    """A clean Korean sentence, sometimes with a paired quotation or a gloss in brackets."""
    words = [rng.choice(NOUNS) + "는"] + [korean_word(rng) for _ in range(rng.randint(3, 9))]
    kind = rng.choices(range(4), weights=(15, 10, 5, 70))[0]
    if kind == 0:
        i = rng.randrange(1, len(words))
        words[i] = f"“{words[i]} {rng.choice(NOUNS)}”이라고"
    elif kind == 1:
        i = rng.randrange(1, len(words))
        words[i] = f"‘{rng.choice(NOUNS)}’를"
    elif kind == 2:
        words[1] = f"{words[1]}({rng.choice(LATIN)})"
    return " ".join(words) + " " + "".join(rng.choice(_syllables()) for _ in range(2)) + \
        rng.choice(ENDINGS) + "."


def korean_paragraph(rng: random.Random) -> str:
    return " ".join(korean_sentence(rng) for _ in range(rng.randint(2, 6)))


def english_sentence(rng: random.Random) -> str:
    words = [rng.choice(ENGLISH) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + rng.choice([".", ".", "?", "!"])


def reversed_sentence(rng: random.Random) -> str:
    """A Korean sentence with its runs in reverse order (TF301's damage)."""
    from textfix.damage import reverse_runs

    return reverse_runs(korean_sentence(rng)).strip()


def drop_runs(rng: random.Random, line: str) -> str:
    """``line`` as a scraper leaves it: an opening quote and a syllable after a number lost."""
    out = line.replace("“", "", 1).replace("‘", "", 1)
    for i, c in enumerate(out):
        if c.isdigit() and i + 1 < len(out) and "가" <= out[i + 1] <= "힣":
            return out[:i + 1] + out[i + 2:]
    return out


@cache
def real_korean() -> str:
    """Real clean Korean: the corpus seeds (in the repository), with the conformance data's
    clean Korean texts when ``../shared`` is present (benchmark only; the tests' sizes stay
    within the seeds)."""
    parts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.gold.txt"))]
    if SHARED_CLEAN.is_dir():
        for p in sorted(SHARED_CLEAN.glob("*.txt")):
            parts.append(p.read_text("utf-8"))
        for p in sorted(SHARED_CLEAN.glob("*.jsonl")):
            for line in p.read_text("utf-8").splitlines():
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                text = item.get("text") if isinstance(item, dict) else None
                if isinstance(text, str):
                    parts.append(text)
    return "\n".join(parts)


def take(source: str, n: int) -> str:
    """About ``n`` bytes of ``source``, repeated when it is shorter (the repeats are exact
    copies: in-document evidence for the dropped-text search)."""
    out = source
    while len(out.encode("utf-8")) < n:
        out += "\n" + source
    data = out.encode("utf-8")[:n]
    return data.decode("utf-8", errors="ignore")


def _damaged_seed() -> tuple[str, str]:
    damaged = (SEEDS / "003_da324db061911ce7.txt").read_text("utf-8")
    gold = (SEEDS / "003_da324db061911ce7.gold.txt").read_text("utf-8")
    return damaged, gold


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[int], Made]
    what: str
    big: bool = True  # also time about 1 MB
    lm: bool = False  # also time with the default scorer (kiwi)
    test: bool = True  # counted in tests/test_linear.py


def _c(name: str, what: str, big: bool = True, lm: bool = False, test: bool = True):
    def wrap(make: Callable[[int], Made]) -> Callable[[int], Made]:
        CASES[name] = Case(name, make, what, big, lm, test)
        return make
    return wrap


CASES: dict[str, Case] = {}

# --- the script's first inputs, now scalable


@_c("prose-one-line", "first inputs: one line of clean prose ('가나다라 마바사. ' * k)")
def _prose_line(n: int) -> Made:
    return fit("가나다라 마바사. ", n), None


@_c("quotes-one-line", "first inputs: a line full of paired quotes ('“서울” ‘한강’ AI’ ' * k)")
def _quotes_line(n: int) -> Made:
    return fit("“서울” ‘한강’ AI’ ", n), None


@_c("lone-closing-quote-lines", "first inputs: lines of lone closing quotes")
def _lone_lines(n: int) -> Made:
    return fit("서울 한강 AI’ 구상 " * 20, n, "\n"), None


@_c("reversed-signature-lines", "first inputs: lines of reversed-sentence signatures")
def _signature_lines(n: int) -> Made:
    return fit(" .가나다 라마바 사아자 " * 50, n, "\n"), None


@_c("dropped-run-signal-lines", "first inputs: lines of dropped-run signals", lm=True)
def _signal_lines(n: int) -> Made:
    return fit("AIAI 3)21서울 ()··, ,", n, "\n"), None


@_c("cp949-mojibake-lines", "first inputs: lines of CP949 mojibake")
def _cp949_lines(n: int) -> Made:
    return fit("¹®ÀÚ ±úÁü Å×½ºÆ® " * 30, n, "\n"), None


# --- the cases


@_c("bidi-controls-one-line", "issue: TF206, '{x\\u202e ' * k on one line (38 s for 12 KB once)")
def _bidi_one_line(n: int) -> Made:
    return fit("{x\u202e ", n), None


@_c("bidi-overrides-in-rtl-one-line", "TF206 in right-to-left text: overrides left open on one line "
    "(each asked whether an override holds a letter: 38 s for 2 KB once)")
def _bidi_rtl_line(n: int) -> Made:
    return "قرّب " + fit("\u202e1", n), None


@_c("digit-run-one-line", "a run of digits with no word after it ('1' * k): the number-word flag's "
    "pattern was read again from every digit (28 s for 50 KB once; found in review)")
def _digit_run(n: int) -> Made:
    return fit("1", n), None


@_c("bidi-controls-many-lines", "TF206 on 40-character lines, each with braces and controls")
def _bidi_lines(n: int) -> Made:
    return fit("{x\u202e " * 8 + "문장 끝", n, "\n"), None


@_c("curly-quotes-unbalanced", "issue: '“' * k + '’' * k (120 KB took 22 s)")
def _curly(n: int) -> Made:
    k = max(1, n // 6)
    return "“" * k + "’" * k, None


@_c("korean-unbalanced-quotes-one-line", "issue: one line of Korean with lone quotes of each kind",
    lm=True)
def _korean_unbalanced(n: int) -> Made:
    def piece(rng: random.Random) -> str:
        s = korean_sentence(rng)
        kind = rng.choices(range(4), weights=(30, 20, 10, 40))[0]
        if kind == 0:
            s = s.replace("“", "", 1).replace("‘", "", 1) + " 한강 AI’ 구상"
        elif kind == 1:
            s = "“" + s
        elif kind == 2:
            s += ' "그렇다'
        return s
    return grow(piece, n, " "), None


@_c("reversed-korean-one-line", "issue: one line whose runs are all in reverse order (5 MB: 406 s)",
    lm=True)
def _reversed_line(n: int) -> Made:
    from textfix.damage import reverse_runs

    return reverse_runs(grow(korean_sentence, n, " ")).strip(), None


@_c("reversed-sentences-one-line", "one line of sentences, each reversed on its own (sentence search)",
    lm=True)
def _reversed_sentences(n: int) -> Made:
    # a fixed 1 KB block repeated: doubling doubles every feature exactly (drawing fresh
    # sentences makes the rare ones, and so the work, vary by 20% at test sizes)
    return fit(grow(reversed_sentence, 1000, " "), n, " "), None


@_c("reference-seed", "issue: the damaged seed repeated, with its gold copy as reference=")
def _reference_seed(n: int) -> Made:
    damaged, gold = _damaged_seed()
    return take(damaged, n), take(gold, n)


@_c("reference-synthetic-lines", "reference=: distinct damaged lines, the intact copy as reference")
def _reference_lines(n: int) -> Made:
    rng = random.Random(11)
    lines, size = [], 0
    while size < n:
        lines.append(korean_paragraph(rng))
        size += len(lines[-1].encode("utf-8")) + 1
    damaged = [drop_runs(rng, ln) for ln in lines]
    return "\n".join(damaged), "\n".join(lines)


@_c("reference-one-line", "reference=: one damaged line against one intact reference line")
def _reference_one_line(n: int) -> Made:
    rng = random.Random(12)
    lines, size = [], 0
    while size < n:
        lines.append(korean_sentence(rng))
        size += len(lines[-1].encode("utf-8")) + 1
    return " ".join(drop_runs(rng, ln) for ln in lines), " ".join(lines)


@_c("reference-disjoint-prefix", "reference=: one line that shares only its last words with the "
    "one-line reference (every probe gram is searched for in vain)")
def _reference_disjoint(n: int) -> Made:
    common = " 서울 한강 AI’ 구상을 발표했다."
    text = grow(lambda r: "".join(r.choice("abcdefghij") for _ in range(7)), n // 2, " ", seed=1)
    ref = grow(lambda r: "".join(r.choice("klmnopqrst") for _ in range(7)), n // 2, " ", seed=2)
    return text + common, ref + common


@_c("clean-korean-one-string", "issue: real clean Korean (seeds, ../shared if present) as one string "
    "(10 MB: 171 s)")
def _clean_korean(n: int) -> Made:
    return take(real_korean(), n), None


@_c("clean-korean-one-line", "real clean Korean with its newlines made spaces: one long line")
def _clean_korean_line(n: int) -> Made:
    return take(real_korean(), n).replace("\n", " "), None


@_c("synthetic-korean-document", "seeded clean Korean paragraphs, no exact repeats")
def _synthetic_korean(n: int) -> Made:
    return grow(korean_paragraph, n, "\n"), None


@_c("english-document", "issue: clean English prose, paragraphs")
def _english(n: int) -> Made:
    return grow(lambda r: " ".join(english_sentence(r) for _ in range(4)), n, "\n"), None


@_c("english-one-line", "clean English prose on one line")
def _english_line(n: int) -> Made:
    return grow(english_sentence, n, " "), None


@_c("damaged-korean-document", "issue: the damaged seed repeated (25 s per MB and growing)", lm=True)
def _damaged(n: int) -> Made:
    return take(_damaged_seed()[0], n), None


@_c("damaged-korean-one-line", "the damaged seed repeated, newlines made spaces: one line", lm=True)
def _damaged_line(n: int) -> Made:
    return take(_damaged_seed()[0], n).replace("\n", " "), None


# --- found by reading the stages


@_c("near-identical-lines", "in-document evidence: each sentence twice, once intact and once with "
    "runs dropped and a lone quote (the copy search)", lm=True)
def _near_identical(n: int) -> Made:
    def pair(rng: random.Random) -> str:
        s = korean_sentence(rng) + " 그는 “서울 한강 AI” 구상을 말했다."
        return s + "\n" + drop_runs(rng, s)
    return grow(pair, n, "\n"), None


@_c("same-line-many-drops", "one sentence repeated with a different run dropped in each copy "
    "(every probe gram recurs in every line)")
def _same_line(n: int) -> Made:
    base = "박 의원은 3선)이 21일 “서울 한강 AI” 구상을 발표했다고 밝혔다. 시민들은 AI를 만나게 된다."
    def piece(rng: random.Random) -> str:
        i = rng.randrange(5, len(base) - 5)
        return base[:i] + base[i + 1:]
    return grow(piece, n, "\n"), None


@_c("signals-spread-one-line", "one line with empty brackets (a damage signal) every 110 "
    "characters: a window per signal, each looking through every signal of the line")
def _signals_spread(n: int) -> Made:
    return fit("word " * 21 + "주() ", n), None


@_c("lone-quotes-spread-one-line", "one line of Latin words with a lone quote every 110 characters "
    "(each phrase search first looks for Hangul in the whole line)")
def _quotes_spread(n: int) -> Made:
    return fit("word " * 21 + "x’ ", n), None


@_c("many-short-lines", "short lines, each with a lone quote and a glued number (a signal per line)")
def _short_lines(n: int) -> Made:
    return fit("서울 한강 AI’ 3)21서울 구상", n, "\n"), None


@_c("many-findings", "every kind of damage on every line: quotes, brackets, dots, doubled tokens, "
    "jamo, fillers, CP949", lm=True)
def _many_findings(n: int) -> Made:
    line = ("AIAI 주() 초···대학 3)21서울 ’K-방산 ㅎㅏㄴㄱㅡㄹ 한\u200b글 ¹®ÀÚ ±úÁü "
            "의원, 을 말했다 (괄호 “인용")
    return fit(line, n, "\n"), None


@_c("long-line-no-spaces", "one line of Hangul without a space, a full stop glued at the start")
def _no_spaces(n: int) -> Made:
    rng = random.Random(3)
    syl = _syllables()
    k = max(1, n // 3)
    return "." + "".join(rng.choice(syl) for _ in range(k)), None


@_c("glued-stops-no-spaces", "one line: '다.가' without spaces (a sentence-start signature at "
    "every stop)")
def _glued_stops(n: int) -> Made:
    return fit("했다 .이라고", n), None


@_c("sentence-signatures-dense", "one line: every word a sentence-start signature whose spans "
    "score badly either way (the sentence search judges its maximum)", lm=True)
def _signatures(n: int) -> Made:
    return fit(" .가나, 을 다라, 를 마바)", n), None


@_c("lone-closing-quotes-many", "one line: '서울 한강’' repeated (a phrase search per quote)",
    lm=True)
def _lone_quotes(n: int) -> Made:
    return fit("서울 한강’ ", n), None


@_c("lone-straight-quotes-many", "one line of Korean words each followed by a lone straight quote")
def _lone_straight(n: int) -> Made:
    # the closing curly quote keeps the line off the fast path whatever the count of '"'
    return grow(lambda r: korean_word(r) + '" ', n, "") + " 끝’", None


@_c("nested-brackets", "one line: '(' * k + '가' + ')' * k, then unbalanced '((((가'")
def _nested(n: int) -> Made:
    k = max(1, n // 4)
    return "(" * k + "가" + ")" * k + " " + "(가" * (k // 4), None


@_c("bracket-quote-no-opener", "one line: '가)“' repeated with no '(' before (TF409's look-back)",
    lm=True)
def _bracket_quote(n: int) -> Made:
    return fit("가)“ ", n), None


@_c("doubled-tokens", "one line: 'AIAI 가' repeated (TF408; a particle search with a language model)",
    lm=True)
def _doubled(n: int) -> Made:
    return fit("AIAI 가나 ", n), None


@_c("latin1-mojibake-one-line", "one line of UTF-8 Korean and French read as Latin-1 (ftfy on one "
    "huge line)")
def _latin1_line(n: int) -> Made:
    rng = random.Random(5)
    raw = grow(lambda r: korean_sentence(r) + " café déjà vu", n * 2 // 3, " ", seed=rng.randrange(99))
    return raw.encode("utf-8").decode("latin-1", errors="replace").replace("\x85", " "), None


@_c("latin1-mojibake-lines", "UTF-8 read as cp1252 on 80-byte lines")
def _latin1_lines(n: int) -> Made:
    line = "스마트 도시 café".encode().decode("cp1252", errors="replace")
    return fit(line, n, "\n"), None


@_c("cp949-mojibake-one-line", "one line of CP949 read as Latin-1")
def _cp949_line(n: int) -> Made:
    return fit("¹®ÀÚ ±úÁü Å×½ºÆ® ", n), None


@_c("cp949-mixed-latin", "CP949 mojibake glued to and between Latin words, one line")
def _cp949_latin(n: int) -> Made:
    return fit("HÅØYA ¹®ÀÚcafe ±úÁü abcÅ×½ºÆ®def Ã¹ ", n), None


@_c("utf8-as-cp949-one-line", "one line of UTF-8 read as CP949 (寃쎄린), Hanja in every run")
def _utf8_cp949(n: int) -> Made:
    unit = "경기 서울 한국 ".encode().decode("cp949", errors="replace")
    return fit(unit, n), None


@_c("lossy-korean-lines", "UTF-8 Korean prose read as CP949 with a U+FFFD per lost byte, one sentence "
    "a line (the lost-byte search and, with kiwi, two rounds of reading)", lm=True)
def _lossy_lines(n: int) -> Made:
    unit = "시는 20일 시청에서 국회의원들과 만나 내년 예산을 논의했다고 밝혔다."
    return fit(unit.encode().decode("cp949", errors="replace"), n, "\n"), None


@_c("lossy-korean-one-line", "the same lossy Korean on one line (chunks of LOSSY_CHUNK characters)", lm=True)
def _lossy_line(n: int) -> Made:
    unit = "시는 20일 시청에서 국회의원들과 만나 내년 예산을 논의했다고 밝혔다. "
    return fit(unit.encode().decode("cp949", errors="replace"), n), None


@_c("jamo-spelled-long-run", "one run of spelled-out jamo with no space (ㅎㅏㄴㄱㅡㄹ * k)")
def _jamo_run(n: int) -> Made:
    return fit("ㅎㅏㄴㄱㅡㄹ", n), None


@_c("jamo-shorthand-long-run", "one run of ㅋ and ㅠ (never composed)")
def _jamo_short(n: int) -> Made:
    return fit("ㅋㅋㅠㅠ", n), None


@_c("nfd-hangul-one-line", "decomposed (NFD) Hangul on one line: a finding per syllable")
def _nfd(n: int) -> Made:
    import unicodedata

    return unicodedata.normalize("NFD", fit("한국어 문장 ", n // 2)), None


@_c("fillers-in-words", "zero-width characters and Hangul fillers inside words, one line")
def _fillers(n: int) -> Made:
    return fit("한\u200b글\u3164자 ", n), None


@_c("rtl-visual-long-neutral-run", "visual-order Hebrew: two words around one long run of spaces "
    "(bidi._options builds a tuple per split of the run; the counter cannot see it)")
def _rtl_neutral(n: int) -> Made:
    return "םולש " + " " * max(1, n - 16) + " םלוע", None


@_c("rtl-visual-neutral-run-mixed", "visual-order Hebrew: a Latin word, a long run of spaces, a "
    "Hebrew word (every split of the run is a distinct option of bidi._options)")
def _rtl_neutral_mixed(n: int) -> Made:
    return "םולש abc " + " " * max(1, n - 20) + " םלוע", None


@_c("rtl-visual-long-line", "one long line of visual-order Hebrew words and numbers")
def _rtl_long_line(n: int) -> Made:
    return fit("םולש םלוע 12 ךלמ, ", n), None


@_c("rtl-visual-many-lines", "visual-order Hebrew lines with many neutral runs each (candidates "
    "close to MAX_CANDIDATES: the search budget)")
def _rtl_lines(n: int) -> Made:
    return fit(".םולש - םלוע - ךלמ - 12 - ןתנ - םדא", n, "\n"), None


@_c("arabic-visual-lines", "visual-order Arabic presentation forms, many lines")
def _arabic_lines(n: int) -> Made:
    return fit("ﻡﻼﺴﻟﺍ ﻢﻜﻴﻠﻋ ﻻﻮﻗ 12 .", n, "\n"), None


@_c("suppress-ignore-file-many", "a 'textfix: ignore-file[TF9]' directive and a lone quote on every "
    "line (every finding checks every directive)")
def _suppress_files(n: int) -> Made:
    return fit("서울 한강’ 구상 # textfix: ignore-file[TF9]", n, "\n"), None


@_c("suppress-markers-one-line", "one line of 'textfix: ignore' markers (each looks for its line's ends)")
def _suppress_line(n: int) -> Made:
    return fit("’ textfix: ignore ", n), None


@_c("placeholders-code-like", "code-like text: printf and brace placeholders, tags, unclosed '{' and "
    "'%(' and '<a ' (pathological regex inputs)")
def _code_like(n: int) -> Made:
    line = ("printf(\"%(name)s 님 {0} %d개 <b>굵게</b> {unclosed %(open <a href=x \u202e"
            " s)name(% .가나 ’\"); // 서울 한강’")
    return fit(line, n, "\n"), None


@_c("unclosed-braces-one-line", "one line of '{가' and '%(가' that never close, with a bidi control")
def _braces(n: int) -> Made:
    return "\u202e" + fit("{가 %(가 <a 가 ", n), None


# ---------------------------------------------------------------- running


#: Runs shorter than this many seconds are repeated (three times, the best kept).
REPEAT_BELOW = 0.5


def run_one(name: str, n: int, scorer: str) -> dict:
    """Time one repair in this process (after a warm-up on a small input of the same case)."""
    import textfix

    case = CASES[name]
    warm, warm_ref = case.make(min(n, 2000))
    textfix.repair(warm, reference=warm_ref, scorer=scorer)
    text, reference = case.make(n)
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        r = textfix.repair(text, reference=reference, scorer=scorer)
        best = min(best, time.perf_counter() - t0)
        if best > REPEAT_BELOW:  # noise matters only for short runs
            break
    size = len(text.encode("utf-8")) + len((reference or "").encode("utf-8"))
    return {"seconds": best, "bytes": size, "findings": len(r.findings)}


def run_child(name: str, n: int, scorer: str, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", name, "--size", str(n), "--scorer", scorer]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "TIMEOUT", "seconds": timeout}
    if p.returncode:
        return {"status": "ERROR", "error": p.stderr.strip().splitlines()[-1:] or ["?"]}
    return {"status": "ok", **json.loads(p.stdout.strip().splitlines()[-1])}


SLOW_PER_100KB = 1.0
MAX_RATIO = 2.6
NOISE = 0.05


def per_100kb(r: dict) -> float:
    return r["seconds"] / max(r["bytes"], 1) * 1e5


def bench_case(case: Case, sizes: list[int], scorer: str, timeout: float) -> list[str]:
    marks: list[str] = []
    results: list[dict] = []
    for i, n in enumerate(sizes):
        if results and results[-1]["status"] != "ok":
            break
        if i == 2 and results:  # the big size: skip when it would obviously time out
            prev = results[-1]
            ratio = prev["seconds"] / max(results[0]["seconds"], 1e-9)
            exponent = max(1.0, math.log(max(ratio, 1.0), 2))
            projected = prev["seconds"] * (n / sizes[1]) ** exponent
            if projected > timeout:
                print(f"{'':38s} {n / 1e6:6.2f} MB   skipped: projected {projected:7.0f} s "
                      f"> --timeout {timeout:.0f} s", flush=True)
                marks.append("NONLINEAR" if exponent > math.log2(MAX_RATIO) else "SLOW")
                break
        r = run_child(case.name, n, scorer, timeout)
        results.append(r)
        label = case.name if i == 0 else ""
        if r["status"] == "TIMEOUT":
            print(f"{label:38s} {n / 1e6:6.2f} MB  TIMEOUT (> {timeout:.0f} s)", flush=True)
            marks.append("TIMEOUT")
            continue
        if r["status"] == "ERROR":
            print(f"{label:38s} {n / 1e6:6.2f} MB  ERROR {r['error']}", flush=True)
            marks.append("ERROR")
            continue
        mb = r["bytes"] / 1e6
        extra = ""
        if i >= 1 and results[i - 1]["status"] == "ok":
            a, b = results[i - 1], r
            ratio = b["seconds"] / max(a["seconds"], 1e-9)
            grow_ = b["bytes"] / max(a["bytes"], 1)
            # the growth exponent, reported as the ratio a doubling would give
            doubling = 2 ** (math.log(max(ratio, 1e-9)) / math.log(grow_)) if grow_ > 1 else 0.0
            extra = f"ratio {ratio:6.2f}" if i == 1 else f"per doubling {doubling:5.2f}"
            if b["seconds"] >= NOISE and doubling > MAX_RATIO:
                marks.append("NONLINEAR")
        if per_100kb(r) > SLOW_PER_100KB:
            marks.append("SLOW")
        print(f"{label:38s} {mb:6.2f} MB {r['seconds']:8.3f} s {mb / max(r['seconds'], 1e-9):8.2f} MB/s "
              f"{r['findings']:7d} findings  {extra}", flush=True)
    marks = sorted(set(marks))
    print(f"{'':38s} => {' '.join(marks) if marks else 'ok'}", flush=True)
    return marks


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="10 KB and 20 KB only")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this case (repeatable; a prefix selects every case it starts)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per run (default 60)")
    p.add_argument("--scorer", default="builtin", choices=["builtin", "auto", "kiwi"])
    p.add_argument("--no-lm", action="store_true", help="skip the default-scorer pass")
    p.add_argument("--big", type=int, default=1_000_000, help="the big size in bytes (default 1 MB)")
    p.add_argument("--list", action="store_true", help="list the cases")
    p.add_argument("--child", metavar="NAME", help=argparse.SUPPRESS)
    p.add_argument("--profile", metavar="NAME", help="run one case in this process (for cProfile)")
    p.add_argument("--size", type=int, default=100_000)
    args = p.parse_args(argv)

    if args.child:
        print(json.dumps(run_one(args.child, args.size, args.scorer)))
        return 0
    if args.profile:
        import textfix

        text, reference = CASES[args.profile].make(args.size)
        t0 = time.perf_counter()
        r = textfix.repair(text, reference=reference, scorer=args.scorer)
        print(f"{args.profile}: {len(text.encode()) / 1e6:.3f} MB, {time.perf_counter() - t0:.2f} s, "
              f"{len(r.findings)} findings", file=sys.stderr)
        return 0
    if args.list:
        for c in CASES.values():
            print(f"{c.name:38s} {c.what}")
        return 0

    names = [n for n in CASES if not args.only or any(n.startswith(o) for o in args.only)]
    if not names:
        p.error(f"no case matches {args.only}; see --list")
    sizes = [10_000, 20_000] if args.quick else [50_000, 100_000]
    flagged: dict[str, list[str]] = {}
    import textfix

    print(f"textfix from {Path(textfix.__file__).parent}")
    print(f"scorer={args.scorer}, timeout {args.timeout:.0f} s per run; marks: SLOW > "
          f"{SLOW_PER_100KB:.0f} s per 100 KB, NONLINEAR ratio > {MAX_RATIO}")
    for name in names:
        case = CASES[name]
        marks = bench_case(case, sizes + ([args.big] if case.big and not args.quick else []),
                           args.scorer, args.timeout)
        if marks:
            flagged[name] = marks
    worst = [n for n in names if CASES[n].lm or n in flagged]
    if args.scorer == "builtin" and not args.no_lm and worst:
        from textfix.scoring import kiwi

        if kiwi.available():
            print("\nthe worst cases once with the default scorer (kiwi), at the 2n size:")
            for name in worst:
                marks = bench_case(CASES[name], sizes[1:], "auto", args.timeout)
                if marks:
                    flagged[f"{name} (scorer=auto)"] = marks
    print("\nflagged:" if flagged else "\nnothing flagged")
    for name, marks in flagged.items():
        print(f"  {name:48s} {' '.join(marks)}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
