#!/usr/bin/env python3
"""Regenerate ``corpus_broken/cases-rtl.jsonl``: Hebrew and Arabic stored in visual order
(rule TF302, issue 12), from the Hebrew and Arabic catalogues of the Django wheel that
``scripts/build_corpus.py`` reads (BSD-3-Clause).

Every clean string is displayed right-to-left by python-bidi (``textfix.damage.rtl``) and
the display is the damaged text; the gold is the string itself.  Kinds (expect exact):

- ``visual-rtl-word``: strings of one word (a button, a language or month name), without
  placeholders or markup: the hardest set, since a word read backwards is often a word or
  a name too (``תמר``/``רמת``), and nothing else on the line tells;
- ``visual-rtl-short``: strings of two to four words, without placeholders or markup;
- ``visual-rtl-long``: longer strings, without placeholders or markup;
- ``visual-rtl-placeholders``: strings holding placeholders (``%(name)s``, ``%s``, ``{0}``)
  or tags;
- ``visual-rtl-shaped``: Arabic strings shaped into presentation forms (arabic_reshaper)
  before the display, as PDF extraction gives them; the gold is the unshaped string;
- ``visual-rtl-legacy``: strings holding Latin letters, brackets or placeholders, displayed
  by python-bidi's legacy ``bidi.algorithm`` (brackets mirrored), when it is installed;
- ``clean``: the strings themselves (expect unchanged).

Each case carries ``split`` (``tune`` or ``report``) decided by a hash of its source
string, so that a string is in one split only, whatever kind it is damaged into.  The word
lists TF302 reads (``textfix/data/rtl_*.json``, ``scripts/build_rtl_words.py``) are built
from other catalogues than these.

Usage: python scripts/build_corpus_rtl.py [--django-wheel WHL] [--per-kind N] [--seed N]
       python scripts/build_corpus_rtl.py --measure [--split tune|report|all] [--show N]
           (exact / flagged / silent misses per kind and language, without the benchmark)
       python scripts/build_corpus_rtl.py --scores [--units UNITS.jsonl]
           (lines per visual-order score: damaged tune cases against clean tune text)
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

from build_corpus import Cases, django_sources, split_of, write_cases  # noqa: E402

from textfix.damage import rtl  # noqa: E402
from textfix.script import PLACEHOLDER_RE, RTL_RE  # noqa: E402

#: Four words or fewer is a short string (a button, a menu entry, a column title).
SHORT_WORDS = 4
#: What the legacy display is applied to: Latin letters, brackets or placeholders, where the
#: legacy algorithm differs from the current one.
_LEGACY_RE = re.compile("[A-Za-z()\\[\\]{}<>]")
DETECTS = ["visual-rtl"]



def sources(wheel: Path | None) -> dict[str, list[tuple[str, str]]]:
    """The Hebrew and Arabic strings of the Django catalogues, each string once."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang, pairs in django_sources(wheel).items():
        if lang == "en":
            continue
        seen: set[str] = set()
        out[lang] = []
        for where, text in pairs:
            text = text.strip()
            if text and text not in seen and RTL_RE.search(text):
                seen.add(text)
                out[lang].append((where, text))
    return out


def generate(rng: random.Random, strings: dict[str, list[tuple[str, str]]], per_kind: int) -> list[dict]:
    """The cases: every kind in each language, at most ``per_kind`` of each."""
    c = Cases(rng, per_kind)
    for lang, pool in strings.items():
        plain = [(w, t) for w, t in pool if not PLACEHOLDER_RE.search(t)]
        word = [(w, t) for w, t in plain if len(t.split()) == 1]
        short = [(w, t) for w, t in plain if 1 < len(t.split()) <= SHORT_WORDS]
        long = [(w, t) for w, t in plain if len(t.split()) > SHORT_WORDS]
        marked = [(w, t) for w, t in pool if PLACEHOLDER_RE.search(t)]
        shown = "displayed right-to-left by python-bidi and stored in visual order"
        for kind, sub in (("visual-rtl-word", word), ("visual-rtl-short", short), ("visual-rtl-long", long),
                          ("visual-rtl-placeholders", marked)):
            for where, t in c.sample(sub):
                c.add(kind, rtl.visual_order(t), t, f"{where} ({lang})", shown)
        if lang == "ar":
            for where, t in c.sample(pool):
                c.add("visual-rtl-shaped", rtl.shaped_visual_order(t), t, f"{where} ({lang})",
                      "shaped by arabic_reshaper, then " + shown)
        for where, t in c.sample([(w, t) for w, t in pool if _LEGACY_RE.search(t)]):
            c.add("visual-rtl-legacy", rtl.visual_order_legacy(t), t, f"{where} ({lang})",
                  "displayed right-to-left by python-bidi's legacy bidi.algorithm (brackets mirrored)"
                  " and stored in visual order")
        for where, t in c.sample(pool):
            c.out.append({"id": "", "kind": "clean", "expect": "unchanged", "broken": t, "gold": t,
                          "provenance": f"clean ({lang}): {where}"})
    for x in c.out:
        x["split"] = split_of(x["gold"])
        if x["kind"] != "clean":
            x["detects"] = DETECTS
    return c.out


def _lang(case: dict) -> str:
    m = re.search("\\((he|ar)\\)", case["provenance"])
    return m.group(1) if m else "?"


#: Findings at or above this confidence count against clean text (the open-world rule).
FLAG_LIMIT = 0.5


def measure(path: Path, split: str, show: int) -> None:
    """Per kind and language: exact, flagged (a TF302 finding, applied or not), silent
    misses (neither) and wrong (a TF302 repair applied, the result not the gold); for clean
    cases, unchanged and TF302 findings at 0.5 or more."""
    import textfix

    rows: dict[tuple[str, str], Counter] = {}
    shown: Counter = Counter()
    t0 = time.perf_counter()
    for line in path.open(encoding="utf-8"):
        x = json.loads(line)
        if split != "all" and x["split"] != split:
            continue
        r = textfix.repair(x["broken"])
        k = (x["kind"], _lang(x))
        row = rows.setdefault(k, Counter())
        row["n"] += 1
        tf302 = [f for f in r.findings if f.code == "TF302"]
        high = any(f.confidence >= FLAG_LIMIT for f in tf302)
        exact = r.text == x["gold"]
        if x["kind"] == "clean":
            row["ok"] += exact and not high
            row["flag"] += high
        else:
            row["ok"] += exact
            row["flag"] += not exact and bool(tf302)
            row["silent"] += not exact and not tf302
            row["wrong"] += not exact and any(f.applied for f in tf302)
        if (not exact or (x["kind"] == "clean" and high)) and shown[k] < show:
            shown[k] += 1
            print(f"  {k}: {x['broken']!r}\n    -> {r.text!r}\n    gold {x['gold']!r}"
                  f" {[(f.code, f.confidence, f.applied) for f in tf302]}")
    took = time.perf_counter() - t0
    print(f"{'kind':26s} {'lang':4s} {'cases':>5s} {'exact':>7s} {'flagged':>7s} {'silent':>7s} "
          f"{'wrong':>7s}")
    for (kind, lang), row in sorted(rows.items()):
        n = row["n"]
        if kind == "clean":
            print(f"{kind:26s} {lang:4s} {n:5d} {row['ok'] / n:7.1%} {row['flag']:7d}  "
                  "(unchanged; TF302 >= 0.5)")
        else:
            print(f"{kind:26s} {lang:4s} {n:5d} {row['ok'] / n:7.1%} {row['flag'] / n:7.1%} "
                  f"{row['silent'] / n:7.1%} {row['wrong'] / n:7.1%}")
    print(f"{sum(r['n'] for r in rows.values())} cases in {took:.1f} s")


def scores(path: Path, units: Path | None) -> None:
    """How many lines of each set reach each visual-order score: the damaged cases of the
    tune split, and clean right-to-left lines (the tune golds and, with ``units``, the
    open-world tune split's strings): the figures TF302's thresholds come from."""
    from textfix.bidi import rtl_paragraph
    from textfix.stages.rtl import visual_evidence

    sets: dict[str, list[float]] = {}
    for line in path.open(encoding="utf-8"):
        x = json.loads(line)
        if x["split"] == "tune":
            if x["kind"] != "clean":
                sets.setdefault(x["kind"], []).append(visual_evidence(x["broken"]).score)
            sets.setdefault("clean: corpus tune golds", []).append(visual_evidence(x["gold"]).score)
    for line in units.open(encoding="utf-8") if units else ():
        u = json.loads(line)
        if (u["split"] == "tune" and u["lang"] in ("he", "ar") and u["unit"] == "string"
                and not u.get("damaged")):
            for text in u["text"].split("\n"):
                if rtl_paragraph(text):
                    sets.setdefault(f"clean: open-world {u['lang']}", []).append(visual_evidence(text).score)
    marks = (2, 4, 6, 7, 8, 9, 10, 12, 14)
    print(f"{'set':28s} {'lines':>6s} " + " ".join(f">={m:<5d}" for m in marks))
    for name, values in sorted(sets.items()):
        print(f"{name:28s} {len(values):6d} " + " ".join(f"{sum(v >= m for v in values):6d}" for m in marks))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--django-wheel", type=Path)
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_broken" / "cases-rtl.jsonl")
    ap.add_argument("--measure", action="store_true", help="measure textfix on the written cases")
    ap.add_argument("--split", choices=("tune", "report", "all"), default="tune", help="for --measure")
    ap.add_argument("--show", type=int, default=0, help="for --measure: misses shown per kind")
    ap.add_argument("--scores", action="store_true",
                    help="count the lines of each set per visual-order score")
    ap.add_argument("--units", type=Path, help="for --scores: the open-world units.jsonl (tune split only)")
    args = ap.parse_args()
    if args.measure:
        measure(args.out, args.split, args.show)
        return
    if args.scores:
        scores(args.out, args.units)
        return
    cases = generate(random.Random(args.seed), sources(args.django_wheel), args.per_kind)
    write_cases(args.out, cases)


if __name__ == "__main__":
    main()
