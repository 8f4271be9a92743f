#!/usr/bin/env python3
"""Regenerate ``corpus_broken/cases-layout.jsonl``: Korean lines whose runs were written in
reverse order (rule TF301, issue 12), from the clean Korean sources that
``scripts/build_corpus.py`` loads (``../shared/anchors/korean-clean``: the Constitution, the
kiwipiepy documentation, the JupyterLab, Sphinx and Django catalogues).

Every line is reversed run by run with ``textfix.damage.reverse_runs`` and stripped, as the
seed page's scraper left its paragraph.  Markup, placeholders, URLs, e-mail addresses and
code in backticks are atoms of the reversal (``atoms=True``: never split); what holds a
number together is drawn for each case (``split``: ``3.25`` comes back ``25.3``; ``whole``;
``ranges``: ``7~8`` and ``8-3`` whole too) and named in its provenance.

Kinds (lines TF301 judges: four syllables or more, mostly Korean outside the atoms, at
least :data:`MIN_CHARS` characters):

- ``reversed-runs-prose``: lines with no atom;
- ``reversed-runs-code``: lines with placeholders (``%(name)s``, ``%s``, ``%1``, ``{0}``),
  code in backticks, URLs or e-mail addresses, and no markup;
- ``reversed-runs-markup``: lines with tags or entities;
- ``reversed-runs-numbers``: lines with numbers that hold separators (``0.15.0``,
  ``21,428,571``, ``2007~2011``), and prose lines whose number (``30명``) was replaced by
  one drawn from :data:`NUMBER_SHAPES` (decimals, thousands, ranges, dates, times, ratios,
  codes).  Where the damage turned a number into another valid number that nothing in the
  line decides between (``3.25`` split to ``25.3``), the case expects a flag
  (``ambiguous-order``, TF303) rather than the gold; the rest expect the gold;
- ``clean``: the source lines themselves (expect unchanged).

Each case has ``split`` (``tune`` or ``report``) from a hash of its source line, so that a
line is in one split only, whatever it is damaged into.

Usage: python scripts/build_corpus_layout.py [--anchors DIR] [--per-kind N] [--seed N]
       python scripts/build_corpus_layout.py --measure [--split tune|report|all] [--show N]
           [--scorer auto|builtin] [--min-confidence C]
           (exact / unchanged / wrong, flagged and silent, per kind and damage variant)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_corpus import Cases, case, korean_sources, split_of, write_cases  # noqa: E402

from textfix.damage import reverse_runs  # noqa: E402
from textfix.korean.lexicon import COUNTERS  # noqa: E402
from textfix.script import (  # noqa: E402
    ATOM_RE,
    NUMBER_PATTERNS,
    NUMBER_RANGES,
    NUMBER_SPLIT,
    NUMBER_WHOLE,
)

#: The shortest line judged (TF301's MIN_SPAN counts characters other than spaces).
MIN_CHARS = 12
#: Number damage variants, drawn for each case.
VARIANTS = (NUMBER_SPLIT, NUMBER_WHOLE, NUMBER_RANGES)
#: A finding at or above this confidence counts as a flag a reviewer sees.
FLAG_LEVEL = 0.5
_MARKUP_RE = re.compile("</?[A-Za-z가-힣][^<>\\n]{0,300}>|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7});")
#: Tags the sources' catalogues wrap words in (Django, JupyterLab, Sphinx), for the lines
#: made by wrapping a word of a line in one (``made``): the catalogues hold few lines of markup.
TAGS = (("<strong>", "</strong>"), ("<em>", "</em>"), ("<code>", "</code>"), ("<q>", "</q>"),
        ("<b>", "</b>"), ("<sup>", "</sup>"), ('<a href="%(link)s">', "</a>"),
        ('<a href="{url}" target="_blank">', "</a>"), ('<a href="%1" target="_blank">', "</a>"),
        ('<a href="https://docs.djangoproject.com/en/%(version)s/releases/" target="_blank" rel="noopener">',
         "</a>"))
_WRAPPABLE_RE = re.compile("(?<![^ ])[가-힣A-Za-z][가-힣A-Za-z0-9]*(?: [가-힣A-Za-z0-9]+){0,2}")
_COMPOUND_RE = re.compile(f"(?<![0-9.,:/~∼～–-]){NUMBER_PATTERNS[NUMBER_RANGES]}")
#: A plain number in running text that a drawn shape may replace: before a counter or unit
#: (``30명``, ``2025년``, ``5%``), or standing alone (``버전 3``); never in a placeholder,
#: an identifier or a list number.
_PLAIN_NUMBER_RE = re.compile("(?<![0-9A-Za-z.,:/~∼～–_%{$#-])(?<!^)[0-9]{1,4}(?![0-9.,:/~∼～–_A-Za-z}-])")
#: Shapes by what follows the number (a counter of time, of things, a rate; nothing).
SHAPES_BY_UNIT = (
    (("년", "년도", "년대"), ("range-years", "range")),
    (("월", "일", "시", "분", "초", "개월", "주", "세", "살"), ("range", "range-hyphen")),
    (("%", "퍼센트", "배", "포인트", "도", "점"), ("decimal", "range", "decimal")),
    (("원", "달러", "명", "개", "건", "가구", "곳", "대", "회", "번", "바이트", "자", "줄", "행", "만", "억"),
     ("thousands", "millions", "thousands-decimal", "range", "decimal")),
)
STANDALONE_SHAPES = ("date", "date-hyphen", "month-day", "time", "ratio", "version", "code", "decimal")
NUMBER_SHAPES = {
    "decimal": lambda r: f"{r.randrange(0, 100)}.{r.choice(['5', '25', '75', '05', '3', '14', '0'])}",
    "thousands": lambda r: f"{r.randrange(1, 999)},{r.randrange(0, 1000):03d}",
    "millions": lambda r: f"{r.randrange(1, 99)},{r.randrange(0, 1000):03d},{r.randrange(0, 1000):03d}",
    "thousands-decimal": lambda r: f"{r.randrange(1, 99)},{r.randrange(0, 1000):03d}.{r.randrange(1, 10)}",
    "range": lambda r: _range(r, "~"),
    "range-years": lambda r: f"{(y := r.randrange(1990, 2025))}~{y + r.randrange(1, 8)}",
    "range-hyphen": lambda r: _range(r, "-"),
    "date": lambda r: f"{r.randrange(1990, 2030)}.{r.randrange(1, 13):02d}.{r.randrange(1, 29):02d}",
    "date-hyphen": lambda r: f"{r.randrange(1990, 2030)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}",
    "month-day": lambda r: f"{r.randrange(1, 13)}/{r.randrange(1, 29)}",
    "time": lambda r: f"{r.randrange(0, 24)}:{r.randrange(0, 60):02d}",
    "ratio": lambda r: f"{r.randrange(1, 10)}:{r.randrange(1, 10)}",
    "version": lambda r: f"{r.randrange(0, 4)}.{r.randrange(0, 20)}.{r.randrange(0, 10)}",
    "code": lambda r: f"{r.randrange(1, 20)}-{r.randrange(1, 10)}",
}


def _range(r: random.Random, mark: str) -> str:
    a = r.randrange(1, 30)
    return f"{a}{mark}{a + r.randrange(1, 10)}"



def judged(text: str) -> bool:
    """Whether TF301 judges ``text`` at all (its declared scope): long enough, Korean."""
    from textfix.stages.layout import reads_as_korean

    return sum(not c.isspace() for c in text) >= MIN_CHARS and reads_as_korean(text)


def pools(ko: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """The source lines by kind, each line once."""
    seen: set[str] = set()
    out: dict[str, list[tuple[str, str]]] = {"prose": [], "code": [], "markup": [], "numbers": []}
    for where, t in ko:
        if t in seen or "\n" in t or not judged(t):
            continue
        seen.add(t)
        if _MARKUP_RE.search(t) and ATOM_RE.search(t):
            out["markup"].append((where, t))
        elif ATOM_RE.search(t):
            out["code"].append((where, t))
        else:
            out["prose"].append((where, t))
        if _COMPOUND_RE.search(t) and any(re.search("[^0-9]", m.group()) for m in _COMPOUND_RE.finditer(t)):
            out["numbers"].append((where, t))
    return out


def _shapes(text: str, m: re.Match[str]) -> tuple[str, ...]:
    """The shapes a number may take where ``m`` stands: by its unit, or standing alone."""
    after = text[m.end():m.end() + 4]
    if ATOM_RE.match(text, m.end()) or after.startswith("분의") or text[m.start() - 1:m.start()] == "제":
        return ()  # 5%s, 3분의 1, 제15조 (an article's number is a number)
    for units, shapes in SHAPES_BY_UNIT:
        if any(after.startswith(u) for u in units):
            return shapes
    if any(after.startswith(u) for u in COUNTERS):
        return ("range", "range-hyphen", "thousands")  # 30곳, 3항, 2장
    before = text[m.start() - 1:m.start()]
    if before in (" ", "(") and (not after or after[0] in " ,.)"):
        return STANDALONE_SHAPES
    return ()


def with_number(text: str, rng: random.Random) -> tuple[str, str] | None:
    """``text`` with one plain number replaced by a shape drawn for where it stands, and the
    shape's name (None when no number in ``text`` fits a shape)."""
    spans = [a.span() for a in ATOM_RE.finditer(text)]
    found = [(m, shapes) for m in _PLAIN_NUMBER_RE.finditer(text)
             if not any(a <= m.start() < b for a, b in spans) and (shapes := _shapes(text, m))]
    if not found:
        return None
    m, shapes = rng.choice(found)
    shape = rng.choice(shapes)
    return text[:m.start()] + NUMBER_SHAPES[shape](rng) + text[m.end():], shape


def with_tag(text: str, rng: random.Random) -> str | None:
    """``text`` with one to three of its words wrapped in a tag drawn from :data:`TAGS`."""
    found = list(_WRAPPABLE_RE.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    words = m.group().split(" ")
    inner = " ".join(words[:rng.randrange(1, len(words) + 1)])
    opener, closer = rng.choice(TAGS)
    return text[:m.start()] + opener + inner + closer + text[m.start() + len(inner):]


def damaged(c: Cases, kind: str, t: str, where: str, what: str = "") -> None:
    """One reversed case of ``t`` (a variant drawn for its numbers), if the damage changes it."""
    from textfix.stages.layout import ambiguous_numbers

    variant = c.rng.choice(VARIANTS)
    broken = reverse_runs(t, atoms=True, numbers=variant).strip()
    if broken == t:
        return
    x = case(kind, "exact", broken, t, where,
             f"runs of the line written in reverse order (atoms whole, numbers {variant}){what}, "
             "line stripped",
             (0, len(broken)))
    ambiguous = ambiguous_numbers(broken, variant)
    if ambiguous:
        x["expect"], x["detects"] = "flag", ["reversed-runs", "ambiguous-order"]
        x["ambiguous"] = ambiguous
    else:
        x["detects"] = ["reversed-runs"]
    x["split"] = split_of(where)
    c.out.append(x)


def generate(rng: random.Random, ko: list[tuple[str, str]], per_kind: int) -> list[dict]:
    """The cases: every kind, at most ``per_kind`` of each, and clean lines."""
    c = Cases(rng, per_kind)
    p = pools(ko)
    for kind in ("prose", "code", "markup"):
        for where, t in c.sample(p[kind]):
            damaged(c, f"reversed-runs-{kind}", t, where)
    made_markup = [(w, with_tag(t, c.rng)) for w, t in c.sample(p["prose"] + p["code"], 2 * per_kind)]
    made_markup = [(w, t) for w, t in made_markup if t is not None and judged(t)]
    for where, t in made_markup[:max(0, per_kind - len(p["markup"]))]:
        damaged(c, "reversed-runs-markup", t, where, " (a tag wrapped around words of the line)")
    for where, t in c.sample(p["numbers"]):
        damaged(c, "reversed-runs-numbers", t, where)
    made = [(w, with_number(t, c.rng)) for w, t in c.sample(p["prose"] + p["code"] + p["markup"], len(ko))]
    made = [(w, found) for w, found in made if found is not None]
    for where, (t, shape) in made[:max(0, per_kind - len(p["numbers"]))]:
        damaged(c, "reversed-runs-numbers", t, where, f" (its number replaced by a {shape})")
    for kind in ("prose", "code", "markup", "numbers"):
        for where, t in c.sample(p[kind], per_kind // 2):
            c.out.append({"id": "", "kind": "clean", "expect": "unchanged", "broken": t, "gold": t,
                          "provenance": f"clean (ko): {where} ({kind})", "split": split_of(where)})
    return c.out


def _variant(x: dict) -> str:
    m = re.search("numbers (split|whole|ranges)", x["provenance"])
    return m.group(1) if m else "-"


def measure(path: Path, split: str, show: int, scorer: str, min_confidence: float) -> None:
    """Per kind (and number variant): exact, unchanged, wrong (changed, not to gold); of the
    misses, how many carry a TF301/TF303 finding (flagged) and how many are silent; on clean
    lines, changed and TF301/TF303 findings at 0.5 or more."""
    import textfix

    rows: dict[tuple[str, str], Counter] = {}
    shown: Counter = Counter()
    t0 = time.perf_counter()
    for line in path.open(encoding="utf-8"):
        x = json.loads(line)
        if split != "all" and x["split"] != split:
            continue
        r = textfix.repair(x["broken"], scorer=scorer, min_confidence=min_confidence)
        ours = [f for f in r.findings if f.code in ("TF301", "TF303")]
        for key in ((x["kind"], "all"), (x["kind"], _variant(x))):
            if key[1] == "-" and key[0] != "clean":
                continue
            row = rows.setdefault(key, Counter())
            row["n"] += 1
            if x["kind"] == "clean":
                row["exact"] += r.text == x["gold"]
                row["wrong"] += r.text != x["gold"]
                row["flagged"] += any(f.confidence >= FLAG_LEVEL for f in ours)
                continue
            out = "exact" if r.text == x["gold"] else "unchanged" if r.text == x["broken"] else "wrong"
            row[out] += 1
            row["flagged"] += out != "exact" and bool(ours)
            row["silent"] += out != "exact" and not ours
            row["expect-flag"] += x["expect"] == "flag"
            row["flag-hit"] += x["expect"] == "flag" and any(f.code == "TF303" for f in r.findings)
        bad = r.text != x["gold"] if x["kind"] != "clean" else (r.text != x["gold"] or any(
            f.confidence >= FLAG_LEVEL for f in ours))
        if bad and shown[x["kind"]] < show:
            shown[x["kind"]] += 1
            print(f"  {x['kind']} [{_variant(x)}] {x['expect']}: {x['broken']!r}\n    -> {r.text!r}\n"
                  f"    gold {x['gold']!r}\n    {[(f.code, f.confidence, f.applied) for f in ours]}")
    took = time.perf_counter() - t0
    print(f"split {split}, scorer {scorer}, min_confidence {min_confidence}")
    print(f"{'kind':24s} {'numbers':8s} {'cases':>5s} {'exact':>7s} {'unchgd':>7s} {'wrong':>7s} "
          f"{'flagged':>7s} {'silent':>7s} {'flag-exp':>8s}")
    for (kind, variant), row in sorted(rows.items()):
        n = row["n"]
        if kind == "clean":
            print(f"{kind:24s} {variant:8s} {n:5d} {row['exact'] / n:7.1%} {'':7s} {row['wrong'] / n:7.1%} "
                  f"{row['flagged']:7d}  (unchanged; changed; TF301/303 >= 0.5)")
            continue
        print(f"{kind:24s} {variant:8s} {n:5d} {row['exact'] / n:7.1%} {row['unchanged'] / n:7.1%} "
              f"{row['wrong'] / n:7.1%} {row['flagged'] / n:7.1%} {row['silent'] / n:7.1%} "
              f"{row['flag-hit']:4d}/{row['expect-flag']:<3d}")
    print(f"{sum(r['n'] for (k, v), r in rows.items() if v == 'all' or k == 'clean')} cases in {took:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchors", type=Path, default=ROOT.parent / "shared" / "anchors" / "korean-clean")
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_broken" / "cases-layout.jsonl")
    ap.add_argument("--measure", action="store_true", help="measure textfix on the written cases")
    ap.add_argument("--split", choices=("tune", "report", "all"), default="tune", help="for --measure")
    ap.add_argument("--show", type=int, default=0, help="for --measure: misses shown per kind")
    ap.add_argument("--scorer", default="auto", help="for --measure")
    ap.add_argument("--min-confidence", type=float, default=0.9, help="for --measure")
    args = ap.parse_args()
    if args.measure:
        measure(args.out, args.split, args.show, args.scorer, args.min_confidence)
        return
    cases = generate(random.Random(args.seed), korean_sources(args.anchors), args.per_kind)
    write_cases(args.out, cases)


if __name__ == "__main__":
    main()
